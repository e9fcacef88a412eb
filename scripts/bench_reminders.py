"""Reminder dispatch at scale: does the due-scan stay on its partial index as history grows?

usage: .venv/bin/python scripts/bench_reminders.py [--rows 1000000] [--due 10000]
                                                    [--database sqlite|postgresql|both]
Builds a scratch database with the project's migrations (a temporary SQLite file; on
PostgreSQL the database named by BENCH_PG_URL, default
postgresql+psycopg://postgres@127.0.0.1:5432/crm_bench_reminders, is made and dropped), fills
the reminders table to rows/10 rows and then to `rows` rows, `due` of them due each time, and
at each size times
  - the due-scan alone: the SELECT of crm.reminders.dispatch.dispatch_due, for one batch of
    dispatch.BATCH rows and for every due row at once (median of RUNS runs), and what the
    latter reads (buffers on PostgreSQL, VM instructions on SQLite: the same on a busy machine);
  - the whole dispatch: dispatch_due(now) called until it returns 0, writing one outbox
    message per due reminder.
The goal is the same cost per due reminder at both sizes (ratio ~1.0): the scan reads only
the due entries of the partial index ix_reminders_send_at_pending, however long the history.
Nothing is reset between the sizes: the first size's due reminders, once dispatched, are part
of the second size's history, and the second size is due one working day later.
"""

import argparse
import functools
import os
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta

import psycopg
import sqlalchemy as sa

from crm import create_app
from crm.extensions import db
from crm.models import Org, OrgKind, OutboxMessage, Project, Reminder, ReminderKind, Role, User
from crm.reminders import dispatch
from crm.reminders.clock import DUE_AT, at_local
from crm.reminders.dispatch import BATCH, dispatch_due

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/crm_bench_reminders"
CHUNK = 10_000  # rows per executemany
RUNS = 9  # scans timed per size; the median is printed
OWNERS = 50  # active staff users with e-mails, owning the projects in turn
# One working morning per size, 10:00 Asia/Shanghai (02:00 UTC): after DUE_AT, so
# dispatch_due works. Tuesday and Wednesday; neither is a holiday in 2026.
DAYS = (date(2026, 11, 3), date(2026, 11, 4))
NOWS = tuple(datetime.combine(day, datetime.min.time()) + timedelta(hours=2) for day in DAYS)
HISTORY_KINDS = (ReminderKind.due, ReminderKind.escalation, ReminderKind.stale)


@functools.cache
def send_at(day: date) -> datetime:
    return at_local(day, DUE_AT)


