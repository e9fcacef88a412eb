"""The synthetic county `make bench` measures: N projects (10k, 100k, 1M) with their companies,
contacts, team, history, follow-ups, agreements and money, in SQLite and in PostgreSQL.

usage: .venv/bin/python scripts/bench/generate.py --dialect sqlite|postgresql --size 100000
       [--force] [--check]

The schema comes from the app's own migrations and reference data (as `flask --app crm setup`
does); the rows are then written in bulk (sqlite3 executemany, PostgreSQL COPY, one transaction
per chunk of projects, in a writer thread while the next chunk is generated), bypassing the ORM,
so everything the app keeps in step on save is written here too: pinyin initials, normalised
names, the stored follow-up and progress dates, milestone dates from the stage path, 签约日期
from the first 投资协议, due reminders. Triggers the migrations define fire as usual; the
secondary indexes (and PostgreSQL's foreign keys) of the bulk tables are dropped while loading
and re-created from their own definitions. The search index is rebuilt at the end
(common.rebuild_derived), then the statistics, then the completion marker (`bench_meta`), last,
so an interrupted run is never taken for a county. A lock file per county makes a second
process wait instead of dropping the database under the first. A cached county that only lacks
migrations added since (made by this generator version, its revision an ancestor of the head) is
upgraded in place with them instead of made again.

Not generated: the audit trail except for the bench staff user's projects (the forms write about
twenty rows per project), sessions, sign-in attempts, the outbox, and reminders other than each
project's pending due reminder.

Dates are relative to the day it is generated (Asia/Shanghai). A cached county reused on a later
day has its rows entered "since yesterday" moved forward by the days that passed, so the
workbench's feed and today's due dates keep their content.

The runner imports `ensure(dialect, size)`; `info(dialect, size)` reads back what it needs to
know (the bench users' ids, a project of the bench staff user, row counts).
"""

import argparse
import bisect
import hashlib
import json
import math
import sqlite3
import sys
import time
from array import array
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
if str(HERE.parents[1]) not in sys.path:
    sys.path.insert(0, str(HERE.parents[1]))

import common  # noqa: E402  (scripts/bench is on sys.path when run.py runs; made so above)

GENERATOR_VERSION = 4  # 4: the signing facts (counted amounts) are rebuilt after the load
SEED = 20_261_127
CHUNK = 10_000  # projects generated and written per transaction, with all their children
META = "bench_meta"

# --- Shape of the county ---------------------------------------------------------------------

ORGS = [  # (name, OrgKind value, staff, liaisons, reporters)
    ("县领导", "leadership", 0, 0, 0),
    ("综合科", "bureau", 3, 0, 0),
    ("招商一科", "bureau", 10, 0, 0),
    ("招商二科", "bureau", 10, 0, 0),
    ("招商三科", "bureau", 9, 0, 0),
    ("项目服务科", "bureau", 6, 0, 0),
    ("产业研究科", "bureau", 4, 0, 0),
    ("县发改局", "department", 2, 1, 2),
    ("县工信局", "department", 2, 1, 1),
    ("县自然资源和规划局", "department", 2, 1, 1),
    ("县住建局", "department", 2, 1, 1),
    ("县文旅局", "department", 2, 1, 1),
    ("磁州镇", "township", 0, 2, 1),
    ("讲武城镇", "township", 0, 1, 1),
    ("时村营乡", "township", 0, 1, 0),
    ("路村营乡", "township", 0, 1, 1),
    ("岳城镇", "township", 0, 1, 0),
    ("观台镇", "township", 0, 1, 0),
    ("黄沙镇", "township", 0, 1, 0),
    ("磁县经济开发区", "park", 4, 3, 0),
    ("磁县化工园区", "park", 4, 3, 0),
]
LEADERS = 10
# The bureau's people grow with the county: the counts above are for 100k projects, and a
# county ten times as large (ten years of history, or a city's counties in one deployment)
# has ten times the staff, so one person's portfolio stays about 1,700 projects at any size.
PEOPLE_PER = 100_000


def people_scale(size: int) -> int:
    return max(1, round(size / PEOPLE_PER))
BENCH_STAFF_ORG = "招商一科"
SERVICE_ORG = "项目服务科"  # serves projects once they land (joins their team)

REGIONS = [  # (in the name, origin, registering authority's region code)
    ("北京", "北京市", "110105"), ("上海", "上海市", "310115"), ("天津", "天津市", "120116"),
    ("河北", "河北省石家庄市", "130102"), ("邯郸", "河北省邯郸市", "130402"),
    ("石家庄", "河北省石家庄市", "130104"), ("深圳", "广东省深圳市", "440305"),
    ("广州", "广东省广州市", "440106"), ("杭州", "浙江省杭州市", "330106"),
    ("南京", "江苏省南京市", "320106"), ("苏州", "江苏省苏州市", "320505"),
    ("武汉", "湖北省武汉市", "420106"), ("成都", "四川省成都市", "510107"),
    ("西安", "陕西省西安市", "610113"), ("青岛", "山东省青岛市", "370211"),
    ("磁县", "河北省邯郸市", "130427"), ("济南", "山东省济南市", "370102"),
    ("郑州", "河南省郑州市", "410105"), ("安阳", "河南省安阳市", "410502"),
    ("太原", "山西省太原市", "140105"), ("宁波", "浙江省宁波市", "330212"),
    ("厦门", "福建省厦门市", "350203"), ("长沙", "湖南省长沙市", "430104"),
    ("合肥", "安徽省合肥市", "340104"),
]
CORES = "华润恒泰宏达鑫源中铁信联金盛远新天海东方瑞祥永安长城"  # as scripts/bench_search.py
SUFFIXES = ("有限公司", "股份有限公司", "集团有限公司", "有限责任公司")
TRADES = [  # (trade, GB/T 4754 division, cluster code, products named in projects)
    ("建筑", "E47", "building", ("装配式建筑产业园", "绿色建筑科技产业基地", "建筑工业化生产基地")),
    ("化工", "C26", "fine_chem", ("年产{n}万吨精细化学品", "高端电子化学品", "新型水处理剂生产线")),
    ("科技", "I65", None, ("智能制造产业园", "数字经济产业园", "大数据中心")),
    ("材料", "C30", "building", ("新型复合材料生产线", "年产{n}万吨新材料", "高性能纤维材料")),
    ("童装", "C18", "kids_security", ("童装产业园", "年产{n}万件童装生产线", "童装设计研发中心")),
    ("安防", "C39", "kids_security", ("智能安防设备生产基地", "安防产品产业园", "监控设备生产线")),
    ("文旅", "R88", "tourism_health", ("文化旅游综合体", "磁州窑文旅小镇", "滏阳河生态旅游")),
    ("康养", "Q85", "tourism_health", ("康养小镇", "医养结合养老中心", "温泉康养度假区")),
    ("建材", "C30", "building", ("年产{n}万立方米新型建材", "绿色建材产业园", "预拌混凝土生产线")),
    ("钢铁", "C31", None, ("钢铁产能置换升级", "钢材深加工", "短流程炼钢")),
    ("能源", "D44", None, ("{n}兆瓦光伏发电", "风电场", "储能电站")),
    ("物流", "G59", None, ("智慧物流园", "冷链物流中心", "公铁联运物流港")),
    ("医药", "C27", "fine_chem", ("医药中间体生产线", "生物医药产业园", "原料药生产基地")),
    ("电子", "C39", None, ("电子元器件生产线", "车载电源生产基地", "智能终端制造")),
    ("机械", "C34", None, ("高端装备制造", "农机装备生产线", "精密机械加工")),
    ("食品", "C14", None, ("绿色食品加工", "中央厨房产业园", "农产品精深加工")),
    ("纺织", "C17", "kids_security", ("纺织服装产业园", "年产{n}万米面料", "功能性面料生产线")),
    ("置业", "K70", None, ("城市综合体", "商贸物流城", "产业新城")),
    ("投资", "L72", None, ("产业园区开发", "标准化厂房建设", "产业基金投资")),
    ("环保", "N77", None, ("固废综合利用", "再生资源循环利用", "污水处理厂")),
]
NATURES = (("private", 70), ("local_soe", 12), ("central_soe", 5), ("foreign", 7),
           ("hk_macao_tw", 4), ("other", 2))
FLAGS = (("specialized", 30), ("head", 20), ("chain_leader", 10), ("listed", 15),
         ("private_500", 10), ("china_500", 10), ("fortune_global", 5))
RANKINGS = {"private_500", "china_500", "fortune_global", "specialized"}  # carry a list year
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明",
         "超", "秀英", "华", "建华", "志强", "海燕", "晓东", "立新", "国栋", "雪梅", "振宇", "佳琪",
         "子豪", "思远", "文博", "春生", "红梅", "永刚", "宏伟", "玉兰")
TITLES = ("董事长", "总经理", "副总经理", "投资发展部部长", "战略投资总监", "项目经理",
          "办公室主任", "基建部经理", "财务总监")

# Pipeline: many leads and talks, fewer signed, started and producing (cumulative weights).
STAGE_WEIGHTS = (24, 8, 22, 12, 12, 6, 3, 6, 5, 2)
# Stages a project may pass without a recorded stop (研判, 考察, 落地 for a local expansion).
SKIPPABLE = {1: 0.5, 2: 0.08, 3: 0.25, 4: 0.05, 6: 0.25}
SIGNED, REGISTERED, STARTED, PRODUCING, OPERATING = 5, 6, 7, 8, 9
STATUS_EARLY = (("normal", 82), ("paused", 7), ("terminated", 4), ("lost", 4), ("removed", 3))
STATUS_LATE = (("normal", 92), ("paused", 4), ("terminated", 3), ("lost", 1))
STATUS_REASONS = {
    "paused": ("企业内部投资决策调整，暂停对接", "受市场行情影响，企业暂缓投资计划",
               "企业等待集团审批，暂缓推进"),
    "terminated": ("企业战略调整，终止在磁县投资", "项目用地条件不满足，双方协商终止",
                   "企业资金链紧张，项目终止"),
    "lost": ("企业最终选址邻县", "项目落户外省开发区，优惠政策差距较大",
             "企业选择在原有基地扩产"),
    "removed": ("长期未对接，移出项目库", "企业联系人失联，移出项目库"),
}
REACTIVATION = "企业完成内部决策，恢复对接"
CHANNELS = (("cloud", 15), ("business", 15), ("chain", 15), ("professional", 12),
            ("all_staff", 8), ("agency", 5), ("wechat", 8), ("phone_video", 12), ("upper", 10))
# Days since the last progress of a project being worked on, in buckets (share, low, high):
# 绿 (< 2 months), 黄 (2-3), 红 (> 3), and 红 proposed for 移出库 (> 6).
QUIET = ((2, 0, 1), (53, 2, 59), (15, 61, 90), (20, 92, 180), (10, 181, 400))
# Follow-ups per project by stage, relative (scaled to the size's average).
FOLLOWUP_WEIGHT = (3, 5, 8, 10, 14, 14, 15, 18, 18, 16)
YI, WAN = 10**8, 10**4
HISTORY_DAYS = 1150  # the bureau has about three years of work in the CRM

