"""POST /intake/<token>/duplicate: linked to the existing project, whose first reporter is kept.

The existing project comes as its opaque token (crm/projects/ref.py), picked from the candidates
or from a search by name on the queue page; anything else is a field-level 400 that changes
nothing.
"""

import re

import pytest

from crm.domain.stages import Screening
from crm.extensions import db
from crm.intake.forms import NO_SUCH_PROJECT
from crm.intake.queries import duplicates_of
from crm.models import Project
from crm.projects.ref import encode
from tests.conftest import ref


def _state(app, project_id: int) -> tuple:
    with app.app_context():
        project = db.session.get(Project, project_id)
        return project.screening, project.duplicate_of_id, project.first_contact_by_id


def test_a_duplicate_is_linked_and_gives_the_project_its_first_reporter(
        app, signed_in, reported_lead, make_company, users):
    _, existing = make_company("邯郸童装制造有限公司", project="童装项目", owner_id=users["alice"])
    lead_id = reported_lead("reporter", "邯郸童装制造股份有限公司")
    response = signed_in("bob").post(f"/intake/{ref(lead_id)}/duplicate",
                                     data={"duplicate_of": ref(existing)})
    assert response.status_code == 302
    with app.app_context():
        lead, target = db.session.get(Project, lead_id), db.session.get(Project, existing)
        assert (lead.screening, lead.duplicate_of_id) == (Screening.duplicate, existing)
        assert target.first_contact_by_id == users["reporter"]
        assert [p.id for p in duplicates_of(existing)] == [lead_id]


def test_the_candidate_select_offers_tokens_and_its_default_choice_marks_the_lead(
        app, signed_in, reported_lead, make_company):
    _, existing = make_company("邯郸童装制造有限公司", project="童装项目")
    lead_id = reported_lead("reporter", "邯郸童装制造有限公司")
    client = signed_in("bob")
    body = client.get("/intake/queue").get_data(as_text=True)
    select = re.search(rf'<select[^>]*id="dup-{ref(lead_id)}"[^>]*>(.*?)</select>', body, re.S)
    assert select, body
    assert re.findall(r'<option value="([^"]*)"', select.group(1)) == [ref(existing)]
    assert "童装项目" in select.group(1)
    response = client.post(f"/intake/{ref(lead_id)}/duplicate",
                           data={"duplicate_of": ref(existing)})
    assert response.status_code == 302
    assert _state(app, lead_id)[:2] == (Screening.duplicate, existing)


def test_a_later_report_keeps_the_first_reporter(app, signed_in, reported_lead, make_company,
                                                 users):
    _, existing = make_company("甲公司", project="甲项目", first_contact_by_id=users["alice"])
    lead_id = reported_lead("reporter", "甲公司")
    signed_in("bob").post(f"/intake/{ref(lead_id)}/duplicate",
                          data={"duplicate_of": ref(existing)})
    with app.app_context():
        assert db.session.get(Project, existing).first_contact_by_id == users["alice"]
        assert db.session.get(Project, lead_id).duplicate_of_id == existing


def _bad_choices(app, secret: int, lead_id: int) -> dict[str, str]:
    with app.app_context():
        other_app = encode(secret, "another-deployment-secret")
    good = ref(secret)
    return {
        "unreadable": good, "missing": ref(999_999), "the-lead-itself": ref(lead_id),
        "integer-id": str(secret), "full-width-digits": "１２", "arabic-indic": "٣",
        "superscript": "²", "400-digits": "1" * 400, "400-chars": "项" * 400,
        "garbage": "abc", "tampered": good[:5] + ("A" if good[5] != "A" else "B") + good[6:],
        "truncated": good[:-1], "padded": good + "==", "another-app": other_app,
        "nul-inside": good[:10] + "\x00" + good[11:], "nul-and-long": "\x00" * 3 + "x" * 300,
        "sql": "1 OR 1=1", "path": "../../etc/passwd",
    }


