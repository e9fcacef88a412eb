"""POST /intake/<id>/accept: into the pipeline at 研判, owned by the accepting staff user."""

import sqlalchemy as sa

from crm.domain.stages import Screening, Stage
from crm.extensions import db
from crm.models import Company, Project, StageChange
from tests.conftest import ref
from tests.intake.conftest import USCC


def test_accepting_a_public_lead_creates_its_company_and_contact(app, signed_in, public_lead,
                                                                 users):
    lead_id = public_lead(uscc=USCC)
    response = signed_in("bob").post(f"/intake/{ref(lead_id)}/accept")
    assert response.headers["Location"] == f"/projects/{ref(lead_id)}"
    with app.app_context():
        lead = db.session.get(Project, lead_id)
        assert (lead.screening, lead.stage, lead.owner_id) == (
            Screening.accepted, Stage.screening, users["bob"])
        company = lead.lead_investor
        assert (company.name, company.uscc, company.contacts[0].name) == (
            "河北华睿新材料有限公司", USCC, "王经理")
        changes = db.session.execute(sa.select(StageChange.from_stage, StageChange.to_stage)
                                     .order_by(StageChange.id)).all()
        assert changes == [(None, Stage.lead), (Stage.lead, Stage.screening)]
        assert lead.last_progress_at == lead.stage_date  # accepted today: progress today


def test_an_existing_company_is_matched_not_created_again(app, signed_in, public_lead,
                                                         make_company):
    company_id, _ = make_company("河北华睿新材料股份有限公司")
    lead_id = public_lead()
    signed_in("alice").post(f"/intake/{ref(lead_id)}/accept")
    with app.app_context():
        assert db.session.get(Project, lead_id).lead_investor.id == company_id
        assert db.session.scalar(sa.select(sa.func.count(Company.id))) == 1


def test_only_staff_and_leaders_screen_and_only_pending_leads(app, signed_in, reported_lead):
    lead_id = reported_lead()
    assert signed_in("admin").post(f"/intake/{ref(lead_id)}/accept").status_code == 403
    assert signed_in("charlie").post(f"/intake/{ref(lead_id)}/accept").status_code == 403
    assert signed_in("reporter").post(f"/intake/{ref(lead_id)}/accept").status_code == 403
    assert signed_in("leader").post(f"/intake/{ref(lead_id)}/accept").status_code == 302
    again = signed_in("alice").post(f"/intake/{ref(lead_id)}/accept", follow_redirects=True)
    assert "该线索已研判" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Project, lead_id).owner_id is None  # a leader accepted it


def test_a_confidential_lead_outside_the_team_is_404(signed_in, reported_lead, users):
    lead_id = reported_lead("alice", confidential=True, owner_id=users["alice"])
    assert signed_in("bob").post(f"/intake/{ref(lead_id)}/accept").status_code == 404
