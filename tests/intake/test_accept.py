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


def test_the_screener_sets_unit_leader_class_and_owner_in_the_same_step(app, signed_in,
                                                                        public_lead, users, orgs):
    lead_id = public_lead()
    prefix = f"accept-{ref(lead_id)}-"
    client = signed_in("leader")
    queue = client.get("/intake/queue").get_data(as_text=True)
    assert f'name="{prefix}org_id"' in queue and f'id="{prefix}owner_id"' in queue
    response = client.post(f"/intake/{ref(lead_id)}/accept", data={
        f"{prefix}org_id": str(orgs["park"]), f"{prefix}leader_id": str(users["leader"]),
        f"{prefix}pipeline_class": "A", f"{prefix}owner_id": str(users["alice"])})
    assert response.status_code == 302
    with app.app_context():
        lead = db.session.get(Project, lead_id)
        assert (lead.screening, lead.org_id, lead.leader_id, lead.owner_id) == (
            Screening.accepted, orgs["park"], users["leader"], users["alice"])
        assert lead.pipeline_class.value == "A"


def test_a_bad_choice_is_a_field_message_and_the_lead_stays_pending(app, signed_in,
                                                                   public_lead, users):
    lead_id = public_lead()
    prefix = f"accept-{ref(lead_id)}-"
    response = signed_in("bob").post(f"/intake/{ref(lead_id)}/accept", data={
        f"{prefix}owner_id": str(users["leader"]),  # a leader is not a 负责人
        f"{prefix}pipeline_class": "Z"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "请从列表中选择局干部" in body and "请从列表中选择项目分类" in body
    with app.app_context():
        assert db.session.get(Project, lead_id).screening == Screening.pending
