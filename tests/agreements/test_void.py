"""POST /projects/<id>/agreements/<id>/void: 作废 with a reason; the row leaves every rule."""

from datetime import date

import sqlalchemy as sa

from crm.domain.stages import AgreementKind, Stage
from crm.models import Agreement, AuditLog
from tests.agreements.conftest import agreement_url, page_form, text
from tests.conftest import ref


def _void(client, pid, aid, reason="重复录入"):
    values = page_form(client, agreement_url(pid, aid), "void-form")
    return client.post(agreement_url(pid, aid, "void"), data={**values, "void_reason": reason})


def test_it_voids_with_a_reason_and_shows_the_row_struck_through(login_as, make_project,
                                                                  signed, rows):
    pid = make_project(owner="alice")
    aid = signed(pid)
    client = login_as("alice")
    assert _void(client, pid, aid).headers["Location"] == f"/projects/{ref(pid)}#agreements"
    (row,) = rows(sa.select(Agreement.void_reason, Agreement.voided_by_id, Agreement.voided_at))
    assert row.void_reason == "重复录入" and row.voided_at is not None
    page = text(client.get(f"/projects/{ref(pid)}"))
    assert "<del" in page and "已作废：重复录入 · 李爱丽 · " in page
    assert 'id="agreed-total"' not in page  # no live 投资协议: no 协议金额
    assert agreement_url(pid, aid) not in page  # nothing left to correct


def test_it_requires_a_reason(login_as, make_project, signed, rows):
    pid = make_project(owner="alice")
    aid = signed(pid)
    response = _void(login_as("alice"), pid, aid, reason="   ")
    assert response.status_code == 422
    assert 'invalid-feedback d-block">请填写作废原因' in text(response)
    assert rows(sa.select(Agreement.voided_at)) == [None]


def test_voiding_the_only_investment_agreement_clears_the_signing_date_not_the_stage(
        login_as, make_project, signed, stored):
    pid = make_project(owner="alice", stage=Stage.signed, signed_on=date(2026, 3, 2))
    aid = signed(pid)
    client = login_as("alice")
    _void(client, pid, aid)
    project = stored(pid)
    assert (project.stage, project.signed_on) == (Stage.signed, None)
    assert "该项目已无有效投资协议，请核对项目阶段" in text(client.get(f"/projects/{ref(pid)}"))


def test_the_signing_date_moves_to_the_next_live_investment_agreement(login_as, make_project,
                                                                      signed, stored):
    pid = make_project(owner="alice", stage=Stage.signed, signed_on=date(2026, 3, 2))
    first = signed(pid, signed_on=date(2026, 3, 2))
    signed(pid, signed_on=date(2026, 5, 10))
    client = login_as("alice")
    _void(client, pid, first)
    assert stored(pid).signed_on == date(2026, 5, 10)
    assert "请核对项目阶段" not in text(client.get(f"/projects/{ref(pid)}"))


def test_the_audit_log_records_the_void(login_as, make_project, signed, rows):
    pid = make_project(owner="alice")
    aid = signed(pid)
    _void(login_as("alice"), pid, aid)
    changed = rows(sa.select(AuditLog.field, AuditLog.new).where(
        AuditLog.entity == "agreements", AuditLog.entity_id == aid, AuditLog.action == "update"))
    assert {field for field, _ in changed} == {"voided_at", "voided_by_id", "void_reason"}
    assert ("void_reason", "重复录入") in changed


def test_a_stale_void_changes_nothing(client_for, make_project, signed, rows):
    pid = make_project(owner="alice", members=("bob",))
    aid = signed(pid)
    alice, bob = client_for("alice"), client_for("bob")
    stale = page_form(alice, agreement_url(pid, aid), "void-form")
    values = page_form(bob, agreement_url(pid, aid), "agreement-form")
    bob.post(agreement_url(pid, aid), data={**values, "amount": "3亿"})
    response = alice.post(agreement_url(pid, aid, "void"),
                          data={**stale, "void_reason": "重复录入"})
    assert response.status_code == 409 and "该协议已被他人修改或作废" in text(response)
    assert rows(sa.select(Agreement.voided_at)) == [None]


def test_a_voided_agreement_cannot_be_corrected_or_voided_again(login_as, make_project, signed,
                                                                rows):
    pid = make_project(owner="alice")
    aid = signed(pid)
    client = login_as("alice")
    _void(client, pid, aid)
    assert client.get(agreement_url(pid, aid)).headers["Location"] == \
        f"/projects/{ref(pid)}#agreements"
    client.post(agreement_url(pid, aid, "void"), data={"void_reason": "再次", "void_version": 2})
    assert rows(sa.select(Agreement.void_reason)) == ["重复录入"]


def test_a_liaison_may_not_void_an_agreement(make_project, signed, as_user, orgs, rows):
    pid = make_project(owner="alice", org_id=orgs["township"])
    aid = signed(pid, kind=AgreementKind.framework, amount=None)
    response = as_user("charlie").post(agreement_url(pid, aid, "void"),
                                       data={"void_reason": "录错", "void_version": 1})
    assert response.status_code == 403
    assert rows(sa.select(Agreement.voided_at)) == [None]


def test_hostile_values_never_give_a_500(login_as, make_project, signed, rows):
    pid = make_project(owner="alice")
    aid = signed(pid)
    client = login_as("alice")
    for version in ("", "²", "1" * 400, "-1", "２"):
        for reason in ("\x00", "x" * 600, "重复录入"):
            response = client.post(agreement_url(pid, aid, "void"),
                                   data={"void_reason": reason, "void_version": version})
            assert response.status_code in (409, 422), (version, reason)
    assert rows(sa.select(Agreement.voided_at)) == [None]