def test_an_unreadable_missing_or_garbage_target_is_a_field_error(app, signed_in, reported_lead,
                                                                  make_company, users):
    _, secret = make_company("乙公司", project="乙保密项目", confidential=True,
                             owner_id=users["alice"])
    lead_id = reported_lead("reporter", "乙公司")
    before = _state(app, lead_id)
    client = signed_in("bob")
    for label, value in _bad_choices(app, secret, lead_id).items():
        response = client.post(f"/intake/{ref(lead_id)}/duplicate",
                               data={"duplicate_of": value})
        body = response.get_data(as_text=True)
        assert response.status_code == 400, label
        assert re.search(rf'class="invalid-feedback d-block"[^>]*>{NO_SUCH_PROJECT}<', body), label
        assert "乙保密项目" not in body, label
    for value in ("", "   ", "\x00"):
        response = client.post(f"/intake/{ref(lead_id)}/duplicate", data={"duplicate_of": value})
        assert response.status_code == 400, repr(value)
        assert "请从候选或搜索结果中选择已有项目" in response.get_data(as_text=True)
    response = client.post(f"/intake/{ref(lead_id)}/duplicate", data={})
    assert response.status_code == 400
    assert _state(app, lead_id) == before


def test_the_confidential_projects_team_may_choose_it(app, signed_in, reported_lead,
                                                      make_company, users):
    _, secret = make_company("乙公司", project="乙保密项目", confidential=True,
                             owner_id=users["alice"])
    lead_id = reported_lead("reporter", "乙公司")
    response = signed_in("alice").post(f"/intake/{ref(lead_id)}/duplicate",
                                       data={"duplicate_of": ref(secret)})
    assert response.status_code == 302
    assert _state(app, lead_id)[:2] == (Screening.duplicate, secret)


def test_a_target_that_is_itself_a_duplicate_is_refused(app, signed_in, reported_lead,
                                                        make_company):
    _, original = make_company("丁公司", project="丁项目")
    earlier = reported_lead("reporter", "丁公司")
    client = signed_in("bob")
    assert client.post(f"/intake/{ref(earlier)}/duplicate",
                       data={"duplicate_of": ref(original)}).status_code == 302
    later = reported_lead("alice", "丁公司")
    response = client.post(f"/intake/{ref(later)}/duplicate", data={"duplicate_of": ref(earlier)})
    assert response.status_code == 400
    assert "该项目本身是重复报送，请选择它所重复的原项目" in response.get_data(as_text=True)
    assert _state(app, later)[0] == Screening.pending


def test_a_refused_choice_from_a_search_shows_the_search_again(app, signed_in, reported_lead,
                                                              make_company):
    make_company("戊能源有限公司", project="戊光伏电站项目")
    lead_id = reported_lead("reporter", "某新来企业")
    response = signed_in("bob").post(f"/intake/{ref(lead_id)}/duplicate",
                                     data={"duplicate_of": "garbage", "q": "光伏"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and NO_SUCH_PROJECT in body
    assert "戊光伏电站项目" in body and 'value="光伏"' in body


@pytest.mark.parametrize("who", ["admin", "charlie", "reporter"])
def test_only_staff_and_leaders_mark_duplicates(app, signed_in, reported_lead, make_company, who):
    _, existing = make_company("己公司", project="己项目")
    lead_id = reported_lead("reporter", "己公司")
    response = signed_in(who).post(f"/intake/{ref(lead_id)}/duplicate",
                                   data={"duplicate_of": ref(existing)})
    assert response.status_code in (403, 404)
    assert _state(app, lead_id)[0] == Screening.pending


def test_the_queue_lists_earlier_duplicates_of_a_candidate(app, signed_in, reported_lead,
                                                          make_company, users):
    _, existing = make_company("丙公司", project="丙项目")
    first = reported_lead("reporter", "丙公司")
    signed_in("bob").post(f"/intake/{ref(first)}/duplicate", data={"duplicate_of": ref(existing)})
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
