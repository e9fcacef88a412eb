"""In Chromium: staff create a company with a failing credit code, override it, then hit the
conflict message from two tabs."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from crm.domain.uscc import make_uscc
from crm.models import Company
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

GOOD = make_uscc("91130427MA0CXR3G1")
BAD_CHECKSUM = GOOD[:17] + ("0" if GOOD[17] != "0" else "1")


def sign_in(page: Page, base: str, email: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_staff_override_a_failing_credit_code(page: Page, live_server, users, get):
    sign_in(page, live_server, "alice@zsj.example.com")
    page.goto(f"{live_server}/companies")
    page.get_by_role("link", name="新建企业").click()
    page.fill("input[name=name]", "磁县试点化工有限公司")
    page.fill("input[name=uscc]", BAD_CHECKSUM)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("校验失败原因")
    page.fill("input[name=uscc_override_reason]", "早期试点代码，已核对营业执照")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="磁县试点化工有限公司")).to_be_visible()
    expect(page.locator("main")).to_contain_text("校验未通过，原因：早期试点代码")
    assert get(sa.select(Company.uscc)) == [BAD_CHECKSUM]


def test_two_tabs_editing_one_company_meet_the_conflict(page: Page, live_server, users,
                                                        make_company, get):
    company_id = make_company("两页编辑有限公司", origin="北京市")
    sign_in(page, live_server, "alice@zsj.example.com")
    other = page.context.new_page()
    for tab in (page, other):
        tab.goto(f"{live_server}/companies/{company_id}/edit")
    other.fill("input[name=origin]", "上海市")
    other.get_by_role("button", name="保存").click()
    expect(other.locator("main")).to_contain_text("已保存企业")
    page.fill("input[name=origin]", "广州市")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#conflict")).to_contain_text("上海市")
    expect(page.locator("main")).to_contain_text("该记录已被他人修改")
    assert get(sa.select(Company.origin)) == ["上海市"]
