"""GET/POST /projects/<id>/agreements/<id>/edit: correct an agreement (更正)."""

from datetime import date, timedelta

import sqlalchemy as sa

from crm.domain.stages import AgreementKind, Stage
from crm.localtime import today
from crm.models import Activity, Agreement, AuditLog, DictItem, DictKind
from tests.agreements.conftest import agreement_url, page_form, text
from tests.conftest import ref


def test_it_corrects_the_amount_and_the_signing_date(login_as, make_project, signed, stored,
                                                      rows):
    pid = make_project(owner="alice", stage=Stage.signed, signed_on=date(2026, 3, 2))
    aid = signed(pid, amount=2_350_000_000)
    client = login_as("alice")
    values = page_form(client, agreement_url(pid, aid), "agreement-form")
    assert values["amount"] == "235000" and values["version"] == "1"
    response = client.post(agreement_url(pid, aid),
                           data={**values, "amount": "2.35亿", "signed_on": "2026-03-05"})
    assert response.headers["Location"] == f"/projects/{ref(pid)}#agreements"
    assert rows(sa.select(Agreement.amount, Agreement.signed_on, Agreement.version)) == [
        (235_000_000, date(2026, 3, 5), 2)]
    assert stored(pid).signed_on == date(2026, 3, 5)
    assert "20,000.00万元" not in text(client.get(f"/projects/{ref(pid)}"))


def test_it_writes_the_before_and_after_to_the_audit_log(login_as, make_project, signed, rows):
    pid = make_project(owner="alice")
    aid = signed(pid, amount=2_350_000_000)
    client = login_as("alice")
    values = page_form(client, agreement_url(pid, aid), "agreement-form")
    client.post(agreement_url(pid, aid), data={**values, "amount": "2.35亿"})
    assert rows(sa.select(AuditLog.field, AuditLog.old, AuditLog.new).where(
        AuditLog.entity == "agreements", AuditLog.action == "update")) == [
        ("amount", "2350000000", "235000000")]


def test_a_framework_agreement_corrected_to_investment_signs_the_project(
        login_as, make_project, signed, stored):
    pid = make_project(owner="alice", stage=Stage.negotiation)
    aid = signed(pid, kind=AgreementKind.framework, amount=None)
    client = login_as("alice")
    values = page_form(client, agreement_url(pid, aid), "agreement-form")
    response = client.post(agreement_url(pid, aid),
                           data={**values, "kind": "investment", "amount": "2亿"})
    assert response.status_code == 302
    assert (stored(pid).stage, stored(pid).signed_on) == (Stage.signed, date(2026, 3, 2))
    assert "项目已移至「签约」阶段" in text(client.get(f"/projects/{ref(pid)}"))


def test_an_investment_agreement_corrected_to_framework_asks_to_check_the_stage(
        login_as, make_project, signed, stored):
    pid = make_project(owner="alice", stage=Stage.signed, signed_on=date(2026, 3, 2))
    aid = signed(pid)
    client = login_as("alice")
    values = page_form(client, agreement_url(pid, aid), "agreement-form")
    client.post(agreement_url(pid, aid), data={**values, "kind": "framework"})
    project = stored(pid)
    assert (project.stage, project.signed_on) == (Stage.signed, None)  # never moved back
    assert "该项目已无有效投资协议，请核对项目阶段" in text(client.get(f"/projects/{ref(pid)}"))


def test_a_stale_form_gets_the_conflict_message_and_changes_nothing(
        client_for, make_project, signed, rows):
    pid = make_project(owner="alice", members=("bob",))
    aid = signed(pid, amount=235_000_000)
    alice, bob = client_for("alice"), client_for("bob")
    stale = page_form(alice, agreement_url(pid, aid), "agreement-form")
    fresh = page_form(bob, agreement_url(pid, aid), "agreement-form")
    assert bob.post(agreement_url(pid, aid), data={**fresh, "amount": "2.5亿"}).status_code == 302
    response = alice.post(agreement_url(pid, aid), data={**stale, "amount": "2.4亿"})
    assert response.status_code == 409 and "该协议已被他人修改或作废" in text(response)
    assert rows(sa.select(Agreement.amount)) == [250_000_000]


def test_it_rejects_a_future_date_field_by_field(login_as, make_project, signed, rows):
    pid = make_project(owner="alice")
    aid = signed(pid)
    client = login_as("alice")
    values = page_form(client, agreement_url(pid, aid), "agreement-form")
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = client.post(agreement_url(pid, aid), data={**values, "signed_on": tomorrow,
                                                          "amount": "-1"})
    body = text(response)
    assert response.status_code == 422 and "日期不能晚于今天" in body and "金额不能为负数" in body
    assert rows(sa.select(Agreement.signed_on, Agreement.version)) == [(date(2026, 3, 2), 1)]


def test_it_keeps_an_activity_older_than_the_choice_list(app, login_as, make_project, signed,
                                                         rows):
    from crm.extensions import db

    pid = make_project(owner="alice")
    aid = signed(pid)
    with app.app_context():
        kind = db.session.scalar(sa.select(DictItem.id).where(
            DictItem.kind == DictKind.activity_type).limit(1))
        old = Activity(title="2020年云签约", kind_id=kind, held_on=date(2020, 1, 5))
        db.session.add_all([old, *(Activity(title=f"活动{i}", kind_id=kind,
                                            held_on=date(2026, 1, 1) + timedelta(days=i))
                                   for i in range(200))])
        db.session.flush()
        db.session.get(Agreement, aid).activity_id = old.id
        db.session.commit()
        old_id = old.id
    client = login_as("alice")
    values = page_form(client, agreement_url(pid, aid), "agreement-form")
    assert values["activity_id"] == str(old_id)
    assert client.post(agreement_url(pid, aid), data={**values, "note": "补记"}).status_code == 302
    assert rows(sa.select(Agreement.activity_id, Agreement.note)) == [(old_id, "补记")]


def test_a_liaison_and_a_colleague_off_the_team_may_not_correct_it(
        make_project, signed, as_user, orgs):
    pid = make_project(owner="alice", org_id=orgs["township"])  # charlie's unit
    aid = signed(pid)
    assert as_user("charlie").get(agreement_url(pid, aid)).status_code == 403
    assert as_user("bob").post(agreement_url(pid, aid), data={"amount": "1亿"}).status_code == 403
    assert as_user("leader").get(agreement_url(pid, aid)).status_code == 403


def test_it_hides_a_confidential_project_and_another_projects_row(make_project, signed,
                                                                  as_user):
    secret = make_project("保密项目", owner="alice", confidential=True, code_name="甲")
    pid = make_project(owner="alice")
    aid = signed(secret)
    assert as_user("bob").get(agreement_url(secret, aid)).status_code == 404
    assert as_user("alice").get(agreement_url(pid, aid)).status_code == 404
    assert as_user("alice").get(agreement_url(pid, 999_999)).status_code == 404
