"""DESIGN.md's counting rules as worked examples (crm/domain/metrics.py)."""

from datetime import date
from decimal import Decimal

import pytest

from crm.domain import metrics
from crm.domain.metrics import AgreementFacts, signing_facts
from crm.domain.stages import AgreementKind

FRAME, INVEST, SUPPL = (AgreementKind.framework, AgreementKind.investment,
                        AgreementKind.supplement)
YI = 100_000_000


def agreements(*rows):
    return [AgreementFacts(kind, date.fromisoformat(day), amount, start, activity)
            for kind, day, amount, start, activity in rows]


@pytest.mark.parametrize(("rows", "counted", "signed_on", "agreed_total"), [
    # A 框架协议 alone is 意向签约: it counts its own amount apart, nothing is signed.
    ([(FRAME, "2022-02-10", 2 * YI, None, None)], (2 * YI,), None, None),
    # 框架协议 in one quarter, 投资协议 in the next: the project is signed when the second is.
    ([(FRAME, "2022-03-20", 2 * YI, None, None), (INVEST, "2022-04-08", 3 * YI, None, None)],
     (2 * YI, 3 * YI), date(2022, 4, 8), 3 * YI),
    # A 补充协议 records the new total: its difference counts in its own period.
    ([(INVEST, "2022-01-15", 3 * YI, None, None), (SUPPL, "2022-09-01", 4 * YI, None, None)],
     (3 * YI, YI), date(2022, 1, 15), 4 * YI),
    # A 补充协议 may lower the total: the difference is negative.
    ([(INVEST, "2022-01-15", 3 * YI, None, None), (SUPPL, "2022-09-01", int(2.5 * YI), None, None)],
     (3 * YI, -YI // 2), date(2022, 1, 15), int(2.5 * YI)),
    # A second-phase 投资协议 adds its amount; the project still counts once, at the first.
    ([(INVEST, "2022-01-15", 3 * YI, None, None), (INVEST, "2023-05-01", 2 * YI, None, None)],
     (3 * YI, 2 * YI), date(2022, 1, 15), 5 * YI),
    # A 补充协议 before any 投资协议 restates nothing.
    ([(SUPPL, "2022-01-01", 5 * YI, None, None), (INVEST, "2022-02-01", YI, None, None)],
     (0, YI), date(2022, 2, 1), YI),
    # Supplement then a second phase: the phase adds to the restated total.
    ([(INVEST, "2022-01-15", 3 * YI, None, None), (SUPPL, "2022-03-01", 4 * YI, None, None),
      (INVEST, "2022-06-01", YI, None, None)],
     (3 * YI, YI, YI), date(2022, 1, 15), 5 * YI),
])
def test_what_each_agreement_counts(rows, counted, signed_on, agreed_total):
    facts = signing_facts(agreements(*rows))
    assert facts.counted == counted
    assert facts.signed_on == signed_on
    assert facts.agreed_total == agreed_total
    # The parts of 签约金额 add up to the agreed total, whatever the periods they fall in.
    signed_parts = [c for (kind, *_), c in zip(rows, counted, strict=True) if kind != FRAME]
    assert sum(signed_parts) == (agreed_total or 0)


def test_signing_activity_and_agreed_start_follow_the_agreements():
    facts = signing_facts(agreements(
        (FRAME, "2022-01-05", YI, date(2022, 3, 1), 7),  # a framework's start date binds nothing
        (INVEST, "2022-02-01", 2 * YI, date(2022, 6, 1), 3),
        (SUPPL, "2022-05-01", 3 * YI, date(2022, 9, 1), None),  # postponed by the supplement
    ))
    assert facts.signed_activity_id == 3
    assert facts.agreed_start_on == date(2022, 9, 1)


def test_agreements_of_one_day_keep_their_entry_order():
    rows = agreements((SUPPL, "2022-01-01", 4 * YI, None, None),
                      (INVEST, "2022-01-01", 3 * YI, None, None))
    ordered = metrics.in_signed_order(rows)
    assert [a.kind for a in ordered] == [SUPPL, INVEST]


@pytest.mark.parametrize(("period", "start", "end", "label"), [
    (metrics.month(2022, 2), date(2022, 2, 1), date(2022, 2, 28), "2022年2月"),
    (metrics.month(2024, 2), date(2024, 2, 1), date(2024, 2, 29), "2024年2月"),
    (metrics.quarter(2022, 4), date(2022, 10, 1), date(2022, 12, 31), "2022年第四季度"),
    (metrics.months_to(2022, 6), date(2022, 1, 1), date(2022, 6, 30), "2022年1-6月"),
    (metrics.months_to(2022, 1), date(2022, 1, 1), date(2022, 1, 31), "2022年1月"),
    (metrics.first_half(2022), date(2022, 1, 1), date(2022, 6, 30), "2022年上半年"),
    (metrics.whole_year(2022), date(2022, 1, 1), date(2022, 12, 31), "2022年全年"),
])
def test_periods(period, start, end, label):
    assert (period.start, period.end, period.label) == (start, end, label)
    assert start in period and end in period
    assert date.fromordinal(end.toordinal() + 1) not in period


def test_year_earlier_keeps_the_dates_and_maps_29_february():
    before = metrics.custom(date(2024, 2, 1), date(2024, 2, 29)).year_earlier()
    assert (before.start, before.end) == (date(2023, 2, 1), date(2023, 2, 28))
    assert metrics.months_to(2022, 6).year_earlier().end == date(2021, 6, 30)


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        metrics.custom(date(2022, 5, 2), date(2022, 5, 1))


@pytest.mark.parametrize(("day", "expected"), [
    (date(2022, 1, 1), Decimal(1) / 365),
    (date(2022, 6, 30), Decimal(181) / 365),  # 双过半: just under half on 30 June
    (date(2022, 7, 2), Decimal(183) / 365),
    (date(2024, 12, 31), Decimal(1)),  # a leap year's last day
    (date(2022, 12, 31), Decimal(1)),
])
def test_schedule_progress(day, expected):
    assert metrics.schedule_progress(day) == expected


@pytest.mark.parametrize(("value", "shown"), [
    (metrics.rate(3, 10), "30.0%"),  # 10 signed, 3 started: 开工率 30%
    (metrics.rate(2, 3), "66.7%"),  # rounded, never truncated to 66%
    (metrics.rate(1, 3), "33.3%"),
    (metrics.rate(1, 0), "—"),  # nothing signed: no rate
    (metrics.completion(18, 18), "100.0%"),
    (metrics.completion(5, None), "—"),
    (metrics.year_on_year(10, 8), "25.0%"),
    (metrics.year_on_year(6, 8), "-25.0%"),
    (metrics.year_on_year(3, 0), "—"),
])
def test_rates_and_their_display(value, shown):
    assert metrics.percent(value) == shown


def test_fund_rate_from_exact_sums():
    # 资金到位率 = 到位资金 / 签约金额, from sums in 元, rounded once for display.
    assert metrics.percent(metrics.rate(150_000_000, 3_298_000_000)) == "4.5%"


@pytest.mark.parametrize(("started", "agreed", "today", "due", "on_time"), [
    (date(2022, 5, 20), date(2022, 6, 1), date(2022, 12, 31), True, True),
    (date(2022, 6, 1), date(2022, 6, 1), date(2022, 12, 31), True, True),  # the day itself
    (date(2022, 6, 2), date(2022, 6, 1), date(2022, 12, 31), True, False),
    (None, date(2022, 6, 1), date(2022, 12, 31), True, False),
    (None, date(2022, 6, 1), date(2022, 6, 1), False, False),  # not yet passed
    (date(2022, 5, 1), None, date(2022, 12, 31), False, False),  # no agreed date: not counted
])
def test_performance_rate_terms(started, agreed, today, due, on_time):
    assert metrics.agreed_start_passed(agreed, today) is due
    assert metrics.started_on_time(started, agreed) is on_time
