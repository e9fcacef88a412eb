"""Demo agreements (框架/投资/补充协议) and money in place, consistent with each project's stage."""

from datetime import date, timedelta

from crm.demo.context import Ctx
from crm.demo.projects import WAN, Plan
from crm.domain.money import parse_money
from crm.domain.stages import AgreementKind, Stage
from crm.extensions import db
from crm.models import Agreement, FundArrival

# Share of the agreed total in place by stage, in percent.
FUNDED = {Stage.started: (10, 45), Stage.producing: (55, 85), Stage.operating: (85, 100)}
SOURCES = ["企业自有资金", "银行项目贷款", "股东增资", "集团公司拨付", "产业基金投资"]


def create(ctx: Ctx, plans: list[Plan]) -> tuple[int, int]:
    agreements = funds = 0
    for plan in plans:
        rows = _agreements(ctx, plan)
        funds += _funds(ctx, plan, rows)
        agreements += len(rows)
        db.session.add_all(rows)
    return agreements, funds


def _between(ctx: Ctx, start: date, end: date) -> date:
    return start + timedelta(days=ctx.rng.randint(0, max((end - start).days, 0)))


def _agreements(ctx: Ctx, plan: Plan) -> list[Agreement]:
    spec, project, rng = plan.spec, plan.project, ctx.rng
    owner_id = project.owner_id
    rows = []
    signed = project.signed_on
    if spec.framework:
        talks = plan.dates[Stage.negotiation.rank]
        until = signed - timedelta(days=7) if signed else (plan.last_contact or plan.dates[-1])
        rows.append(Agreement(
            project_id=project.id, kind=AgreementKind.framework,
            title=f"{spec.name}框架合作协议", signed_on=_between(ctx, talks, max(until, talks)),
            amount=parse_money(spec.amount), note="意向签约：约定投资意向、选址和下一步工作",
            created_by_id=owner_id,
        ))
        rows[-1].created_at = ctx.moment(rows[-1].signed_on)
    if signed is None:
        return rows
    activity = ctx.activities[spec.signed_at] if spec.signed_at else None
    investment = Agreement(
        project_id=project.id, kind=AgreementKind.investment, title=f"{spec.name}投资协议",
        signed_on=signed, amount=parse_money(spec.amount),
        agreed_start_date=signed + timedelta(days=rng.randint(45, 120)),
        activity=activity, created_by_id=owner_id, created_at=ctx.moment(signed),
        note=f"于{activity.title}上在线签约" if activity else "",
    )
    rows.append(investment)
    if spec.supplement:
        earliest = signed + timedelta(days=30)
        latest = max(plan.last_contact or plan.dates[-1], earliest)
        rows.append(Agreement(
            project_id=project.id, kind=AgreementKind.supplement,
            title=f"{spec.name}补充协议（追加投资）", signed_on=_between(ctx, earliest, latest),
            amount=parse_money(spec.supplement), created_by_id=owner_id,
            note="二期扩建，协议总投资调整为" + spec.supplement + "元",
        ))
        rows[-1].created_at = ctx.moment(rows[-1].signed_on)
    return rows


def _funds(ctx: Ctx, plan: Plan, agreements: list[Agreement]) -> int:
    project, rng = plan.project, ctx.rng
    share = FUNDED.get(project.stage)
    if project.started_on is None or share is None:
        return 0
    agreed = max(a.amount for a in agreements if a.kind != AgreementKind.framework)
    total = agreed * rng.randint(*share) // 100
    count = rng.randint(2, 4)
    start = project.registered_on or project.started_on
    days = max((ctx.today - start).days, count)
    offsets = sorted(rng.sample(range(days), count))
    parts = [rng.randint(1, 4) for _ in range(count)]
    left = total // WAN * WAN  # tranches in whole 万元, as bank slips show
    for i, offset in enumerate(offsets):
        amount = left if i == count - 1 else total * parts[i] // sum(parts) // WAN * WAN
        left -= amount
        arrived = start + timedelta(days=offset)
        db.session.add(FundArrival(
            project_id=project.id, arrived_on=arrived, amount=amount,
            source=rng.choice(SOURCES), created_by_id=project.owner_id,
            created_at=ctx.moment(arrived),
        ))
    return count
