"""Every number on the cockpit as one SQL definition of the rows behind it, used twice.

A measure's `rows(scope)` selects (pid, value, day): one row per project fact that the number
counts (a project signed in the period, an agreement's counted 签约金额, a fund arrival...),
already restricted to what the viewer may read (access.readable_clause) and to the chosen
activity. The tile is COUNT(DISTINCT pid) and SUM(value) over those rows; a chart is the same
aggregate GROUP BY a dimension; the drill-down list (/dashboard/projects) pages the projects of
the same rows, narrowed by the same dimension, with the same two aggregates as its headline.
One definition, so what was clicked and what is listed cannot disagree.

The counting rules themselves (what an agreement counts, the cohort, 序时进度) are in
crm/domain/metrics.py; the stored columns they fill (Agreement.counted_amount,
Project.signed_on ...) are kept by crm/projects/signing.py.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from crm.access import readable_clause
from crm.domain.metrics import Period
from crm.domain.stages import IN_TALKS, AgreementKind, Health, Status
from crm.extensions import db
from crm.localtime import SHANGHAI, UTC
from crm.models import (
    Agreement,
    Company,
    CompanyFlag,
    DictItem,
    FundArrival,
    Project,
    ProjectInvestor,
    StageChange,
    StatusChange,
    User,
)
from crm.projects import health
from crm.projects.pipeline import in_pipeline

SIGNING_KINDS = (AgreementKind.investment, AgreementKind.supplement)


@dataclass(frozen=True)
class Scope:
    """Whose figures, over which dates, at which activity (None: all), seen on which day."""

    user: User
    period: Period
    activity_id: int | None
    today: date


@dataclass(frozen=True)
class Measure:
    key: str
    label: str  # the tile's name
    rows: Callable[[Scope], sa.Select]
    amount: str = ""  # what `value` sums, when it is money (元): the drill list's column
    day: str = "日期"  # what `day` is, for the drill list's date column
    note: str = ""  # how it is counted, under the drill list's headline
    oldest_first: bool = False  # the drill list's order: longest waiting first (签而未开...)


def _projects(scope: Scope, *clauses) -> list:
    """The viewer's readable pipeline projects, at the chosen activity (raised there or signed
    there), and the measure's own conditions."""
    where = [readable_clause(scope.user), in_pipeline(), *clauses]
    if scope.activity_id is not None:
        where.append(sa.or_(Project.activity_id == scope.activity_id,
                            Project.signed_activity_id == scope.activity_id))
    return where


def _within(column, period: Period):
    return column.between(period.start, period.end)


def _local_moment(day: date) -> datetime:
    return datetime.combine(day, time.min, SHANGHAI).astimezone(UTC).replace(tzinfo=None)


def _rows(pid, value, day) -> sa.Select:
    # type_coerce, not CAST: SQLite would CAST a date string AS DATE to a number.
    return sa.select(pid.label("pid"), sa.type_coerce(value, sa.BigInteger).label("value"),
                     sa.type_coerce(day, sa.Date).label("day"))


def _no_value():
    # A typed NULL: PostgreSQL reads a bare NULL in a subquery as text, which SUM refuses.
    return sa.cast(sa.null(), sa.BigInteger)


# --- Signings in the period ---------------------------------------------------------------

def _signed(scope: Scope) -> sa.Select:
    """签约项目: counted once, in the period of the first 投资协议."""
    return _rows(Project.id, _no_value(), Project.signed_on).where(
        *_projects(scope, _within(Project.signed_on, scope.period)))


def _agreement_rows(kinds, projects: list, *clauses) -> sa.Select:
    """Live agreements of these kinds, each with what it counts, of the given projects."""
    return (_rows(Agreement.project_id, Agreement.counted_amount, Agreement.signed_on)
            .join(Project, Project.id == Agreement.project_id)
            .where(Agreement.kind.in_(kinds), Agreement.voided_at.is_(None), *clauses,
                   *projects))


def _fund_rows(projects: list, *clauses) -> sa.Select:
    """Live (not voided) fund arrivals of the given projects."""
    return (_rows(FundArrival.project_id, FundArrival.amount, FundArrival.arrived_on)
            .join(Project, Project.id == FundArrival.project_id)
            .where(FundArrival.voided_at.is_(None), *clauses, *projects))