ACTIVITY_THEMES = {
    "cloud_promo": ("{cluster}产业云招商推介会", "{cluster}产业云招商专场"),
    "cloud_talk": ("京津冀{trade}企业云洽谈会", "长三角{trade}企业云洽谈"),
    "cloud_sign": ("磁县重点项目集中云签约仪式",),
    "roadshow": ("磁县（{city}）招商推介会",),
    "outbound": ("赴{city}外出招商",),
    "visit": ("{city}企业家磁县行", "{city}{trade}商会来磁县考察"),
    "expo": ("中国国际投资贸易洽谈会（厦门）", "中国国际服务贸易交易会（北京）"),
}
ACTIVITY_KINDS = (("cloud_promo", 25), ("cloud_talk", 20), ("cloud_sign", 5), ("roadshow", 15),
                  ("outbound", 15), ("visit", 15), ("expo", 5))
INTENTIONS = ("拟在磁县投资建设生产基地，希望了解用地和配套政策。",
              "计划扩大产能，寻找华北地区新厂址，请招商部门联系。",
              "有意向在磁县设立区域总部及仓储中心。")
FUNDED = {7: (10, 45), 8: (55, 85), 9: (85, 100)}  # share of the agreed total in place, %
FUND_SOURCES = ("企业自有资金", "银行项目贷款", "股东增资", "集团公司拨付", "产业基金投资")
REJECTIONS = ("不符合县域产业定位", "项目能耗指标不满足要求", "企业信息无法核实")


# --- Public API ------------------------------------------------------------------------------

def ensure(dialect: str, size: int, log=print) -> str:
    """The URL of a complete county of `size` projects, generated unless a cached one made by
    this generator version for the current migrations exists. A cached one made by this
    generator version whose schema is behind the migrations' head (its revision an ancestor of
    the head) is upgraded in place with the migrations instead (_upgrade)."""
    _check_dialect(dialect)
    url = common.url_for(dialect, size)
    with _lock(dialect, size, log):
        meta = _read_meta(dialect, size)
        reason = _stale_reason(meta, size)
        if reason is not None and _upgradable(meta, size):
            try:
                _upgrade(dialect, size, meta, log)
            except Exception as problem:  # noqa: BLE001  (a throw-away cache: make it again)
                log(f"原地升级失败（{type(problem).__name__}: {problem}），改为重新生成")
            else:
                meta = _read_meta(dialect, size)
                reason = _stale_reason(meta, size)
        if reason is None:
            log(f"复用已生成的县域数据：{_where(dialect, size)}（{meta['generated_on']} 生成）")
            _refresh_recent(url, meta, log)
            return url
        log(f"生成县域数据：{reason}")
        _generate(dialect, size, log)
    return url


def info(dialect: str, size: int) -> dict:
    """What the generator recorded about a complete county: generated_on, the bench users'
    ids, staff_project_id (a project of the bench staff user), their counts, rows per table."""
    meta = _read_meta(dialect, size)
    if meta is None:
        raise RuntimeError(f"没有已完成的县域数据：{_where(dialect, size)}")
    return {**meta, "stats": json.loads(meta.get("stats") or "{}")}


def generate(dialect: str, size: int, log=print) -> dict:
    """Drop and regenerate the county; returns its statistics (also stored in bench_meta)."""
    _check_dialect(dialect)
    with _lock(dialect, size, log):
        return _generate(dialect, size, log)


@contextmanager
def _lock(dialect: str, size: int, log):
    """One generator per county at a time: a second process (another run.py, a CLI run)
    waits here instead of dropping the database under the first one."""
    import fcntl

    common.CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with open(common.CACHE_DIR / f"{dialect}-{size}.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"另一个进程正在生成 {_where(dialect, size)}，等待其完成……")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _generate(dialect: str, size: int, log) -> dict:
    url = common.url_for(dialect, size)
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def phase(label: str, fn, *args):
        t0 = time.perf_counter()
        result = fn(*args)
        timings[label] = round(time.perf_counter() - t0, 2)
        log(f"  {label}：{timings[label]:.1f} s")
        return result

    log(f"生成 {size:,} 个项目的县域数据 → {_where(dialect, size)}")
    phase("清空数据库", _drop, dialect, size)
    app = phase("迁移与参考数据", _schema, url)
    county = _County(dialect, size, app, log)
    phase("单位与用户", county.people)
    sink = _sink(dialect, url)
    try:
        sink.defer_indexes(BULK_TABLES)
        county.open(sink)
        phase("招商活动与目标", county.activities)
        phase("企业与联系人", county.companies)
        phase("项目及其记录", county.projects)
        county.sync()
        phase("建立索引与外键", sink.restore_indexes)
        sink.finish()
    finally:
        county.close()
        sink.close()
    phase("搜索索引", _rebuild_derived, app)
    phase("统计信息", _analyze, app, dialect)
    stats = county.stats()
    stats["rows"] = _row_counts(app)
    stats["timings"] = timings
    stats["seconds"] = round(time.perf_counter() - started, 1)
    _write_meta(app, county, stats)
    with app.app_context():
        from crm.extensions import db
        db.engine.dispose()
    log(f"完成：{stats['seconds']:.1f} s")
    return stats


# --- The cache: where, whether complete, the marker --------------------------------------------

def _check_dialect(dialect: str) -> None:
    if dialect not in ("sqlite", "postgresql"):
        raise ValueError(f"dialect must be sqlite or postgresql, not {dialect!r}")


def _where(dialect: str, size: int) -> str:
    return sa.engine.make_url(common.url_for(dialect, size)).render_as_string(True)


def _sqlite_path(size: int) -> Path:
    return Path(sa.engine.make_url(common.sqlite_url(size)).database)


def _pg_conninfo(url: str, database: str | None = None) -> str:
    u = sa.engine.make_url(url)
    u = u.set(drivername="postgresql", database=database or u.database)
    return u.render_as_string(hide_password=False)


def _scripts():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(common.ROOT / "crm" / "migrations"))
    return ScriptDirectory.from_config(config)


def alembic_head() -> str:
    return ",".join(sorted(_scripts().get_heads()))


def _is_ancestor(revision: str | None, head: str) -> bool:
    """Whether the migrations lead from `revision` to the single `head` (the head itself
    included): a revision they do not know, several heads or several applied revisions do
    not."""
    if not revision or "," in revision or "," in head:
        return False
    return any(script.revision == revision
               for script in _scripts().walk_revisions(base="base", head=head))


def _read_meta(dialect: str, size: int) -> dict | None:
    """The marker of a complete county, or None (no database, interrupted, or not ours)."""
    query = f"SELECT key, value FROM {META}"  # noqa: S608  (constant names only, here and below)
    version_query = "SELECT version_num FROM alembic_version"
    if dialect == "sqlite":
        path = _sqlite_path(size)
        if not path.exists():
            return None
        connection = sqlite3.connect(path)
        try:
            meta = dict(connection.execute(query).fetchall())
            versions = [row[0] for row in connection.execute(version_query)]
        except sqlite3.DatabaseError:
            return None
        finally:
            connection.close()
    else:
        import psycopg

        try:
            with psycopg.connect(_pg_conninfo(common.pg_url(size)), connect_timeout=10) as conn:
                meta = dict(conn.execute(query).fetchall())
                versions = [row[0] for row in conn.execute(version_query)]
        except psycopg.errors.UndefinedTable:
            return None
        except psycopg.OperationalError as exc:
            if "does not exist" in str(exc):
                return None
            raise
    meta["schema_revision"] = ",".join(sorted(versions))
    return meta if meta.get("complete") == "1" else None


def _stale_reason(meta: dict | None, size: int) -> str | None:
    """Why the cached county cannot be used as it is (None: it can)."""
    if meta is None:
        return "没有已完成的缓存"
    if meta.get("generator_version") != str(GENERATOR_VERSION):
        return f"生成器版本已变（{meta.get('generator_version')} → {GENERATOR_VERSION}）"
    if meta.get("size") != str(size):
        return "规模不符"
    head = alembic_head()
    if meta.get("alembic_head") != head or meta.get("schema_revision") != head:
        return f"数据库迁移已变（{meta.get('schema_revision')} → {head}）"
    return None


def _upgradable(meta: dict | None, size: int) -> bool:
    """Stale by migrations added since alone: made by this generator version at this size,
    its schema revision an ancestor of the head (or the head, with the marker behind)."""
    return (meta is not None and meta.get("generator_version") == str(GENERATOR_VERSION)
            and meta.get("size") == str(size)
            and _is_ancestor(meta.get("schema_revision"), alembic_head()))


def _upgrade(dialect: str, size: int, meta: dict, log) -> None:
    """Bring a cached county up to the head in place: the project's migrations and reference
    data, as for a fresh one (_schema; the migrations keep the data right themselves, a new
    derived column backfilled by its migration), the planner's statistics again, then the
    marker's alembic_head and its `upgrades` history (from, to, when, seconds). The schema
    revision itself is alembic_version's, which the upgrade moves."""
    url = common.url_for(dialect, size)
    before, head = meta.get("schema_revision"), alembic_head()
    log(f"原地升级数据库迁移：{_where(dialect, size)}（{before} → {head}）")
    started = time.perf_counter()
    app = _schema(url)
    _analyze(app, dialect)
    seconds = round(time.perf_counter() - started, 1)
    history = json.loads(meta.get("upgrades") or "[]")
    if before != head:
        history.append({"from": before, "to": head, "seconds": seconds,
                        "at": datetime.now().astimezone().isoformat(timespec="seconds")})
    values = {"alembic_head": head, "upgrades": json.dumps(history)}
    with app.app_context():
        from crm.extensions import db

        with db.engine.begin() as conn:
            conn.execute(sa.text(f"DELETE FROM {META} WHERE key IN :keys").bindparams(  # noqa: S608
                sa.bindparam("keys", expanding=True)), {"keys": list(values)})
            conn.execute(sa.text(f"INSERT INTO {META} (key, value) VALUES (:k, :v)"),  # noqa: S608
                         [{"k": k, "v": v} for k, v in values.items()])
        db.engine.dispose()
    if before != head:
        log(f"数据库迁移已升级：{before} → {head}（{seconds:.1f} s）")
    else:  # migrated before, the marker left behind (by hand, or an interrupted upgrade)
        log(f"数据库已在最新迁移 {head}，缓存标记已更新（原为 {meta.get('alembic_head')}）")


