"""In Chromium: a leader signs in to the cockpit, the charts draw without a console error at
1366×768 and at phone width, a tile opens the projects behind it with the same sum, and the
period picker changes the figures."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(page: Page, live_server: str) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", "leader@zsj.example.com")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    return problems


def _charts_drawn(page: Page) -> int:
    # dashboard.js marks the page once every chart is mounted: wait for it, not for a clock.
    # (an attribute check: the page's CSP refuses the string eval wait_for_function uses)
    root = page.locator("html")
    expect(root).to_have_attribute("data-charts-ready", re.compile(r"^\d+$"))
    drawn = page.locator("[data-chart] svg").count()
    assert drawn == int(root.get_attribute("data-charts-ready"))
    return drawn


def test_the_cockpit_draws_drills_and_follows_the_period(page: Page, live_server, county,
                                                         tmp_path):
    page.set_viewport_size({"width": 1366, "height": 768})
    problems = _sign_in(page, live_server)
    assert _charts_drawn(page) == 4  # 2026 has no signings: funnel, months, talks, investors

    page.select_option("#pick-p", "custom")
    expect(page.locator("#pick-from")).to_be_visible()
    expect(page.locator("#pick-m")).to_be_hidden()  # only the fields this kind uses
    page.fill("#pick-from", "2022-01-01")
    page.fill("#pick-to", "2022-06-30")
    page.get_by_role("button", name="查看").click()
    expect(page.locator("#period-label")).to_contain_text("2022-01-01 至 2022-06-30")
    tile = page.locator("#tile-amount")
    expect(tile).to_have_attribute("data-total", "3398000000")
    expect(tile).to_contain_text("33.98")
    assert _charts_drawn(page) == 11  # and the 7 breakdowns of the signings
    page.screenshot(path=str(tmp_path / "cockpit-1366.png"), full_page=True)

    tile.click()
    expect(page.locator("h1")).to_contain_text("签约金额")
    expect(page.locator("#drill-count")).to_have_text("11")
    expect(page.locator("#drill-total")).to_have_attribute("data-yuan", "3398000000")
    cells = page.locator("#drill-rows td[data-yuan]")
    assert sum(int(cells.nth(i).get_attribute("data-yuan")) for i in range(cells.count())) \
        == 3398000000

    page.go_back()
    page.select_option("#pick-p", "month")
    page.fill("#pick-y", "2022")
    page.select_option("#pick-m", "9")
    page.get_by_role("button", name="查看").click()
    expect(page.locator("#period-label")).to_contain_text("2022年9月")
    expect(page.locator("#tile-amount")).to_have_attribute("data-total", "100000000")
    expect(page.locator("#tile-signed")).to_have_attribute("data-count", "0")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/dashboard?p=h1&y=2022")
    _charts_drawn(page)
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 390, f"the page is {overflow}px wide at 390px"
    page.screenshot(path=str(tmp_path / "cockpit-390.png"), full_page=True)
    assert problems == []
