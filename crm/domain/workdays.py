"""Working days under the Chinese holiday calendar.

The holiday table holds only the dates that deviate from Monday-Friday: {date: is_workday}, with
holidays False and 调休 weekend working days True. It is seeded from the `chinesecalendar`
package, which knows only the years the State Council has announced (2004-2026 in 1.11); later
years an admin enters by hand, and until then weekdays are counted as plain Monday-Friday.
"""

from collections.abc import Mapping
from datetime import date, timedelta

import chinese_calendar

# Derived from the package's own table, so upgrading chinesecalendar extends it.
_KNOWN = chinese_calendar.holidays
SUPPORTED_YEARS = range(min(_KNOWN).year, max(_KNOWN).year + 1)

UNCOVERED_MESSAGE = "{year}年节假日尚未录入，系统暂按周一至周五计算工作日，请管理员录入"


def chinese_calendar_entries(year: int) -> dict[date, tuple[bool, str]]:
    """Deviating days of `year` as {date: (is_workday, 节日名)}; empty if the package lacks it.

    Holidays falling on a weekend do not deviate from Monday-Friday and are left out.
    """
    entries = {}
    day = date(year, 1, 1)
    while day.year == year:
        try:
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            return {}  # year not announced in this package version
        workday = not on_holiday
        if workday != _weekday_default(day):
            entries[day] = (workday, _chinese_name(name))
        day += timedelta(days=1)
    return entries


def _chinese_name(english: str | None) -> str:
    # The package stores English names; its Holiday enum carries the Chinese ones.
    if english is None:
        return ""
    try:
        return chinese_calendar.Holiday(english).chinese
    except ValueError:
        return english


def uncovered_years(years_with_entries: set[int], today: date) -> list[int]:
    """Years the admin must still enter: this year, and next year once we are in Q4."""
    wanted = [today.year] + ([today.year + 1] if today.month >= 10 else [])
    return [year for year in wanted if year not in years_with_entries]


def uncovered_warnings(years_with_entries: set[int], today: date) -> list[str]:
    return [UNCOVERED_MESSAGE.format(year=y) for y in uncovered_years(years_with_entries, today)]


def _weekday_default(d: date) -> bool:
    return d.weekday() < 5


def is_workday(d: date, overrides: Mapping[date, bool]) -> bool:
    return overrides.get(d, _weekday_default(d))


def add_workdays(d: date, n: int, overrides: Mapping[date, bool]) -> date:
    """The n-th working day after d (before it when n < 0); d itself when n == 0.

    d need not be a working day: one working day after a Saturday is the next working day.
    """
    step = timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    while remaining:
        d += step
        if is_workday(d, overrides):
            remaining -= 1
    return d


def workdays_between(a: date, b: date, overrides: Mapping[date, bool]) -> int:
    """Working days from a to b, the inverse of add_workdays: add_workdays(a, n) == b gives n.

    Forwards it counts (a, b]; backwards it counts [b, a) and is negative. So an item due on
    Friday and looked at the following Tuesday is 2 working days overdue.
    """
    if b < a:
        return -_count(b - timedelta(days=1), a - timedelta(days=1), overrides)
    return _count(a, b, overrides)


def _count(a: date, b: date, overrides: Mapping[date, bool]) -> int:
    # Working days in (a, b]; a loop is fast enough for reminder horizons of weeks or months.
    return sum(is_workday(a + timedelta(days=i), overrides) for i in range(1, (b - a).days + 1))