class Rows:
    """Reminder rows for the bench.

    The mix (chosen to look like a table after years of use): of the rows that are not due,
    9 in 10 are history -- dispatched at their 08:00, `dispatched_at` set, the bulk of a real
    table and outside the partial index -- and 1 in 10 is planned for a later day (send_at in
    the future, dispatched_at NULL), so the partial index holds more than the due rows and grows
    with the table (~10k entries at 100k rows, ~100k at 1M): the scan must stop at
    send_at <= now, not just read the whole index.

    The due rows are `kind=due` reminders for today, one per project (the unique key is
    (kind, due_on, subject) and each project's next_followup_at must equal due_on for it to
    produce a message). They sit in the newest rows/10 block of the table, one in ten rows,
    at both sizes, so the heap pages they are read from are as dense at 100k as at 1M: only
    what the index scan reads should differ. The counters carry on from one size to the next
    so the unique key never repeats.
    """

    def __init__(self, project_ids: list[int]):
        self.projects = project_ids
        self.kept = 0  # non-due rows so far: every 10th is a future one
        self.history = 0
        self.future = 0

    def other(self) -> dict:
        per_day = len(self.projects) * len(HISTORY_KINDS)
        self.kept += 1
        if self.kept % 10 == 0:
            n, self.future = self.future, self.future + 1
            day = DAYS[-1] + timedelta(days=1 + n // per_day)
        else:
            n, self.history = self.history, self.history + 1
            day = DAYS[0] - timedelta(days=1 + n // per_day)
        kind = HISTORY_KINDS[(n // len(self.projects)) % len(HISTORY_KINDS)]
        row = self._row(kind, day, self.projects[n % len(self.projects)])
        if day < DAYS[0]:
            row.update(dispatched_at=row["send_at"] + timedelta(minutes=2),
                       outcome="已生成1封邮件")
        return row

    def due(self, i: int, day: date) -> dict:
        return self._row(ReminderKind.due, day, self.projects[i])

    @staticmethod
    def _row(kind: ReminderKind, day: date, project_id: int) -> dict:
        at = send_at(day)
        return {"kind": kind, "subject": f"project:{project_id}", "due_on": day,
                "project_id": project_id, "user_id": None, "send_at": at,
                "dispatched_at": None, "outcome": "", "created_at": at - timedelta(days=3)}


def insert_chunked(model, rows) -> None:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            db.session.execute(sa.insert(model), chunk)
            db.session.commit()
            chunk = []
    if chunk:
        db.session.execute(sa.insert(model), chunk)
        db.session.commit()


def grow(gen: Rows, new: int, block: int, due: int, day: date) -> None:
    """Insert `new` rows: non-due ones, then a last block of `block` rows with every
    (block // due)-th one due on `day`."""
    step = block // due
    start = new - block

    def rows():
        placed = 0
        for k in range(new):
            if k >= start and (k - start) % step == step - 1 and placed < due:
                yield gen.due(placed, day)
                placed += 1
            else:
                yield gen.other()
        assert placed == due, (placed, due)

    insert_chunked(Reminder, rows())


def setup_people(due: int) -> list[int]:
    """One bureau, OWNERS staff users, one project per due reminder (status normal)."""
    db.session.execute(sa.insert(Org), [{"name": "招商一科", "kind": OrgKind.bureau}])
    org_id = db.session.scalar(sa.select(Org.id))
    db.session.execute(sa.insert(User), [
        {"email": f"staff{i}@zsj.example.com", "name": f"干部{i}", "role": Role.staff,
         "org_id": org_id, "active": True} for i in range(OWNERS)])
    owners = db.session.scalars(sa.select(User.id).order_by(User.id)).all()
    created = datetime(2025, 1, 1)
    insert_chunked(Project, ({
        "name": f"项目{i}", "name_initials": "xm", "owner_id": owners[i % len(owners)],
        "org_id": org_id, "next_followup_at": DAYS[0], "created_at": created,
        "updated_at": created} for i in range(due)))
    return list(db.session.scalars(sa.select(Project.id).order_by(Project.id)))


def median_ms(statement, expect: int) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        found = db.session.scalars(statement).all()
        times.append((time.perf_counter() - started) * 1000)
        assert len(found) == expect, (len(found), expect)
        db.session.rollback()  # releases the FOR UPDATE locks; nothing was written
        db.session.expunge_all()  # the next run loads every row afresh
    return statistics.median(times)


def literal(statement) -> str:
    return str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))


def work(statement) -> int:
    """What the scan reads, free of the timing noise of a busy machine: shared buffers hit or
    read on PostgreSQL (EXPLAIN ANALYZE, which runs it), VM instructions on SQLite."""
    if db.engine.dialect.name == "postgresql":
        plan = db.session.scalar(sa.text("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) "
                                         + literal(statement)))[0]["Plan"]
        db.session.rollback()
        return plan["Shared Hit Blocks"] + plan["Shared Read Blocks"]
    sqlite = db.session.connection().connection.dbapi_connection
    steps = [0]

    def tick() -> int:
        steps[0] += 1
        return 0

    sqlite.set_progress_handler(tick, 100)
    try:
        db.session.execute(statement).all()
    finally:
        sqlite.set_progress_handler(None, 0)
        db.session.rollback()
        db.session.expunge_all()
    return steps[0] * 100


def explain(statement) -> str:
    sql = literal(statement)
    if db.engine.dialect.name == "sqlite":
        lines = [row[-1] for row in db.session.execute(sa.text("EXPLAIN QUERY PLAN " + sql))]
    else:
        lines = list(db.session.scalars(sa.text("EXPLAIN " + sql)))
    db.session.rollback()
    return "\n".join("    " + line for line in [sql.replace("\n", " "), *lines])


def analyze() -> None:
    # What autovacuum would do soon after a bulk load; SQLite gets no ANALYZE, as in production.
    # The CHECKPOINT writes the bulk load out now, so the timings below measure dispatch in a
    # steady state rather than the checkpointer flushing 1M fresh rows beside it.
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("VACUUM ANALYZE")
            c.exec_driver_sql("CHECKPOINT")


def measure(size: int, due: int, now: datetime, day: date, show_plan: bool) -> dict:
    analyze()
    pending = db.session.scalar(sa.select(sa.func.count()).select_from(Reminder).where(
        Reminder.dispatched_at.is_(None), Reminder.send_at <= now))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Reminder))
    assert (pending, total) == (due, size), (pending, total)
    db.session.rollback()
    batch_ms = median_ms(dispatch.due_query(now, BATCH), min(BATCH, due))
    all_ms = median_ms(dispatch.due_query(now, due), due)
    scan_work = work(dispatch.due_query(now, due))
    plan = explain(dispatch.due_query(now, BATCH)) if show_plan else ""
    started = time.perf_counter()
    claimed = calls = 0
    while n := dispatch_due(now):
        claimed += n
        calls += 1
    dispatch_s = time.perf_counter() - started
    written = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).join(
        Reminder, Reminder.id == OutboxMessage.reminder_id).where(Reminder.due_on == day,
                                                                  Reminder.kind == "due"))
    db.session.rollback()
    assert claimed == written == due, (claimed, written, due)
    return {"database": db.engine.dialect.name, "rows": size, "due": due, "batch_ms": batch_ms,
            "all_ms": all_ms, "scan_us": all_ms * 1000 / due,
            "work": scan_work / due, "dispatch_s": dispatch_s,
            "dispatch_us": dispatch_s * 1e6 / due, "calls": calls, "plan": plan}


