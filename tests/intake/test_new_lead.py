"""/leads/new: a reporter's lead becomes a pending 线索 they reported and first contacted."""

import sqlalchemy as sa

from crm.domain.stages import Screening, Stage
from crm.extensions import db
from crm.models import Company, Project
from tests.intake.conftest import USCC, count, lead_data


def test_a_reporter_submits_a_lead(app, signed_in, users):
    response = signed_in("reporter").post("/leads/new", data=lead_data(uscc=USCC))
    assert response.headers["Location"] == "/leads/mine"
    with app.app_context():
        lead = db.session.scalar(sa.select(Project))
        assert (lead.stage, lead.screening, lead.total_investment) == (
            Stage.lead, Screening.pending, 30_000_000)
        assert lead.reported_by_id == lead.first_contact_by_id == users["reporter"]
        assert lead.channel.label == "全员招商"
        assert (lead.lead_investor.name, lead.lead_investor.uscc) == ("邯郸童装制造有限公司", USCC)
        assert lead.lead_investor.contacts[0].phone == "0310-1234567"


def test_an_existing_company_is_matched_and_no_hint_is_shown(app, signed_in, make_company):
    company_id, _ = make_company("邯郸童装制造股份有限公司", project="童装园", owner_id=None,
                                 confidential=True)
    response = signed_in("reporter").post("/leads/new", data=lead_data())
    assert response.status_code == 302
    with app.app_context():
        lead = db.session.scalar(sa.select(Project).where(Project.screening.is_not(None)))
        assert lead.lead_investor.id == company_id and count(Company) == 1
    body = signed_in("reporter").get("/leads/mine").get_data(as_text=True)
    assert "童装园" not in body and "保密" not in body


def test_bad_input_is_a_field_error_and_nothing_is_stored(app, signed_in):
    body = signed_in("alice").post("/leads/new", data=lead_data(
        contact_phone="abc", estimated_amount="-5")).get_data(as_text=True)
    assert "请输入手机号" in body and "金额不能为负数" in body
    with app.app_context():
        assert count(Project) == 0


def test_admins_and_anonymous_visitors_may_not_report(client, signed_in):
    assert client.post("/leads/new", data=lead_data()).status_code == 302  # to /login
    assert signed_in("admin").post("/leads/new", data=lead_data()).status_code == 403