def _agreements(scope: Scope, kinds) -> sa.Select:
    return _agreement_rows(kinds, _projects(scope), _within(Agreement.signed_on, scope.period))


def _amount(scope: Scope) -> sa.Select:
    """签约金额: what each 投资协议/补充协议 signed in the period adds to the agreed total."""
    return _agreements(scope, SIGNING_KINDS)


def _intent(scope: Scope) -> sa.Select:
    """意向签约: 框架协议 signed in the period, apart from 签约."""
    return _agreements(scope, (AgreementKind.framework,))


def _talks(scope: Scope) -> sa.Select:
    """在谈: at 接洽/考察/在谈 with status 正常 at the end of the period (its planned 总投资).

    A period that ends today or later is answered from the projects as they are; an earlier
    one from the stage and status history (the latest change effective by its last day)."""
    end = scope.period.end
    if end >= scope.today:
        return _rows(Project.id, Project.total_investment, Project.stage_date).where(
            *_projects(scope, Project.stage.in_(IN_TALKS), Project.status == Status.normal))
    def latest(model, column):
        return (sa.select(column).where(model.project_id == Project.id,
                                        model.effective_date <= end)
                .order_by(model.effective_date.desc(), model.entered_at.desc(),
                          model.id.desc()).limit(1).scalar_subquery())

    stage_then = latest(StageChange, StageChange.to_stage)
    status_then = sa.func.coalesce(latest(StatusChange, StatusChange.to_status),
                                   Status.normal.value)
    reached = sa.select(StageChange.project_id).where(StageChange.to_stage.in_(IN_TALKS),
                                                      StageChange.effective_date <= end)
    return _rows(Project.id, Project.total_investment, Project.stage_date).where(
        *_projects(scope, Project.id.in_(reached), stage_then.in_([s.value for s in IN_TALKS]),
                   status_then == Status.normal.value))


def _started(scope: Scope) -> sa.Select:
    """开工项目数: projects that broke ground in the period (a target's metric)."""
    return _rows(Project.id, _no_value(), Project.started_on).where(
        *_projects(scope, _within(Project.started_on, scope.period)))


def _producing(scope: Scope) -> sa.Select:
    return _rows(Project.id, _no_value(), Project.producing_on).where(
        *_projects(scope, _within(Project.producing_on, scope.period)))


def _funds(scope: Scope) -> sa.Select:
    """到位资金 that arrived in the period."""
    return _fund_rows(_projects(scope), _within(FundArrival.arrived_on, scope.period))


# --- The cohort: projects signed in the period, followed through to today -----------------
# A project 终止 after signing stays in its cohort (no status condition here).

def _cohort(scope: Scope, *clauses) -> list:
    return _projects(scope, _within(Project.signed_on, scope.period), *clauses)


def _cohort_started(scope: Scope) -> sa.Select:
    return _rows(Project.id, _no_value(), Project.started_on).where(
        *_cohort(scope, Project.started_on.is_not(None)))


def _cohort_producing(scope: Scope) -> sa.Select:
    return _rows(Project.id, _no_value(), Project.producing_on).where(
        *_cohort(scope, Project.producing_on.is_not(None)))


def _cohort_agreed(scope: Scope) -> sa.Select:
    """The cohort's 协议金额 now: every live 投资协议/补充协议 of theirs, whenever signed."""
    return _agreement_rows(SIGNING_KINDS, _cohort(scope))


def _cohort_funds(scope: Scope) -> sa.Select:
    """The cohort's 到位资金 to date."""
    return _fund_rows(_cohort(scope))


def _cohort_due(scope: Scope) -> sa.Select:
    """履约率's base: cohort projects whose agreed start date has gone by."""
    return _rows(Project.id, _no_value(), Project.agreed_start_on).where(
        *_cohort(scope, Project.agreed_start_on < scope.today))


def _cohort_on_time(scope: Scope) -> sa.Select:
    return _rows(Project.id, _no_value(), Project.started_on).where(
        *_cohort(scope, Project.agreed_start_on < scope.today,
                 Project.started_on <= Project.agreed_start_on))


