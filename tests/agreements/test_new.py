"""GET/POST /projects/<id>/agreements/new: an 投资协议 moves the project to 签约."""

from datetime import date, timedelta

import sqlalchemy as sa

from crm.domain.stages import Stage
from crm.localtime import today
from crm.models import Agreement, StageChange
from tests.agreements.conftest import text
from tests.conftest import ref


def test_it_moves_the_project_to_signed_with_an_investment_agreement(login_as, make_project,
                                                                     agreement_form, stored,
                                                                     rows):
    pid = make_project(owner="alice", stage=Stage.negotiation)
    response = login_as("alice").post(f"/projects/{ref(pid)}/agreements/new", data=agreement_form())
    assert response.headers["Location"] == f"/projects/{ref(pid)}#agreements"
    project = stored(pid)
    assert (project.stage, project.signed_on, project.stage_date) == (
        Stage.signed, date(2026, 3, 2), date(2026, 3, 2))
    assert rows(sa.select(StageChange.note, StageChange.to_stage)) == [
        ("签订投资协议", Stage.signed)]
    assert rows(sa.select(Agreement.amount)) == [200_000_000]


def test_it_does_not_move_the_project_with_a_framework_agreement(login_as, make_project,
                                                                 agreement_form, stored, rows):
    pid = make_project(owner="alice", stage=Stage.negotiation)
    login_as("alice").post(f"/projects/{ref(pid)}/agreements/new",
                           data=agreement_form(kind="framework", amount=""))
    project = stored(pid)
    assert (project.stage, project.signed_on) == (Stage.negotiation, None)
    assert rows(sa.select(StageChange.id)) == []
    assert rows(sa.select(Agreement.kind)) == ["framework"]


def test_it_keeps_the_first_investment_agreements_date(login_as, make_project, agreement_form,
                                                       stored):
    pid = make_project(owner="alice")
    client = login_as("alice")
    client.post(f"/projects/{ref(pid)}/agreements/new", data=agreement_form(signed_on="2026-03-02"))
    client.post(f"/projects/{ref(pid)}/agreements/new", data=agreement_form(signed_on="2026-05-10"))
    assert stored(pid).signed_on == date(2026, 3, 2)


def test_it_leaves_a_project_beyond_signed_where_it_is(login_as, make_project, agreement_form,
                                                       stored):
    pid = make_project(owner="alice", stage=Stage.started, started_on=date(2026, 1, 5))
    login_as("alice").post(f"/projects/{ref(pid)}/agreements/new", data=agreement_form())
    assert stored(pid).stage == Stage.started


def test_it_requires_an_amount_for_investment_and_supplement(login_as, make_project,
                                                             agreement_form, rows):
    pid = make_project(owner="alice")
    client = login_as("alice")
    for kind in ("investment", "supplement"):
        response = client.post(f"/projects/{ref(pid)}/agreements/new",
                               data=agreement_form(kind=kind, amount=""))
        assert response.status_code == 422 and "须填写协议金额" in text(response)
    assert rows(sa.select(Agreement.id)) == []


def test_it_rejects_a_future_date_and_a_bad_amount(login_as, make_project, agreement_form, rows):
    pid = make_project(owner="alice")
    tomorrow = (today() + timedelta(days=1)).isoformat()
    body = text(login_as("alice").post(f"/projects/{ref(pid)}/agreements/new", data=agreement_form(
        signed_on=tomorrow, amount="两亿")))
    assert "日期不能晚于今天" in body and "invalid-feedback" in body
    assert rows(sa.select(Agreement.id)) == []


def test_it_forbids_a_colleague_and_a_leader(login_as, make_project, agreement_form, as_user):
    pid = make_project(owner="alice")
    assert as_user("bob").post(f"/projects/{ref(pid)}/agreements/new",
                               data=agreement_form()).status_code == 403
    assert as_user("leader").get(f"/projects/{ref(pid)}/agreements/new").status_code == 403


def test_it_hides_a_confidential_project_from_an_outsider(login_as, make_project):
    pid = make_project(owner="alice", confidential=True, code_name="甲项目")
    assert login_as("charlie").get(f"/projects/{ref(pid)}/agreements/new").status_code == 404


def test_it_refuses_a_signing_date_before_the_projects_lead_date(app, login_as, make_project,
                                                                 rows):
    from crm.extensions import db

    pid = make_project(owner="alice", stage=Stage.negotiation)
    with app.app_context():
        db.session.add(StageChange(project_id=pid, to_stage=Stage.lead,
                                   effective_date=date(2022, 5, 1), note="录入项目"))
        db.session.commit()
    response = login_as("alice").post(f"/projects/{ref(pid)}/agreements/new", data={
        "kind": "investment", "title": "", "signed_on": "2022-04-30", "amount": "1亿",
        "agreed_start_date": "", "activity_id": 0, "note": ""})
    assert "签约日期（2022-04-30）不能早于项目的线索日期（2022-05-01）" in text(response)
    assert rows(sa.select(Agreement.id)) == []
