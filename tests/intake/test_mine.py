"""/leads/mine: the reporter's own leads and what became of them, nobody else's."""

from crm.domain.stages import Screening, Stage
from crm.extensions import db
from crm.localtime import SHANGHAI, UTC
from crm.models import Project
from tests.conftest import ref


def test_a_reporter_sees_only_their_own_leads(app, signed_in, reported_lead, users):
    reported_lead("reporter", "甲公司")
    other = reported_lead("alice", "乙公司")
    client = signed_in("reporter")
    body = client.get("/leads/mine").get_data(as_text=True)
    assert "甲公司投资意向" in body and "乙公司" not in body and "待研判" in body
    assert client.get(f"/projects/{ref(other)}").status_code == 404


def test_it_shows_the_outcome_and_the_stage_when_accepted(app, signed_in, reported_lead):
    lead_id = reported_lead("reporter", "甲公司")
    rejected = reported_lead("reporter", "丙公司")
    with app.app_context():
        lead, no = db.session.get(Project, lead_id), db.session.get(Project, rejected)
        lead.screening, lead.stage = Screening.accepted, Stage.contact
        no.screening, no.screening_reason = Screening.rejected, "意向不明确"
        db.session.commit()
    body = signed_in("reporter").get("/leads/mine").get_data(as_text=True)
    assert "已受理，当前阶段：接洽" in body
    assert "不予受理" in body and "意向不明确" in body


def test_a_duplicate_says_a_colleague_follows_it_without_naming_the_project(
        app, signed_in, reported_lead, make_company):
    _, existing = make_company("丁集团", project="丁集团总部项目", confidential=True)
    lead_id = reported_lead("reporter", "丁集团有限公司")
    with app.app_context():
        lead = db.session.get(Project, lead_id)
        lead.screening, lead.duplicate_of_id = Screening.duplicate, existing
        db.session.commit()
    body = signed_in("reporter").get("/leads/mine").get_data(as_text=True)
    assert "已有同事在跟进" in body and "丁集团总部项目" not in body


def test_a_lead_made_confidential_shows_only_that_it_was_accepted(app, signed_in,
                                                                  reported_lead):
    lead_id = reported_lead("reporter", "戊集团", total_investment=3_298_000_000)
    with app.app_context():
        lead = db.session.get(Project, lead_id)
        lead.screening, lead.stage = Screening.accepted, Stage.negotiation
        lead.confidential, lead.code_name = True, "代号W"
        db.session.commit()
        submitted = lead.created_at.replace(tzinfo=UTC).astimezone(SHANGHAI)
    body = signed_in("reporter").get("/leads/mine").get_data(as_text=True)
    assert "一条线索已受理（保密项目，详情不显示）" in body
    assert "戊集团" not in body and "代号W" not in body and "329,800" not in body
    assert "在谈" not in body and f"/projects/{ref(lead_id)}" not in body
    assert submitted.strftime("%Y-%m-%d") in body


def test_a_liaison_follows_the_lead_they_reported_until_it_is_confidential(
        app, signed_in, reported_lead):
    lead_id = reported_lead("charlie", "戊公司")  # no 责任单位 yet: not in charlie's unit
    client = signed_in("charlie")
    body = client.get("/leads/mine").get_data(as_text=True)
    assert f"/projects/{ref(lead_id)}" in body
    assert client.get(f"/projects/{ref(lead_id)}").status_code == 200
    with app.app_context():
        db.session.get(Project, lead_id).confidential = True
        db.session.commit()
    assert client.get(f"/projects/{ref(lead_id)}").status_code == 404
    assert f"/projects/{ref(lead_id)}" not in client.get("/leads/mine").get_data(as_text=True)


def test_a_reporter_sees_a_duplicate_as_such_and_a_way_back_to_their_list(
        app, client_for, users):
    """Their lead marked 重复 says so (not 线索 · 正常 · 绿), its breadcrumb leads to their own
    list (they have no 项目库), and their home page has no stray menu card."""
    with app.app_context():
        original = Project(name="原有光伏项目", owner_id=users["alice"])
        db.session.add(original)
        db.session.flush()
        lead = Project(name="重复报送的光伏项目", reported_by_id=users["reporter"],
                       screening=Screening.duplicate, duplicate_of_id=original.id)
        db.session.add(lead)
        db.session.commit()
        token = ref(lead.id)
    client = client_for("reporter")
    page = client.get(f"/projects/{token}").get_data(as_text=True)
    assert '<span class="badge text-bg-warning" id="project-screening">重复报送</span>' in page
    assert 'id="project-stage"' not in page and 'id="project-health"' not in page
    start = page.index('aria-label="位置"')
    crumb = page[start:page.index("</nav>", start)]
    assert 'href="/leads/mine">我报送的线索</a>' in crumb and "/projects" not in crumb
    assert client.get("/leads/mine").status_code == 200
    home = client.get("/").get_data(as_text=True)
    assert 'class="card card-body text-decoration-none h-100"' not in home
    assert 'id="submissions"' in home