# --- Now, whatever the period --------------------------------------------------------------

def _pipeline(scope: Scope) -> sa.Select:
    """The pipeline as it stands: projects 正常 at any stage, with their 总投资."""
    return _rows(Project.id, Project.total_investment, Project.stage_date).where(
        *_projects(scope, Project.status == Status.normal))


def _signed_not_started(scope: Scope) -> sa.Select:
    """签而未开: signed, 正常, no 开工 date yet (signed in the period)."""
    return _rows(Project.id, _no_value(), Project.signed_on).where(
        *_cohort(scope, Project.started_on.is_(None), Project.status == Status.normal))


def _overdue(scope: Scope) -> sa.Select:
    """Projects 正常 whose next follow-up date has passed."""
    return _rows(Project.id, _no_value(), Project.next_followup_at).where(
        *_projects(scope, Project.status == Status.normal,
                   Project.next_followup_at < scope.today))


def _coloured(colour: Health):
    def rows(scope: Scope) -> sa.Select:
        """Projects of this health colour today (正常 only: the colour's own rule)."""
        return _rows(Project.id, _no_value(), health.progress_since()).where(
            *_projects(scope, health.clause(colour, scope.today)))
    return rows


def _new_leads(scope: Scope) -> sa.Select:
    """Projects entered in the period (Asia/Shanghai days)."""
    since = _local_moment(scope.period.start)
    until = _local_moment(date.fromordinal(scope.period.end.toordinal() + 1))
    return _rows(Project.id, _no_value(), sa.func.date(Project.created_at)).where(
        *_projects(scope, Project.created_at >= since, Project.created_at < until))


def _moved(scope: Scope) -> sa.Select:
    """Projects whose latest stage change took effect in the period (beyond 线索)."""
    return _rows(Project.id, _no_value(), Project.stage_date).where(
        *_projects(scope, _within(Project.stage_date, scope.period),
                   Project.stage_date.is_not(None), Project.stage != "lead"))


MEASURES = {m.key: m for m in (
    Measure("signed", "签约项目数", _signed, day="签约日期",
            note="项目在首份投资协议签订的期间计入一次；框架协议另计为意向签约"),
    Measure("amount", "签约金额", _amount, amount="本期签约金额", day="签约日期",
            note="本期签订的投资协议计其金额，补充协议计其调整的差额（可含往期签约项目）"),
    Measure("intent", "意向签约", _intent, amount="框架协议金额", day="签约日期",
            note="本期签订的框架协议/意向协议，不计入签约"),
    Measure("talks", "在谈项目", _talks, amount="计划总投资", day="阶段日期",
            note="期末处于接洽、考察、在谈阶段且状态正常的项目"),
    Measure("started", "开工项目数", _started, day="开工日期", note="本期开工的项目"),
    Measure("producing", "投产项目数", _producing, day="投产日期", note="本期投产的项目"),
    Measure("funds", "到位资金", _funds, amount="本期到位资金", day="到位日期",
            note="本期到位的资金（作废的不计）"),
    Measure("cohort_started", "已开工", _cohort_started, day="开工日期",
            note="本期签约项目中已开工的（签约后终止的仍在其中）"),
    Measure("cohort_producing", "已投产", _cohort_producing, day="投产日期",
            note="本期签约项目中已投产的"),
    Measure("cohort_agreed", "协议金额", _cohort_agreed, amount="协议金额", day="签约日期",
            note="本期签约项目现行的协议投资额（含其后的补充协议）"),
    Measure("cohort_funds", "累计到位资金", _cohort_funds, amount="累计到位资金",
            day="到位日期", note="本期签约项目至今的到位资金"),
    Measure("cohort_due", "应开工", _cohort_due, day="约定开工日期",
            note="本期签约项目中约定开工日期已过的"),
    Measure("cohort_on_time", "按期开工", _cohort_on_time, day="开工日期",
            note="约定开工日期已过、且在约定日期前开工的"),
    Measure("pipeline", "在库项目", _pipeline, amount="总投资", day="阶段日期",
            note="当前状态正常的项目"),
    Measure("signed_not_started", "签而未开", _signed_not_started, day="签约日期",
            oldest_first=True,
            note="本期签约、尚未开工且状态正常的项目"),
    Measure("overdue", "跟进逾期", _overdue, day="应跟进日期", oldest_first=True,
            note="下次跟进日期已过、状态正常的项目"),
    Measure("red", "红色预警", _coloured(Health.red), day="最近进展", oldest_first=True,
            note="3个月以上无进展（无对接、无阶段变更）的正常项目"),
    Measure("yellow", "黄色预警", _coloured(Health.yellow), day="最近进展", oldest_first=True,
            note="2至3个月无进展的正常项目"),
    Measure("new_leads", "新增线索", _new_leads, day="录入日期", note="本期录入的项目"),
    Measure("moved", "阶段推进", _moved, day="阶段日期",
            note="本期最近一次阶段变更生效的项目"),
)}


