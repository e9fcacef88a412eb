"""Project queries: the filtered list, its count and total, filter options, timeline, stage facts.

Every query here starts from access.readable_clause: a project the user may not read is absent
from every row, count and total. The list counts the base table only (never a paginated join)
and eager-loads its rows, so a page costs the same few queries whatever its size.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from crm.access import confidential_team_ids, readable_clause
from crm.domain.stages import (
    INACTIVE,
    Health,
    PipelineClass,
    Stage,
    Status,
)
from crm.extensions import db
from crm.forms import MAX_ID, parse_int
from crm.localtime import SHANGHAI
from crm.models import (
    Comment,
    DictItem,
    DictKind,
    FollowUp,
    Org,
    Project,
    ProjectInvestor,
    Role,
    StageChange,
    StatusChange,
    User,
)
from crm.projects import health, tallies
from crm.projects.pipeline import in_pipeline
from crm.reference_data import stage_label
from crm.search.query import ids_matching

PER_PAGE = 20
SORTS = {
    "last_contact": ("最近对接", Project.last_contact_at),
    "next_followup": ("下次跟进", Project.next_followup_at),
    "amount": ("总投资", Project.total_investment),
    "stage_date": ("阶段日期", Project.stage_date),
}


def _enum(enum_cls, value: str):
    return enum_cls(value) if value in enum_cls.__members__ else None


def _int_id(value: str) -> int | None:
    return parse_int(value, minimum=1, maximum=MAX_ID)


@dataclass
class Filters:
    """The list's GET parameters, each one ignored when it is not a valid value."""

    stage: Stage | None = None
    status: Status | None = None
    pipeline_class: PipelineClass | None = None
    health: Health | None = None
    cluster: int | None = None
    leader: int | None = None
    org: int | None = None
    owner: int | None = None
    confidential: bool = False
    q: str = ""  # 关键词: the search index (name, investors, description, pinyin initials)
    sort: str = ""
    desc: bool = True
    page: int = 1
    args: dict = field(default_factory=dict)  # the valid parameters, for links

    @classmethod
    def from_args(cls, args) -> "Filters":
        get = lambda name: (args.get(name) or "").strip()  # noqa: E731
        page = get("page")
        f = cls(stage=_enum(Stage, get("stage")), status=_enum(Status, get("status")),
                pipeline_class=_enum(PipelineClass, get("class")),
                health=_enum(Health, get("health")), cluster=_int_id(get("cluster")),
                leader=_int_id(get("leader")), org=_int_id(get("org")),
                owner=_int_id(get("owner")), confidential=get("confidential") == "1",
                q=get("q").replace("\x00", "")[:50],
                sort=get("sort") if get("sort") in SORTS else "", desc=get("dir") != "asc",
                page=_int_id(page) or 1)
        values = {"stage": f.stage, "status": f.status, "class": f.pipeline_class,
                  "health": f.health, "cluster": f.cluster, "leader": f.leader, "org": f.org,
                  "owner": f.owner, "confidential": "1" if f.confidential else None,
                  "q": f.q or None,
                  "sort": f.sort or None, "dir": "asc" if f.sort and not f.desc else None}
        f.args = {key: str(value) for key, value in values.items() if value is not None}
        return f

    def link(self, **changes) -> dict:
        """Query parameters for a link that changes some of these filters."""
        merged = {**self.args, **changes}
        return {key: value for key, value in merged.items() if value not in (None, "")}


def where_clauses(user: User, f: Filters, today: date) -> list:
    clauses = [readable_clause(user), in_pipeline()]
    for column, value in ((Project.stage, f.stage), (Project.status, f.status),
                          (Project.pipeline_class, f.pipeline_class),
                          (Project.cluster_id, f.cluster), (Project.leader_id, f.leader),
                          (Project.org_id, f.org), (Project.owner_id, f.owner)):
        if value is not None:
            clauses.append(column == value)
    if f.health is not None:
        clauses.append(health.clause(f.health, today))
    if f.confidential:
        clauses.append(Project.confidential.is_(True))
    if f.q:
        found = ids_matching("project", f.q)
        clauses.append(Project.id.in_(found) if found is not None else sa.false())
    return clauses


