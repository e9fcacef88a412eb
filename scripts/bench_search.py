"""Search at a city's scale: the gram index against a LIKE scan, on a scratch database.

usage: .venv/bin/python scripts/bench_search.py [N]          (default N=20000 companies)
Runs on a scratch SQLite file; also on PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL
names a server (postgresql+psycopg://user@host/db: a database <db>_bench is made and dropped).
Prints the rebuild time and, per query, the median time through the index and by LIKE scan
(both count and rank at most crm.search.query.CAP matches, as the search page does).
"""

import os
import random
import statistics
import sys
import tempfile
import time

import psycopg
import sqlalchemy as sa

from crm import create_app
from crm.extensions import db
from crm.models import Company
from crm.names import pinyin_initials
from crm.search.index import rebuild
from crm.search.query import CAP, company_select

REGIONS = ("北京", "上海", "天津", "河北", "邯郸", "石家庄", "深圳", "广州", "杭州", "南京",
           "苏州", "武汉", "成都", "西安", "青岛", "磁县")
CORES = "华润恒泰宏达鑫源中铁信联金盛远新天海东方瑞祥永安长城"  # one character each
TRADES = ("建筑", "化工", "科技", "材料", "童装", "安防", "文旅", "康养", "建材", "钢铁", "能源",
          "物流", "医药", "电子", "机械", "食品", "纺织", "置业", "投资", "环保")
SUFFIXES = ("有限公司", "股份有限公司", "集团有限公司", "有限责任公司")
# Trades are in ~5% of the names each (a common term); a pair of core characters in ~0.3%.
QUERIES = {"1 字「筑」": "筑", "2 字「建筑」常见": "建筑", "2 字「恒泰」少见": "恒泰",
           "4 字「天津恒泰」": "天津恒泰", "拼音「tjht」": "tjht", "无结果「河北钢铁」": "河北钢铁"}
RUNS = 30


def names(n: int, rng: random.Random) -> list[str]:
    return [rng.choice(REGIONS) + "".join(rng.choices(CORES, k=rng.randint(1, 3)))
            + rng.choice(TRADES) + rng.choice(SUFFIXES) for _ in range(n)]


def median_ms(statement) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        db.session.execute(statement).all()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def uses_index(statement) -> bool:
    sql = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
    if db.engine.dialect.name == "sqlite":
        plan = " ".join(row[-1] for row in db.session.execute(sa.text("EXPLAIN QUERY PLAN " + sql)))
        return "search_fts VIRTUAL TABLE INDEX" in plan
    plan = " ".join(db.session.scalars(sa.text("EXPLAIN " + sql)))
    return "Index Scan on ix_search_entries_grams" in plan


def like_select(q: str):
    # What a search without the index does: a substring scan of the names (and initials),
    # capped and ranked the same way as crm.search.query.
    hits = (sa.select(Company.id.label("entity_id"))
            .where(sa.or_(Company.name.contains(q), Company.name_initials.contains(q)))
            .limit(CAP + 1).subquery())
    return (sa.select(Company.id, Company.name, Company.uscc, Company.origin,
                      sa.func.count().over().label("total"))
            .join(hits, hits.c.entity_id == Company.id)
            .order_by(sa.func.length(Company.name), Company.id).limit(20))


def bench(url: str, n: int) -> None:
    from flask_migrate import upgrade

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "HTTPS": False})
    with app.app_context():
        upgrade()
        rng = random.Random(20261127)
        rows = [{"name": name, "name_normalized": name, "name_initials": pinyin_initials(name)}
                for name in names(n, rng)]
        with db.engine.begin() as connection:  # Core insert: the hook is not involved
            connection.execute(sa.insert(Company.__table__), rows)
        started = time.perf_counter()
        with db.engine.begin() as connection:
            rebuild(connection)
        rebuild_s = time.perf_counter() - started
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.exec_driver_sql("VACUUM ANALYZE")
        print(f"\n{db.engine.dialect.name}: {n} 家企业，重建索引 {rebuild_s:.1f} s")
        print(f"{'查询':<16}{'命中':>7}{'索引 ms':>10}{'LIKE ms':>10}{'倍数':>8}  计划用索引")
        for label, q in QUERIES.items():
            indexed, scan = company_select([q]), like_select(q)
            hits = db.session.execute(indexed).first()
            total = hits.total if hits else 0
            scan_hits = db.session.execute(scan).first()
            assert total == (scan_hits.total if scan_hits else 0), label
            shown = f"{CAP}+" if total > CAP else str(total)
            fast, slow = median_ms(indexed), median_ms(scan)
            print(f"{label:<14}{shown:>8}{fast:>10.2f}{slow:>10.2f}{slow / fast:>8.1f}"
                  f"  {'是' if uses_index(indexed) else '否'}")
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    with tempfile.TemporaryDirectory() as folder:
        bench(f"sqlite:///{folder}/bench.sqlite3", n)
    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not base:
        print("\n(PostgreSQL skipped: set BENCH_DATABASE_URL=postgresql+psycopg://...)")
        return
    url = sa.engine.make_url(base)
    url = url.set(database=f"{url.database}_bench")
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{url.database}"')
    try:
        bench(url.render_as_string(False), n)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')


if __name__ == "__main__":
    main()