# --- Dimensions: what a chart groups by and a drill-down narrows by -----------------------

def lead_company():
    """The project's 主投资方 (the investor marked lead, else the first): breakdowns by
    company use it, so the parts add up to the total."""
    # Correlated to the projects row explicitly: nested in _lead_nature's subquery, automatic
    # correlation would look only one level up and read a projects table of its own.
    return (sa.select(ProjectInvestor.company_id).where(ProjectInvestor.project_id == Project.id)
            .order_by(ProjectInvestor.is_lead.desc(), ProjectInvestor.id).limit(1)
            .correlate_except(ProjectInvestor).scalar_subquery())


def _lead_nature():
    return (sa.select(Company.nature_id).where(Company.id == lead_company())
            .correlate_except(Company).scalar_subquery())


KEY_INVESTORS = {  # 重点企业 groups: the lead investor's nature or flags
    "soe": ("央企", "nature", ("central_soe",)),
    "top500": ("500强", "flag", ("fortune_global", "china_500", "private_500")),
    "chain": ("链主/头部", "flag", ("chain_leader", "head")),
}


def key_investor_clause(group: str):
    """Projects whose 主投资方 is in the group. The candidates come from the group's companies
    (few) through project_investors, so the lead-investor check runs only for them."""
    _label, kind, codes = KEY_INVESTORS[group]
    if kind == "nature":
        companies = sa.select(Company.id).join(DictItem, DictItem.id == Company.nature_id).where(
            DictItem.kind == "nature", DictItem.code.in_(codes))
    else:
        companies = (sa.select(CompanyFlag.company_id)
                     .join(DictItem, DictItem.id == CompanyFlag.flag_id)
                     .where(DictItem.kind == "company_flag", DictItem.code.in_(codes)))
    candidates = sa.select(ProjectInvestor.project_id).where(
        ProjectInvestor.company_id.in_(companies))
    return sa.and_(Project.id.in_(candidates), lead_company().in_(companies))


def health_expression(today: date):
    return sa.case((health.clause(Health.red, today), Health.red.value),
                   (health.clause(Health.yellow, today), Health.yellow.value),
                   else_=Health.green.value)


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    expression: Callable[[Scope], sa.ColumnElement]
    names: str = ""  # dict | user | org | activity | stage | class | health: how keys are named


DIMENSIONS = {d.key: d for d in (
    Dimension("cluster", "产业集群", lambda s: Project.cluster_id, "dict"),
    Dimension("nature", "企业性质", lambda s: _lead_nature(), "dict"),
    Dimension("channel", "招商渠道", lambda s: Project.channel_id, "dict"),
    Dimension("activity", "招商活动", lambda s: Project.activity_id, "activity"),
    Dimension("leader", "包联领导", lambda s: Project.leader_id, "user"),
    Dimension("org", "责任单位", lambda s: Project.org_id, "org"),
    Dimension("owner", "负责人", lambda s: Project.owner_id, "user"),
    Dimension("stage", "阶段", lambda s: Project.stage, "stage"),
    Dimension("class", "项目分类", lambda s: Project.pipeline_class, "class"),
    Dimension("health", "健康度", lambda s: health_expression(s.today), "health"),
)}


