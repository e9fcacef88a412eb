"""Safe cells: a text that a spreadsheet would run is stored as text, never as a formula."""

from datetime import date
from decimal import Decimal

import pytest

from crm.reports.xlsx import Column, Sheet, wan
from tests.reports.conftest import formulas, table

HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"点击\")", "+1+1", "-2+3", "@SUM(A1:A2)",
           "\tTab开头", "\r回车开头", "=cmd|' /C calc'!A0"]


def _read(sheet):
    import openpyxl
    return openpyxl.load_workbook(sheet.save()).active


@pytest.mark.parametrize("value", HOSTILE)
def test_a_text_that_starts_like_a_formula_is_stored_as_quoted_text(value):
    sheet = Sheet("t", [Column("序号", 6, "int"), Column("名称", 20)], "标题")
    sheet.row([1, value])
    ws = _read(sheet)
    _header, rows = table(ws)
    assert rows == [[1, value]]
    assert formulas(ws) == 0
    found = next(c for row in ws.iter_rows() for c in row if c.value == value)
    assert found.data_type == "s" and found.quotePrefix


def test_characters_xml_cannot_carry_are_dropped_not_fatal():
    sheet = Sheet("t", [Column("序号", 6, "int"), Column("名称", 20)], "标题")
    sheet.row([1, "项目\x00\x01\x1f名称"])
    assert table(_read(sheet))[1] == [[1, "项目名称"]]


def test_amounts_are_numbers_in_wan_and_dates_are_dates():
    sheet = Sheet("t", [Column("序号", 6, "int"), Column("金额", 12, "wan"),
                        Column("日期", 12, "date")], "标题")
    sheet.row([1, 3_298_000_001, date(2022, 6, 30)])
    ws = _read(sheet)
    amount, day = ws.cell(3, 2), ws.cell(3, 3)  # title, header, the row
    assert amount.data_type == "n" and Decimal(str(amount.value)) == Decimal("329800.0001")
    assert amount.number_format == "#,##0.00"
    assert day.is_date and day.value.date() == date(2022, 6, 30)
    assert wan(12_345) == Decimal("1.2345")


def test_the_sheet_prints_on_a4_landscape_with_its_header_on_every_page():
    sheet = Sheet("t", [Column("序号", 6, "int"), Column("名称", 20), Column("金额", 12)],
                  "标题", ("导出时间：…",))
    ws = _read(sheet)
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.print_title_rows == "$3:$3" and ws.freeze_panes == "C4"
    assert ws.column_dimensions["B"].width == 20
