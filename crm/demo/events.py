"""Demo activities (云招商, 云签约, 推介会 ...) and this year's county targets."""

from datetime import timedelta

from crm.demo.catalogue import ACTIVITIES
from crm.demo.context import Ctx
from crm.domain.money import parse_money
from crm.extensions import db
from crm.models import Activity, DictKind, Target, TargetMetric

# County-wide targets for the current year, as the bureau receives them.
TARGETS = {
    TargetMetric.signed_count: 18,
    TargetMetric.signed_amount: parse_money("60亿"),
    TargetMetric.funds_arrived: parse_money("30亿"),
    TargetMetric.started_count: 12,
    TargetMetric.producing_count: 8,
}
# The two parks' share of the signings (as 责任单位), so the 考核排名 page ranks units
# against targets of their own.
SECTION_TARGETS = {"磁县经济开发区": 6, "磁县化工园区": 5}


def create_activities(ctx: Ctx) -> None:
    for key, spec in ACTIVITIES.items():
        activity = Activity(
            title=f"{ctx.days_ago(spec.days_ago).year}年{spec.title}",
            kind=ctx.item(DictKind.activity_type, spec.kind),
            held_on=ctx.days_ago(spec.days_ago),
            platform=ctx.item(DictKind.platform, spec.platform),
            location=spec.location or "线上", organiser=ctx.orgs[spec.organiser],
            notes=spec.notes, leaders=[ctx.users[k] for k in spec.leaders],
            created_by_id=ctx.users["admin"].id,
            created_at=ctx.moment(ctx.days_ago(spec.days_ago) - timedelta(days=7)),
        )
        ctx.activities[key] = activity
        db.session.add(activity)
    db.session.flush()


def create_targets(ctx: Ctx) -> int:
    year = ctx.today.year
    rows = [Target(year=year, org=None, metric=metric, value=value)
            for metric, value in TARGETS.items()]
    rows += [Target(year=year, org=ctx.orgs[name], metric=TargetMetric.signed_count, value=value)
             for name, value in SECTION_TARGETS.items()]
    db.session.add_all(rows)
    return len(rows)
