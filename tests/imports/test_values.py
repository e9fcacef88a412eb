"""Values as ledgers write them: table-driven, no database."""

from datetime import date, datetime

import pytest

from crm.domain.stages import Stage
from crm.imports import values
from crm.imports.ledger import classify, find_layout, guess_field, unit_of


@pytest.mark.parametrize("cell, unit, yuan", [
    ("2.35亿", "万元", 235_000_000),
    (23500, "万元", 235_000_000),
    ("２３５００", "万元", 235_000_000),
    ("1,200万元", "万元", 12_000_000),
    (1.2, "亿元", 120_000_000),
    ("0.8", "亿元", 80_000_000),
    (23500.0, "万元", 235_000_000),
    (0.1, "万元", 1_000),
    ("5000万", "亿元", 50_000_000),
    (None, "万元", None),
    ("—", "万元", None),
])
def test_it_reads_amounts(cell, unit, yuan):
    assert values.money(cell, unit) == yuan


@pytest.mark.parametrize("cell", ["二亿", "abc", -5, "1.00001", float("nan"), datetime(2022, 1, 1)])
def test_it_refuses_what_is_no_amount(cell):
    with pytest.raises(ValueError):
        values.money(cell, "万元")


@pytest.mark.parametrize("cell, day", [
    ("2022.3.2", date(2022, 3, 2)),
    ("2022年3月2日", date(2022, 3, 2)),
    ("2022/03/02", date(2022, 3, 2)),
    ("2022-3", date(2022, 3, 1)),
    ("2022-3-2", date(2022, 3, 2)),
    ("2022年3月", date(2022, 3, 1)),
    ("２０２２．３．２", date(2022, 3, 2)),
    ("20220302", date(2022, 3, 2)),
    (datetime(2022, 3, 2, 0, 0), date(2022, 3, 2)),
    (date(2022, 3, 2), date(2022, 3, 2)),
    (44622, date(2022, 3, 2)),  # an Excel serial number that lost its date format
    (2022.03, date(2022, 3, 1)),
    (None, None),
])
def test_it_reads_dates(cell, day):
    assert values.day(cell) == day


@pytest.mark.parametrize("cell", ["2022.13.1", "2022年2月30日", "去年", "3/2/2022", "1900-1-1"])
def test_it_refuses_what_is_no_date(cell):
    with pytest.raises(ValueError):
        values.day(cell)


@pytest.mark.parametrize("word, stage", [
    ("已签约", Stage.signed), ("已开工", Stage.started), ("洽谈中", Stage.negotiation),
    ("在谈", Stage.negotiation), ("已投产", Stage.producing), ("考察", Stage.inspection),
    ("接洽", Stage.contact), ("线索", Stage.lead), ("签约阶段", Stage.signed),
    ("在建", Stage.started), ("已达产", Stage.operating), ("已落地", Stage.registered),
])
def test_it_reads_stage_words(word, stage):
    assert values.stage(word) == stage


def test_it_refuses_an_unknown_stage_word_naming_the_known_ones():
    with pytest.raises(ValueError, match="已签约"):
        values.stage("不知道")


@pytest.mark.parametrize("header, field", [
    ("项目名称", "project_name"), ("投资方/企业名称", "company_name"),
    ("统一社会信用代码", "uscc"), ("企业性质", "nature"), ("产业类别/产业集群", "cluster"),
    ("总投资（万元）", "total_investment"), ("签约时间", "signed_on"),
    ("协议投资额（亿元）", "agreement_amount"), ("到位资金", "funds_in_place"),
    ("阶段/进展阶段", "stage"), ("开工时间", "started_on"), ("投产时间", "producing_on"),
    ("包联领导", "leader"), ("责任单位", "org"), ("首谈人/引资人", "first_contact_by"),
    ("本月进展", "progress"), ("渠道/来源", "channel"), ("投资情况 总投资", "total_investment"),
    ("序号", ""), ("备注", ""), ("来源地", ""),
])
def test_it_maps_headers_to_fields(header, field):
    assert guess_field(header) == field


@pytest.mark.parametrize("header, unit", [
    ("总投资（万元）", "万元"), ("总投资(亿元)", "亿元"), ("协议投资额 亿", "亿元"),
    ("总投资", "万元"),
])
def test_it_reads_the_unit_from_the_header(header, unit):
    assert unit_of(header) == unit


def test_it_finds_a_two_row_header_below_the_title():
    head = [("磁县项目台账",), ("单位：亿元",), ("序号", "项目名称", "投资情况", None),
            (None, None, "总投资", "到位资金"), (1, 2, 3, 4), (1, "甲项目", 2, 1)]
    layout = find_layout(head)
    assert layout.header_row == 2 and layout.first_data_row == 5
    assert layout.guesses == ["", "project_name", "total_investment", "funds_in_place"]
    assert layout.title_unit == "亿元"


@pytest.mark.parametrize("row, kind", [
    ((None, None), "blank"), (("合计", None, 100), "total"), ((None, "小计", 5), "total"),
    (("一、签约项目",), "section"), ((1, "甲项目", 5), "data"),
])
def test_it_classifies_rows(row, kind):
    assert classify(row, 1) == kind