def _drop(dialect: str, size: int) -> None:
    if dialect == "sqlite":
        path = _sqlite_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    url = common.pg_url(size)
    name = sa.engine.make_url(url).database
    with psycopg.connect(_pg_conninfo(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _write_meta(app, county: "_County", stats: dict) -> None:
    """The completion marker, written last and in one transaction."""
    values = {
        "generator_version": str(GENERATOR_VERSION), "alembic_head": alembic_head(),
        "size": str(county.size), "dialect": county.dialect, "seed": str(SEED),
        "generated_on": county.today.isoformat(), "recent_since": county.since_str,
        "completed_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "staff_id": str(county.bench_staff), "leader_id": str(county.bench_leader),
        "staff_project_id": str(county.staff_project_id or ""),
        "stats": json.dumps(stats, ensure_ascii=False), "complete": "1",
    }
    with app.app_context():
        from crm.extensions import db

        with db.engine.begin() as conn:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {META}")
            conn.exec_driver_sql(f"CREATE TABLE {META} (key VARCHAR(40) PRIMARY KEY, "
                                 "value TEXT NOT NULL)")
            conn.execute(sa.text(f"INSERT INTO {META} (key, value) VALUES (:k, :v)"),  # noqa: S608
                         [{"k": k, "v": v} for k, v in values.items()])


# --- Schema, derived tables, statistics ------------------------------------------------------

def _app(url: str, **extra):
    from crm import create_app

    return create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "HTTPS": False, **extra})


def _schema(url: str):
    """The app's own migrations and reference data, as `flask --app crm setup` does."""
    import logging

    from flask_migrate import upgrade

    from crm import reference_data
    from crm.extensions import db

    app = _app(url)
    with app.app_context():
        upgrade()
        logging.getLogger("alembic").setLevel(logging.WARNING)  # once is enough
        reference_data.ensure()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return app


def _rebuild_derived(app) -> None:
    """common.rebuild_derived in one transaction. On SQLite the triggers that mirror every
    search_entries row into the FTS5 table are set aside meanwhile and the FTS table is rebuilt
    from its content once at the end: row by row they cost 3x the whole rebuild."""
    from crm.extensions import db
    from crm.models.search import FTS_TABLE

    with app.app_context(), db.engine.begin() as conn:
        triggers = []
        if conn.dialect.name == "postgresql":
            # rebuild() drops and re-creates the GIN index: its build sorts in this memory.
            conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '1GB'")
        if conn.dialect.name == "sqlite":
            triggers = conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'search_entries'").all()
            for name, _sql in triggers:
                conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
        common.rebuild_derived(conn)
        if triggers:
            conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608
            for _name, sql in triggers:
                conn.exec_driver_sql(sql)


def _analyze(app, dialect: str) -> None:
    from crm.extensions import db

    with app.app_context():
        if dialect == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        else:
            with db.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
            with db.engine.connect() as conn:
                conn.connection.dbapi_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.engine.dispose()


def _row_counts(app) -> dict[str, int]:
    from crm.extensions import db

    with app.app_context(), db.engine.connect() as conn:
        counts = {name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()
                  for name, table in sorted(db.metadata.tables.items())}
    return {name: n for name, n in counts.items() if n}


# --- Bulk writers ---------------------------------------------------------------------------

class _SqliteSink:
    """One sqlite3 connection of its own; no journal while loading (an interrupted load leaves
    no marker, and the file is deleted before the next attempt)."""

    def __init__(self, path: Path):
        # Used by the writer thread, one thread at a time (_Background).
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        # Foreign keys and the enums' CHECK (x IN (...)) lists are not enforced while loading
        # (the IN list costs ~3 µs a row in executemany); check() runs foreign_key_check and
        # integrity_check, which verifies CHECK constraints, on the result.
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1000000",
                       "temp_store=MEMORY", "foreign_keys=OFF", "ignore_check_constraints=ON"):
            self.conn.execute(f"PRAGMA {pragma}")
        mode = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "off":
            raise RuntimeError(f"{path}: journal_mode is {mode}; is another process using it?")
        self.conn.execute("BEGIN")

    def write(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        self.conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})',  # noqa: S608
                              rows)

    def max_id(self, table: str) -> int:
        return self.conn.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0]  # noqa: S608

    def defer_indexes(self, tables) -> None:
        """Drop the secondary indexes of these tables until restore_indexes() builds them
        again from their own definitions (one sort each instead of a B-tree insert per row).
        Indexes behind UNIQUE constraints stay."""
        found = self.conn.execute("SELECT tbl_name, name, sql FROM sqlite_master "
                                  "WHERE type = 'index' AND sql IS NOT NULL").fetchall()
        self.deferred = [(name, sql) for table, name, sql in found if table in tables]
        for name, _sql in self.deferred:
            self.conn.execute(f'DROP INDEX "{name}"')

    def restore_indexes(self) -> None:
        for _name, sql in self.deferred:
            self.conn.execute(sql)
        self.commit()

    def commit(self) -> None:
        self.conn.execute("COMMIT")
        self.conn.execute("BEGIN")

    def finish(self) -> None:
        self.conn.execute("COMMIT")
        self.conn.execute("PRAGMA ignore_check_constraints=OFF")
        self.conn.execute("PRAGMA journal_mode=WAL")

    def close(self) -> None:
        self.conn.close()


class _PgSink:
    """COPY in text format: dates and times go in as the ISO strings built for SQLite."""

    def __init__(self, url: str):
        import psycopg

        self.conn = psycopg.connect(_pg_conninfo(url))
        self.conn.execute("SET synchronous_commit = off")

    def write(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        with self.conn.cursor() as cur, cur.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            write = copy.write_row
            for row in rows:
                write(row)

    def max_id(self, table: str) -> int:
        return self.conn.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0]  # noqa: S608

    def defer_indexes(self, tables) -> None:
        """As _SqliteSink.defer_indexes: secondary indexes not behind a constraint."""
        self.deferred = self.conn.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE n.nspname = current_schema() AND t.relname = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)",
            [list(tables)]).fetchall()
        for name, _sql in self.deferred:
            self.conn.execute(f'DROP INDEX "{name}"')
        # Foreign keys likewise: checked row by row they cost more than the rows themselves;
        # added back, each is validated in one pass over the table.
        self.foreign_keys = self.conn.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
            "JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE c.contype = 'f' AND n.nspname = current_schema() AND t.relname = ANY(%s)",
            [list(tables)]).fetchall()
        for table, name, _definition in self.foreign_keys:
            self.conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        self.conn.commit()

    def restore_indexes(self) -> None:
        self.conn.execute("SET maintenance_work_mem = '1GB'")
        for _name, sql in self.deferred:
            self.conn.execute(sql)
        for table, name, definition in self.foreign_keys:
            self.conn.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        self.conn.commit()

    def commit(self) -> None:
        self.conn.commit()

    def finish(self) -> None:
        self.conn.commit()
        # Explicit ids were written: the sequences continue after them, or the app's next
        # insert collides.
        from crm.extensions import db

        for name, table in db.metadata.tables.items():
            if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement:
                sql = (f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
                       f"coalesce(max(id), 0) + 1, false) FROM \"{name}\"")
                self.conn.execute(sql)
        self.conn.commit()

    def close(self) -> None:
        self.conn.close()


def _sink(dialect: str, url: str):
    return _SqliteSink(Path(sa.engine.make_url(url).database)) if dialect == "sqlite" \
        else _PgSink(url)


def _stored(value):
    """A model default as this generator writes values: enum codes, 0/1, ISO text."""
    import enum

    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


class _Writer:
    """Rows of one table, buffered as tuples in `columns` order; every other column gets the
    model's default (or NULL), so a column added by a migration with a default needs nothing
    here."""

    def __init__(self, sink, name: str, columns: tuple[str, ...]):
        from crm.extensions import db

        table = db.metadata.tables[name]
        unknown = set(columns) - set(table.c.keys())
        if unknown:
            raise RuntimeError(f"{name}: no such columns {sorted(unknown)}")
        fill_columns, fill = [], []
        for column in table.columns:
            if column.name in columns or column.server_default is not None:
                continue
            default = column.default
            if default is not None and default.is_scalar:
                value = default.arg
            elif default is not None and default.is_callable:
                value = default.arg(None)
            elif column.nullable:
                value = None
            else:
                raise RuntimeError(f"{name}.{column.name} is NOT NULL without a default: "
                                   "scripts/bench/generate.py must write it")
            fill_columns.append(column.name)
            fill.append(_stored(value))
        self.sink, self.name = sink, name
        self.columns = tuple(columns) + tuple(fill_columns)
        self.fill = tuple(fill)
        self.rows: list[tuple] = []
        self.add = self.rows.append
        self.count = 0
        self.seconds = 0.0  # spent writing

    def flush(self) -> None:
        """Hand the buffered rows to the sink (a _Background one writes them in its thread)."""
        if not self.rows:
            return
        rows, fill = self.rows, self.fill
        self.rows = []
        self.add = self.rows.append
        self.count += len(rows)
        self.sink.write(self.name, self.columns, [row + fill for row in rows] if fill else rows)


