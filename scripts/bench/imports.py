"""The imports' bench (issue 13): time to parse a 项目台账 workbook of N rows and time to
import it through the lifecycle module, at two sizes, with their ratios.

    .venv/bin/python scripts/bench/imports.py [--sizes 10000,100000] [--dialects sqlite,postgresql]
                                              [--keep DIR]

For each size: a workbook of N ledger rows is written with openpyxl (a title row, a 单位 line, a
header, then rows in the notations ledgers use: amounts as 2.35亿 / 23500 / full-width digits,
dates as 2022.3.2 / 2022年3月2日 / 2022/03/02 / 2022-3 / Excel date cells; a third of the rows
signed with a 协议投资额, a third started, a third in talks). A throw-away database (SQLite, and
PostgreSQL at BENCH_PG_URL) is built with the app's migrations and default dictionaries, with one
staff user. The two differ in kind: on PostgreSQL the ORM sends each table's new rows as a few
multi-row INSERTs; on SQLite it sends one INSERT per row, since SQLite cannot return new ids in
the order of the rows (SQLAlchemy's "insertmanyvalues" falls back to one row at a time). Then:

- parse: the file checked (zip, members, ratios) and read (read-only, cached values), the
  header found and every row classified and kept: what the upload and preview read;
- import: every row planned (the forms' rules, matches looked up per chunk) and committed as
  one batch through the lifecycle module (derived names, pinyin, search index, audit log by the
  flush hooks), then the transaction committed.

The table prints the figures; nothing is asserted. Goals: import/parse <= 2x, growth from the
smaller size to the larger linear (<= 11x for 10k -> 100k).
"""

import argparse
import io
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

HEADER = ["序号", "项目名称", "投资方/企业名称", "企业性质", "产业类别", "总投资（万元）",
          "签约时间", "协议投资额（亿元）", "阶段", "开工时间", "责任单位", "本月进展"]
NATURES = ("民营", "地方国企", "央企", "外资")
CLUSTERS = ("精细化工", "童装安防", "文旅康养", "建筑建材")


def _amount(index: int):
    return ("2.35亿", 23500, "２３５００", "8000万元")[index % 4]


def _date(index: int):
    return ("2022.3.2", "2022年3月2日", "2022/03/02", "2022-3", datetime(2022, 3, 2))[index % 5]


