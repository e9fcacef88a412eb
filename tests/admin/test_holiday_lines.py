"""The bulk holiday parser: each line "date kind name", line-numbered Chinese errors."""

from datetime import date

import pytest

from crm.admin.forms import parse_holiday_lines


@pytest.mark.parametrize(("line", "entry"), [
    ("2027-01-01 放假 元旦", (date(2027, 1, 1), False, "元旦")),
    ("2027-02-07 上班 春节调休", (date(2027, 2, 7), True, "春节调休")),
    ("2027/10/9\t班", (date(2027, 10, 9), True, "")),
    ("２０２７-１０-０１　放假　国庆节", (date(2027, 10, 1), False, "国庆节")),
    ("2027-05-01 休 劳动节 假期", (date(2027, 5, 1), False, "劳动节 假期")),
])
def test_it_parses_a_good_line(line, entry):
    assert parse_holiday_lines(line) == ([(1, *entry)], [])


@pytest.mark.parametrize(("line", "error"), [
    ("2027-02-30 放假 春节", "第1行：日期“2027-02-30”无效"),
    ("20270101 放假 元旦", "第1行：日期“20270101”无效"),
    ("2027-01-01", "第1行：格式应为"),
    ("2027-01-01 请假 元旦", "第1行：类型“请假”无效"),
    ("2027-01-01 放假 " + "长" * 31, "第1行：名称不能超过30个字"),
    ("2101-01-01 放假 元旦", "第1行：年份应在"),
])
def test_it_reports_a_bad_line(line, error):
    entries, errors = parse_holiday_lines(line)
    assert entries == [] and len(errors) == 1 and errors[0].startswith(error)


def test_it_skips_blank_lines_but_keeps_their_numbers():
    entries, errors = parse_holiday_lines("\n\n2027-01-01 放假 元旦\n\n2027-01-01 放假 元旦")
    assert [e[0] for e in entries] == [3] and errors == ["第5行：2027-01-01 与第3行重复"]
