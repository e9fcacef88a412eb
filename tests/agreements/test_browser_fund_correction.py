"""In Chromium: correct a mistyped 到位资金 (3000万 meant as 300万), void a duplicate, and
watch the project's 合计 follow."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, ref

pytestmark = pytest.mark.browser


def test_staff_correct_and_void_fund_arrivals_and_the_total_follows(page: Page, live_server,
                                                                     make_project, signed,
                                                                     fund):
    pid = make_project("光伏组件项目", owner="alice")
    signed(pid, amount=235_000_000)
    fund(pid, amount=30_000_000, arrived_on=date(2026, 4, 1))  # 3000万 typed, 300万 meant
    fund(pid, amount=5_000_000, arrived_on=date(2026, 5, 6), source="银行贷款")
    fund(pid, amount=5_000_000, arrived_on=date(2026, 5, 7), source="银行贷款")  # twice
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", "alice@zsj.example.com")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server}/projects/{ref(pid)}")
    expect(page.locator("#funds-total")).to_have_text("4,000.00万元")

    page.get_by_role("link", name="更正 2026-04-01 到位资金").click()
    expect(page.get_by_label("到位金额（万元）")).to_have_value("3000")
    page.get_by_label("到位金额（万元）").fill("300万")
    page.get_by_role("button", name="保存更正").click()
    expect(page.locator(".alert-success")).to_contain_text("到位资金已更正")
    expect(page.locator("#funds-total")).to_have_text("1,300.00万元")

    page.get_by_role("link", name="更正 2026-05-07 到位资金").click()
    page.get_by_label("作废原因").fill("重复录入")
    page.once("dialog", lambda dialog: dialog.accept())  # app.js asks before voiding
    page.get_by_role("button", name="作废", exact=True).click()
    expect(page.locator("#funds-total")).to_have_text("800.00万元")
    voided = page.locator("#funds tr.voided")
    expect(voided).to_contain_text("已作废：重复录入 · 李爱丽")
    assert voided.locator("del").first.evaluate(
        "el => getComputedStyle(el).textDecorationLine") == "line-through"
