"""In Chromium: record an 投资协议 and see the project at 签约."""

import pytest
from playwright.sync_api import Page, expect

from crm.domain.stages import Stage
from tests.conftest import PASSWORD, ref

pytestmark = pytest.mark.browser


def test_staff_record_an_investment_agreement_and_the_project_is_signed(page: Page, live_server,
                                                                         make_project):
    pid = make_project("光伏组件项目", owner="alice", stage=Stage.negotiation)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", "alice@zsj.example.com")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server}/projects/{ref(pid)}")
    expect(page.locator("#project-stage")).to_have_text("在谈")
    page.get_by_role("link", name="录入协议").click()
    page.get_by_label("协议类型").select_option(label="投资协议")
    page.get_by_label("签约日期").fill("2026-03-02")
    page.get_by_label("协议金额（万元）").fill("2亿")
    page.get_by_role("button", name="保存协议").click()
    expect(page.locator("#project-stage")).to_have_text("签约")
    expect(page.locator("#agreements")).to_contain_text("20,000.00万元")
    expect(page.locator("#timeline")).to_contain_text("在谈 → 签约")
