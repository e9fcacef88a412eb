"""The exports' bench (issue 12): time and peak memory of the process writing the 项目台账/月报
(/reports/monthly.xlsx) at two sizes of ledger, and their ratios.

    .venv/bin/python scripts/bench/exports.py [--sizes 10000,100000] [--keep DIR]

For each size a throw-away SQLite county is built in a temporary directory (the migrations,
then bulk Core inserts: N projects, each with a lead investor, half of them signed with a
投资协议, half with a fund arrival in the month, a quarter with a follow-up in the month). A
fresh child process then creates the app, signs in as a leader (who reads every row), warms up
on the reports page, and downloads the month's ledger once, reading the response as a stream
the way a WSGI server sends it. The child reports the wall time of the export, the process's
peak RSS during it (VmHWM restarted after the warm-up, so it is the warm app's resident memory
plus what the export added) and the RSS before the export. The
table prints the figures; nothing is asserted. Goals: memory flat (peak ratio <= 1.2x for 10x
the rows), time linear (ratio about the ratio of the sizes).
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

MONTH = "2026-06"
EMAIL = "bench.exports@bench.invalid"
PASSWORD = "Bench-exports-2026!"  # noqa: S105 (throw-away bench data only)
CHUNK = 5_000


def _app(url: str):
    os.environ.update(DATABASE_URL=url, HTTPS="false", SECRET_KEY="bench-exports")  # noqa: S106
    from crm import create_app
    return create_app({"WTF_CSRF_ENABLED": False})


def build(url: str, size: int) -> None:
    """Migrate a fresh database and fill it with `size` ledger rows."""
    from argon2 import PasswordHasher
    from flask_migrate import upgrade

    from crm import reference_data
    from crm.domain.stages import AgreementKind, Stage, Status
    from crm.extensions import db
    from crm.models import (
        Agreement,
        Company,
        DictItem,
        DictKind,
        FollowUp,
        FundArrival,
        Org,
        OrgKind,
        Project,
        ProjectInvestor,
        Role,
        User,
    )

    app = _app(url)
    rng = random.Random(size)
    with app.app_context():
        upgrade(directory=str(ROOT / "crm" / "migrations"))
        reference_data.ensure_dictionaries()
        orgs = [Org(name=f"单位{n}", kind=OrgKind.bureau) for n in range(8)]
        db.session.add_all(orgs)
        hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        leader = User(email=EMAIL, name="测试领导", role=Role.leader,
                      password_hash=hasher.hash(PASSWORD))
        db.session.add(leader)
        db.session.commit()
        org_ids, leader_id = [o.id for o in orgs], leader.id
        item_ids = {kind: [i for (i,) in db.session.execute(
            db.select(DictItem.id).where(DictItem.kind == kind))]
            for kind in (DictKind.nature, DictKind.cluster, DictKind.followup_type)}
        stages = list(Stage)
        now = datetime(2026, 6, 1)
        for first in range(0, size, CHUNK):
            count = min(CHUNK, size - first)
            companies = [{"name": f"测试企业{first + n}有限公司", "nature_id":
                          rng.choice(item_ids[DictKind.nature]), "created_at": now,
                          "updated_at": now} for n in range(count)]
            db.session.execute(db.insert(Company), companies)
            company_ids = db.session.scalars(db.select(Company.id).order_by(Company.id.desc())
                                             .limit(count)).all()[::-1]
            projects = []
            for n in range(count):
                signed = n % 2 == 0
                projects.append({
                    "name": f"测试项目{first + n}号年产十万吨新材料", "code_name": "",
                    "stage": stages[7 if signed else rng.randrange(0, 5)],
                    "status": Status.normal, "org_id": rng.choice(org_ids),
                    "leader_id": leader_id, "cluster_id": rng.choice(item_ids[DictKind.cluster]),
                    "total_investment": rng.randrange(1, 500) * 10_000_000,
                    "signed_on": date(2026, 1, 1) + timedelta(days=n % 180) if signed else None,
                    "started_on": date(2026, 6, 10) if signed and n % 4 == 0 else None,
                    "created_at": now, "updated_at": now})
            db.session.execute(db.insert(Project), projects)
            ids = db.session.scalars(db.select(Project.id).order_by(Project.id.desc())
                                     .limit(count)).all()[::-1]
            db.session.execute(db.insert(ProjectInvestor), [
                {"project_id": p, "company_id": c, "is_lead": True}
                for p, c in zip(ids, company_ids, strict=True)])
            db.session.execute(db.insert(Agreement), [
                {"project_id": p, "kind": AgreementKind.investment, "title": "投资协议",
                 "signed_on": projects[n]["signed_on"], "amount": projects[n]["total_investment"],
                 "counted_amount": projects[n]["total_investment"], "created_at": now}
                for n, p in enumerate(ids) if n % 2 == 0])
            db.session.execute(db.insert(FundArrival), [
                {"project_id": p, "arrived_on": date(2026, 6, 1 + n % 28),
                 "amount": rng.randrange(1, 100) * 1_000_000, "created_at": now}
                for n, p in enumerate(ids) if n % 2 == 1 or n % 4 == 0])
            db.session.execute(db.insert(FollowUp), [
                {"project_id": p, "author_id": leader_id,
                 "kind_id": item_ids[DictKind.followup_type][0],
                 "contact_date": date(2026, 6, 1 + n % 28),
                 "summary": "与企业负责人视频洽谈，确认用地指标和开工计划",
                 "next_step": "协调自然资源局办理用地预审", "created_at": now, "updated_at": now}
                for n, p in enumerate(ids) if n % 4 == 1])
            db.session.commit()
        db.session.remove()
        db.engine.dispose()


def _rss_kb() -> int:
    """The process's peak RSS in KiB: VmHWM, which _reset_peak() can restart (Linux >= 4.0),
    else ru_maxrss (the peak since the process started)."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(next(line for line in status.splitlines()
                        if line.startswith("VmHWM:")).split()[1])
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _reset_peak() -> bool:
    """Restart the peak at the current RSS, so signing in (argon2's memory) and warming up do
    not stand in for the export's peak."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def child(url: str) -> None:
    """Runs in its own process: one export, measured."""
    app = _app(url)
    client = app.test_client()
    signed_in = client.post("/login", data={"email": EMAIL, "password": PASSWORD})
    assert signed_in.status_code == 302, signed_in.status_code
    import openpyxl  # noqa: F401  (loaded before the baseline, as in a warm worker)
    warm = client.get("/reports")
    assert warm.status_code == 200, warm.status_code
    reset = _reset_peak()
    baseline = _rss_kb()
    started = time.perf_counter()
    response = client.get(f"/reports/monthly.xlsx?month={MONTH}", buffered=False)
    assert response.status_code == 200, response.status_code
    size = sum(len(chunk) for chunk in response.response)  # streamed, as a server sends it
    response.close()
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_kb": _rss_kb(), "baseline_kb": baseline,
                      "bytes": size, "peak_reset": reset}))


def measure(url: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", url], capture_output=True,  # noqa: S603
                          text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"the export failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--keep", help="build the databases in this directory and keep them")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench-exports-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = {}
    for size in sizes:
        path = folder / f"exports-{size}.sqlite3"
        url = f"sqlite:///{path}"
        if not path.exists():
            started = time.perf_counter()
            build(url, size)
            print(f"built {size:,} ledger rows in {time.perf_counter() - started:.1f} s",
                  file=sys.stderr)
        results[size] = measure(url)
        if not args.keep:
            path.unlink()
    _table(sizes, results)


def _table(sizes: list[int], results: dict) -> None:
    print(f"\n项目台账 /reports/monthly.xlsx?month={MONTH} (SQLite, as a leader)")
    print(f"{'rows':>9} {'export s':>9} {'rows/s':>9} {'peak MiB':>9} {'base MiB':>9} "
          f"{'+MiB':>7} {'xlsx MiB':>9}")
    for size in sizes:
        r = results[size]
        print(f"{size:>9,} {r['seconds']:>9.2f} {size / r['seconds']:>9,.0f} "
              f"{r['peak_kb'] / 1024:>9.1f} {r['baseline_kb'] / 1024:>9.1f} "
              f"{(r['peak_kb'] - r['baseline_kb']) / 1024:>7.1f} {r['bytes'] / 2**20:>9.2f}")
    if len(sizes) >= 2:
        small, large = results[sizes[0]], results[sizes[-1]]
        print(f"ratios {sizes[-1]:,} / {sizes[0]:,} rows ({sizes[-1] / sizes[0]:.0f}x): "
              f"time {large['seconds'] / small['seconds']:.2f}x (goal: linear, "
              f"{sizes[-1] / sizes[0]:.0f}x), peak memory "
              f"{large['peak_kb'] / small['peak_kb']:.2f}x (goal: flat, <= 1.2x)")


if __name__ == "__main__":
    main()
