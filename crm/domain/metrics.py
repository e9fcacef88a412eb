"""The counting rules of the cockpit's figures (DESIGN.md "Figures the dashboard must get right").

Plain functions over plain values, no Flask and no database: the cockpit, the 月报, the 简报 and
e-mails share them, and tests/domain/test_metrics.py checks DESIGN.md's worked examples.

- 签约项目: a project counts once, in the period of its first 投资协议; a 框架协议 alone
  counts apart, as 意向签约.
- 签约金额: each agreement counts what it adds to the agreed total in the period it is signed:
  an 投资协议 its amount (a second phase adds likewise), a 补充协议 the difference between the
  new total it records and the total before it. A filed month never changes afterwards.
- Cohort rates (开工率, 投产率, 资金到位率, 履约率) are over the projects signed in the period; a
  project 终止 after signing stays in its cohort.
- 完成率 = actual / target; 序时进度 = days elapsed in the year / days in the year.
"""

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from crm.domain.stages import AgreementKind


@dataclass(frozen=True)
class AgreementFacts:
    """One live (not voided) agreement of a project, as the rules need it."""

    kind: AgreementKind
    signed_on: date
    amount: int | None  # 元; for a 补充协议 the new agreed total
    agreed_start_date: date | None = None
    activity_id: int | None = None


@dataclass(frozen=True)
class SigningFacts:
    """What a project's agreements decide for the figures, stored on its rows when they change."""

    counted: tuple[int | None, ...]  # per agreement, in the order given: what it adds to 签约金额
    signed_on: date | None  # the first 投资协议's date: the project's signing period
    signed_activity_id: int | None  # the activity that first 投资协议 was signed at
    agreed_total: int | None  # 协议金额 now: the sum of `counted` over non-framework agreements
    agreed_start_on: date | None  # the latest agreed start date (a 补充协议 may postpone it)


def in_signed_order(agreements: Iterable[AgreementFacts]) -> list[AgreementFacts]:
    """Python's sort is stable: agreements of one day keep the order they were entered in."""
    return sorted(agreements, key=lambda a: a.signed_on)


def signing_facts(agreements: Sequence[AgreementFacts]) -> SigningFacts:
    """The facts of a project's live agreements, given in signed order (then entry order).

    A 框架协议 counts its own amount apart (意向签约) and leaves the agreed total alone; a 补充协议
    before any 投资协议 restates nothing and counts 0."""
    counted: list[int | None] = []
    total: int | None = None
    first: AgreementFacts | None = None
    agreed_start: date | None = None
    for agreement in agreements:
        if agreement.kind == AgreementKind.framework:
            counted.append(agreement.amount)
            continue
        if agreement.kind == AgreementKind.investment:
            first = first or agreement
            added = agreement.amount or 0
            total = (total or 0) + added
        elif total is not None and agreement.amount is not None:  # 补充协议
            added, total = agreement.amount - total, agreement.amount
        else:
            added = 0
        counted.append(added)
        if total is not None and agreement.agreed_start_date is not None:
            agreed_start = agreement.agreed_start_date
    return SigningFacts(
        counted=tuple(counted), signed_on=first.signed_on if first else None,
        signed_activity_id=first.activity_id if first else None, agreed_total=total,
        agreed_start_on=agreed_start)


# --- Periods -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    """A closed range of Asia/Shanghai dates with its name in the bureau's words."""

    start: date
    end: date  # inclusive
    label: str

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("period ends before it starts")

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def year_earlier(self) -> "Period":
        """The same dates one year earlier (同比); 29 February becomes the 28th."""
        return Period(_year_earlier(self.start), _year_earlier(self.end),
                      f"上年同期（{self.label}）")

    def up_to(self, day: date) -> date:
        """The last day of the period that has happened by `day` (the period may lie ahead)."""
        return min(self.end, day)


def _year_earlier(day: date) -> date:
    if day.month == 2 and day.day == 29:
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def month(year: int, month_no: int) -> Period:
    last = calendar.monthrange(year, month_no)[1]
    return Period(date(year, month_no, 1), date(year, month_no, last), f"{year}年{month_no}月")


def quarter(year: int, number: int) -> Period:
    first_month = 3 * (number - 1) + 1
    end = month(year, first_month + 2).end
    return Period(date(year, first_month, 1), end,
                  f"{year}年第{'一二三四'[number - 1]}季度")


def months_to(year: int, last_month: int) -> Period:
    """1–N月: the year to the end of month N."""
    label = f"{year}年1月" if last_month == 1 else f"{year}年1-{last_month}月"
    return Period(date(year, 1, 1), month(year, last_month).end, label)


def first_half(year: int) -> Period:
    """上半年: the 双过半 check at the end of June."""
    return Period(date(year, 1, 1), date(year, 6, 30), f"{year}年上半年")


def whole_year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), f"{year}年全年")


def custom(start: date, end: date) -> Period:
    return Period(start, end, f"{start.isoformat()} 至 {end.isoformat()}")


# --- Rates ---------------------------------------------------------------------------------

def rate(part: int, whole: int) -> Decimal | None:
    """part / whole as a fraction, None when there is nothing to divide by (shown as "—")."""
    if whole <= 0:
        return None
    return Decimal(part) / Decimal(whole)


def percent(value: Decimal | None, places: int = 1) -> str:
    """0.3 -> "30.0%", rounded half-up (2 of 3 is 66.7%, never truncated to 66%)."""
    if value is None:
        return "—"
    step = Decimal(1).scaleb(-places)
    return f"{(value * 100).quantize(step, rounding=ROUND_HALF_UP)}%"


def schedule_progress(day: date) -> Decimal:
    """序时进度 on `day`: the days of its year elapsed, the day itself included, ÷ the days of
    the year (31 December is 100%)."""
    days_in_year = 366 if calendar.isleap(day.year) else 365
    return Decimal(day.timetuple().tm_yday) / Decimal(days_in_year)


def completion(actual: int, target: int | None) -> Decimal | None:
    """完成率 against a year's target; None without a (positive) target."""
    if not target or target <= 0:
        return None
    return Decimal(actual) / Decimal(target)


def year_on_year(now: int, before: int) -> Decimal | None:
    """同比 growth: (now - before) / before; None when a year earlier had nothing."""
    if before <= 0:
        return None
    return Decimal(now - before) / Decimal(before)


def agreed_start_passed(agreed_start_on: date | None, today: date) -> bool:
    """履约率 counts a project once the agreed start date has gone by."""
    return agreed_start_on is not None and agreed_start_on < today


def started_on_time(started_on: date | None, agreed_start_on: date | None) -> bool:
    """Started by the agreed start date (the day itself counts as on time)."""
    return (started_on is not None and agreed_start_on is not None
            and started_on <= agreed_start_on)


def week_before(day: date) -> tuple[date, date]:
    """This week's news: the seven days up to and including `day`."""
    return day - timedelta(days=6), day
