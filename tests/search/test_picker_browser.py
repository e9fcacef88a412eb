"""In Chromium: the type-ahead pickers of the project form find a company by pinyin initials
and a person by name, the lead investor follows the chosen investors, and the saved project
has them."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from crm.extensions import db
from crm.models import Company, Project
from tests.conftest import sign_in

pytestmark = pytest.mark.browser



@pytest.mark.parametrize("width", [1366, 390])
def test_staff_pick_investors_and_a_leader_by_typing(page: Page, live_server, app, users,
                                                     width):
    with app.app_context():
        db.session.add_all([Company(name="磁县童装产业有限公司"), Company(name="邯郸钢铁集团"),
                            *(Company(name=f"其他企业{n}") for n in range(40))])
        db.session.commit()
    page.set_viewport_size({"width": width, "height": 768 if width > 400 else 844})
    sign_in(page, live_server, "alice@zsj.example.com")
    page.goto(f"{live_server}/projects/new")
    # The pickers are set up by static/js/pickers.js: wait for it before typing.
    expect(page.locator("#investors")).to_have_attribute("data-picker-ready", "")
    expect(page.locator("#leader_id")).to_have_attribute("data-picker-ready", "")
    page.fill("input[name=name]", "童装智能制造项目")

    investors = page.locator("#investors-ts-control")
    investors.fill("cxtz")  # 磁县童装 by its pinyin initials
    page.locator(".ts-dropdown .option", has_text="磁县童装产业有限公司").click()
    expect(investors).to_have_value("")  # the typed words go, ready for the next company
    investors.fill("钢铁")
    page.locator(".ts-dropdown .option", has_text="邯郸钢铁集团").click()
    expect(page.locator("#investors option:checked")).to_have_count(2)
    # The lead investor offers exactly the two chosen companies.
    expect(page.locator("#lead_investor option")).to_have_text(
        ["（未指定）", "磁县童装产业有限公司", "邯郸钢铁集团"])
    page.select_option("#lead_investor", label="邯郸钢铁集团")

    leader = page.locator("#leader_id-ts-control")
    leader.fill("刘")
    page.locator(".ts-dropdown .option", has_text="刘县长").click()
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#project-name")).to_have_text("童装智能制造项目")
    with app.app_context():
        project = db.session.scalar(sa.select(Project).where(Project.name == "童装智能制造项目"))
        names = {i.company.name: i.is_lead for i in project.investors}
        assert names == {"磁县童装产业有限公司": False, "邯郸钢铁集团": True}
        assert project.leader_id == users["leader"]

