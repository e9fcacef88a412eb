"""In Chromium: a visitor submits the public form; staff screen it as a duplicate, picked from
the detected candidates or found by name (no project number is ever typed)."""

import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from crm.domain.stages import Screening
from crm.extensions import db
from crm.models import IntakeSubmission, Project
from tests.conftest import PASSWORD, ref

pytestmark = pytest.mark.browser


def test_a_public_submission_is_screened_as_a_duplicate(page: Page, live_server, app, users,
                                                        make_company):
    _, existing = make_company("河北华睿新材料股份有限公司", project="华睿新材料项目",
                               owner_id=users["alice"], first_contact_by_id=users["alice"])
    page.goto(f"{live_server}/intake")
    page.get_by_label("企业名称").fill("河北华睿新材料有限公司")
    page.get_by_label("联系人").fill("王经理")
    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_label("投资意向").fill("拟投资新材料生产线")
    page.get_by_label("预计投资额（万元，选填）").fill("5000")
    page.get_by_label("我已阅读并同意上述个人信息处理说明").check()
    page.get_by_role("button", name="提交登记").click()
    expect(page.get_by_role("heading", name="感谢您的投资意向登记")).to_be_visible()

    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", "bob@zsj.example.com")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="线索研判").click()
    expect(page.locator("main")).to_contain_text("华睿新材料项目")
    page.get_by_role("button", name="标为重复").click()
    expect(page.locator("main")).to_contain_text("已将「河北华睿新材料有限公司投资意向」标记为")
    with app.app_context():
        lead = db.session.get(Project, db.session.scalar(sa.select(IntakeSubmission.project_id)))
        assert (lead.screening, lead.duplicate_of_id) == (Screening.duplicate, existing)
        assert db.session.get(Project, existing).first_contact_by_id == users["alice"]


def test_without_javascript_a_lead_is_marked_a_duplicate_of_a_project_found_by_name(
        browser: Browser, live_server, app, users, make_company, reported_lead):
    """No candidate was detected (another company name): the screener searches by name and
    picks the project from the results; plain forms, JavaScript off, no number typed."""
    _, existing = make_company("邢台晶澳能源有限公司", project="光伏组件扩产项目",
                               owner_id=users["alice"])
    make_company("某物流有限公司", project="冷链物流园项目")
    lead_id = reported_lead("reporter", "晶澳太阳能（邯郸）分公司")
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", "bob@zsj.example.com")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="线索研判").click()
    card = page.locator(f"#lead-{ref(lead_id)}")
    expect(card).to_contain_text("晶澳太阳能（邯郸）分公司")
    expect(card.get_by_label("重复于（可能重复的项目）")).to_have_value("")  # no candidates:
    expect(card.get_by_role("button", name="标为重复", exact=True)).to_be_disabled()  # search
    card.get_by_label("按项目或企业名称查找已有项目").fill("光伏")
    card.get_by_role("button", name="查找").click()
    expect(page).to_have_url(re.compile(rf"find={ref(lead_id)}&q=.*#lead-{ref(lead_id)}$"))
    card = page.locator(f"#lead-{ref(lead_id)}")
    expect(card).to_contain_text("找到 1 个项目")
    expect(card).not_to_contain_text("冷链物流园项目")
    card.get_by_role("listitem").filter(has_text="光伏组件扩产项目").get_by_role(
        "button", name="标为此项目的重复").click()
    expect(page.locator("main")).to_contain_text(
        "已将「晶澳太阳能（邯郸）分公司投资意向」标记为「光伏组件扩产项目」的重复报送")
    assert urlsplit(page.url).path == "/intake/queue"  # back on the queue, by the redirect
    context.close()
    with app.app_context():
        lead = db.session.get(Project, lead_id)
        assert (lead.screening, lead.duplicate_of_id) == (Screening.duplicate, existing)