class _Background:
    """Writes in a thread of its own while the next chunk is generated: the database (its
    triggers, its own process on PostgreSQL) and the generator share the two CPUs. The queue is
    bounded, so a few chunks at most wait in memory."""

    def __init__(self, sink):
        import queue
        import threading

        self.sink, self.error = sink, None
        self.seconds: dict[str, float] = {}
        self.queue: queue.Queue = queue.Queue(maxsize=40)
        self.thread = threading.Thread(target=self._run, name="bench-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            job = self.queue.get()
            try:
                if job is None:
                    return
                if self.error is None:
                    started = time.perf_counter()
                    if job[0] == "commit":
                        self.sink.commit()
                    else:
                        self.sink.write(*job[1:])
                    self.seconds[job[0]] = self.seconds.get(job[0], 0.0) \
                        + time.perf_counter() - started
            except BaseException as exc:  # re-raised in the generating thread
                self.error = exc
            finally:
                self.queue.task_done()

    def _check(self) -> None:
        if self.error is not None:
            raise RuntimeError(f"写入数据库失败：{self.error}") from self.error

    def write(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        self._check()
        self.queue.put(("table:" + table, table, columns, rows))

    def commit(self) -> None:
        self._check()
        self.queue.put(("commit",))

    def sync(self) -> None:
        """Wait until everything handed over is written and committed."""
        self.queue.join()
        self._check()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()


# The tables written per chunk, parents before children (PostgreSQL checks each foreign key).
COLUMNS = {
    "orgs": ("id", "name", "kind", "active", "sort_order"),
    "users": ("id", "email", "name", "phone", "role", "org_id", "active", "password_hash",
              "must_change_password", "password_changed_at", "created_at", "version"),
    "activities": ("id", "title", "kind_id", "held_on", "platform_id", "location",
                   "organiser_org_id", "notes", "created_by_id", "created_at", "version"),
    "activity_leaders": ("activity_id", "user_id"),
    "targets": ("id", "year", "org_id", "metric", "value"),
    "companies": ("id", "name", "name_normalized", "name_initials", "uscc", "nature_id",
                  "cluster_id", "industry_code", "origin", "parent_group", "listed",
                  "created_at", "updated_at", "version"),
    "company_former_names": ("id", "company_id", "name", "name_normalized", "until"),
    "company_flags": ("id", "company_id", "flag_id", "list_year"),
    "contacts": ("id", "company_id", "name", "name_initials", "title", "phone", "email",
                 "wechat", "version"),
    "projects": ("id", "name", "name_initials", "confidential", "code_name", "description",
                 "channel_id", "activity_id", "cluster_id", "key_level_id", "stage",
                 "stage_date", "status", "status_reason", "status_date", "screening",
                 "screening_reason", "duplicate_of_id", "pipeline_class", "total_investment",
                 "fixed_asset_investment", "foreign_investment_usd", "expected_annual_output",
                 "expected_annual_tax", "jobs", "land_mu", "leader_id", "org_id", "owner_id",
                 "first_contact_by_id", "first_contact_note", "reported_by_id", "signed_on",
                 "registered_on", "started_on", "producing_on", "operating_on",
                 "last_contact_at", "next_followup_at", "last_progress_at", "created_at",
                 "updated_at", "created_by_id", "version"),
    "project_investors": ("id", "project_id", "company_id", "is_lead"),
    "project_members": ("id", "project_id", "user_id", "added_by_id", "added_at"),
    "stage_changes": ("id", "project_id", "from_stage", "to_stage", "effective_date",
                      "entered_at", "user_id", "note"),
    "status_changes": ("id", "project_id", "from_status", "to_status", "effective_date",
                       "entered_at", "user_id", "reason"),
    "followups": ("id", "project_id", "author_id", "kind_id", "contact_date", "summary",
                  "next_step", "next_due_date", "other_participants", "created_at",
                  "updated_at", "version"),
    "followup_staff": ("followup_id", "user_id"),
    "followup_contacts": ("followup_id", "contact_id"),
    "agreements": ("id", "project_id", "kind", "title", "signed_on", "amount",
                   "agreed_start_date", "activity_id", "note", "created_by_id", "created_at",
                   "version", "voided_at", "voided_by_id", "void_reason"),
    "fund_arrivals": ("id", "project_id", "arrived_on", "amount", "source", "created_by_id",
                      "created_at", "version"),
    "comments": ("id", "project_id", "author_id", "body", "created_at"),
    "reminders": ("id", "kind", "subject", "due_on", "project_id", "send_at", "outcome",
                  "created_at"),
    "intake_submissions": ("id", "submitted_at", "company_name", "company_name_normalized",
                           "uscc", "contact_name", "contact_phone", "contact_email",
                           "intention", "estimated_amount", "consent_at", "ip_hash",
                           "project_id"),
    "audit_log": ("id", "at", "user_id", "entity", "entity_id", "project_id", "action",
                  "field", "old", "new"),
}
BULK_TABLES = ("companies", "company_flags", "company_former_names", "contacts", "projects",
               "project_investors", "project_members", "stage_changes", "status_changes",
               "followups", "followup_staff", "followup_contacts", "agreements",
               "fund_arrivals", "comments", "reminders", "intake_submissions", "audit_log")
PROJECT_TABLES = ("projects", "project_investors", "project_members", "stage_changes",
                  "status_changes", "followups", "followup_staff", "followup_contacts",
                  "agreements", "fund_arrivals", "comments", "reminders",
                  "intake_submissions", "audit_log")


# --- Helpers -------------------------------------------------------------------------------

def _cumulative(weights) -> list[float]:
    total, run, out = sum(weights), 0, []
    for w in weights:
        run += w
        out.append(run / total)
    return out


def _uscc_check(body17: str) -> str:
    """GB 32100-2015 check character (as stdnum.cn.uscc.calc_check_digit)."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(alphabet.index(c) * w for c, w in zip(body17, weights, strict=True))
    return alphabet[(31 - total % 31) % 31]


def _org_code(n: int) -> str:
    """A GB 11714 organisation code: 8 digits unique per n, and its check character."""
    body = f"{(n * 7919 + 12_345_678) % 10**8:08d}"
    check = 11 - sum(w * int(d) for w, d in zip((3, 7, 9, 10, 5, 8, 4, 2), body, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def _credit_code(region: str, n: int) -> str:
    body = "91" + region + _org_code(n)
    return body + _uscc_check(body)


class _Initials(dict):
    """pinyin_initials per name part: pypinyin costs ~70 µs a call."""

    def __missing__(self, text: str) -> str:
        from crm.names import pinyin_initials

        value = self[text] = pinyin_initials(text)
        return value


class _County:
    """Everything the builders share while one county is generated."""

    def __init__(self, dialect: str, size: int, app, log):
        import random

        from crm.localtime import today
        from crm.models import utcnow
        from crm.workbench import since_yesterday

        self.dialect, self.size, self.app, self.log = dialect, size, app, log
        self.rng = random.Random(SEED)
        self.today = today()
        self.T = self.today.toordinal()
        self.now = utcnow()
        self.now_str = self.now.strftime("%Y-%m-%d %H:%M:%S.%f")
        self.since_str = since_yesterday(self.today).strftime("%Y-%m-%d %H:%M:%S.%f")
        base = self.T - HISTORY_DAYS - 800
        self.base = base
        self.DS = [date.fromordinal(base + i).isoformat() for i in range(HISTORY_DAYS + 1400)]
        # Moments in the Shanghai working day (08:30-18:30) as naive UTC: 00:30-10:30.
        rng = self.rng
        self.TIMES = []  # 2048 of them, picked by 11 random bits
        for i in range(2048):
            minute = 30 + i * 600 // 2048
            self.TIMES.append(f"{minute // 60:02d}:{minute % 60:02d}:{rng.randrange(60):02d}."
                              f"{rng.randrange(10**6):06d}")
        self.initials = _Initials()
        # random's randint and choice cost ~1 µs each through their checks; a county draws
        # tens of millions of them.
        random_ = rng.random

        def rint(a: int, b: int) -> int:
            return a + int(random_() * (b - a + 1))

        def below(n: int) -> int:
            return int(random_() * n)

        def choice(seq):
            return seq[int(random_() * len(seq))]

        self.rint, self.below, self.choice = rint, below, choice
        self.followups_per_project = 10 if size <= 100_000 else 5
        self.ids: dict[str, int] = {}
        self.staff_project_id = None
        with app.app_context():
            self.items = self._items()
            self.holidays = self._holidays()

    # -- small tools --
    def _items(self) -> dict[tuple[str, str], int]:
        from crm.extensions import db
        from crm.models import DictItem

        rows = db.session.execute(sa.select(DictItem.kind, DictItem.code, DictItem.id)).all()
        db.session.remove()
        return {(str(kind.value), code): i for kind, code, i in rows}

    def _holidays(self) -> dict[date, bool]:
        from crm.extensions import db
        from crm.models import Holiday

        rows = dict(db.session.execute(sa.select(Holiday.day, Holiday.is_workday)).all())
        db.session.remove()
        db.engine.dispose()
        return rows

    def item(self, kind: str, code: str) -> int:
        return self.items[kind, code]

    def next_id(self, table: str) -> int:
        value = self.ids.get(table, 0) + 1
        self.ids[table] = value
        return value

    def day(self, o: int) -> str:
        return self.DS[o - self.base]

    def moment(self, o: int) -> str:
        """A time in the working day of ordinal `o` (never after now)."""
        text = self.DS[o - self.base] + " " + self.TIMES[self.rng.getrandbits(11)]
        return text if text < self.now_str else self.now_str

    def pick(self, cumulative: list[float], values):
        return values[bisect.bisect(cumulative, self.rng.random())]

    def person(self) -> str:
        return self.choice(SURNAMES) + self.choice(GIVEN)

    def mobile(self) -> str:
        r = self.below
        return f"1{self.choice('3589')}{r(10)}-{r(10**4):04d}-{r(10**4):04d}"

    def open(self, sink) -> None:
        # Ids continue after rows the set-up wrote (the audit trail of the dictionaries).
        for name, cols in COLUMNS.items():
            if cols[0] == "id":
                self.ids[name] = sink.max_id(name)
        self.background = _Background(sink)
        with self.app.app_context():
            self.w = {name: _Writer(self.background, name, cols)
                      for name, cols in COLUMNS.items()}

    def flush(self, names) -> None:
        for name in names:
            self.w[name].flush()
        self.background.commit()

    def sync(self) -> None:
        self.background.sync()

    def close(self) -> None:
        if getattr(self, "background", None) is not None:
            self.background.stop()

    # -- units and users (written through SQLAlchemy: a hundred rows) --
    def people(self) -> None:
        from crm.auth import passwords
        from crm.extensions import db
        from crm.models import Org, User

        rng, T = self.rng, self.T
        with self.app.app_context():
            hashed = passwords.hash_password(common.PASSWORD)  # once, for every account
            orgs, users = [], []
            self.org_ids, self.org_kind = {}, {}
            for i, (name, kind, *_counts) in enumerate(ORGS, start=1):
                orgs.append({"id": i, "name": name, "kind": kind, "active": True,
                             "sort_order": i})
                self.org_ids[name], self.org_kind[i] = i, kind
            joined = datetime.fromordinal(T - HISTORY_DAYS - 60)
            used_names = set()

            def add(email, role, org, name=None):
                while name is None or name in used_names:
                    name = self.person()
                used_names.add(name)
                uid = len(users) + 1
                users.append({"id": uid, "email": email, "name": name, "phone": self.mobile(),
                              "role": role, "org_id": org, "active": True,
                              "password_hash": hashed, "must_change_password": False,
                              "password_changed_at": joined, "created_at": joined,
                              "version": 1})
                return uid

            self.admin = add("admin@zsj.bench.invalid", "admin", self.org_ids["综合科"])
            leader_org = self.org_ids["县领导"]
            scale = people_scale(self.size)
            self.leaders = [add(f"leader{i:02d}@zsj.bench.invalid", "leader", leader_org)
                            for i in range(1, LEADERS * scale + 1)]
            self.bench_leader = add(common.LEADER_EMAIL, "leader", leader_org, "陈志远")
            self.leaders.append(self.bench_leader)
            self.staff, self.liaisons, self.reporters = [], [], []
            self.staff_by_org, self.liaisons_by_org = {}, {}
            n = {"staff": 0, "liaison": 0, "reporter": 0}
            for name, _kind, staff, liaisons, reporters in ORGS:
                org = self.org_ids[name]
                for role, count, bucket, by_org in (
                        ("staff", staff, self.staff, self.staff_by_org),
                        ("liaison", liaisons, self.liaisons, self.liaisons_by_org),
                        ("reporter", reporters, self.reporters, None)):
                    for _ in range(count * scale):
                        n[role] += 1
                        uid = add(f"{role}{n[role]:02d}@zsj.bench.invalid", role, org)
                        bucket.append(uid)
                        if by_org is not None:
                            by_org.setdefault(org, []).append(uid)
            self.bench_staff = add(common.STAFF_EMAIL, "staff", self.org_ids[BENCH_STAFF_ORG],
                                   "张晓明")
            self.staff.append(self.bench_staff)
            self.staff_by_org[self.org_ids[BENCH_STAFF_ORG]].append(self.bench_staff)
            self.user_org = {u["id"]: u["org_id"] for u in users}
            self.user_count = len(users)
            with db.engine.begin() as conn:
                conn.execute(sa.insert(Org.__table__), orgs)
                conn.execute(sa.insert(User.__table__), users)
            db.engine.dispose()
        # Owners: staff weighted 0.6-1.4; the bench user gets the average weight, so it owns
        # about as many projects as an average staff member.
        weights = [0.6 + 0.8 * rng.random() for _ in self.staff[:-1]]
        weights.append(sum(weights) / len(weights))
        self.owner_cum = _cumulative(weights)
        self.project_orgs = [i for name, i in self.org_ids.items()
                             if self.org_kind[i] != "leadership"]
        self.service_staff = self.staff_by_org[self.org_ids[SERVICE_ORG]]
        self.share = weights[-1] / sum(weights)

    # -- activities and targets --
    def activities(self) -> None:
        rng, T, w = self.rng, self.T, self.w
        count = 20 + self.size // 2000
        kinds = [k for k, _ in ACTIVITY_KINDS]
        cum = _cumulative([n for _, n in ACTIVITY_KINDS])
        clusters = ("精细化工", "童装安防", "文旅康养", "建筑建材")
        bureau = [i for i in self.project_orgs if self.org_kind[i] == "bureau"]
        held = sorted(T - rng.randint(3, HISTORY_DAYS) for _ in range(count))
        self.activity_held, self.activity_ids, self.activity_cloud = [], [], []
        for day in held:
            i = self.next_id("activities")
            kind = self.pick(cum, kinds)
            city = rng.choice(REGIONS)[0]
            title = rng.choice(ACTIVITY_THEMES[kind]).format(
                cluster=rng.choice(clusters), trade=rng.choice(TRADES)[0], city=city)
            online = kind.startswith("cloud")
            platform = rng.choice(("video_conf", "tencent_meeting", "dingtalk", "wechat")) \
                if online else "onsite"
            w["activities"].add((
                i, f"{date.fromordinal(day).year}年{title}", self.item("activity_type", kind),
                self.day(day), self.item("platform", platform),
                "线上" if online else f"{city}市" if kind != "visit" else "磁县经济开发区",
                rng.choice(bureau), "", self.admin, self.moment(day - 7), 1))
            for leader in rng.sample(self.leaders, rng.randint(1, 2)):
                w["activity_leaders"].add((i, leader))
            self.activity_held.append(day)
            self.activity_ids.append(i)
            self.activity_cloud.append(online)
        signed = max(1, round(self.size * 0.022))
        for year in range(self.today.year - 2, self.today.year + 1):
            for metric, value in (("signed_count", signed), ("signed_amount", signed * 3 * YI),
                                  ("funds_arrived", signed * YI),
                                  ("started_count", round(signed * 0.6)),
                                  ("producing_count", round(signed * 0.4))):
                w["targets"].add((self.next_id("targets"), year, None, metric, value))
            for name in ("招商一科", "招商二科", "招商三科"):
                w["targets"].add((self.next_id("targets"), year, self.org_ids[name],
                                  "signed_count", max(1, signed // 4)))
        self.flush(("activities", "activity_leaders", "targets"))

    # -- companies, their flags, former names and contacts --
    def companies(self) -> None:
        from crm.names import normalise_company_name

        rng, T, w, ini = self.rng, self.T, self.w, self.initials
        rint, below = self.rint, self.below

        n = self.size // 2
        nature_cum = _cumulative([x for _, x in NATURES])
        natures = [self.item("nature", code) for code, _ in NATURES]
        foreign = {self.item("nature", "foreign"), self.item("nature", "hk_macao_tw")}
        flag_cum = _cumulative([x for _, x in FLAGS])
        flags = [(code, self.item("company_flag", code)) for code, _ in FLAGS]
        clusters = {code: self.item("cluster", code)
                    for code in ("fine_chem", "kids_security", "tourism_health", "building")}
        core_k = _cumulative((5, 45, 50))
        seen: set[str] = set()
        self.c_name, self.c_core, self.c_initials, self.c_person = [], [], [], []
        self.c_trade, self.c_foreign = bytearray(n + 1), bytearray(n + 1)
        self.c_origin: list[str] = []
        self.c_contact = array("i", [0]) * (n + 1)  # first contact id, 0: none
        for column in (self.c_name, self.c_core, self.c_initials, self.c_person, self.c_origin):
            column.append("")
        for cid in range(1, n + 1):
            while True:
                region = below(len(REGIONS))
                k = 1 + bisect.bisect(core_k, rng.random())
                core = "".join(rng.choices(CORES, k=k))
                trade = below(len(TRADES))
                suffix = SUFFIXES[below(4)]
                name = REGIONS[region][0] + core + TRADES[trade][0] + suffix
                if name not in seen:
                    seen.add(name)
                    break
            nature = natures[bisect.bisect(nature_cum, rng.random())]
            cluster_code = TRADES[trade][2]
            created = T - rint(30, HISTORY_DAYS + 200)
            at = self.moment(created)
            listed = False
            if rng.random() < 0.07:
                chosen = {flags[bisect.bisect(flag_cum, rng.random())]
                          for _ in range(1 + (rng.random() < 0.15))}
                for code, flag_id in sorted(chosen):
                    listed = listed or code == "listed"
                    year = self.today.year - rint(0, 2) if code in RANKINGS else None
                    w["company_flags"].add((self.next_id("company_flags"), cid, flag_id, year))
            initials = ini[REGIONS[region][0]] + ini[core] + ini[TRADES[trade][0]] + ini[suffix]
            w["companies"].add((
                cid, name, normalise_company_name(name), initials,
                _credit_code(REGIONS[region][2], cid), nature,
                clusters[cluster_code] if cluster_code and rng.random() < 0.9 else None,
                TRADES[trade][1], REGIONS[region][1],
                f"{core}控股集团有限公司" if rng.random() < 0.1 else "", int(listed), at, at, 1))
            if rng.random() < 0.02:
                old = REGIONS[region][0] + core + TRADES[trade][0] + "有限公司"
                if old == name:
                    old = REGIONS[region][0] + core + "实业有限公司"
                w["company_former_names"].add((self.next_id("company_former_names"), cid, old,
                                               normalise_company_name(old),
                                               self.day(T - rint(200, 1500))))
            x = rng.random()
            contacts = 0 if x < 0.05 else 2 if x > 0.85 else 1
            first = ""
            for j in range(contacts):
                person = self.person()
                title = TITLES[below(len(TITLES))]
                contact_id = self.next_id("contacts")
                if j == 0:
                    self.c_contact[cid] = contact_id
                    first = title + person
                w["contacts"].add((
                    contact_id, cid, person, ini[person], title, self.mobile(), "",
                    f"wx{contact_id}" if rng.random() < 0.3 else "", 1))
            self.c_person.append(first)
            self.c_initials.append(initials)
            self.c_name.append(name)
            self.c_core.append(core)
            self.c_trade[cid] = trade
            self.c_foreign[cid] = nature in foreign
            self.c_origin.append(REGIONS[region][1])
            if cid % 50_000 == 0:
                self.flush(("companies", "company_flags", "company_former_names", "contacts"))
        self.flush(("companies", "company_flags", "company_former_names", "contacts"))
        self.sync()
        self.n_companies = n

    # -- projects, with every row that hangs off them --
    def projects(self) -> None:
        N = self.size
        self._prepare_projects()
        started = time.perf_counter()
        for start in range(1, N + 1, CHUNK):
            for pid in range(start, min(start + CHUNK, N + 1)):
                self._project(pid)
            self.flush(PROJECT_TABLES)
            done = min(start + CHUNK - 1, N)
            if done % (CHUNK * 10) == 0 or done == N:
                rate = done / (time.perf_counter() - started)
                self.log(f"    项目 {done:,}/{N:,}（{rate:,.0f} 个/秒）")
        self.sync()

    def _prepare_projects(self) -> None:
        from crm.demo.followups import INSTRUCTIONS, KINDS, NEXT_STEPS, PARTICIPANTS, SUMMARIES
        from crm.demo.projects import FIRST_CONTACT_NOTES, STAGE_NOTES
        from crm.demo.timeline import GAP_DAYS
        from crm.domain.stages import Stage

        rng = self.rng
        stages = list(Stage)
        self.stage_codes = [s.value for s in stages]
        self.stage_cum = _cumulative(STAGE_WEIGHTS)
        self.gaps = [None] + [GAP_DAYS[s] for s in stages[1:]]
        self.stage_notes = [STAGE_NOTES[s] for s in stages]
        self.summaries = [SUMMARIES[s] for s in stages]
        self.next_steps = [NEXT_STEPS[s] for s in stages]
        self.fu_kinds = [[self.item("followup_type", k) for k in KINDS[s]] for s in stages]
        self.participants = PARTICIPANTS
        self.instructions = INSTRUCTIONS
        self.first_notes = FIRST_CONTACT_NOTES
        self.status_early = (_cumulative([x for _, x in STATUS_EARLY]),
                             [s for s, _ in STATUS_EARLY])
        self.status_late = (_cumulative([x for _, x in STATUS_LATE]), [s for s, _ in STATUS_LATE])
        self.channel_cum = _cumulative([x for _, x in CHANNELS])
        self.channel_codes = [c for c, _ in CHANNELS]
        self.channel_ids = {c: self.item("channel", c) for c in self.channel_codes}
        self.quiet_cum = _cumulative([x for x, _, _ in QUIET])
        self.cluster_ids = {code: self.item("cluster", code)
                            for code in ("fine_chem", "kids_security", "tourism_health",
                                         "building")}
        self.cluster_list = list(self.cluster_ids.values())
        self.levels = {c: self.item("key_level", c) for c in ("province", "city", "county")}
        mean = sum(w * s for w, s in zip(STAGE_WEIGHTS, FOLLOWUP_WEIGHT, strict=True)) \
            / sum(STAGE_WEIGHTS)
        self.fu_scale = self.followups_per_project / (mean * 0.985)
        self.pipeline_ids = array("i")
        # The bench staff user: some of its projects have work entered since yesterday, and
        # it sits on the team of a few confidential projects.
        owned = self.size * self.share * 0.985
        self.bench_recent_p = min(0.9, 150 / max(1.0, owned * 0.85))
        confidential = self.size * 0.02
        self.bench_secret_p = min(1.0, max(3, confidential / 30) / max(1.0, confidential))
        self.products = []
        for _trade, _code, _cluster, products in TRADES:
            self.products.append([(p, self.initials[p.replace("{n}", "")]) for p in products])
        self.letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        self.bench = {"owned": 0, "member": 0, "member_confidential": 0,
                      "owned_confidential": 0, "recent_followups": 0, "recent_stage_changes": 0,
                      "recent_comments": 0, "due_today": 0, "overdue": 0, "due_later": 0}
        self.counts = {"confidential": 0, "pending": 0, "duplicate": 0, "rejected": 0}
        self.recent_rows = 0
        self.send_at: dict[int, str] = {}
        del rng

    def _company(self) -> int:
        # Some investors are in many projects (央企, 链主), most in one or two.
        return 1 + int(self.n_companies * self.rng.random() ** 1.3) % self.n_companies

    def _project(self, pid: int) -> None:
        x = self.rng.random()
        if x < 0.010:
            return self._lead(pid, "pending")
        if x < 0.013:
            return self._lead(pid, "rejected")
        if x < 0.015 and len(self.pipeline_ids) > 10:
            return self._lead(pid, "duplicate")
        return self._pipeline(pid)

    def _pipeline(self, pid: int) -> None:  # noqa: C901  (one project's whole history)
        rng, T, w = self.rng, self.T, self.w
        r, rint, choice, below = rng.random, self.rint, self.choice, self.below
        day, moment = self.day, self.moment
        stage = bisect.bisect(self.stage_cum, r())
        cum, codes = self.status_late if stage >= SIGNED else self.status_early
        status = codes[bisect.bisect(cum, r())]
        working = status == "normal"
        owner = self.staff[bisect.bisect(self.owner_cum, r())]
        owner_org = self.user_org[owner]
        org = owner_org if r() < 0.75 else choice(self.project_orgs)
        org_name = ORGS[org - 1][0]
        company = self._company()
        trade = self.c_trade[company]
        channel = self.channel_codes[bisect.bisect(self.channel_cum, r())]
        reporter = choice(self.reporters) if channel == "all_staff" else None
        public = channel == "wechat" and r() < 0.4
        screened = reporter is not None or public
        confidential = r() < 0.02
        bench = owner == self.bench_staff
        if screened and r() < 0.5:  # a lead's name, as reported, kept after it was accepted
            name = f"{self.c_name[company]}投资意向"
            initials = self.c_initials[company] + self.initials["投资意向"]
        else:
            product, product_initials = self.products[trade][below(3)]
            core = self.c_core[company]
            name = core + product.replace("{n}", str(rint(1, 50))) + "项目"
            initials = self.initials[core] + product_initials + "xm"

        # Figures, in 元.
        total = int(math.exp(rng.gauss(math.log(1.2 * YI), 1.1)))
        total = max(WAN * 100, min(total, 200 * YI))
        total = total // (10 * 10**6) * (10 * 10**6) if total >= YI else \
            total // 10**6 * 10**6
        cls = "A" if total >= 5 * YI else "B" if total >= YI else "C"
        level = None
        if stage >= 4:
            level = "province" if total >= 10 * YI else "city" if total >= 3 * YI else \
                "county" if total >= YI else None
        leader = None
        if cls == "A" or confidential or (cls == "B" and r() < 0.6) or r() < 0.15:
            leader = choice(self.leaders)
        cluster_code = TRADES[trade][2]
        cluster = self.cluster_ids[cluster_code] if cluster_code and r() < 0.9 else \
            (choice(self.cluster_list) if r() < 0.1 else None)
        output = max(10**6, total * rint(80, 220) // 100 // 10**6 * 10**6)

        # The path through the stages.
        path = [0]
        for rank in range(1, stage + 1):
            skip = SKIPPABLE.get(rank)
            if rank == stage or skip is None or r() >= skip or (rank == 1 and screened):
                path.append(rank)
        gated = path[-1] >= SIGNED  # its last move needed an agreement or a milestone date

        # When: the last progress, then the stage dates back from it. Only `recent` projects
        # have rows entered since yesterday (the workbench's feed); everything else stays at
        # least two days back, so a cached county can move exactly those rows forward.
        recent = working and r() < (self.bench_recent_p if bench else 0.02)
        status_on = None
        if working:
            if recent:
                last_progress = T - rint(0, 1)
            else:
                lo, hi = QUIET[bisect.bisect(self.quiet_cum, r())][1:]
                last_progress = T - rint(max(lo, 2), max(hi, 2))
        else:
            status_on = T - (rint(2, 240) if status == "paused" else rint(2, 900))
            last_progress = status_on - (rint(185, 200) if status == "removed" else rint(3, 25))
        n_fu = int(FOLLOWUP_WEIGHT[stage] * self.fu_scale * (0.3 + 1.4 * r()) + 0.5)
        if recent:
            n_fu = max(n_fu, 1)
        recent_stage = recent and len(path) > 1 and not gated and r() < 0.4
        if not n_fu:
            last_stage = last_progress = min(last_progress, T - 2)
        elif recent_stage:
            last_stage = T - 1 if last_progress == T - 1 or r() < 0.5 else T
        else:
            last_stage = min(last_progress - rint(0, 45), T - 2)
        # Entered any day of the bureau's three years, up to its last stage change (`cap`);
        # the typical gaps between stages are stretched to fill the time, or squeezed.
        cap = last_stage
        gaps = [rint(*self.gaps[rank]) for rank in path[1:]]
        span = sum(gaps)
        latest_entry = cap - len(gaps)
        lead_on = rint(min(T - HISTORY_DAYS + rint(0, 60), latest_entry), latest_entry)
        if gaps:
            room = cap - lead_on
            factor = room / span if recent_stage or span > room else \
                1 + r() * (room / span - 1)
            gaps = [max(1, int(g * factor)) for g in gaps]
            excess = sum(gaps) - room if recent_stage else max(0, sum(gaps) - room)
            while excess:  # rounding: take it from (or give it to) the longest gap
                i = gaps.index(max(gaps))
                step = excess if excess < 0 else min(excess, gaps[i] - 1)
                gaps[i] -= step
                excess -= step
        dates = [lead_on]
        for g in gaps:
            dates.append(dates[-1] + g)
        on = dict(zip(path, dates, strict=True))
        last_stage = dates[-1]
        last_progress = max(last_progress, last_stage)

        activity = None
        if r() < 0.1:
            i = bisect.bisect(self.activity_held, lead_on) - 1 - rint(0, 3)
            if i >= 0:
                activity = self.activity_ids[i]
                if self.activity_cloud[i] and not screened:
                    channel = "cloud"

        # Team.
        members = []
        if confidential:
            if r() < 0.3:
                members.append(choice(self.staff_by_org.get(owner_org, self.staff)))
            if not bench and r() < self.bench_secret_p:
                members.append(self.bench_staff)
        else:
            if r() < 0.22:
                members.append(choice(self.staff_by_org.get(owner_org, self.staff)))
            if stage >= REGISTERED and r() < 0.5:
                members.append(choice(self.service_staff))
            if r() < 0.06 and org in self.liaisons_by_org:
                members.append(choice(self.liaisons_by_org[org]))
        members = [m for m in dict.fromkeys(members) if m != owner]
        for m in members:
            w["project_members"].add((self.next_id("project_members"), pid, m, owner,
                                      moment(min(lead_on + rint(0, 30), last_progress, T - 2))))

        # Investors: the lead investor (主投资方) first.
        w["project_investors"].add((self.next_id("project_investors"), pid, company, 1))
        if r() < 0.25:
            other = self._company()
            if other != company:
                w["project_investors"].add((self.next_id("project_investors"), pid, other, 0))

        # Stage changes, from 线索 (entered with the project) to the current stage.
        entered = []
        last = len(path) - 1
        for i, (rank, d) in enumerate(zip(path, dates, strict=True)):
            if i == 0:
                user = reporter if reporter else None if public else owner
                note = "全员招商线索报送" if reporter else "投资意向登记（公开表单）" \
                    if public else self.stage_notes[0]
            else:
                user = owner
                note = "线索研判：受理" if rank == 1 and screened else self.stage_notes[rank]
            if recent_stage and i == last:
                at = moment(d)
                self.recent_rows += 1
                self.bench["recent_stage_changes"] += bench
            else:
                at = moment(min(d + (rint(1, 2) if r() < 0.3 else 0), max(d, T - 2)))
            entered.append(at)
            w["stage_changes"].add((self.next_id("stage_changes"), pid,
                                    self.stage_codes[path[i - 1]] if i else None,
                                    self.stage_codes[rank], day(d), at, user, note))

        # Status history: the change to a non-normal status, or a pause and its reactivation.
        status_reason = ""
        if not working:
            status_reason = choice(STATUS_REASONS[status])
            w["status_changes"].add((self.next_id("status_changes"), pid, "normal", status,
                                     day(status_on), moment(status_on), owner, status_reason))
        elif r() < 0.02 and last_progress - last_stage >= 6 and last_progress <= T - 2:
            paused = last_stage + rint(1, (last_progress - last_stage) // 2)
            status_on = rint(paused + 1, last_progress - 1)
            w["status_changes"].add((self.next_id("status_changes"), pid, "normal", "paused",
                                     day(paused), moment(paused), owner,
                                     choice(STATUS_REASONS["paused"])))
            status_reason = REACTIVATION
            w["status_changes"].add((self.next_id("status_changes"), pid, "paused", "normal",
                                     day(status_on), moment(status_on), owner, REACTIVATION))

        # Follow-ups; the project stores the latest one's dates (crm/followups/dates.py).
        last_contact = next_due = None
        if n_fu:
            company_name, person = self.c_name[company], self.c_person[company]
            contact = self.c_contact[company]
            origin = self.c_origin[company]
            team = [owner, *members]
            if leader and cls == "A":
                team.append(leader)
            k_recent = min(n_fu, 1 + rint(0, 2)) if recent else 0
            last_contact = last_progress
            older_end = min(last_contact, T - 2) if recent else last_contact
            lo = lead_on + 1 if lead_on < older_end else lead_on
            days = sorted(rint(lo, older_end) for _ in range(n_fu - k_recent - (not recent)))
            if recent:
                days += sorted(rint(T - 1, last_contact) for _ in range(k_recent - 1))
            days.append(last_contact)
            final = len(days) - 1
            for i, d in enumerate(days):
                rank = path[bisect.bisect(dates, d) - 1]
                author = owner if r() < 0.7 else choice(team)
                if i < final:
                    due = d + rint(7, 30)
                elif not working:
                    due = None  # paused and closed projects have nothing due
                elif T - d > 90:
                    # Neglected: long overdue, or nothing scheduled any more.
                    due = d + rint(14, 30) if r() < 0.5 else None
                else:
                    x = r()
                    due = max(d, T - rint(1, 25) if x < 0.12 else T if x < 0.19
                              else T + rint(1, 45))
                if recent and d >= T - 1:
                    at = moment(d)
                    self.recent_rows += 1
                    self.bench["recent_followups"] += bench
                else:
                    at = moment(min(d + (rint(1, 3) if r() < 0.3 else 0), max(d, T - 2)))
                summary = choice(self.summaries[rank]).format(
                    company=company_name, contact=person, title="", org=org_name,
                    origin=origin, pct=rint(6, 19) * 5)
                fid = self.next_id("followups")
                w["followups"].add((fid, pid, author, choice(self.fu_kinds[rank]), day(d),
                                    summary, self.next_steps[rank],
                                    day(due) if due is not None else None,
                                    self.participants[below(6)] if r() < 0.3 else "",
                                    at, at, 1))
                w["followup_staff"].add((fid, author))
                if len(team) > 1 and r() < 0.15:
                    other = choice(team)
                    if other != author:
                        w["followup_staff"].add((fid, other))
                if contact and r() < 0.6:
                    w["followup_contacts"].add((fid, contact))
                next_due = due
        if working and next_due is not None:
            if next_due >= T:
                self._reminder(pid, next_due)  # raised when the date was saved (plan_due)
            if bench:
                self.bench["due_today" if next_due == T else "overdue" if next_due < T
                           else "due_later"] += 1

        # Agreements (a 投资协议 made it 签约) and money in place.
        signed_on = on.get(SIGNED)
        agreed = None
        if stage >= 4 and r() < 0.3:
            talks = on.get(4, lead_on)
            until = max(talks, (signed_on - 7) if signed_on else min(last_progress, T - 2))
            fday = rint(talks, until)
            w["agreements"].add((self.next_id("agreements"), pid, "framework",
                                 f"{name}框架合作协议", day(fday), total, None, None,
                                 "意向签约：约定投资意向、选址和下一步工作", owner,
                                 moment(min(fday + rint(0, 3), T - 2)), 1, None, None, ""))
        if signed_on is not None:
            supplement = r() < 0.12
            amount = total * rint(60, 85) // 100 // 10**6 * 10**6 if supplement else total
            agreed = amount
            at = moment(min(signed_on + rint(0, 2), T - 2))
            activity_signed = activity if activity and r() < 0.3 else None
            w["agreements"].add((self.next_id("agreements"), pid, "investment",
                                 f"{name}投资协议", day(signed_on), amount,
                                 day(signed_on + rint(45, 120)), activity_signed, "", owner, at,
                                 1, None, None, ""))
            if r() < 0.005:  # typed in twice, the copy voided (作废)
                w["agreements"].add((self.next_id("agreements"), pid, "investment",
                                     f"{name}投资协议", day(signed_on), amount, None, None, "",
                                     owner, at, 1, at, owner, "重复录入，作废"))
            latest = min(last_progress, T - 2)
            if supplement and latest >= signed_on + 30:
                sday = rint(signed_on + 30, latest)
                w["agreements"].add((self.next_id("agreements"), pid, "supplement",
                                     f"{name}补充协议（追加投资）", day(sday), total, None,
                                     None, "二期扩建，协议总投资调整", owner,
                                     moment(min(sday + rint(0, 2), T - 2)), 1, None, None, ""))
                agreed = total
        start_on = on.get(STARTED)
        share = FUNDED.get(stage)
        if start_on is not None and share and agreed:
            first = on.get(REGISTERED, start_on)
            until = max(first, min(T - 2, status_on if not working else T - 2))
            funded = agreed * rint(*share) // 100
            count = rint(2, 4)
            left = funded // WAN * WAN  # tranches in whole 万元, as bank slips show
            arrivals = sorted(rint(first, until) for _ in range(count))
            parts = [rint(1, 4) for _ in range(count)]
            for i, d in enumerate(arrivals):
                amount = left if i == count - 1 else funded * parts[i] // sum(parts) // WAN * WAN
                left -= amount
                if amount > 0:
                    w["fund_arrivals"].add((self.next_id("fund_arrivals"), pid, day(d), amount,
                                            choice(FUND_SOURCES), owner,
                                            moment(min(d + rint(0, 3), T - 2)), 1))

        # 领导批示: on key projects mostly.
        important = cls == "A" or level is not None
        if (important and r() < 0.4) or r() < 0.02:
            for _ in range(1 + (important and r() < 0.3)):
                w["comments"].add((self.next_id("comments"), pid, leader or choice(
                    self.leaders), choice(self.instructions).format(org=org_name),
                    moment(rint(lead_on, min(last_progress, T - 2)))))
        if recent and r() < (0.25 if bench else 0.1):
            w["comments"].add((self.next_id("comments"), pid, leader or choice(self.leaders),
                               choice(self.instructions).format(org=org_name),
                               moment(T - rint(0, 1))))
            self.recent_rows += 1
            self.bench["recent_comments"] += bench

        if public:  # the public form's submission behind an accepted lead
            self._submission(pid, self.c_name[company], lead_on, total)

        # The project row.
        code_name = ""
        if confidential:
            code_name = f"项目{self.letters[pid % 24]}-{pid % 100:02d}"
            self.counts["confidential"] += 1
        usd = total * 10**4 // (71_000 * WAN) * WAN if self.c_foreign[company] and r() < 0.5 \
            else None
        land = max(30, total * rint(150, 400 if cluster_code != "tourism_health" else 700)
                   // YI) / 10
        touched = max(last_progress, status_on or 0)
        first_contact = reporter or (None if public else choice(self.leaders)
                                     if channel == "business" and r() < 0.3 else owner)
        w["projects"].add((
            pid, name, initials, int(confidential), code_name,
            f"{self.c_name[company]}拟投资{total / YI:.2f}亿元建设{name.removesuffix('项目')}，"
            f"责任单位{org_name}。",
            self.channel_ids[channel], activity, cluster,
            self.levels[level] if level else None, self.stage_codes[stage], day(last_stage),
            status, status_reason, day(status_on) if status_on else None,
            "accepted" if screened else None, "", None, cls, total,
            total * rint(70, 92) // 100 // WAN * WAN or WAN, usd, output,
            max(WAN, output * rint(3, 7) // 100 // WAN * WAN),
            max(15, total * rint(30, 90) // YI), land, leader, org, owner, first_contact,
            self.first_notes[channel] if first_contact else "", reporter,
            day(signed_on) if signed_on else None,
            day(on[REGISTERED]) if REGISTERED in on else None,
            day(start_on) if start_on else None,
            day(on[PRODUCING]) if PRODUCING in on else None,
            day(on[OPERATING]) if OPERATING in on else None,
            day(last_contact) if last_contact else None,
            day(next_due) if next_due is not None else None, day(last_progress),
            entered[0], moment(touched) if recent else moment(min(touched, T - 2)),
            reporter or (None if public else owner), 1))
        self.pipeline_ids.append(pid)

        if bench:
            self.bench["owned"] += 1
            self.bench["owned_confidential"] += confidential
            self._audit(pid, owner, name, entered, path, status, total, org)
            if (self.staff_project_id is None and stage == STARTED and working
                    and not confidential and n_fu >= 5 and signed_on):
                self.staff_project_id = pid
        elif self.bench_staff in members:
            self.bench["member"] += 1
            self.bench["member_confidential"] += confidential

    def _lead(self, pid: int, screening: str) -> None:
        """A lead from intake, outside the pipeline: 待研判, 不予受理 or 重复 (of an earlier
        project); from the public form (its submission kept) or a reporter (全员招商)."""
        rng, T, w = self.rng, self.T, self.w
        r, rint, choice = rng.random, self.rint, self.choice
        lead_on = T - (rint(2, 25) if screening == "pending" else rint(5, 700))
        public = r() < (0.6 if screening != "duplicate" else 0.5)
        reporter = None if public else choice(self.reporters)
        amount = rint(5, 500) * 10**6 if r() < 0.7 else None
        if public:
            company_name, company_initials = self._new_company_name()
        else:
            company = self._company()
            company_name, company_initials = self.c_name[company], self.c_initials[company]
            w["project_investors"].add((self.next_id("project_investors"), pid, company, 1))
        at = self.moment(lead_on)
        note = "投资意向登记（公开表单）" if public else "全员招商线索报送"
        w["stage_changes"].add((self.next_id("stage_changes"), pid, None, "lead",
                                self.day(lead_on), at, reporter, note))
        duplicate_of = None
        if screening == "duplicate":
            duplicate_of = self.pipeline_ids[rint(0, len(self.pipeline_ids) - 1)]
        self.counts[screening] += 1
        w["projects"].add((
            pid, f"{company_name}投资意向"[:200], company_initials + self.initials["投资意向"],
            0, "", choice(INTENTIONS), self.channel_ids["wechat" if public else "all_staff"],
            None, None, None, "lead", self.day(lead_on), "normal", "", None, screening,
            choice(REJECTIONS) if screening == "rejected" else "", duplicate_of, None,
            amount, None, None, None, None, None, None, None, None, None, reporter, "",
            reporter, None, None, None, None, None, None, None, self.day(lead_on), at, at,
            reporter, 1))
        if public:
            self._submission(pid, company_name, lead_on, amount)

    def _submission(self, pid: int, company_name: str, on: int, amount: int | None) -> None:
        from crm.names import normalise_company_name

        rng = self.rng
        at = self.moment(on)
        sid = self.next_id("intake_submissions")
        uscc = _credit_code("130427", 50_000_000 + sid) if rng.random() < 0.5 else None
        self.w["intake_submissions"].add((
            sid, at, company_name, normalise_company_name(company_name), uscc, self.person(),
            self.mobile(), "", self.choice(INTENTIONS), amount, at,
            hashlib.sha256(f"bench-{sid}".encode()).hexdigest(), pid))

    def _new_company_name(self) -> tuple[str, str]:
        rng, ini, choice = self.rng, self.initials, self.choice
        region, core = choice(REGIONS)[0], "".join(rng.choices(CORES, k=3))
        trade, suffix = choice(TRADES)[0], choice(SUFFIXES)
        return (region + core + trade + suffix,
                ini[region] + ini[core] + ini[trade] + ini[suffix])

    def _reminder(self, pid: int, due: int) -> None:
        """The due reminder plan_due raised when the follow-up date was saved (08:00 on the
        first working day from the due date)."""
        send = self.send_at.get(due)
        if send is None:
            from crm.domain import workdays
            from crm.reminders.clock import DUE_AT, at_local

            d = date.fromordinal(due)
            if not workdays.is_workday(d, self.holidays):
                d = workdays.add_workdays(d, 1, self.holidays)
            send = self.send_at[due] = at_local(d, DUE_AT).strftime("%Y-%m-%d %H:%M:%S.%f")
        self.w["reminders"].add((self.next_id("reminders"), "due", f"project:{pid}",
                                 self.day(due), pid, send, "", self.now_str))

    def _audit(self, pid, owner, name, entered, path, status, total, org) -> None:
        """The field-level trail the forms would have left, for the bench staff's projects."""
        w = self.w["audit_log"]
        at = entered[0]
        for field, value in (("name", name), ("stage", "lead"),
                             ("status", "normal"), ("total_investment", str(total)),
                             ("org_id", str(org)), ("owner_id", str(owner))):
            w.add((self.next_id("audit_log"), at, owner, "projects", pid, pid, "create", field,
                   "", value))
        for i in range(1, len(path)):
            w.add((self.next_id("audit_log"), entered[i], owner, "projects", pid, pid, "update",
                   "stage", self.stage_codes[path[i - 1]], self.stage_codes[path[i]]))
        if status != "normal":
            w.add((self.next_id("audit_log"), entered[-1], owner, "projects", pid, pid, "update",
                   "status", "normal", status))

    def stats(self) -> dict:
        writing = {name.removeprefix("table:"): round(seconds, 2)
                   for name, seconds in self.background.seconds.items() if seconds >= 0.05}
        return {"write_seconds": writing, "size": self.size, "generated_on": self.today.isoformat(),
                "bench_staff_id": self.bench_staff, "bench_leader_id": self.bench_leader,
                "staff_project_id": self.staff_project_id, "bench_staff": self.bench,
                "recent_rows": self.recent_rows, **self.counts}


# --- A cached county on a later day ----------------------------------------------------------

def _refresh_recent(url: str, meta: dict, log) -> None:
    """Move the rows entered since the generating day's yesterday forward by the days that
    passed, and the stored dates of their projects with them, so that the workbench's feed
    ("since yesterday") and today's due follow-ups keep their content."""
    from crm.localtime import today
    from crm.models import Comment, FollowUp, Project, StageChange, utcnow
    from crm.workbench import since_yesterday

    day = today()
    delta = (day - date.fromisoformat(meta["generated_on"])).days
    if delta <= 0:
        return
    started = time.perf_counter()
    shift, now = timedelta(days=delta), utcnow()
    since = datetime.fromisoformat(meta["recent_since"])
    fu, sc, cm, pr = (m.__table__ for m in (FollowUp, StageChange, Comment, Project))
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            touched: set[int] = set()
            rows = conn.execute(sa.select(fu.c.id, fu.c.project_id, fu.c.contact_date,
                                          fu.c.next_due_date, fu.c.created_at)
                                .where(fu.c.created_at >= since)).all()
            if rows:
                conn.execute(sa.update(fu).where(fu.c.id == sa.bindparam("b_id")).values(
                    contact_date=sa.bindparam("b_day"), next_due_date=sa.bindparam("b_due"),
                    created_at=sa.bindparam("b_at"), updated_at=sa.bindparam("b_at")),
                    [{"b_id": i, "b_day": d + shift, "b_due": due and due + shift,
                      "b_at": min(at + shift, now)} for i, _p, d, due, at in rows])
            touched |= {row.project_id for row in rows}
            rows = conn.execute(sa.select(sc.c.id, sc.c.project_id, sc.c.effective_date,
                                          sc.c.entered_at).where(sc.c.entered_at >= since)).all()
            if rows:
                conn.execute(sa.update(sc).where(sc.c.id == sa.bindparam("b_id")).values(
                    effective_date=sa.bindparam("b_day"), entered_at=sa.bindparam("b_at")),
                    [{"b_id": i, "b_day": d + shift, "b_at": min(at + shift, now)}
                     for i, _p, d, at in rows])
            touched |= {row.project_id for row in rows}
            rows = conn.execute(sa.select(cm.c.id, cm.c.created_at)
                                .where(cm.c.created_at >= since)).all()
            if rows:
                conn.execute(sa.update(cm).where(cm.c.id == sa.bindparam("b_id")).values(
                    created_at=sa.bindparam("b_at")),
                    [{"b_id": i, "b_at": min(at + shift, now)} for i, at in rows])
            updates = []
            for pid in sorted(touched):
                stage_date = conn.execute(sa.select(sc.c.effective_date).where(
                    sc.c.project_id == pid).order_by(sc.c.id.desc()).limit(1)).scalar()
                latest = conn.execute(sa.select(fu.c.contact_date, fu.c.next_due_date).where(
                    fu.c.project_id == pid).order_by(fu.c.contact_date.desc(), fu.c.id.desc())
                    .limit(1)).first()
                progress = conn.execute(sa.select(pr.c.last_progress_at).where(
                    pr.c.id == pid)).scalar()
                candidates = [progress, stage_date, latest.contact_date if latest else None]
                updates.append({"b_id": pid, "b_stage": stage_date,
                                "b_contact": latest.contact_date if latest else None,
                                "b_due": latest.next_due_date if latest else None,
                                "b_progress": max(c for c in candidates if c), "b_at": now})
            if updates:
                conn.execute(sa.update(pr).where(pr.c.id == sa.bindparam("b_id")).values(
                    stage_date=sa.bindparam("b_stage"), last_contact_at=sa.bindparam("b_contact"),
                    next_followup_at=sa.bindparam("b_due"),
                    last_progress_at=sa.bindparam("b_progress"), updated_at=sa.bindparam("b_at")),
                    updates)
            for key, value in (("generated_on", day.isoformat()),
                               ("recent_since", since_yesterday(day).isoformat(sep=" "))):
                conn.execute(sa.text(f"UPDATE {META} SET value = :v WHERE key = :k"),  # noqa: S608
                             {"k": key, "v": value})
    finally:
        engine.dispose()
    seconds = time.perf_counter() - started
    log(f"  最近记录前移 {delta} 天（{len(touched)} 个项目）：{seconds:.1f} s")


# --- Does the app run on it? -----------------------------------------------------------------

CHECK_PAGES = ("/", "/projects", "/projects?stage=negotiation&sort=amount", "/companies",
               "/search?q=建筑", "/projects/board")


def check(dialect: str, size: int, log=print) -> bool:
    """Sign in as the bench staff user through the app's test client, load the main pages and
    one of its projects, and compare that page's figures and every project's stored dates with
    the rows they derive from."""
    from crm.agreements import queries as agreement_queries
    from crm.domain.money import format_wan
    from crm.extensions import db
    from crm.models import FollowUp, Project
    from crm.projects import ref

    meta = info(dialect, size)
    url = common.url_for(dialect, size)
    app = _app(url, WTF_CSRF_ENABLED=False)
    ok = True
    pid = int(meta["staff_project_id"])
    with app.app_context():
        token = ref.encode(pid)
        project = db.session.get(Project, pid)
        expected = {
            "名称": project.name, "总投资": format_wan(project.total_investment),
            "协议金额": format_wan(agreement_queries.agreed_amount(pid)),
            "到位资金": format_wan(agreement_queries.funds_total(pid)),
            "最近对接": project.last_contact_at.isoformat(),
        }
        followups = db.session.scalar(sa.select(sa.func.count()).where(
            FollowUp.project_id == pid))
        db.session.remove()
    client = app.test_client()
    response = client.post("/login", data={"email": common.STAFF_EMAIL,
                                           "password": common.PASSWORD})
    if response.status_code != 302 or "/login" in response.headers.get("Location", ""):
        log(f"  登录失败：{response.status_code}")
        return False
    for path in (*CHECK_PAGES, f"/projects/{token}"):
        times = []
        for _ in range(4):  # the first request compiles templates: the median of the others
            t0 = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
        good = response.status_code == 200
        ok &= good
        ms = sorted(times[1:])[1]
        log(f"  {'通过' if good else '失败'} {response.status_code} {ms:7.1f} ms  {path}")
    page = response.get_data(as_text=True)
    for label, text in expected.items():
        found = text in page
        ok &= found
        log(f"  {'通过' if found else '失败'} 项目页{label}：{text}")
    shown = page.count("对接（")
    verdict = "通过" if shown >= followups else "失败"
    log(f"  {verdict} 项目页对接记录 {shown} 条（库中 {followups} 条）")
    ok &= shown >= followups
    problems = consistency(app)
    for label, count in problems.items():
        log(f"  {'通过' if not count else '失败'} {label}：{count}")
        ok &= not count
    return ok


def consistency(app) -> dict[str, int]:
    """Projects whose stored columns disagree with their rows (0 everywhere when right)."""
    from crm.extensions import db
    from crm.models import Agreement, FollowUp, Project, ProjectInvestor, StageChange

    p = Project.__table__
    latest_change = (sa.select(StageChange.to_stage, StageChange.effective_date)
                     .where(StageChange.project_id == p.c.id)
                     .order_by(StageChange.id.desc()).limit(1))
    latest_fu = (sa.select(FollowUp.contact_date, FollowUp.next_due_date)
                 .where(FollowUp.project_id == p.c.id)
                 .order_by(FollowUp.contact_date.desc(), FollowUp.id.desc()).limit(1))
    first_signed = (sa.select(sa.func.min(Agreement.signed_on)).where(
        Agreement.project_id == p.c.id, Agreement.kind == "investment",
        Agreement.voided_at.is_(None)).scalar_subquery())
    leads = (sa.select(sa.func.count()).where(ProjectInvestor.project_id == p.c.id,
                                              ProjectInvestor.is_lead.is_(True))
             .scalar_subquery())

    def differs(a, b):
        return sa.or_(sa.and_(a.is_(None), b.is_not(None)), sa.and_(a.is_not(None), b.is_(None)),
                      a != b)

    checks = {
        "阶段与最后一次阶段变更不符": differs(p.c.stage, latest_change.with_only_columns(
            StageChange.to_stage).scalar_subquery()),
        "阶段日期与最后一次阶段变更不符": differs(p.c.stage_date, latest_change.with_only_columns(
            StageChange.effective_date).scalar_subquery()),
        "最近对接与对接记录不符": differs(p.c.last_contact_at, latest_fu.with_only_columns(
            FollowUp.contact_date).scalar_subquery()),
        "下次跟进与最新对接记录不符": sa.and_(p.c.last_contact_at.is_not(None), differs(
            p.c.next_followup_at, latest_fu.with_only_columns(FollowUp.next_due_date)
            .scalar_subquery())),
        "签约日期与首份投资协议不符": differs(p.c.signed_on, first_signed),
        "最近进展早于阶段日期或最近对接": sa.or_(p.c.last_progress_at < p.c.stage_date,
                                   p.c.last_progress_at < p.c.last_contact_at),
        "主投资方不是恰好一个": sa.and_(leads != 1, sa.or_(p.c.owner_id.is_not(None),
                                                  p.c.reported_by_id.is_not(None))),
    }
    with app.app_context(), db.engine.connect() as conn:
        result = {label: conn.execute(sa.select(sa.func.count()).select_from(p).where(clause))
                  .scalar() for label, clause in checks.items()}
        if conn.dialect.name == "sqlite":
            result["外键不一致（PRAGMA foreign_key_check）"] = len(
                conn.exec_driver_sql("PRAGMA foreign_key_check").all())
            problems = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
            result["完整性检查（PRAGMA integrity_check，含 CHECK 约束）"] = \
                0 if problems == ["ok"] else len(problems)
        db.engine.dispose()
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="生成 make bench 使用的模拟县域数据")
    parser.add_argument("--dialect", choices=("sqlite", "postgresql"), required=True)
    parser.add_argument("--size", type=int, required=True, help="项目数，如 10000、100000")
    parser.add_argument("--force", action="store_true", help="即使已有完整缓存也重新生成")
    parser.add_argument("--check", action="store_true",
                        help="生成后以基准局干部账号登录并检查主要页面和派生字段")
    args = parser.parse_args(argv)
    if args.force:
        stats = generate(args.dialect, args.size)
        print(json.dumps({k: v for k, v in stats.items() if k != "timings"},
                         ensure_ascii=False, indent=1))
    else:
        ensure(args.dialect, args.size)
    if args.check:
        print("检查：")
        return 0 if check(args.dialect, args.size) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
