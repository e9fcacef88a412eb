"""The only writer of a project's creation, stage, status and progress date.

Every entry point calls these functions: the new-project form, the stage and status forms and
the board (crm/projects/moves.py), an 投资协议 (crm/agreements), intake (the public form, a
reporter's lead, screening), leads raised at an activity, follow-ups (crm/followups/dates.py)
and the demo loader. Each function changes the session only; the caller commits, so the
change and what caused it land in one transaction.

Dates are real-world dates (the 实际发生日期 the user gives), not the day of entry: a bureau
entering its 2022 history gets a 2022 timeline.
"""

from datetime import date, datetime

import sqlalchemy as sa

from crm.domain.stages import (
    ProjectFacts,
    Stage,
    Status,
    check_stage_move,
    check_status_change,
    is_qualifying_agreement,
)
from crm.extensions import db
from crm.models import Agreement, Project, ProjectInvestor, StageChange, StatusChange, User
from crm.projects import signing


def _user_id(by: User | None) -> int | None:
    return by.id if by is not None else None


def _when(entered_at: datetime | None) -> dict:
    return {} if entered_at is None else {"entered_at": entered_at}


def create(project: Project, *, by: User | None, lead_on: date, note: str = "录入项目",
           entered_at: datetime | None = None) -> Project:
    """Add a new project (its own fields already set by the caller) at 线索 since `lead_on`,
    with its first StageChange; flushed, so it has an id. `entered_at` (when the change was
    entered, default now) is given only by the demo loader, which replays years of work."""
    return create_many([(project, lead_on)], by=by, note=note, entered_at=entered_at)[0]


def create_many(projects: list[tuple[Project, date]], *, by: User | None,
                note: str = "录入项目", entered_at: datetime | None = None) -> list[Project]:
    """`create` for several projects, each with its `lead_on`, in one flush: a ledger import
    adds its rows a chunk at a time (crm/imports/apply.py)."""
    for project, lead_on in projects:
        if project.created_by_id is None:
            project.created_by_id = _user_id(by)
        project.stage, project.stage_date, project.status = Stage.lead, lead_on, Status.normal
        record_progress(project, lead_on)
        db.session.add(project)
    db.session.flush()
    for project, lead_on in projects:
        db.session.add(StageChange(project_id=project.id, from_stage=None, to_stage=Stage.lead,
                                   effective_date=lead_on, user_id=_user_id(by), note=note,
                                   **_when(entered_at)))
    return [project for project, _lead_on in projects]


def project_facts(project: Project) -> ProjectFacts:
    """What the stage gates look at: the milestone dates, a qualifying 投资协议 and a 主投资方."""
    return facts_of([project])[project.id]


def facts_of(projects: list[Project]) -> dict[int, ProjectFacts]:
    """project_facts for several projects (flushed), with one query for their agreements and
    one for their lead investors per chunk."""
    qualifying: set[int] = set()
    led: set[int] = set()
    for start in range(0, len(projects), _CHUNK):
        ids = [project.id for project in projects[start:start + _CHUNK]]
        for project_id, *agreement in db.session.execute(
                sa.select(Agreement.project_id, Agreement.kind, Agreement.amount,
                          Agreement.signed_on)
                .where(Agreement.project_id.in_(ids), *_live(Agreement))).all():
            if is_qualifying_agreement(*agreement):
                qualifying.add(project_id)
        led.update(db.session.scalars(
            sa.select(ProjectInvestor.project_id)
            .where(ProjectInvestor.project_id.in_(ids), ProjectInvestor.is_lead)))
    return {project.id: ProjectFacts(
        has_investment_agreement=project.id in qualifying,
        registered_on=project.registered_on, started_on=project.started_on,
        producing_on=project.producing_on, operating_on=project.operating_on,
        has_lead_investor=project.id in led)
        for project in projects}


_CHUNK = 500  # ids per IN list: well under SQLite's bound-parameter limit


def record_progress(project: Project, on: date) -> None:
    """最近进展 (which drives the health colour) moves forward only: a back-dated entry does
    not make a project look stale."""
    project.last_progress_at = max(filter(None, (project.last_progress_at, on)))


def move_stage(project: Project, target: Stage, *, on: date, by: User | None, note: str = "",
               facts=None, checked: bool = True, entered_at: datetime | None = None
               ) -> list[str]:
    """Move the project to `target` as of `on`; returns what prevents it (nothing changed then).

    `checked=False` only for history that is already known to be right (the demo loader)."""
    if checked:
        errors = check_stage_move(project.stage, target, facts or project_facts(project),
                                  note, project.status)
        if errors:
            return errors
    db.session.add(StageChange(project_id=project.id, from_stage=project.stage,
                               to_stage=target, effective_date=on, user_id=_user_id(by),
                               note=note, **_when(entered_at)))
    project.stage, project.stage_date = target, on
    record_progress(project, on)
    return []


def change_status(project: Project, target: Status, *, on: date, by: User | None,
                  reason: str, entered_at: datetime | None = None) -> list[str]:
    """暂缓/终止/流失/移出库 or back to 正常, with its reason; returns what prevents it."""
    errors = check_status_change(project.status, target, reason)
    if errors:
        return errors
    db.session.add(StatusChange(project_id=project.id, from_status=project.status,
                                to_status=target, effective_date=on, user_id=_user_id(by),
                                reason=reason, **_when(entered_at)))
    project.status, project.status_date, project.status_reason = target, on, reason
    return []


def follow_signing(project: Project, *, by: User | None) -> list[str]:
    """After an agreement is recorded, corrected or voided: the figures' signing facts (签约日期
    is the first 投资协议's date, each agreement's counted 签约金额, the agreed start date) are
    recomputed, and a project not yet at 签约 moves there as of that date (through the stage
    rules). Returns what kept the stage where it is."""
    return follow_signing_many([project], by=by)[project.id]


def follow_signing_many(projects: list[Project], *, by: User | None) -> dict[int, list[str]]:
    """`follow_signing` for several projects after one flush (a ledger import's chunk); what
    kept each project's stage where it is, by id."""
    db.session.flush()
    signing.refresh_many(db.session, projects)
    moving = [p for p in projects
              if p.signed_on is not None and p.stage.rank < Stage.signed.rank]
    facts = facts_of(moving) if moving else {}
    refused = {project.id: [] for project in projects}
    for project in moving:
        refused[project.id] = move_stage(project, Stage.signed, on=project.signed_on, by=by,
                                         note="签订投资协议", facts=facts[project.id])
    return refused


def _live(model) -> tuple:
    """Rows not voided (作废), where the model can be voided."""
    voided = getattr(model, "voided_at", None)
    return () if voided is None else (voided.is_(None),)
