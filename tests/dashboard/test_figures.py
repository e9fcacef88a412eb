"""The cockpit's figures on the hand-built county (tests/dashboard/conftest.py), on both
databases: each expected number is worked out from the data set's description."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from crm.dashboard import cockpit
from crm.dashboard.measures import DIMENSIONS, Scope, grouped, totals
from crm.domain import metrics
from crm.extensions import db
from crm.models import Project, User
from tests.dashboard.conftest import TODAY, YI

H1 = metrics.months_to(2022, 6)


def figures(app, users, who, period=H1, keys=cockpit.TILE_KEYS, today=TODAY, **filters):
    with app.app_context():
        scope = Scope(db.session.get(User, users[who]), period, None, today)
        return totals(scope, keys, filters)


def test_first_half_of_2022_as_a_staff_member(app, users, county):
    found = figures(app, users, "alice")
    assert found["signed"] == (10, 0)
    assert found["amount"] == (10, 3_298_000_000)  # 32.98亿元: the voided copy counts nothing
    assert found["cohort_started"][0] == 3  # 开工率 3/10 = 30%
    assert metrics.percent(metrics.rate(found["cohort_started"][0], found["signed"][0])) == "30.0%"
    # 资金到位率: 1.5亿 in place over the cohort's agreed total now (32.98亿 + 项目5's +1亿).
    assert found["cohort_agreed"] == (10, 3_398_000_000)
    assert found["cohort_funds"] == (2, 150_000_000)
    # 履约率: 项目1 and 项目3 on time, 项目2 late, 项目7 not started: 2 of 4.
    assert found["cohort_due"][0] == 4 and found["cohort_on_time"][0] == 2
    # 项目6 (终止) stays in the cohort but is not 签而未开; 7 signed projects have not started.
    assert found["signed_not_started"][0] == 6
    assert found["intent"] == (0, 0)


def test_the_leader_sees_the_confidential_project_in_every_total(app, users, county):
    found = figures(app, users, "leader")
    assert found["signed"][0] == 11
    assert found["amount"] == (11, 3_398_000_000)
    assert found["cohort_funds"] == (3, 180_000_000)
    # bob is on its team: he counts it too; alice does not (the test above).
    assert figures(app, users, "bob")["signed"][0] == 11


def test_framework_then_investment_agreement_in_the_next_quarter(app, users, county):
    q4 = figures(app, users, "alice", metrics.quarter(2021, 4), ("signed", "amount", "intent"))
    assert q4 == {"signed": (0, 0), "amount": (0, 0), "intent": (1, 200_000_000)}
    q1 = figures(app, users, "alice", metrics.quarter(2022, 1), ("signed", "amount", "intent"))
    assert q1["signed"] == (4, 0)  # 项目1, 2, 3 and 4
    assert q1["amount"][1] == _yi(5 + 4 + 3.5 + 3.2)
    assert q1["intent"] == (0, 0)


def test_a_supplement_counts_its_difference_in_its_own_month(app, users, county):
    september = figures(app, users, "alice", metrics.month(2022, 9), ("signed", "amount"))
    assert september == {"signed": (0, 0), "amount": (1, YI)}
    # The first half is filed: the later supplement does not change it.
    assert figures(app, users, "alice", keys=("amount",))["amount"][1] == 3_298_000_000
    year = figures(app, users, "alice", metrics.whole_year(2022), ("signed", "amount"))
    assert year == {"signed": (10, 0), "amount": (10, 3_398_000_000)}


def test_year_on_year_against_the_same_dates(app, users, county):
    before = figures(app, users, "alice", H1.year_earlier(), ("signed", "amount"))
    assert before == {"signed": (1, 0), "amount": (1, 2 * YI)}
    assert metrics.percent(metrics.year_on_year(10, 1)) == "900.0%"


def test_breakdowns_add_up_to_the_total(app, users, county):
    with app.app_context():
        scope = Scope(db.session.get(User, users["alice"]), H1, None, TODAY)
        for dimension in cockpit.BREAKDOWNS:
            parts = grouped(scope, "amount", (dimension,))
            assert sum(total for _key, _count, total in parts) == 3_298_000_000, dimension
            assert sum(count for _key, count, _total in parts) == 10, dimension
        by_org = {keys[0]: (count, total) for keys, count, total
                  in grouped(scope, "amount", ("org",))}
        assert sorted(count for count, _ in by_org.values()) == [4, 6]


def test_lead_investor_decides_the_company_breakdown(app, users, county, orgs):
    from crm.models import Company, DictItem, ProjectInvestor

    with app.app_context():
        nature = dict(db.session.execute(db.select(DictItem.code, DictItem.id).where(
            DictItem.kind == "nature")).all())
        soe = Company(name="某央企", nature_id=nature["central_soe"])
        db.session.add(soe)
        db.session.flush()
        # 项目1's own (lead) investor is 民营; a second, non-lead investor is a 央企: 项目1
        # counts as 民营. 项目2's lead investor is a 外资 company.
        lead = db.session.scalar(db.select(ProjectInvestor).where(
            ProjectInvestor.project_id == county.ids["项目1"]))
        db.session.get(Company, lead.company_id).nature_id = nature["private"]
        db.session.add(ProjectInvestor(project_id=county.ids["项目1"], company_id=soe.id,
                                       is_lead=False))
        lead2 = db.session.scalar(db.select(ProjectInvestor).where(
            ProjectInvestor.project_id == county.ids["项目2"]))
        db.session.get(Company, lead2.company_id).nature_id = nature["foreign"]
        db.session.commit()
        scope = Scope(db.session.get(User, users["alice"]), H1, None, TODAY)
        natures = {keys[0]: (count, total) for keys, count, total
                   in grouped(scope, "amount", ("nature",))}
        assert natures == {nature["private"]: (1, 5 * YI), nature["foreign"]: (1, 4 * YI),
                           None: (8, 3_298_000_000 - 9 * YI)}
        # The key-investor group follows the lead investor too: no 央企 project.
        assert totals(scope, ("signed",), {"key": "soe"})["signed"] == (0, 0)


def test_talks_at_the_end_of_a_past_period_come_from_the_history(app, users, county):
    from crm.domain.stages import Stage
    from crm.models import StageChange

    with app.app_context():
        row = Project(name="在谈项目", owner_id=users["alice"], stage=Stage.signed)
        db.session.add(row)
        db.session.flush()
        for day, before, after in ((date(2022, 1, 5), None, Stage.lead),
                                   (date(2022, 2, 1), Stage.lead, Stage.negotiation),
                                   (date(2022, 8, 1), Stage.negotiation, Stage.signed)):
            db.session.add(StageChange(project_id=row.id, from_stage=before, to_stage=after,
                                       effective_date=day))
        db.session.commit()
    # At the end of June it was 在谈; now (signed) it is not.
    assert figures(app, users, "alice", keys=("talks",), today=date(2022, 12, 31))["talks"][0] == 1
    assert figures(app, users, "alice", metrics.whole_year(2022), ("talks",),
                   today=date(2022, 12, 31))["talks"][0] == 0


def test_new_leads_are_counted_by_the_day_in_shanghai(app, users):
    with app.app_context():
        # 2022-06-30 17:00 UTC is 1 July 01:00 in Asia/Shanghai.
        db.session.add(Project(name="夜里录入", owner_id=users["alice"],
                               created_at=datetime(2022, 6, 30, 17, 0)))
        db.session.commit()
    june = figures(app, users, "alice", metrics.month(2022, 6), ("new_leads",))
    july = figures(app, users, "alice", metrics.month(2022, 7), ("new_leads",))
    assert (june["new_leads"][0], july["new_leads"][0]) == (0, 1)


def test_targets_progress_against_schedule(app, users, county):
    from crm.models import Target, TargetMetric

    with app.app_context():
        db.session.add_all([Target(year=2022, org_id=None, metric=TargetMetric.signed_count,
                                   value=20),
                            Target(year=2022, org_id=None, metric=TargetMetric.signed_amount,
                                   value=60 * YI)])
        db.session.commit()
        scope = Scope(db.session.get(User, users["alice"]), H1, None, TODAY)
        rows, day = cockpit.target_progress(scope)
    assert day == date(2022, 6, 30)
    by_metric = {row.metric: row for row in rows}
    signed = by_metric[TargetMetric.signed_count]
    assert (signed.actual, signed.target, signed.completion) == (10, 20, Decimal("0.5"))
    assert signed.progress == Decimal(181) / 365 and not signed.behind  # 50% > 49.6%
    amount = by_metric[TargetMetric.signed_amount]
    assert amount.actual == 3_298_000_000 and not amount.behind  # 32.98/60 = 55.0% > 49.6%
    assert metrics.percent(amount.completion) == "55.0%"
    started = by_metric[TargetMetric.started_count]
    assert (started.actual, started.target, started.completion) == (2, None, None)
    assert by_metric[TargetMetric.funds_arrived].target is None


@pytest.mark.parametrize("dimension", sorted(DIMENSIONS))
def test_every_dimension_groups_without_error(app, users, county, dimension):
    with app.app_context():
        scope = Scope(db.session.get(User, users["leader"]), H1, None, TODAY)
        parts = grouped(scope, "signed", (dimension,))
    assert sum(count for _key, count, _total in parts) == 11


def _yi(value) -> int:
    return round(value * YI)


@pytest.mark.parametrize("who", ["alice", "leader"])
def test_the_lists_counted_from_the_tiles_equal_the_lists_counted_alone(app, users, county,
                                                                       who):
    with app.app_context():
        scope = Scope(db.session.get(User, users[who]), H1, None, TODAY)
        alone = cockpit.lists(scope)
        from_tiles = cockpit.lists(scope, built=cockpit.build(scope))
        # alice's 6 (above); the leader also counts the confidential 项目11, not started.
        assert alone["signed_not_started"].count == {"alice": 6, "leader": 7}[who]
        for key, listing in alone.items():
            assert (from_tiles[key].count, [row[0].id for row in from_tiles[key].rows]) == (
                listing.count, [row[0].id for row in listing.rows]), key
