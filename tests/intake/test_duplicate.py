"""POST /intake/<id>/duplicate: linked to the existing project, whose first reporter is kept."""

from crm.domain.stages import Screening
from crm.extensions import db
from crm.intake.queries import duplicates_of
from crm.models import Project
from tests.conftest import ref


def test_a_duplicate_is_linked_and_gives_the_project_its_first_reporter(
        app, signed_in, reported_lead, make_company, users):
    _, existing = make_company("邯郸童装制造有限公司", project="童装项目", owner_id=users["alice"])
    lead_id = reported_lead("reporter", "邯郸童装制造股份有限公司")
    response = signed_in("bob").post(f"/intake/{ref(lead_id)}/duplicate",
                                     data={"duplicate_of": str(existing)})
    assert response.status_code == 302
    with app.app_context():
        lead, target = db.session.get(Project, lead_id), db.session.get(Project, existing)
        assert (lead.screening, lead.duplicate_of_id) == (Screening.duplicate, existing)
        assert target.first_contact_by_id == users["reporter"]
        assert [p.id for p in duplicates_of(existing)] == [lead_id]


def test_a_later_report_keeps_the_first_reporter(app, signed_in, reported_lead, make_company,
                                                 users):
    _, existing = make_company("甲公司", project="甲项目", first_contact_by_id=users["alice"])
    lead_id = reported_lead("reporter", "甲公司")
    signed_in("bob").post(f"/intake/{ref(lead_id)}/duplicate", data={"duplicate_of": str(existing)})
    with app.app_context():
        assert db.session.get(Project, existing).first_contact_by_id == users["alice"]
        assert db.session.get(Project, lead_id).duplicate_of_id == existing


def test_an_unreadable_or_missing_target_is_a_field_error(app, signed_in, reported_lead,
                                                         make_company):
    _, secret = make_company("乙公司", project="乙保密项目", confidential=True)
    lead_id = reported_lead("reporter", "乙公司")
    for value in (str(secret), "999999", "abc", ""):
        response = signed_in("bob").post(f"/intake/{ref(lead_id)}/duplicate",
                                         data={"duplicate_of": value})
        assert response.status_code == 400, value
        assert "invalid-feedback" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Project, lead_id).screening == Screening.pending


def test_the_queue_lists_earlier_duplicates_of_a_candidate(app, signed_in, reported_lead,
                                                          make_company, users):
    _, existing = make_company("丙公司", project="丙项目")
    first = reported_lead("reporter", "丙公司")
    signed_in("bob").post(f"/intake/{ref(first)}/duplicate", data={"duplicate_of": str(existing)})
    reported_lead("alice", "丙公司有限公司")
    body = signed_in("bob").get("/intake/queue").get_data(as_text=True)
    assert "丙项目" in body and "重复报送" in body


def test_it_lists_the_later_report_on_the_existing_projects_page(app, users, orgs):
    with app.app_context():
        existing = Project(name="既有光伏项目", owner_id=users["alice"], org_id=orgs["bureau"])
        db.session.add(existing)
        db.session.flush()
        db.session.add(Project(name="光伏投资意向", reported_by_id=users["reporter"],
                               screening=Screening.duplicate, duplicate_of_id=existing.id))
        db.session.commit()
        existing_id = existing.id
    client = app.test_client()
    client.login("alice@zsj.example.com")
    page = client.get(f"/projects/{ref(existing_id)}").get_data(as_text=True)
    assert "重复报送（1）" in page and "孙报送" in page
