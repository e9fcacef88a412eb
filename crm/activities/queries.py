"""Activity lists and conversion figures. Every project count goes through readable_clause.

Conversion of one activity, over the projects raised there (Project.activity_id) that the viewer
may read — a leader reads every project, so leaders see the full figures; others do not see, and
do not count, a confidential project they may not read:
- 线索: every such project.
- 在谈: projects at 在谈 or beyond, or that ever had a StageChange to 在谈 (so one that reached
  在谈 and was later sent back, paused or lost still counts as having got that far).
- 签约: projects with at least one 投资协议. 签约金额 is each project's current agreed total,
  following DESIGN.md: agreements in signed order, an 投资协议 adds its amount, a 补充协议 restates
  the total; a 框架协议 is only 意向签约 and is left out.
- 开工: projects with a 开工 date (started_on).
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from crm.access import readable_clause
from crm.domain.stages import AgreementKind, Stage
from crm.extensions import db
from crm.models import Activity, Agreement, DictItem, Project, StageChange, User

PER_PAGE = 50
REACHED_TALKS = [stage for stage in Stage if stage.rank >= Stage.negotiation.rank]


def filtered(kind_id: int | None) -> sa.Select:
    query = sa.select(Activity)
    if kind_id:
        query = query.where(Activity.kind_id == kind_id)
    return query


def count(query: sa.Select) -> int:
    return db.session.scalar(query.with_only_columns(sa.func.count(Activity.id)).order_by(None))


def page_of(query: sa.Select, offset: int) -> list[Activity]:
    # The rows show type, platform and organiser: load them with the page, not one by one.
    eager = (selectinload(Activity.kind), selectinload(Activity.platform),
             selectinload(Activity.organiser))
    return list(db.session.scalars(
        query.options(*eager).order_by(Activity.held_on.desc(), Activity.id.desc())
        .offset(offset).limit(PER_PAGE)))


def lead_counts(user: User, activity_ids: list[int]) -> dict[int, int]:
    """Projects raised at each activity that the user may read."""
    if not activity_ids:
        return {}
    rows = db.session.execute(
        sa.select(Project.activity_id, sa.func.count(Project.id))
        .where(Project.activity_id.in_(activity_ids), readable_clause(user))
        .group_by(Project.activity_id)).all()
    return dict(rows)


def kinds() -> list[DictItem]:
    return list(db.session.scalars(
        sa.select(DictItem).where(DictItem.kind == "activity_type")
        .order_by(DictItem.sort_order, DictItem.id)))


def readable_leads(user: User, activity_id: int) -> list[Project]:
    return list(db.session.scalars(
        sa.select(Project).where(Project.activity_id == activity_id, readable_clause(user))
        .order_by(Project.created_at, Project.id)))


@dataclass
class Conversion:
    leads: int = 0
    talks: int = 0
    signed: int = 0
    signed_amount: int = 0
    started: int = 0
    signed_ids: frozenset = frozenset()


def conversion(projects: list[Project]) -> Conversion:
    ids = [project.id for project in projects]
    if not ids:
        return Conversion()
    went_to_talks = set(db.session.scalars(
        sa.select(StageChange.project_id).where(StageChange.project_id.in_(ids),
                                                StageChange.to_stage == Stage.negotiation)))
    agreements = db.session.scalars(
        sa.select(Agreement).where(Agreement.project_id.in_(ids),
                                   Agreement.kind != AgreementKind.framework,
                                   Agreement.voided_at.is_(None))
        .order_by(Agreement.signed_on, Agreement.id)).all()
    totals: dict[int, int] = {}
    for agreement in agreements:
        if agreement.kind == AgreementKind.investment:
            totals[agreement.project_id] = totals.get(agreement.project_id, 0) + (
                agreement.amount or 0)
        elif agreement.project_id in totals and agreement.amount is not None:
            totals[agreement.project_id] = agreement.amount  # 补充协议: the new agreed total
    return Conversion(
        leads=len(ids),
        talks=sum(1 for p in projects if p.stage in REACHED_TALKS or p.id in went_to_talks),
        signed=len(totals), signed_amount=sum(totals.values()),
        started=sum(1 for p in projects if p.started_on is not None),
        signed_ids=frozenset(totals))