def narrowed(select: sa.Select, scope: Scope, filters: dict[str, str | None]) -> sa.Select:
    """The rows narrowed to one key of each given dimension (None: the key is not set), and
    to a key-investor group ("key" -> soe/top500/chain)."""
    for key, value in filters.items():
        if key == "key":
            select = select.where(key_investor_clause(value))
            continue
        expression = DIMENSIONS[key].expression(scope)
        select = select.where(expression.is_(None) if value is None else expression == value)
    return select


# --- The aggregates ---------------------------------------------------------------------

def totals(scope: Scope, keys, filters: dict | None = None) -> dict[str, tuple[int, int]]:
    """key -> (projects, sum of value in 元) for several measures in one query."""
    parts = []
    for key in keys:
        rows = narrowed(MEASURES[key].rows(scope), scope, filters or {}).subquery()
        parts.append(sa.select(sa.literal(key, sa.String).label("key"),
                               sa.func.count(sa.distinct(rows.c.pid)),
                               sa.func.coalesce(sa.func.sum(rows.c.value), 0))
                     .select_from(rows))
    if not parts:
        return {}
    statement = sa.union_all(*parts) if len(parts) > 1 else parts[0]
    return {key: (int(count), int(total)) for key, count, total in db.session.execute(statement)}


def grouped(scope: Scope, key: str, dimensions: tuple[str, ...], filters: dict | None = None
            ) -> list[tuple[tuple, int, int]]:
    """((dimension keys...), projects, sum) of one measure GROUP BY one or more dimensions."""
    rows = narrowed(MEASURES[key].rows(scope), scope, filters or {})
    for n, dimension in enumerate(dimensions):
        rows = rows.add_columns(DIMENSIONS[dimension].expression(scope).label(f"dim{n}"))
    rows = rows.subquery()
    keys = [rows.c[f"dim{n}"] for n in range(len(dimensions))]
    query = (sa.select(*keys, sa.func.count(sa.distinct(rows.c.pid)),
                       sa.func.coalesce(sa.func.sum(rows.c.value), 0)).group_by(*keys))
    return [(tuple(getattr(k, "value", k) for k in row[:-2]), int(row[-2]), int(row[-1]))
            for row in db.session.execute(query)]


def per_month(scope: Scope, key: str) -> dict[int, tuple[int, int]]:
    """month number -> (projects, sum) of one measure over its rows' days."""
    rows = MEASURES[key].rows(scope).subquery()
    month = sa.extract("month", rows.c.day)
    query = (sa.select(month, sa.func.count(sa.distinct(rows.c.pid)),
                       sa.func.coalesce(sa.func.sum(rows.c.value), 0)).group_by(month))
    return {int(m): (int(count), int(total)) for m, count, total in db.session.execute(query)}


def drill(scope: Scope, key: str, filters: dict, offset: int, limit: int,
          counted: tuple[int, int] | None = None):
    """The projects behind a number: (projects, sum, page of (Project, value, day)), from the
    same rows as the tile, so the headline equals what was clicked. `counted`: the measure's
    (projects, sum) from totals() for the same scope and filters, when the caller has it (the
    same two aggregates of the same rows), so they are not counted twice."""
    rows = narrowed(MEASURES[key].rows(scope), scope, filters).subquery()
    per_project = (sa.select(rows.c.pid, sa.func.sum(rows.c.value).label("value"),
                             sa.func.max(rows.c.day).label("day"))
                   .group_by(rows.c.pid).subquery())
    count, total = counted or db.session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(per_project.c.value), 0))
        .select_from(per_project)).one()
    if MEASURES[key].oldest_first:
        order = (sa.nulls_last(per_project.c.day.asc()), Project.id)
    else:
        order = (sa.nulls_last(per_project.c.value.desc()), sa.nulls_last(per_project.c.day.desc()),
                 Project.id.desc())
    page = db.session.execute(
        sa.select(Project, per_project.c.value, per_project.c.day)
        .join(per_project, per_project.c.pid == Project.id)
        .order_by(*order).offset(offset).limit(limit)
        .options(joinedload(Project.org), joinedload(Project.leader),
                 selectinload(Project.investors).joinedload(ProjectInvestor.company))).all()
    return int(count), int(total), page
