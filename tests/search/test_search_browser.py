"""In Chromium: the navbar box finds a company by pinyin initials, at desktop and phone width."""

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_the_navbar_box_finds_a_company_by_pinyin(page: Page, live_server, records):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", "alice@zsj.example.com")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()
    box = page.locator("#mainnav input[name=q]")
    box.fill("zgjz")
    box.press("Enter")
    expect(page.get_by_role("link", name="中国建筑集团有限公司")).to_have_attribute(
        "href", f"/companies/{records['cscec']}")
    expect(page.locator("#group-companies")).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("button", name="展开导航").click()
    page.locator("#mainnav input[name=q]").fill("河北钢铁")
    page.locator("#mainnav input[name=q]").press("Enter")
    expect(page.get_by_role("link", name="河北钢铁集团有限公司")).to_be_visible()
