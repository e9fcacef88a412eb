"""我的工作台: the queries behind the signed-in home page.

Every query starts from access.readable_clause, so a confidential project the user may not read
never appears in a list, a count or a change feed. Each section is a fixed number of queries,
whatever the number of projects (no query per row).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from crm.access import ids_per_request, readable_clause, team_ids
from crm.domain.stages import Health, Stage, Status
from crm.extensions import db
from crm.localtime import SHANGHAI, UTC
from crm.models import (
    Comment,
    DictItem,
    FollowUp,
    Project,
    Role,
    StageChange,
    StatusChange,
    User,
)
from crm.projects import health
from crm.projects.pipeline import in_pipeline

CHANGES_LIMIT = 20
SECTION_ROWS = 20  # rows a home-page section lists; its count stays exact
EXCERPT = 60


def mine_clause(user: User):
    """The projects that are the user's own work: for staff those they own or are on the team
    of, for liaisons also their unit's projects, for leaders those they lead (包联)."""
    if user.role == Role.leader:
        return Project.leader_id == user.id
    if user.role == Role.liaison and user.org_id is not None:
        return sa.or_(Project.org_id == user.org_id, Project.id.in_(team_ids(user)))
    return Project.id.in_(my_team(user))


def my_team(user: User) -> list[int]:
    """Ids of the projects a staff member owns or is on the team of, read once per request
    (from the owner, 包联领导 and member indexes: an OR of the three conditions would defeat
    them) and shared by the page's sections."""
    return ids_per_request("my_team", user, team_ids)


def _mine(user: User) -> list:
    return [readable_clause(user), mine_clause(user)]


@dataclass
class Shown:
    """The first rows of a section and the exact count of all of them."""
    rows: list
    count: int

    def __len__(self) -> int:  # templates write due|length for the badge
        return self.count

    def __iter__(self):
        return iter(self.rows)

    def __bool__(self) -> bool:
        return self.count > 0


def _due(user: User, day: date) -> list:
    return [*_mine(user), Project.next_followup_at <= day, Project.status == Status.normal]


def due_followups(user: User, day: date) -> Shown:
    """My projects whose next follow-up is due today or overdue, oldest first: the first
    SECTION_ROWS of them, and how many there are."""
    return _first(_due(user, day), (Project.next_followup_at, Project.id), SECTION_ROWS)


def _first(where: list, order: tuple, limit: int) -> Shown:
    """The first `limit` projects matching `where` (with their owner) and how many match: the
    count query runs only when the page is full."""
    rows = list(db.session.scalars(sa.select(Project).where(*where).order_by(*order)
                                   .limit(limit).options(joinedload(Project.owner))))
    count = len(rows) if len(rows) < limit else db.session.scalar(
        sa.select(sa.func.count(Project.id)).where(*where))
    return Shown(rows, count)


@dataclass
class HealthSummary:
    counts: dict[Health, int]
    flagged: list[tuple[Project, Health]]  # red first, then yellow; longest untouched first
    more: int = 0  # flagged projects beyond those listed


def health_summary(user: User, day: date) -> HealthSummary:
    """My pipeline projects by health colour (the list's own rule, crm/projects/health.py):
    the counts in one aggregate query, and the SECTION_ROWS longest untouched red or yellow
    ones (longest untouched first puts every red before every yellow)."""
    mine = [*_mine(user), Project.status == Status.normal, in_pipeline()]
    counts = db.session.execute(sa.select(*(
        sa.func.count(sa.case((health.clause(colour, day), Project.id))) for colour in Health))
        .where(*mine)).one()
    counted = dict(zip(Health, counts, strict=True))
    rows = db.session.scalars(
        sa.select(Project).where(*mine, sa.not_(health.clause(Health.green, day)))
        .order_by(health.progress_since(), Project.id).limit(SECTION_ROWS)).all()
    flagged = [(project, health.colour_of(project, day)) for project in rows]
    more = counted[Health.red] + counted[Health.yellow] - len(flagged)
    return HealthSummary(counted, flagged, more)


@dataclass
class Change:
    kind: str  # stage | status | followup | comment
    project_id: int
    project_name: str
    at: datetime  # naive UTC, shown with the local_time filter
    who: str
    text: str
    confidential: bool = False
    code_name: str = ""


def since_yesterday(day: date) -> datetime:
    """Yesterday 00:00 in Asia/Shanghai, as the naive UTC the tables store."""
    start = datetime.combine(day - timedelta(days=1), time(), SHANGHAI)
    return start.astimezone(UTC).replace(tzinfo=None)


