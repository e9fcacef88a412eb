"""At 390 px the leader's 我包联的项目 keeps project names on one or two lines (not two
characters a line) and the admin's user table fits the screen without a sideways scroll."""

import pytest
from playwright.sync_api import Page, expect

from crm.extensions import db
from crm.models import Project
from tests.conftest import sign_in

pytestmark = pytest.mark.browser



def test_the_leaders_projects_keep_their_names_readable_on_a_phone(page: Page, live_server,
                                                                   app, users, orgs):
    with app.app_context():
        db.session.add(Project(name="滏阳河生态康养小镇项目", owner_id=users["alice"],
                               leader_id=users["leader"], org_id=orgs["bureau"]))
        db.session.commit()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "leader")
    page.goto(f"{live_server}/")
    name = page.locator("#led").get_by_role("link", name="滏阳河生态康养小镇项目")
    expect(name).to_be_visible()
    box = name.bounding_box()
    line = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight) || 24")
    assert box["height"] <= 2 * line + 2, box  # 11 characters: one line at 390 px
    assert box["width"] >= 150, box


def test_the_admins_user_table_fits_a_phone(page: Page, live_server, users):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "admin")
    page.goto(f"{live_server}/admin/users")
    table = page.locator(".table-responsive").first
    expect(table).to_be_visible()
    width, room = table.evaluate("t => [t.scrollWidth, t.clientWidth]")
    assert width <= room, (width, room)
