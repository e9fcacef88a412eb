"""In Chromium: log a follow-up inline and watch the health colour turn from 红 to 绿."""

import statistics
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from crm.extensions import db
from crm.localtime import today
from crm.models import Project
from tests.conftest import ref, sign_in

pytestmark = pytest.mark.browser

# Started in the page itself: the click's time, and the moment the badge shows 绿.
WATCH = """() => {
  window.__stayed = true;
  window.__timing = {};
  document.querySelector('#followup-form [type=submit]')
    .addEventListener('click', () => { window.__timing.click = performance.now(); });
  new MutationObserver((_m, observer) => {
    const badge = document.querySelector('#project-health .badge');
    if (badge && badge.textContent.trim() === '绿') {
      window.__timing.green = performance.now();
      observer.disconnect();
    }
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
}"""



def _make_red(app, pid: int) -> None:
    with app.app_context():
        db.session.get(Project, pid).last_progress_at = today() - timedelta(days=120)
        db.session.commit()


def test_staff_log_a_follow_up_inline_and_the_colour_turns_green(page: Page, live_server, app,
                                                                  make_project):
    pid = make_project("光伏组件项目", owner="alice")
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server, "alice@zsj.example.com")
    times = []
    for round_ in range(5):
        _make_red(app, pid)
        page.goto(f"{live_server}/projects/{ref(pid)}")
        expect(page.locator("#project-health .badge")).to_have_text("红")
        page.evaluate(WATCH)
        page.get_by_label("对接内容").fill(f"第{round_ + 1}次电话沟通：确认用地指标")
        page.get_by_role("button", name="保存", exact=True).click()
        expect(page.locator("#project-health .badge")).to_have_text("绿")
        timing = page.evaluate("() => window.__timing")
        times.append(timing["green"] - timing["click"])
        assert page.evaluate("() => window.__stayed") is True  # no page load happened
        expect(page.locator("#timeline")).to_contain_text(f"第{round_ + 1}次电话沟通")
        expect(page.locator("#project-last-contact")).to_have_text(today().isoformat())
    median = statistics.median(times)
    print(f"median follow-up log time: {median:.0f} ms (runs: "
          + ", ".join(f"{t:.0f}" for t in times) + ")")
    assert median < 2000
