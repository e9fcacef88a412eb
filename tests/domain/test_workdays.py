from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm.domain.workdays import (
    SUPPORTED_YEARS,
    add_workdays,
    chinese_calendar_entries,
    is_workday,
    uncovered_warnings,
    uncovered_years,
    workdays_between,
)

# The first year chinesecalendar does not know (2027 with version 1.11); computed so that a
# package upgrade that adds a year moves the test along instead of breaking it.
UNKNOWN_YEAR = SUPPORTED_YEARS.stop


def overrides_for(*years):
    return {d: w for y in years for d, (w, _name) in chinese_calendar_entries(y).items()}


CAL_2024 = overrides_for(2024)


@pytest.mark.parametrize(
    ("day", "entry"),
    [
        (date(2024, 10, 1), (False, "国庆节")),
        (date(2024, 10, 7), (False, "国庆节")),  # Monday off
        (date(2024, 9, 29), (True, "国庆节")),  # Sunday 调休 working day
        (date(2024, 10, 12), (True, "国庆节")),  # Saturday 调休 working day
        (date(2024, 2, 12), (False, "春节")),
        (date(2024, 1, 1), (False, "元旦")),
    ],
)
def test_2024_entries_mark_holidays_and_make_up_days_with_chinese_names(day, entry):
    assert chinese_calendar_entries(2024)[day] == entry


@pytest.mark.parametrize(
    "day",
    [date(2024, 10, 5), date(2024, 10, 6), date(2024, 10, 8), date(2024, 10, 13)],
)
def test_entries_leave_out_days_that_follow_monday_to_friday(day):
    # 10-05/10-06 are holiday weekends, 10-08 an ordinary Tuesday, 10-13 an ordinary Sunday.
    assert day not in chinese_calendar_entries(2024)


@pytest.mark.parametrize("year", [2004, 2015, 2024, 2026])
def test_entries_agree_with_the_package_on_every_day_of_the_year(year):
    overrides = overrides_for(year)
    days = [date(year, 1, 1) + timedelta(days=i) for i in range(366)]
    mismatches = [
        d
        for d in days
        if d.year == year and is_workday(d, overrides) != chinese_calendar.is_workday(d)
    ]
    assert mismatches == []


def test_2026_is_covered():
    entries = chinese_calendar_entries(2026)
    assert 2026 in SUPPORTED_YEARS and SUPPORTED_YEARS.start == 2004
    assert entries[date(2026, 10, 1)] == (False, "国庆节")
    assert entries[date(2026, 10, 10)] == (True, "国庆节")  # Saturday 调休


@pytest.mark.parametrize("year", [2003, UNKNOWN_YEAR])
def test_an_unknown_year_gives_no_entries_instead_of_an_error(year):
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(year, 6, 1))  # the package itself refuses the year
    assert chinese_calendar_entries(year) == {}


def test_a_year_missing_from_the_package_produces_the_admin_warning_in_q4():
    last_known = UNKNOWN_YEAR - 1
    seeded = {y for y in (last_known, UNKNOWN_YEAR) if chinese_calendar_entries(y)}
    assert seeded == {last_known}
    assert uncovered_warnings(seeded, date(last_known, 11, 1)) == [
        f"{UNKNOWN_YEAR}年节假日尚未录入，系统暂按周一至周五计算工作日，请管理员录入"
    ]


@pytest.mark.parametrize(
    ("years", "today", "expected"),
    [
        ({2024}, date(2024, 6, 1), []),
        ({2024}, date(2024, 9, 30), []),  # next year is not asked for before Q4
        ({2024}, date(2024, 10, 1), [2025]),
        ({2024, 2025}, date(2024, 12, 31), []),
        (set(), date(2027, 3, 1), [2027]),
        ({2026}, date(2026, 11, 20), [2027]),
        (set(), date(2027, 10, 8), [2027, 2028]),
    ],
)
def test_uncovered_years_lists_this_year_and_next_year_from_october(years, today, expected):
    assert uncovered_years(years, today) == expected


@pytest.mark.parametrize(
    ("day", "overrides", "expected"),
    [
        (date(2024, 10, 1), CAL_2024, False),  # Tuesday, 国庆
        (date(2024, 10, 12), CAL_2024, True),  # Saturday, 调休
        (date(2024, 10, 8), CAL_2024, True),
        (date(2024, 10, 13), CAL_2024, False),
        (date(2027, 10, 1), {}, True),  # no entries: plain Monday-Friday
        (date(2027, 10, 2), {}, False),
    ],
)
def test_is_workday_applies_overrides_over_monday_to_friday(day, overrides, expected):
    assert is_workday(day, overrides) is expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2024, 9, 30), 1, date(2024, 10, 8)),  # over the whole 国庆 week
        (date(2024, 9, 27), 1, date(2024, 9, 29)),  # Friday -> 调休 Sunday
        (date(2024, 10, 8), 4, date(2024, 10, 12)),  # ends on the 调休 Saturday
        (date(2024, 10, 3), 1, date(2024, 10, 8)),  # starting inside the holiday
        (date(2024, 10, 8), -1, date(2024, 9, 30)),
        (date(2024, 10, 5), 0, date(2024, 10, 5)),
    ],
)
def test_add_workdays_skips_holidays_and_counts_make_up_days(start, n, expected):
    assert add_workdays(start, n, CAL_2024) == expected


def test_add_workdays_without_entries_counts_monday_to_friday():
    assert add_workdays(date(2024, 9, 30), 1, {}) == date(2024, 10, 1)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (date(2024, 9, 30), date(2024, 10, 8), 1),
        # 9-29 (Sun), 9-30, 10-08..10-12 (Sat included), 10-14
        (date(2024, 9, 27), date(2024, 10, 14), 8),
        (date(2024, 10, 8), date(2024, 9, 30), -1),
        (date(2024, 10, 5), date(2024, 10, 5), 0),
    ],
)
def test_workdays_between_counts_working_days_after_the_first_date(a, b, expected):
    assert workdays_between(a, b, CAL_2024) == expected


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31)),
    st.integers(min_value=-60, max_value=60),
)
def test_workdays_between_inverts_add_workdays(start, n):
    assert workdays_between(start, add_workdays(start, n, CAL_2024), CAL_2024) == n
