"""From 接洽 on a project needs a 主投资方 (crm/domain/stages.py): every way a project moves
there asks for one, the edit form keeps it, and a sole investor is the lead by itself."""

import sqlalchemy as sa

from crm.domain.stages import Stage
from crm.models import ProjectInvestor, StageChange
from tests.conftest import ref
from tests.projects.conftest import edit_form, new_form, text
from tests.projects.test_plausibility import field_errors

NEEDS = "移至「接洽」需先选定主投资方（在“修改项目信息”中选择投资方企业）"


def move(client, pid, to, **headers):
    return client.post(f"/projects/{ref(pid)}/stage", headers=headers,
                       data={"to_stage": to, "effective_date": "2026-03-01", "note": ""})


def _leads(rows, pid):
    return [tuple(r) for r in rows(sa.select(ProjectInvestor.company_id, ProjectInvestor.is_lead)
                                   .where(ProjectInvestor.project_id == pid)
                                   .order_by(ProjectInvestor.company_id))]


def test_the_stage_form_refuses_contact_without_a_lead_investor(as_user, make_project, stored,
                                                                rows):
    pid = make_project(stage=Stage.lead, investors=())
    response = move(as_user("alice"), pid, "contact")
    assert response.status_code == 422 and NEEDS in text(response)
    assert stored(pid).stage == Stage.lead and len(rows(sa.select(StageChange))) == 0


def test_a_drag_past_contact_names_every_missing_fact(as_user, make_project, stored):
    pid = make_project(stage=Stage.screening, investors=())
    response = move(as_user("alice"), pid, "negotiation", Accept="application/json")
    assert response.status_code == 422
    assert response.get_json()["errors"] == [
        "移至「在谈」需先选定主投资方（在“修改项目信息”中选择投资方企业）"]
    assert stored(pid).stage == Stage.screening


def test_screening_stays_open_to_a_lead_without_an_investor(as_user, make_project, stored):
    pid = make_project(stage=Stage.lead, investors=())
    assert move(as_user("alice"), pid, "screening").status_code == 302
    assert stored(pid).stage == Stage.screening


def test_an_investor_that_is_not_the_lead_is_not_enough(as_user, make_project, stored, app):
    pid = make_project(stage=Stage.lead, investors=("河北光伏科技有限公司", "中国建筑集团有限公司"))
    with app.app_context():
        from crm.extensions import db
        db.session.execute(sa.update(ProjectInvestor).values(is_lead=False))
        db.session.commit()
    assert NEEDS in text(move(as_user("alice"), pid, "contact"))
    assert stored(pid).stage == Stage.lead


def test_with_its_lead_investor_the_project_moves(as_user, make_project, stored):
    pid = make_project(stage=Stage.lead, investors=("河北光伏科技有限公司",))
    assert move(as_user("alice"), pid, "contact").status_code == 302
    assert stored(pid).stage == Stage.contact


def test_an_investment_agreement_does_not_sign_a_project_without_an_investor(
        as_user, make_project, stored, rows):
    from crm.models import Agreement
    pid = make_project(stage=Stage.lead, investors=())
    response = as_user("alice").post(f"/projects/{ref(pid)}/agreements/new", data={
        "kind": "investment", "title": "", "signed_on": "2026-03-01", "amount": "2.35亿",
        "agreed_start_date": "", "activity_id": 0, "note": ""}, follow_redirects=True)
    # The agreement is kept (nothing typed is lost); the stage waits for the investor.
    assert len(rows(sa.select(Agreement))) == 1
    assert "项目阶段未变：移至「签约」" + NEEDS[len("移至「接洽」"):] in text(response)
    assert stored(pid).stage == Stage.lead


def test_the_edit_form_keeps_the_lead_investor_from_contact_on(as_user, make_project, company,
                                                               stored, rows):
    a, b = company("河北光伏科技有限公司"), company("中国建筑集团有限公司")
    pid = make_project(stage=Stage.negotiation, investors=("河北光伏科技有限公司",))
    alice = as_user("alice")
    response = alice.post(f"/projects/{ref(pid)}/edit",
                          data={**edit_form(alice, pid), "investors": [], "lead_investor": 0})
    assert field_errors(text(response), "lead_investor") == [
        "项目已处于「在谈」阶段，须选定主投资方（先在“投资方企业”中选择企业）"]
    response = alice.post(f"/projects/{ref(pid)}/edit",
                          data={**edit_form(alice, pid), "investors": [a, b], "lead_investor": 0})
    assert field_errors(text(response), "lead_investor") == [
        "项目已处于「在谈」阶段，须选定主投资方（先在“投资方企业”中选择企业）"]
    assert _leads(rows, pid) == [(a, True)] and stored(pid).version == 1
    alice.post(f"/projects/{ref(pid)}/edit",
               data={**edit_form(alice, pid), "investors": [a, b], "lead_investor": b})
    assert _leads(rows, pid) == [(a, False), (b, True)]


def test_a_lead_project_may_drop_its_investors(as_user, make_project, stored, rows):
    pid = make_project(stage=Stage.lead, investors=("河北光伏科技有限公司",))
    alice = as_user("alice")
    response = alice.post(f"/projects/{ref(pid)}/edit",
                          data={**edit_form(alice, pid), "investors": [], "lead_investor": 0})
    assert response.status_code == 302 and _leads(rows, pid) == []


def test_a_sole_investor_is_the_lead_unless_another_is_named(as_user, company, rows):
    a = company("河北光伏科技有限公司")
    as_user("alice").post("/projects/new", data=new_form(name="光伏项目", investors=[a]))
    assert [tuple(r) for r in rows(sa.select(ProjectInvestor.company_id,
                                             ProjectInvestor.is_lead))] == [(a, True)]


def test_the_project_page_says_what_contact_will_need(as_user, make_project):
    bare = make_project(stage=Stage.lead, investors=())
    led = make_project("童装项目", stage=Stage.lead, investors=("河北光伏科技有限公司",))
    page = text(as_user("alice").get(f"/projects/{ref(bare)}"))
    assert "项目移至「接洽」及以后阶段前须选定主投资方：" in page
    assert f'href="/projects/{ref(bare)}/edit">修改项目信息</a></p>' in page
    assert "须选定主投资方" not in text(as_user("alice").get(f"/projects/{ref(led)}"))