def recent_changes(user: User, day: date, limit: int = CHANGES_LIMIT,
                   since: datetime | None = None) -> list[Change]:
    """Stage and status changes, follow-ups and 批示 entered on my projects since yesterday
    00:00 (Asia/Shanghai) or `since` (naive UTC), newest first: one UNION ALL query."""
    since = since or since_yesterday(day)
    text = sa.String

    def own(project_id) -> list:
        # Staff: each part seeks (project, entry time) for each of their projects, so the cost
        # follows their portfolio rather than the county's day.
        return [project_id.in_(my_team(user))] if user.role == Role.staff else []

    parts = [
        sa.select(sa.literal("stage").label("kind"), StageChange.project_id.label("pid"),
                  StageChange.entered_at.label("at"), StageChange.user_id.label("uid"),
                  sa.cast(StageChange.from_stage, text).label("a"),
                  sa.cast(StageChange.to_stage, text).label("b"),
                  StageChange.note.label("body"))
        .where(StageChange.entered_at >= since, *own(StageChange.project_id)),
        sa.select(sa.literal("status"), StatusChange.project_id, StatusChange.entered_at,
                  StatusChange.user_id, sa.cast(StatusChange.from_status, text),
                  sa.cast(StatusChange.to_status, text), StatusChange.reason)
        .where(StatusChange.entered_at >= since, *own(StatusChange.project_id)),
        sa.select(sa.literal("followup"), FollowUp.project_id, FollowUp.created_at,
                  FollowUp.author_id, sa.cast(DictItem.label, text), sa.cast(sa.null(), text),
                  FollowUp.summary)
        .join(DictItem, DictItem.id == FollowUp.kind_id)
        .where(FollowUp.created_at >= since, *own(FollowUp.project_id)),
        sa.select(sa.literal("comment"), Comment.project_id, Comment.created_at,
                  Comment.author_id, sa.cast(sa.null(), text), sa.cast(sa.null(), text),
                  Comment.body)
        .where(Comment.created_at >= since, *own(Comment.project_id)),
    ]
    feed = sa.union_all(*parts).subquery()
    rows = db.session.execute(
        sa.select(feed.c.kind, feed.c.pid, Project.name, feed.c.at, User.name, feed.c.a,
                  feed.c.b, feed.c.body, Project.confidential, Project.code_name)
        .join(Project, Project.id == feed.c.pid)
        .outerjoin(User, User.id == feed.c.uid)
        .where(*_mine(user))
        .order_by(feed.c.at.desc()).limit(limit)).all()
    return [Change(kind, pid, name, at, who or "系统", _describe(kind, a, b, body), secret, code)
            for kind, pid, name, at, who, a, b, body, secret, code in rows]


def _describe(kind: str, a: str | None, b: str | None, body: str) -> str:
    if kind == "stage":
        origin = f"{Stage(a).label} → " if a else ""
        return f"阶段：{origin}{Stage(b).label}" + (f"（{excerpt(body)}）" if body else "")
    if kind == "status":
        return f"状态：{Status(a).label} → {Status(b).label}（{excerpt(body)}）"
    if kind == "followup":
        return f"对接（{a}）：{excerpt(body)}"
    return f"领导批示：{excerpt(body)}"


def excerpt(body: str, length: int = EXCERPT) -> str:
    body = " ".join((body or "").split())
    return body if len(body) <= length else body[:length] + "…"


@dataclass
class LatestFollowUp:
    contact_date: date
    kind: str
    summary: str


LED_ROWS = 50


def led_projects(user: User) -> Shown:
    """我包联的项目: the projects this leader is responsible for, next follow-up first (the
    first LED_ROWS, and how many there are)."""
    return _first([readable_clause(user), Project.leader_id == user.id],
                  (sa.nulls_last(Project.next_followup_at.asc()), Project.id), LED_ROWS)


def latest_followups(project_ids: list[int]) -> dict[int, LatestFollowUp]:
    """The newest follow-up of each project, in one query (a window over follow-ups)."""
    if not project_ids:
        return {}
    ranked = sa.select(
        FollowUp.id,
        sa.func.row_number().over(partition_by=FollowUp.project_id,
                                  order_by=(FollowUp.contact_date.desc(), FollowUp.id.desc()))
        .label("rn"),
    ).where(FollowUp.project_id.in_(project_ids)).subquery()
    rows = db.session.execute(
        sa.select(FollowUp.project_id, FollowUp.contact_date, DictItem.label, FollowUp.summary)
        .join(ranked, ranked.c.id == FollowUp.id)
        .join(DictItem, DictItem.id == FollowUp.kind_id)
        .where(ranked.c.rn == 1)).all()
    return {pid: LatestFollowUp(day, kind, excerpt(summary))
            for pid, day, kind, summary in rows}


@dataclass
class Submission:
    submitted_at: datetime  # naive UTC, shown with the local_time filter
    project: Project | None  # None once it may not be read (made confidential): accepted only


def submissions(user: User) -> list[Submission]:
    """A reporter's own leads, newest first, with what became of them. Listed from their own
    reports, not from what they may read: a lead whose project was made confidential stays
    on the list, but as an accepted lead with its date and nothing more."""
    rows = db.session.execute(
        sa.select(Project, readable_clause(user).label("readable"))
        .where(Project.reported_by_id == user.id)
        .order_by(Project.created_at.desc(), Project.id.desc())).all()
    return [Submission(project.created_at, project if readable else None)
            for project, readable in rows]
