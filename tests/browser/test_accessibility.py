"""axe-core (npm, pinned in package.json) on every top-level page for every role, in Chromium:
no serious or critical violation (contrast, names of fields and buttons, ARIA)."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from crm.extensions import db
from tests.conftest import ref, sign_in
from tests.matrix import ROLE_USERS, make_records

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RUN = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ` +
              v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "))"""


def _violations(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))  # the page's CSP is bypassed for this context only
    return page.evaluate(RUN)


def test_no_serious_or_critical_violation_on_any_top_level_page(browser: Browser, live_server,
                                                               app, users, orgs):
    with app.app_context():
        records = make_records(users, orgs)
        db.session.commit()
    project = ref(records["project"]["own"])  # alice's: the leader and alice read it
    found, pages = [], 0
    for role, who in {"anonymous": None, **ROLE_USERS}.items():
        context = browser.new_context(bypass_csp=True, locale="zh-CN",
                                      viewport={"width": 1366, "height": 768})
        page = context.new_page()
        urls = [f"{live_server}/login", f"{live_server}/intake"]
        if who:
            sign_in(page, live_server, who)
            page.wait_for_url(lambda url: "/login" not in url)
            page.goto(f"{live_server}/")
            menu = page.locator("#mainnav .nav-link").evaluate_all(
                "links => links.map(a => a.href)")
            urls = [f"{live_server}/", *menu]
            if role in ("leader", "staff"):
                urls.append(f"{live_server}/projects/{project}")
        for url in dict.fromkeys(urls):
            pages += 1
            found += [f"{role} {url}: {v}" for v in _violations(page, url)]
        context.close()
    print(f"axe-core: {pages} pages checked")
    assert pages >= 30
    assert not found, "\n".join(found)
