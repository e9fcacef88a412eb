"""Queries behind intake and screening. Every project list goes through readable_clause."""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from crm.access import can_read, readable_clause
from crm.companies.queries import CONFIDENTIAL_HIT, Duplicate, duplicates
from crm.domain.stages import Screening
from crm.extensions import db
from crm.localtime import today
from crm.models import (
    Company,
    DictItem,
    DictKind,
    IntakeSubmission,
    Project,
    ProjectInvestor,
    SearchEntry,
    User,
)
from crm.names import normalise_company_name
from crm.projects import lifecycle
from crm.reference_data import stage_label
from crm.search.query import matches

__all__ = ["CONFIDENTIAL_HIT", "Candidates", "candidates", "duplicates_of", "pending",
           "submissions_of", "mine", "match_company", "channel_id", "new_lead", "targets_named"]

QUEUE_LIMIT = 200
TARGET_LIMIT = 20  # search results offered as the project a lead duplicates
SEEN_ELSEWHERE = "已有同事在跟进"
HIDDEN_LEAD = "一条线索已受理（保密项目，详情不显示）"


def channel_id(code: str) -> int | None:
    return db.session.scalar(sa.select(DictItem.id).where(
        DictItem.kind == DictKind.channel, DictItem.code == code))


def new_lead(company_name: str, intention: str, amount: int | None, channel: str,
             reporter: User | None = None) -> Project:
    """A 线索 of today waiting for 研判, created through the lifecycle module (added and
    flushed); the caller adds its investor and commits."""
    project = Project(
        name=f"{company_name}投资意向"[:200], screening=Screening.pending,
        channel_id=channel_id(channel), description=intention, total_investment=amount,
        reported_by_id=reporter.id if reporter else None,
        first_contact_by_id=reporter.id if reporter else None)
    note = "全员招商线索报送" if reporter else "投资意向登记（公开表单）"
    return lifecycle.create(project, by=reporter, lead_on=today(), note=note)


def match_company(name: str, uscc: str | None) -> Company | None:
    """The existing company with this credit code, else with the same normalised name."""
    if uscc:
        found = db.session.scalar(sa.select(Company).where(Company.uscc == uscc))
        if found is not None:
            return found
    query = sa.select(Company).where(Company.name_normalized == normalise_company_name(name))
    if uscc:  # a company registered under another credit code is another company
        query = query.where(Company.uscc.is_(None))
    return db.session.scalar(query.order_by(Company.id).limit(1))


def pending(user: User) -> list[Project]:
    """Leads waiting for 研判 that the user may read, newest first."""
    return list(db.session.scalars(
        sa.select(Project).where(Project.screening == Screening.pending, readable_clause(user))
        .options(selectinload(Project.investors).joinedload(ProjectInvestor.company),
                 joinedload(Project.reported_by), joinedload(Project.channel))
        .order_by(Project.created_at.desc(), Project.id.desc()).limit(QUEUE_LIMIT)).unique())


def submissions_of(project_ids: list[int]) -> dict[int, IntakeSubmission]:
    if not project_ids:
        return {}
    rows = db.session.scalars(sa.select(IntakeSubmission).where(
        IntakeSubmission.project_id.in_(project_ids)))
    return {row.project_id: row for row in rows}


@dataclass
class Candidates:
    companies: list[Duplicate] = field(default_factory=list)
    leads: list[Project] = field(default_factory=list)  # other leads of the same company
    confidential: bool = False

    @property
    def projects(self) -> list[Project]:
        seen, result = set(), []
        for project in [p for hit in self.companies for p in hit.projects] + self.leads:
            if project.id not in seen:
                seen.add(project.id)
                result.append(project)
        return result


