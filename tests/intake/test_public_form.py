"""The public 投资意向登记 page: stored without sign-in, honeypot, consent, nothing shown back."""

import sqlalchemy as sa

from crm.domain.stages import Screening, Stage
from crm.extensions import db
from crm.models import Company, IntakeSubmission, Project
from tests.intake.conftest import USCC, count, public_data


def test_it_shows_the_form_and_the_data_notice_without_sign_in(client):
    body = client.get("/intake").get_data(as_text=True)
    assert "投资意向登记" in body and "联系洽谈投资事宜" in body and "县招商局工作人员" in body
    assert 'class="intake-trap"' in body and 'name="website"' in body


def test_it_stores_a_submission_and_a_pending_lead_but_no_company(app, client):
    response = client.post("/intake", data=public_data(uscc=USCC.lower()),
                           environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert response.headers["Location"] == "/intake/thanks"
    with app.app_context():
        sub = db.session.scalar(sa.select(IntakeSubmission))
        lead = db.session.get(Project, sub.project_id)
        assert (sub.company_name_normalized, sub.uscc, sub.estimated_amount) == (
            "河北华睿新材料", USCC, 50_000_000)
        assert "203.0.113.9" not in sub.ip_hash and len(sub.ip_hash) == 64
        assert sub.consent_at is not None
        assert (lead.name, lead.stage, lead.screening) == (
            "河北华睿新材料有限公司投资意向", Stage.lead, Screening.pending)
        assert lead.channel.label == "微信公众号" and lead.total_investment == 50_000_000
        assert count(Company) == 0


def test_the_thank_you_page_shows_nothing_from_the_database(client):
    body = client.post("/intake", data=public_data(), follow_redirects=True).get_data(
        as_text=True)
    assert "感谢您的投资意向登记" in body
    assert "华睿" not in body and "王经理" not in body and "13800138000" not in body


def test_a_filled_honeypot_gets_the_same_thank_you_and_stores_nothing(app, client):
    response = client.post("/intake", data=public_data(website="http://spam.example"))
    assert response.headers["Location"] == "/intake/thanks"
    with app.app_context():
        assert count(IntakeSubmission) == count(Project) == 0


def test_missing_consent_is_a_field_error_and_stores_nothing(app, client):
    data = public_data()
    del data["consent"]
    body = client.post("/intake", data=data).get_data(as_text=True)
    assert "请勾选同意个人信息处理说明后再提交" in body
    with app.app_context():
        assert count(IntakeSubmission) == 0


def test_bad_phone_code_and_amount_are_field_errors(app, client):
    body = client.post("/intake", data=public_data(
        contact_phone="12345", uscc="91130427MA0CX83125", estimated_amount="很多")).get_data(
        as_text=True)
    assert "请输入手机号" in body and "金额格式不正确" in body
    assert body.count("invalid-feedback") >= 3
    with app.app_context():
        assert count(IntakeSubmission) == 0


def test_a_landline_and_no_amount_are_accepted(app, client):
    client.post("/intake", data=public_data(contact_phone="0310-5512345", estimated_amount=""))
    with app.app_context():
        assert db.session.scalar(sa.select(IntakeSubmission.estimated_amount)) is None


def test_investors_see_the_bureau_not_the_staff_tool(app, client):
    """The public pages name the bureau and its contact from the settings, never the internal
    brand, a placeholder number or the staff-only HTTPS notice."""
    app.config.update(HTTPS=False, BUREAU_NAME="磁县投资促进局",
                      BUREAU_CONTACT="0310-5521234，tzcj@cixian.example.cn")
    body = client.get("/intake").get_data(as_text=True)
    assert "<title>投资意向登记 · 磁县投资促进局</title>" in body
    assert "磁县投资促进局 · 投资意向登记</a>" in body
    assert "请联系磁县投资促进局（0310-5521234，tzcj@cixian.example.cn）" in body
    assert "招商CRM" not in body and "HTTPS=false" not in body and "0310-0000000" not in body
    thanks = client.get("/intake/thanks").get_data(as_text=True)
    assert "磁县投资促进局工作人员将在3个工作日内与您联系" in thanks and "招商CRM" not in thanks
    # Staff signing in over the same plain HTTP are still told it is unsafe.
    assert "HTTPS=false" in client.get("/login").get_data(as_text=True)


def test_without_settings_it_says_the_county_bureau_and_invents_no_number(app, client):
    body = client.get("/intake").get_data(as_text=True)
    assert "请联系县招商局。" in body and "0310" not in body