def workbook(size: int) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(["磁县招商引资项目台账（基准测试）"])
    sheet.append(["单位：万元"])
    sheet.append(HEADER)
    for index in range(size):
        kind = index % 3
        signed = _date(index) if kind != 2 else None
        sheet.append([
            index + 1, f"基准项目{index:06d}", f"基准测试企业{index:06d}有限公司",
            NATURES[index % 4], CLUSTERS[index % 4], _amount(index), signed,
            0.5 if signed else None, ("已签约", "已开工", "洽谈中")[kind],
            "2022年5月10日" if kind == 1 else None, "招商一科", "按计划推进"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _app(url: str, uploads: str):
    os.environ.update(DATABASE_URL=url, HTTPS="false", SECRET_KEY="bench-imports")  # noqa: S106 (throw-away)
    from crm import create_app
    return create_app({"UPLOAD_FOLDER": uploads})


def _prepare(app):
    from flask_migrate import upgrade

    from crm import reference_data
    from crm.extensions import db
    from crm.models import Org, OrgKind, Role, User

    with app.app_context():
        upgrade()
        reference_data.ensure_dictionaries()
        org = Org(name="招商一科", kind=OrgKind.bureau)
        db.session.add(org)
        db.session.flush()
        user = User(email="bench.imports@bench.invalid", name="基准干部", role=Role.staff,
                    org_id=org.id, password_hash="!")  # noqa: S106 (cannot sign in)
        db.session.add(user)
        db.session.commit()
        return user.id


def parse(data: bytes):
    from crm.imports import batches
    from crm.imports import workbook as ledger_file
    from crm.imports.ledger import find_layout

    ledger = ledger_file.check(data)
    cells = list(ledger_file.rows(ledger, ledger.sheets[0]))
    layout = find_layout(cells[:batches.HEAD_ROWS])
    rows, skipped = batches.read_rows(iter(cells), layout.guesses)
    return layout, rows


def _database(dialect: str, size: int, directory: Path) -> str:
    if dialect == "sqlite":
        return f"sqlite:///{directory / f'imports-{size}.sqlite3'}"
    import psycopg
    import sqlalchemy as sa
    from common import PG_BASE

    name = f"crm_bench_imports_{size}"
    admin = sa.engine.make_url(f"{PG_BASE}/postgres").set(drivername="postgresql")
    with psycopg.connect(admin.render_as_string(False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_BASE}/{name}"


def _drop(url: str) -> None:
    if url.startswith("postgresql"):
        import psycopg
        import sqlalchemy as sa

        parsed = sa.engine.make_url(url)
        admin = parsed.set(drivername="postgresql", database="postgres")
        with psycopg.connect(admin.render_as_string(False), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')


def run(size: int, directory: Path, dialect: str = "sqlite") -> dict:
    import logging

    logging.getLogger("alembic").setLevel(logging.WARNING)
    data = workbook(size)
    url = _database(dialect, size, directory)
    app = _app(url, str(directory / "uploads"))
    user_id = _prepare(app)
    started = time.perf_counter()
    layout, rows = parse(data)
    parsed = time.perf_counter() - started

    from crm.extensions import db
    from crm.imports import apply, batches
    from crm.imports.plan import plan
    from crm.models import ImportBatch, User

    with app.test_request_context(method="POST"):
        user = db.session.get(User, user_id)
        units = batches.default_units(layout)
        started = time.perf_counter()
        batch = ImportBatch(user_id=user.id, file_name="bench.xlsx", sheet="台账")
        db.session.add(batch)
        db.session.flush()
        planned = plan(rows, layout.guesses, units, user)
        planned_at = time.perf_counter() - started
        counts = apply.commit(batch, planned, user)
        db.session.commit()
        imported = time.perf_counter() - started
        db.session.remove()
        db.engine.dispose()
    _drop(url)
    return {"dialect": dialect, "size": size, "bytes": len(data), "parse": parsed,
            "plan": planned_at,
            "import": imported, "counts": counts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--dialects", default="sqlite,postgresql")
    parser.add_argument("--keep", help="keep the SQLite databases in this directory")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    for dialect in args.dialects.split(","):
        results = []
        with tempfile.TemporaryDirectory() as tmp:
            directory = Path(args.keep or tmp)
            directory.mkdir(parents=True, exist_ok=True)
            for size in sizes:
                results.append(run(size, directory, dialect))
                print(f"  {dialect} {size:>7} rows done: {results[-1]['counts']}",
                      file=sys.stderr)
        _table(dialect, results)


def _table(dialect: str, results: list[dict]) -> None:
    print(f"\n{dialect}")
    print(f"{'rows':>8} {'file MB':>8} {'parse s':>9} {'plan s':>9} {'import s':>9} "
          f"{'import/parse':>13}")
    for r in results:
        print(f"{r['size']:>8} {r['bytes'] / 1e6:>8.1f} {r['parse']:>9.2f} {r['plan']:>9.2f} "
              f"{r['import']:>9.2f} {r['import'] / r['parse']:>12.2f}x")
    if len(results) >= 2:
        small, large = results[0], results[-1]
        factor = large["size"] / small["size"]
        print(f"growth {small['size']} -> {large['size']} rows ({factor:.0f}x): "
              f"parse {large['parse'] / small['parse']:.1f}x, "
              f"import {large['import'] / small['import']:.1f}x "
              f"(goals: import/parse <= 2x, growth <= {factor * 1.1:.0f}x)")


if __name__ == "__main__":
    main()
