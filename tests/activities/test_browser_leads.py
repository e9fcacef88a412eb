"""In Chromium: add rows in place, record two leads at once, see them in the conversion table."""

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import sign_in

pytestmark = pytest.mark.browser


def test_staff_record_leads_from_the_activity_page(page: Page, live_server, users,
                                                    make_activity):
    activity = make_activity()
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server}/activities/{activity}")
    page.get_by_role("link", name="录入对接企业和线索").click()
    # With the script running, 再加5行 adds the rows in place (no round trip).
    expect(page.locator("#leads-form")).to_have_attribute("data-ready", "1")
    page.fill("#rows-0-company", "深圳安防科技有限公司")
    page.get_by_role("button", name="再加5行").click()
    expect(page.locator(".lead-entry")).to_have_count(10)
    expect(page.locator("#rows-0-company")).to_have_value("深圳安防科技有限公司")
    page.fill("#rows-8-company", "杭州新材料股份有限公司")
    page.fill("#rows-8-estimate", "2亿")
    page.get_by_role("button", name="全部录入").click()
    expect(page.locator(".alert-success")).to_contain_text("已录入2条线索")
    expect(page.locator("#funnel-leads .funnel-count")).to_have_text("2")
    expect(page.locator("#leads")).to_contain_text("杭州新材料项目")


def test_adding_rows_before_the_script_runs_keeps_what_was_typed(page: Page, live_server,
                                                                  users, make_activity):
    """The click a loaded machine lets through before activities.js has run (here the script
    never arrives) goes to the server, which answers with the typed rows and five more."""
    activity = make_activity()
    page.route("**/static/js/activities.js", lambda route: route.abort())
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server}/activities/{activity}/leads")
    expect(page.locator("#leads-form")).not_to_have_attribute("data-ready", "1")
    page.fill("#rows-0-company", "深圳安防科技有限公司")
    page.fill("#rows-0-intention", "拟建设智能安防设备生产线")
    page.get_by_role("button", name="再加5行").click()
    expect(page.locator(".lead-entry")).to_have_count(10)
    expect(page.locator("#rows-0-company")).to_have_value("深圳安防科技有限公司")
    expect(page.locator("#rows-0-intention")).to_have_value("拟建设智能安防设备生产线")
    expect(page.locator(".alert-danger")).to_have_count(0)  # nothing was checked or saved
