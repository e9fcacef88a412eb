"""In Chromium: a visitor submits the public form; staff screen it as a duplicate."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from crm.domain.stages import Screening
from crm.extensions import db
from crm.models import IntakeSubmission, Project
from tests.conftest import PASSWORD

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
