"""The cockpit beside its own SQL: the statements one request sends, replayed bare.

capture() records, with SQLAlchemy's `before_cursor_execute` event on the app's engine, every
statement and its parameters that one GET of a page sends (in-process, through the test client
of a signed-in user; the fewer of two GETs, so a once-a-minute session touch or a per-process
cache filled on first use is not taken for the page's). replay() then sends exactly those
statements, with those parameters, through a raw DBAPI cursor (pysqlite or psycopg) on a fresh
connection of the same engine, so the connect-time settings match the app's (SQLite's pragmas,
PostgreSQL's prepare_threshold=None and jit=off): cursor.execute(statement, parameters), then
fetchall(), in the request's order and in one transaction as the request's, rolled back at the
end. The median total time of a replay (20 after 2 warm-ups; past a minute a page, 3 after 1)
is the "widget SQL" time: what the page would cost if the database's answers were all there
is to it. Transaction control is replayed as captured (SQLite's BEGIN is a statement,
PostgreSQL's implicit) but not counted as a query; a write, should a GET send one, is counted
and not replayed.
"""

import re
import statistics
import time

_TRANSACTION = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.I)
_READ = re.compile(r"\s*(SELECT|WITH|PRAGMA|VALUES)\b", re.I)
BUDGET_S = 60.0  # per page: past it, no more replays than MIN_RUNS
MIN_RUNS = 3


class Captured:
    """What one request sent: the statements to replay, in order, and what was left out."""

    def __init__(self, status: int, sent: list[tuple[str, object, bool]]):
        self.status = status
        self.statements: list[tuple[str, object]] = []
        self.queries = 0  # statements other than transaction control, as run.count_queries
        self.skipped: list[str] = []  # writes and executemany calls: not replayed
        for statement, parameters, many in sent:
            control = bool(_TRANSACTION.match(statement))
            self.queries += not control
            if many or not (control or _READ.match(statement)):
                self.skipped.append(statement[:80])
            else:
                self.statements.append((statement, parameters))


def capture(client, engine, path: str) -> Captured:
    """The statements one GET of `path` sends on `engine` (the fewer of two GETs)."""
    from sqlalchemy import event

    sent: list[tuple[str, object, bool]] = []

    def record(_conn, _cursor, statement, parameters, _context, executemany):
        sent.append((statement, parameters, executemany))

    best = None
    for _ in range(2):
        sent.clear()
        event.listen(engine, "before_cursor_execute", record)
        try:
            status = client.get(path).status_code
        finally:
            event.remove(engine, "before_cursor_execute", record)
        taken = Captured(status, list(sent))
        if best is None or taken.queries <= best.queries:
            best = taken
    return best


def replay(engine, statements: list[tuple[str, object]], runs: int = 20, warmups: int = 2,
           budget_s: float = BUDGET_S) -> list[float]:
    """Milliseconds of each kept replay of the statements, each one transaction on one fresh
    raw DBAPI connection of the engine: after up to `warmups` not kept, up to `runs` kept, but
    once `budget_s` is spent (a page whose SQL takes seconds) only 1 warm-up and MIN_RUNS."""
    engine.dispose()  # nothing pooled from the capture: a new connection, its connect hooks run
    connection = engine.raw_connection()

    def once() -> float:
        started = time.perf_counter()
        cursor = connection.cursor()
        try:
            for statement, parameters in statements:
                cursor.execute(statement, parameters)
                if cursor.description is not None:
                    cursor.fetchall()
        finally:
            cursor.close()
            connection.rollback()
        return (time.perf_counter() - started) * 1000

    begun = time.perf_counter()

    def spent() -> float:
        return time.perf_counter() - begun

    times: list[float] = []
    try:
        for number in range(max(warmups, 1)):
            if number and spent() > budget_s / 4:
                break
            once()
        while len(times) < runs and (len(times) < MIN_RUNS or spent() < budget_s):
            times.append(once())
    finally:
        connection.close()
        engine.dispose()
    return times


def widget_sql(app, client, paths: dict[str, str], runs: int = 20, warmups: int = 2,
               log=print) -> dict[str, dict]:
    """For each page (key -> path): the statements one request of the signed-in test client
    sends, and the median time of replaying them bare (widget_sql_ms)."""
    from crm.extensions import db

    with app.app_context():
        engine = db.engine
    figures = {}
    try:
        for key, path in paths.items():
            taken = capture(client, engine, path)
            if taken.status != 200:
                figures[key] = {"status": taken.status}
                continue
            times = replay(engine, taken.statements, runs, warmups)
            log(f"    {key}: {taken.queries} statements, replayed bare in "
                f"{statistics.median(times):,.1f} ms (median of {len(times)})", flush=True)
            figures[key] = {"status": taken.status, "queries": taken.queries,
                            "replayed": len(taken.statements), "skipped": taken.skipped,
                            "widget_sql_ms": statistics.median(times), "runs": len(times),
                            "times_ms": times}
    finally:
        engine.dispose()
    return figures
