"""A project's agreements and fund arrivals, and the totals that leave voided rows out.

协议金额 follows DESIGN.md "Figures": agreements in signed order, an 投资协议 adds its amount (a
second phase adds likewise), a 补充协议 restates the agreed total; a 框架协议 is only 意向签约.
crm/activities/queries.py counts 签约金额 by the same rule.
"""

from collections.abc import Iterable

import sqlalchemy as sa

from crm.domain import money
from crm.domain.stages import AgreementKind
from crm.extensions import db
from crm.models import Agreement, FundArrival


def agreed_total(rows: Iterable[tuple[AgreementKind, int | None]]) -> int | None:
    """(kind, amount) of live agreements in signed order -> 协议金额, or None before the first
    投资协议 (a 补充协议 without one restates nothing)."""
    total = None
    for kind, amount in rows:
        if kind == AgreementKind.investment:
            total = (total or 0) + (amount or 0)
        elif kind == AgreementKind.supplement and total is not None and amount is not None:
            total = amount
    return total


def agreements_of(project_id: int) -> sa.Select:
    """All of them, voided ones too (the project page strikes those through)."""
    return (sa.select(Agreement).where(Agreement.project_id == project_id)
            .order_by(Agreement.signed_on, Agreement.id))


def funds_of(project_id: int) -> sa.Select:
    return (sa.select(FundArrival).where(FundArrival.project_id == project_id)
            .order_by(FundArrival.arrived_on, FundArrival.id))


def agreed_amount(project_id: int) -> int | None:
    rows = db.session.execute(
        sa.select(Agreement.kind, Agreement.amount)
        .where(Agreement.project_id == project_id, Agreement.voided_at.is_(None))
        .order_by(Agreement.signed_on, Agreement.id)).tuples()
    return agreed_total(rows)


def funds_total(project_id: int, *, excluding: int | None = None) -> int:
    """Live 到位资金 of the project, without the arrival being edited (`excluding`)."""
    query = sa.select(sa.func.coalesce(sa.func.sum(FundArrival.amount), 0)).where(
        FundArrival.project_id == project_id, FundArrival.voided_at.is_(None))
    if excluding is not None:
        query = query.where(FundArrival.id != excluding)
    return db.session.scalar(query)


def readable_amount(yuan: int) -> str:
    """亿元 from 1亿 up when two decimals say it exactly, else 万元 (a unit check must not show
    two different amounts as the same number)."""
    if yuan >= 100_000_000 and yuan % 1_000_000 == 0:
        return money.format_yi(yuan)
    return money.format_wan(yuan)


def over_agreed(amount: int, recorded: int, agreed: int | None) -> str | None:
    """Why one arrival of `amount` on top of `recorded` looks like a unit slip, or None."""
    if not agreed:  # nothing agreed yet: nothing to compare with (the amount cap still holds)
        return None
    advice = "请核对单位（万元/亿元）；确认无误请勾选「确认金额无误」"
    if amount > agreed:
        return (f"本笔到位资金{readable_amount(amount)}超过协议金额{readable_amount(agreed)}。"
                + advice)
    if recorded + amount > agreed:
        return (f"累计到位资金将达{readable_amount(recorded + amount)}，超过协议金额"
                f"{readable_amount(agreed)}。" + advice)
    return None