def bench(url: str, rows: int, due: int) -> list[dict]:
    from flask_migrate import upgrade

    small = rows // 10
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "HTTPS": False})
    results = []
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        gen = Rows(setup_people(due))
        grow(gen, small, small, due, DAYS[0])
        print(f"{db.engine.dialect.name}: {small:,} reminders written in "
              f"{time.perf_counter() - started:.0f} s", flush=True)
        results.append(measure(small, due, NOWS[0], DAYS[0], show_plan=False))
        # Yesterday's due reminders are history now; today's follow-ups fall due.
        db.session.execute(sa.update(Project).values(next_followup_at=DAYS[1]))
        db.session.commit()
        started = time.perf_counter()
        grow(gen, rows - small, small, due, DAYS[1])
        print(f"{db.engine.dialect.name}: grown to {rows:,} in "
              f"{time.perf_counter() - started:.0f} s", flush=True)
        results.append(measure(rows, due, NOWS[1], DAYS[1], show_plan=True))
        db.session.remove()
        db.engine.dispose()
    return results


def report(results: list[dict]) -> None:
    print(f"\n{'database':<11}{'rows':>10}{'due':>7}{'scan 200 ms':>13}{'scan all ms':>13}"
          f"{'scan µs/due':>13}{'work/due':>10}{'dispatch s':>12}{'dispatch µs/due':>17}")
    for r in results:
        print(f"{r['database']:<11}{r['rows']:>10,}{r['due']:>7,}{r['batch_ms']:>13.2f}"
              f"{r['all_ms']:>13.1f}{r['scan_us']:>13.2f}{r['work']:>10.2f}{r['dispatch_s']:>12.1f}"
              f"{r['dispatch_us']:>17.0f}")
    print("scan 200: the dispatch_due SELECT for one batch; scan all: the same for every due row;"
          " median of", RUNS, "runs.\nwork/due: what the scan of all due rows reads per due row,"
          " independent of machine load\n(PostgreSQL: shared buffers; SQLite: VM instructions).")
    by_db = {}
    for r in results:
        by_db.setdefault(r["database"], []).append(r)
    for name, (small, large) in by_db.items():
        print(f"{name}: per-due-reminder cost {large['rows']:,}/{small['rows']:,} rows:"
              f" scan of one batch {large['batch_ms'] / small['batch_ms']:.2f},"
              f" scan of all due {large['scan_us'] / small['scan_us']:.2f}"
              f" (work {large['work'] / small['work']:.2f}),"
              f" whole dispatch {large['dispatch_us'] / small['dispatch_us']:.2f}"
              f" ({large['calls']} dispatch_due calls)")
    for name, (_, large) in by_db.items():
        how = "EXPLAIN QUERY PLAN" if name == "sqlite" else "EXPLAIN"
        print(f"\n{name}: {how} of the due-scan at {large['rows']:,} rows:\n{large['plan']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    if not 0 < args.due <= args.rows // 10:
        parser.error("--due must be between 1 and rows/10")
    results = []
    if args.database in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            results += bench(f"sqlite:///{folder}/bench.sqlite3", args.rows, args.due)
    if args.database in ("postgresql", "both"):
        url = sa.engine.make_url(os.environ.get("BENCH_PG_URL", PG_URL))
        admin = url.set(drivername="postgresql", database="postgres").render_as_string(False)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{url.database}"')
        try:
            results += bench(url.render_as_string(False), args.rows, args.due)
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
    report(results)


if __name__ == "__main__":
    main()