# What the headline counts and sums. Without a status filter that is the projects in play:
# 终止/流失/移出库 ones stay in the list but leave the count and the 总投资 (issue #9).
SCOPES = {None: "在库项目", Status.normal: "正常推进项目", Status.paused: "暂缓项目",
          Status.terminated: "已终止项目", Status.lost: "已流失项目",
          Status.removed: "已移出库项目"}


@dataclass
class Totals:
    listed: int  # rows of the filtered list, for the pages
    count: int  # the projects counted and summed
    total: int  # their 总投资 in 元
    any_confidential: bool  # whether the user may see one (to offer that filter)
    scope: str  # what they are: 在库项目, 已终止项目 ...
    left_out: int  # inactive rows listed but neither counted nor summed


def count_and_total(user: User, clauses: list, f: Filters) -> Totals:
    """Count and total investment of the filtered set (the list's clauses, readable rule
    included), and the rows it lists. Filtered at most by stage and status, they come from
    the tallies (a few rows, whatever the number of projects); otherwise from one query on the
    base table, which a narrowing filter's index keeps small."""
    narrowed = any(key not in ("status", "sort", "dir") for key in f.args)
    scope = ("符合条件的" if narrowed else "") + SCOPES[f.status]
    if tallies.answers(user, f.args):
        listed, counted_rows, amount = tallies.headline(user, f.stage, f.status)
        return Totals(listed, counted_rows, amount, may_see_confidential(user), scope,
                      listed - counted_rows)
    if f.status is None:
        counted = Project.status.not_in(INACTIVE)
        count = sa.func.count(sa.case((counted, Project.id)))
        total = sa.func.sum(sa.case((counted, Project.total_investment)))
    else:
        count, total = sa.func.count(Project.id), sa.func.sum(Project.total_investment)
    listed, counted_rows, amount = db.session.execute(
        sa.select(sa.func.count(Project.id), count, sa.func.coalesce(total, 0))
        .where(*clauses)).one()
    return Totals(listed, counted_rows, int(amount), may_see_confidential(user), scope,
                  listed - counted_rows)


def may_see_confidential(user: User) -> bool:
    """Whether the user may read a confidential project (to offer the 保密 filter)."""
    if user.role == Role.reporter:
        return False
    if user.role == Role.leader:
        return db.session.scalar(sa.select(
            sa.select(Project.id).where(Project.confidential.is_(True)).exists())) or False
    return bool(confidential_team_ids(user))


def page_of_projects(clauses: list, f: Filters, offset: int) -> list[Project]:
    order = [Project.id.desc()]
    if f.sort:
        column = SORTS[f.sort][1]
        order.insert(0, sa.nulls_last(column.desc() if f.desc else column.asc()))
    query = (sa.select(Project).where(*clauses).order_by(*order)
             .limit(PER_PAGE).offset(offset)
             .options(joinedload(Project.owner), joinedload(Project.leader),
                      joinedload(Project.org), joinedload(Project.cluster),
                      selectinload(Project.investors).joinedload(ProjectInvestor.company)))
    return list(db.session.scalars(query).unique())


