"""What the daily and weekly digests say, read through the recipient's readable rule.

The daily digest is the workbench's own three sections (crm.workbench), so the e-mail and the
home page can never disagree. The weekly 周调度 digest is the leaders' week in figures.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from crm import workbench
from crm.access import readable_clause
from crm.domain.stages import AgreementKind, Health, Status
from crm.extensions import db
from crm.models import Agreement, Org, Project, StageChange, User
from crm.projects.pipeline import in_pipeline
from crm.reminders.clock import at_local


@dataclass
class DailyDigest:
    due: list[Project]
    flagged: list[tuple[Project, Health]]
    changes: list[workbench.Change]

    @property
    def empty(self) -> bool:
        return not (self.due or self.flagged or self.changes)

    @property
    def confidential(self) -> bool:
        return (any(p.confidential for p in self.due)
                or any(p.confidential for p, _ in self.flagged)
                or any(c.confidential for c in self.changes))


def daily(user: User, today: date, since_day: date) -> DailyDigest:
    """My due and overdue follow-ups, my 红/黄 projects, changes on my projects since the
    start of the previous working day (so Monday's digest covers the weekend)."""
    since = at_local(since_day, datetime.min.time())
    return DailyDigest(
        due=workbench.due_followups(user, today),
        flagged=workbench.health_summary(user, today).flagged,
        changes=workbench.recent_changes(user, today, since=since),
    )


@dataclass
class WeeklyDigest:
    start: date  # the 7 days [start, end)
    end: date
    new_leads: list[Project] = field(default_factory=list)
    stage_changes: list[tuple[Project, StageChange]] = field(default_factory=list)
    signings: list[tuple[Project, Agreement]] = field(default_factory=list)
    overdue_by_unit: list[tuple[str, int]] = field(default_factory=list)

    @property
    def signed_total(self) -> int:
        return sum(a.amount or 0 for _, a in self.signings)

    @property
    def empty(self) -> bool:
        return not (self.new_leads or self.stage_changes or self.signings or self.overdue_by_unit)

    @property
    def confidential(self) -> bool:
        projects = ([*self.new_leads] + [p for p, _ in self.stage_changes]
                    + [p for p, _ in self.signings])
        return any(p.confidential for p in projects)


def weekly(user: User, day: date) -> WeeklyDigest:
    digest = WeeklyDigest(start=day - timedelta(days=7), end=day)
    since, until = at_local(digest.start, datetime.min.time()), at_local(day, datetime.min.time())
    readable = readable_clause(user)
    digest.new_leads = list(db.session.scalars(
        sa.select(Project).where(readable, in_pipeline(), Project.created_at >= since,
                                 Project.created_at < until)
        .order_by(Project.created_at, Project.id)))
    digest.stage_changes = list(db.session.execute(
        sa.select(Project, StageChange).join(StageChange, StageChange.project_id == Project.id)
        .where(readable, StageChange.entered_at >= since, StageChange.entered_at < until,
               StageChange.from_stage.is_not(None))  # a new project's first row: a new lead
        .order_by(StageChange.entered_at, StageChange.id)).tuples())
    digest.signings = list(db.session.execute(
        sa.select(Project, Agreement).join(Agreement, Agreement.project_id == Project.id)
        .where(readable, Agreement.kind == AgreementKind.investment,
               Agreement.voided_at.is_(None),
               Agreement.signed_on >= digest.start, Agreement.signed_on < day)
        .order_by(Agreement.signed_on, Agreement.id)).tuples())
    overdue = db.session.execute(
        sa.select(Org.name, sa.func.count(Project.id)).select_from(Project)
        .outerjoin(Org, Org.id == Project.org_id)
        .where(readable, Project.status == Status.normal, Project.next_followup_at < day)
        .group_by(Org.name).order_by(sa.func.count(Project.id).desc(), Org.name))
    digest.overdue_by_unit = [(name or "未指定责任单位", count) for name, count in overdue]
    return digest
