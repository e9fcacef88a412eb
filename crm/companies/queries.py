"""Queries behind the company pages. Every project count or list goes through readable_clause."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from crm import audit_view
from crm.access import readable_clause
from crm.extensions import db
from crm.forms import query_int
from crm.models import (
    AuditLog,
    Company,
    CompanyFlag,
    CompanyFormerName,
    CompanyTally,
    Project,
    ProjectInvestor,
    User,
)
from crm.names import normalise_company_name
from crm.search.query import ids_matching

PAGE_SIZE = 20
HISTORY_LIMIT = 200

@dataclass
class Filters:
    nature: int | None = None
    cluster: int | None = None
    flag: int | None = None
    origin: str = ""
    q: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "Filters":
        return cls(nature=query_int(args.get("nature")), cluster=query_int(args.get("cluster")),
                   flag=query_int(args.get("flag")), origin=_text(args.get("origin")),
                   q=_text(args.get("q")), page=query_int(args.get("page")) or 1)

    def args(self, **changes) -> dict:
        values = {"nature": self.nature, "cluster": self.cluster, "flag": self.flag,
                  "origin": self.origin, "q": self.q, **changes}
        return {key: value for key, value in values.items() if value}


def _text(value) -> str:
    return (value or "").replace("\x00", "").strip()[:50]


def filtered(filters: Filters) -> sa.Select:
    """Companies matching the filters: a select over the companies table alone."""
    query = sa.select(Company)
    if filters.nature:
        query = query.where(Company.nature_id == filters.nature)
    if filters.cluster:
        query = query.where(Company.cluster_id == filters.cluster)
    if filters.flag:
        query = query.where(sa.select(CompanyFlag.id).where(
            CompanyFlag.company_id == Company.id, CompanyFlag.flag_id == filters.flag).exists())
    if filters.origin:
        query = query.where(Company.origin.contains(filters.origin, autoescape=True))
    if filters.q:
        # The search box's index: 童装, zjhc (pinyin initials), 91330502 (part of a credit
        # code) and former names all find the company, as the navbar search does.
        found = ids_matching("company", filters.q)
        query = query.where(Company.id.in_(found) if found is not None else sa.false())
    return query


def count(filters: Filters, query: sa.Select) -> int:
    """How many companies match. Filtered at most by 企业性质 and 产业集群, a sum of a few
    company_tallies rows (kept by triggers), whatever the number of companies; otherwise a
    plain COUNT over the filtered companies table, never db.paginate() over a join."""
    if not (filters.flag or filters.origin or filters.q):
        where = []
        if filters.nature:
            where.append(CompanyTally.nature_id == filters.nature)
        if filters.cluster:
            where.append(CompanyTally.cluster_id == filters.cluster)
        return int(db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(CompanyTally.companies), 0)).where(*where)))
    return db.session.scalar(query.with_only_columns(sa.func.count(Company.id)).order_by(None))


def page_of(query: sa.Select, offset: int) -> list[Company]:
    rows = query.options(
        joinedload(Company.nature), joinedload(Company.cluster),
        selectinload(Company.flags).joinedload(CompanyFlag.flag),
    ).order_by(Company.name_initials, Company.name, Company.id)
    return list(db.session.scalars(rows.limit(PAGE_SIZE).offset(offset)).unique())


def readable_project_counts(user: User, company_ids: list[int]) -> dict[int, int]:
    if not company_ids:
        return {}
    rows = db.session.execute(
        sa.select(ProjectInvestor.company_id, sa.func.count(ProjectInvestor.project_id))
        .join(Project, Project.id == ProjectInvestor.project_id)
        .where(ProjectInvestor.company_id.in_(company_ids), readable_clause(user))
        .group_by(ProjectInvestor.company_id))
    return dict(rows.tuples().all())


def readable_projects(user: User, company_id: int) -> list[tuple[Project, bool]]:
    """(project, is lead investor) for the company's projects the user may read."""
    rows = db.session.execute(
        sa.select(Project, ProjectInvestor.is_lead)
        .join(ProjectInvestor, ProjectInvestor.project_id == Project.id)
        .where(ProjectInvestor.company_id == company_id, readable_clause(user))
        .order_by(Project.created_at.desc(), Project.id.desc()))
    return list(rows.tuples().all())


def history(company: Company, *, contacts: bool = True) -> list[AuditLog]:
    """The company's change history; with its contacts' changes only for a viewer who may see
    their personal data (the rows carry old and new phone numbers)."""
    contact_ids = [contact.id for contact in company.contacts] if contacts else []
    where = sa.and_(AuditLog.entity == "companies", AuditLog.entity_id == company.id)
    if contact_ids:
        where = sa.or_(where, sa.and_(AuditLog.entity == "contacts",
                                      AuditLog.entity_id.in_(contact_ids)))
    return list(db.session.scalars(
        sa.select(AuditLog).where(where).options(selectinload(AuditLog.user))
        .order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(HISTORY_LIMIT)))


def grouped(rows: list[AuditLog], labels: dict[int, str]) -> list[audit_view.Entry]:
    """One entry per save of one record, worded by crm.audit_view; `labels` are the dictionary
    labels the page has loaded anyway (企业性质, 产业集群), so naming them costs no query."""
    return audit_view.entries(rows, known={("dict_items", key): name
                                           for key, name in labels.items()})


def latest_change(company: Company) -> AuditLog | None:
    return db.session.scalar(
        sa.select(AuditLog).where(AuditLog.entity == "companies",
                                  AuditLog.entity_id == company.id)
        .order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(1))


# --- Duplicate check --------------------------------------------------------------------

CONFIDENTIAL_HIT = "该企业已在一个保密项目中跟进，请咨询局领导"


@dataclass
class Duplicate:
    company: Company
    by_uscc: bool = False
    by_name: bool = False
    projects: list[Project] = field(default_factory=list)
    confidential: bool = False  # linked to a confidential project the user may not read


def duplicates(user: User, name: str | None, uscc: str | None,
               exclude_id: int | None = None) -> list[Duplicate]:
    """Companies with this credit code, or (when name is given) the same normalised name."""
    if name is None and not uscc:
        return []
    match = sa.false()
    if name is not None:
        key = normalise_company_name(name)
        former = sa.select(CompanyFormerName.company_id).where(
            CompanyFormerName.name_normalized == key)
        match = sa.or_(Company.name_normalized == key, Company.id.in_(former))
    if uscc:
        match = sa.or_(match, Company.uscc == uscc)
    query = sa.select(Company).where(match).order_by(Company.id).limit(20)
    if exclude_id is not None:
        query = query.where(Company.id != exclude_id)
    found = {company.id: Duplicate(company, by_uscc=bool(uscc) and company.uscc == uscc,
                                   by_name=not (uscc and company.uscc == uscc))
             for company in db.session.scalars(query)}
    if not found:
        return []
    readable = readable_clause(user)
    links = db.session.execute(
        sa.select(ProjectInvestor.company_id, Project, readable.label("readable"))
        .join(Project, Project.id == ProjectInvestor.project_id)
        .where(ProjectInvestor.company_id.in_(found))
        .order_by(Project.id)).all()
    for company_id, project, can_see in links:
        if can_see:
            found[company_id].projects.append(project)
        elif project.confidential:
            found[company_id].confidential = True
    return list(found.values())