def filter_options(owner: int | None = None) -> dict[str, list[tuple[int | str, str]]]:
    """The filters' drop-down choices in one query: clusters, leaders, units, the admin-edited
    stage and status labels, and the chosen owner only: staff grow with the county, so the
    owner filter is a type-ahead picker that fetches the rest (crm/search/options.py)."""
    kinds = (DictKind.cluster, DictKind.stage, DictKind.status)
    parts = [
        sa.select(sa.literal("d_").concat(DictItem.kind).label("kind"),
                  sa.case((DictItem.kind == DictKind.cluster, sa.cast(DictItem.id, sa.String)),
                          else_=DictItem.code).label("key"), DictItem.label.label("label"),
                  DictItem.sort_order.label("sort"))
        .where(DictItem.kind.in_(kinds)),
        sa.select(sa.literal("u_").concat(User.role), sa.cast(User.id, sa.String), User.name,
                  sa.literal(0))
        .where(User.active.is_(True), sa.or_(User.role == Role.leader,
                                             sa.and_(User.role == Role.staff,
                                                     User.id == (owner or 0)))),
        sa.select(sa.literal("org"), sa.cast(Org.id, sa.String), Org.name, Org.sort_order)
        .where(Org.active.is_(True)),
    ]
    query = sa.union_all(*parts).subquery()
    rows = db.session.execute(
        sa.select(query).order_by(query.c.kind, query.c.sort, query.c.label)).all()
    grouped: dict[str, list] = {}
    for kind, key, label, _sort in rows:
        grouped.setdefault(kind, []).append((key, label))
    return grouped


@dataclass
class Event:
    day: date
    kind: str  # stage | status | followup | comment
    who: str
    title: str
    body: str = ""
    at: datetime | None = None  # entry time, to order events of one day


def timeline(project: Project) -> list[Event]:
    """Stage and status changes, follow-ups and 领导批示, newest first: one UNION ALL query."""
    pid, text = project.id, sa.String
    parts = [
        sa.select(sa.literal("stage").label("kind"), StageChange.effective_date.label("day"),
                  StageChange.entered_at.label("at"), StageChange.user_id.label("uid"),
                  sa.cast(StageChange.from_stage, text).label("a"),
                  sa.cast(StageChange.to_stage, text).label("b"), StageChange.note.label("body"),
                  sa.cast(sa.null(), text).label("extra"))
        .where(StageChange.project_id == pid),
        sa.select(sa.literal("status"), StatusChange.effective_date, StatusChange.entered_at,
                  StatusChange.user_id, sa.cast(StatusChange.from_status, text),
                  sa.cast(StatusChange.to_status, text), StatusChange.reason,
                  sa.cast(sa.null(), text))
        .where(StatusChange.project_id == pid),
        sa.select(sa.literal("followup"), FollowUp.contact_date, FollowUp.created_at,
                  FollowUp.author_id, sa.cast(DictItem.label, text), sa.cast(sa.null(), text),
                  FollowUp.summary, FollowUp.next_step)
        .join(DictItem, DictItem.id == FollowUp.kind_id).where(FollowUp.project_id == pid),
        sa.select(sa.literal("comment"), sa.cast(sa.null(), sa.Date), Comment.created_at,
                  Comment.author_id, sa.cast(sa.null(), text), sa.cast(sa.null(), text),
                  Comment.body, sa.cast(sa.null(), text))
        .where(Comment.project_id == pid),
    ]
    feed = sa.union_all(*parts).subquery()
    rows = db.session.execute(
        sa.select(feed, User.name.label("who")).outerjoin(User, User.id == feed.c.uid)).all()
    events = [_event(row) for row in rows]
    events.sort(key=lambda e: (e.day, e.at), reverse=True)
    return events


def _event(row) -> Event:
    who = row.who or "系统"
    if row.kind == "stage":
        origin = f"{stage_label(Stage(row.a))} → " if row.a else ""
        return Event(row.day, "stage", who, f"阶段：{origin}{stage_label(Stage(row.b))}",
                     row.body, row.at)
    if row.kind == "status":
        return Event(row.day, "status", who,
                     f"状态：{Status(row.a).label} → {Status(row.b).label}", row.body, row.at)
    if row.kind == "followup":
        body = row.body + (f"\n下一步：{row.extra}" if row.extra else "")
        return Event(row.day, "followup", who, f"对接（{row.a}）", body, row.at)
    return Event(_local_day(row.at), "comment", who, "领导批示", row.body, row.at)


def _local_day(at: datetime) -> date:
    return at.replace(tzinfo=UTC).astimezone(SHANGHAI).date()

