"""/reports/monthly.xlsx, the 项目台账/月报, on the hand-built 2022 county (tests/dashboard/
conftest.py): columns, stage subtotals and a totals row worked out by hand, and totals equal
to the cockpit's for the same period and viewer."""

from datetime import date

import sqlalchemy as sa

from crm.dashboard.measures import Scope, totals
from crm.domain import metrics
from crm.extensions import db
from crm.models import ExportRecord, User
from crm.reports.ledger import COLUMNS
from tests.reports.conftest import formulas, table, workbook, xml_text

JUNE = "/reports/monthly.xlsx?month=2022-06"
WAN = 10_000


def _ledger(get, who, url=JUNE):
    ws = workbook(get(who, url))
    header, rows = table(ws)
    return ws, header, rows


def _projects(rows):
    return [r[1] for r in rows if r[0] is not None]


def test_it_has_the_bureau_ledger_columns_and_a_title_with_the_month(get, county):
    ws, header, _rows = _ledger(get, "alice")
    assert header == [c.title for c in COLUMNS]
    assert header[:4] == ["序号", "项目名称", "投资方", "统一社会信用代码"]
    assert ws["A1"].value == "招商引资项目台账（2022年6月）"
    assert ws["A2"].value.startswith("导出时间：") and "金额单位：万元" in ws["A2"].value
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.print_title_rows == "$5:$5" and ws.freeze_panes == "C6"


def test_rows_are_grouped_by_stage_with_hand_computed_subtotals_and_totals(get, county):
    _ws, header, rows = _ledger(get, "alice")
    col = {title: n for n, title in enumerate(header)}
    assert _projects(rows) == ["项目1", "项目2", "项目3", "项目4", "项目5", "项目6", "项目7",
                               "项目8", "项目9", "项目10", "项目12"]
    assert [r[0] for r in rows if r[0] is not None] == list(range(1, 12))
    subtotals = {r[1]: r for r in rows if r[0] is None}
    agreed, funds, month = (col["协议投资额(万元)"], col["累计到位资金(万元)"],
                            col["本月到位(万元)"])
    # 开工: 项目1-3 signed 5 + 4 + 3.5亿; 项目1's 1亿 (May) and 项目2's 0.5亿 (June) in place.
    started = subtotals["小计：开工（3个）"]
    assert (started[agreed], started[funds], started[month]) == (125_000, 15_000, 5_000)
    # 签约: 3.2 + 3 + 3 + 3 + 2.98 + 2.8 + 2.5 + 2 (项目12, 2021); 项目5's September 补充协议
    # is after June and 项目8's voided copy counts nothing.
    assert subtotals["小计：签约（8个）"][agreed] == 224_800
    total = subtotals["合计（11个）"]
    assert (total[agreed], total[funds], total[month]) == (349_800, 15_000, 5_000)
    assert rows[-1] is total or rows[-1] == total
    six = next(r for r in rows if r[1] == "项目6")
    assert six[col["阶段"]] == "签约（终止）"  # 终止 after signing: still in the ledger
    assert six[col["签约时间"]].date() == date(2022, 4, 20)
    assert formulas(_ws) == 0


def test_its_totals_equal_the_cockpit_for_the_same_month_and_viewer(app, users, get, county):
    for who in ("alice", "leader"):
        ws, header, rows = _ledger(get, who)
        total = rows[-1]
        with app.app_context():
            user = db.session.get(User, users[who])
            month = totals(Scope(user, metrics.month(2022, 6), None, date.today()), ("funds",))
            to_date = totals(Scope(user, metrics.Period(date(1900, 1, 1), date(2022, 6, 30), ""),
                                   None, date.today()), ("amount", "funds"))
            ytd = totals(Scope(user, metrics.months_to(2022, 6), None, date.today()),
                         ("signed", "amount", "funds"))
        assert total[header.index("本月到位(万元)")] * WAN == month["funds"][1]
        assert total[header.index("协议投资额(万元)")] * WAN == to_date["amount"][1]
        assert total[header.index("累计到位资金(万元)")] * WAN == to_date["funds"][1]
        signed, amount = ytd["signed"][0], f"{ytd['amount'][1] / WAN:,.2f}万元"
        assert f"2022年1-6月：签约项目{signed}个，签约金额{amount}" in ws["A4"].value
    assert ws["A3"].value == ("2022年6月：签约项目2个，签约金额53,000.00万元，"
                              "到位资金8,000.00万元")  # the leader's: 项目11's 0.3亿 too


def test_a_confidential_project_carries_its_code_name_unless_real_names_are_ticked(get, county):
    _ws, header, rows = _ledger(get, "leader")
    secret = next(r for r in rows if r[1] == "代号十一")
    assert secret[header.index("投资方")] is None  # its investor would name it
    assert secret[header.index("本月到位(万元)")] == 3_000
    assert rows[-1][header.index("协议投资额(万元)")] == 359_800
    _ws, header, rows = _ledger(get, "leader", JUNE + "&real_names=1")
    secret = next(r for r in rows if r[1] == "项目11")
    assert secret[header.index("投资方")] == "项目11投资方"
    # bob is on its team: code name by default, the real name when he asks.
    assert "代号十一" in _projects(_ledger(get, "bob")[2])
    assert "项目11" in _projects(_ledger(get, "bob", JUNE + "&real_names=1")[2])


def test_a_viewer_without_access_gets_neither_the_row_nor_its_amount(get, county):
    response = get("alice", JUNE + "&real_names=1")
    text = xml_text(response.get_data())
    assert "项目11" not in text and "代号十一" not in text
    _ws, header, rows = _ledger(get, "alice", JUNE + "&real_names=1")
    assert rows[-1][header.index("本月到位(万元)")] == 5_000  # without 项目11's 3,000


def test_the_units_chosen_narrow_the_ledger(get, orgs, county):
    _ws, _header, rows = _ledger(get, "alice", f"{JUNE}&org={orgs['park']}")
    assert _projects(rows) == ["项目7", "项目8", "项目9", "项目10"]
    assert rows[-1][1] == "合计（4个）"


def test_a_bad_month_or_unit_is_named_on_its_field(get, county):
    for query, message in (("month=2026-13", "月份应在1–12之间"),
                           ("month=06-2026", "请按 2026-06 的格式"),
                           ("month=1999-01", "年份应在2000–"),
                           ("month=2022-06&org=999999", "所选责任单位不存在"),
                           ("month=2022-06&org=%EF%BC%91", "所选责任单位不存在")):
        response = get("alice", "/reports/monthly.xlsx?" + query)
        assert response.status_code == 422, query
        assert message in response.get_data(as_text=True)
        assert 'class="invalid-feedback d-block"' in response.get_data(as_text=True)


def test_liaisons_and_reporters_may_not_take_it(get, county):
    assert get("charlie", JUNE).status_code == 403
    assert get("reporter", JUNE).status_code == 403


def test_the_export_is_recorded_with_its_filters_and_rows(app, users, get, county):
    get("leader", JUNE + "&real_names=1")
    with app.app_context():
        record = db.session.scalars(sa.select(ExportRecord)).one()
        assert (record.user_id, record.kind, record.row_count, record.real_names) == (
            users["leader"], "monthly", 12, True)
        assert '"month": "2022-06"' in record.filters
