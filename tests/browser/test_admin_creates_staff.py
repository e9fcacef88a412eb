"""In Chromium: an admin signs in, creates a staff user, and that user signs in to the layout."""

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Qiye-zhaoshang-2026-chun"


def test_admin_creates_a_staff_user_who_then_signs_in(page: Page, live_server, users, orgs,
                                                      tmp_path):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", "admin@zsj.example.com")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#mainnav").get_by_role("link", name="系统管理")).to_be_visible()

    page.goto(f"{live_server}/admin/users/new")
    page.fill("input[name=email]", "xinren@zsj.example.com")
    page.fill("input[name=name]", "周新人")
    page.select_option("select[name=role]", "staff")
    page.select_option("select[name=org_id]", label="招商一科")
    page.get_by_role("button", name="创建用户").click()
    temporary = page.locator("#temp-password").inner_text().strip()
    assert len(temporary) >= 12
    page.screenshot(path=str(tmp_path / "temporary-password.png"))
    page.get_by_role("button", name="退出").click()

    page.fill("input[name=email]", "xinren@zsj.example.com")
    page.fill("input[name=password]", temporary)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{live_server}/account/password")
    page.fill("input[name=current]", temporary)
    page.fill("input[name=new]", NEW_PASSWORD)
    page.fill("input[name=confirm]", NEW_PASSWORD)
    page.get_by_role("button", name="修改密码").click()

    expect(page.get_by_role("heading", name="您好，周新人")).to_be_visible()
    expect(page.locator("nav")).to_contain_text("局干部")
    expect(page.locator("nav")).not_to_contain_text("系统管理")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.get_by_role("button", name="展开导航")).to_be_visible()