def candidates(user: User, lead: Project, submission: IntakeSubmission | None) -> Candidates:
    """Existing companies and projects this lead may duplicate, by credit code and name."""
    company = lead.lead_investor
    name = company.name if company else submission.company_name if submission else lead.name
    uscc = company.uscc if company else submission.uscc if submission else None
    found = duplicates(user, name, uscc, exclude_id=company.id if company else None)
    if company is not None:  # the lead's own company: its other projects are candidates too
        own = Duplicate(company)
        _projects_of(user, own)
        found.insert(0, own)
    for hit in found:
        hit.projects = [p for p in hit.projects if p.id != lead.id]
    key = normalise_company_name(name)
    match = IntakeSubmission.company_name_normalized == key
    if uscc:
        match = sa.or_(match, IntakeSubmission.uscc == uscc)
    others = db.session.scalars(
        sa.select(Project).join(IntakeSubmission, IntakeSubmission.project_id == Project.id)
        .where(match, Project.id != lead.id).order_by(Project.id).limit(20)).all()
    result = Candidates(companies=[hit for hit in found if hit.projects or hit.confidential])
    result.leads = [p for p in others if can_read(user, p)]
    result.confidential = any(hit.confidential for hit in found) or any(
        p.confidential and not can_read(user, p) for p in others)
    return result


def targets_named(user: User, lead: Project, runs: list[str]) -> list[Project]:
    """Projects the user may read whose name, code name or investor company contains every run
    (the search index's matching: crm/search/query.py), that the lead may be marked as a
    duplicate of: not the lead itself, not a duplicate report. Shortest names first."""
    if not runs:
        return []
    by_project = sa.select(SearchEntry.entity_id).where(matches("project", runs))
    by_company = (sa.select(ProjectInvestor.project_id)
                  .join(SearchEntry, SearchEntry.entity_id == ProjectInvestor.company_id)
                  .where(matches("company", runs)))
    return list(db.session.scalars(
        sa.select(Project)
        .where(sa.or_(Project.id.in_(by_project), Project.id.in_(by_company)),
               readable_clause(user), Project.id != lead.id,
               sa.or_(Project.screening.is_(None), Project.screening != Screening.duplicate))
        .options(joinedload(Project.org),
                 selectinload(Project.investors).joinedload(ProjectInvestor.company))
        .order_by(sa.func.length(Project.name), Project.id).limit(TARGET_LIMIT)))


def _projects_of(user: User, hit: Duplicate) -> None:
    rows = db.session.execute(
        sa.select(Project, readable_clause(user).label("readable"))
        .join(ProjectInvestor, ProjectInvestor.project_id == Project.id)
        .where(ProjectInvestor.company_id == hit.company.id).order_by(Project.id)).all()
    for project, can_see in rows:
        if can_see:
            hit.projects.append(project)
        elif project.confidential:
            hit.confidential = True


def duplicates_of(project_id: int, user: User | None = None) -> list[Project]:
    """Later reports linked to this project as duplicates (重复报送), oldest first; with a user,
    only those the user may read."""
    query = (sa.select(Project).where(Project.duplicate_of_id == project_id)
             .options(joinedload(Project.reported_by), joinedload(Project.channel))
             .order_by(Project.created_at, Project.id))
    if user is not None:
        query = query.where(readable_clause(user))
    return list(db.session.scalars(query))


def mine(user: User) -> list[tuple[datetime, Project | None, str, Project | None]]:
    """The user's own reports, from their own report rows: (when, lead, what became of it,
    the duplicated project if readable). A lead whose project was made confidential and may
    no longer be read comes as (when, None, HIDDEN_LEAD, None): accepted, nothing more."""
    leads = db.session.scalars(
        sa.select(Project).where(Project.reported_by_id == user.id)
        .options(selectinload(Project.investors).joinedload(ProjectInvestor.company))
        .order_by(Project.created_at.desc(), Project.id.desc()).limit(QUEUE_LIMIT)).all()
    rows = []
    for lead in leads:
        if lead.confidential and not can_read(user, lead):
            rows.append((lead.created_at, None, HIDDEN_LEAD, None))
            continue
        target = None
        if lead.screening == Screening.duplicate and lead.duplicate_of_id:
            found = db.session.get(Project, lead.duplicate_of_id)
            target = found if found is not None and can_read(user, found) else None
        rows.append((lead.created_at, lead, outcome(lead), target))
    return rows


def outcome(lead: Project) -> str:
    if lead.screening == Screening.accepted:
        return f"已受理，当前阶段：{stage_label(lead.stage)}"
    if lead.screening == Screening.rejected:
        return "不予受理"
    if lead.screening == Screening.duplicate:
        return f"重复报送（{SEEN_ELSEWHERE}）"
    if lead.screening == Screening.pending:
        return "待研判"
    return f"当前阶段：{stage_label(lead.stage)}"
