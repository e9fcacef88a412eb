"""POST /projects/<id>/stage: the stage rules, a real-world date, and a StageChange row."""

from datetime import date

import sqlalchemy as sa

from crm.domain.stages import AgreementKind, Stage, Status
from crm.models import StageChange
from tests.conftest import ref
from tests.projects.conftest import text


def move(client, pid, to, day="2026-03-01", note="", **more):
    return client.post(f"/projects/{ref(pid)}/stage",
                       data={"to_stage": to, "effective_date": day, "note": note, **more})


def test_it_moves_forward_with_the_date_it_happened(as_user, make_project, stored, rows):
    pid = make_project(stage=Stage.contact, last_progress_at=date(2026, 2, 1))
    assert move(as_user("alice"), pid, "negotiation", "2026-03-01").status_code == 302
    project = stored(pid)
    assert (project.stage, project.stage_date) == (Stage.negotiation, date(2026, 3, 1))
    assert project.last_progress_at == date(2026, 3, 1)
    (change,) = rows(sa.select(StageChange))
    assert (change.from_stage, change.to_stage, change.effective_date) == (
        Stage.contact, Stage.negotiation, date(2026, 3, 1))


def test_it_keeps_a_later_progress_date(as_user, make_project, stored):
    pid = make_project(stage=Stage.contact, last_progress_at=date(2026, 5, 1))
    move(as_user("alice"), pid, "inspection", "2026-03-01")
    assert stored(pid).last_progress_at == date(2026, 5, 1)


def test_it_refuses_signing_without_an_investment_agreement(as_user, make_project, agreement,
                                                            stored):
    pid = make_project(stage=Stage.negotiation)
    agreement(pid, kind=AgreementKind.framework)
    response = move(as_user("alice"), pid, "signed")
    assert response.status_code == 422 and "需先录入投资协议" in text(response)
    assert stored(pid).stage == Stage.negotiation


def test_it_allows_signing_with_an_investment_agreement(as_user, make_project, agreement, stored):
    pid = make_project(stage=Stage.contact)
    agreement(pid)
    assert move(as_user("alice"), pid, "signed").status_code == 302
    assert stored(pid).stage == Stage.signed


def test_it_needs_a_reason_to_move_back(as_user, make_project, stored, rows):
    pid = make_project(stage=Stage.negotiation)
    alice = as_user("alice")
    assert "需填写原因" in text(move(alice, pid, "contact"))
    assert move(alice, pid, "contact", note="企业暂停扩张计划").status_code == 302
    assert stored(pid).stage == Stage.contact and len(rows(sa.select(StageChange))) == 1


def test_it_refuses_a_move_of_a_terminated_project(as_user, make_project, stored):
    pid = make_project(stage=Stage.contact, status=Status.terminated)
    assert "请先重新激活" in text(move(as_user("alice"), pid, "inspection"))
    assert stored(pid).stage == Stage.contact


def test_it_refuses_bad_and_future_dates(as_user, make_project, rows):
    pid = make_project(stage=Stage.contact)
    alice = as_user("alice")
    assert "日期无效" in text(move(alice, pid, "inspection", "2026-02-30"))
    assert "日期不能晚于今天" in text(move(alice, pid, "inspection", "2099-01-01"))
    assert "请选择阶段" in text(move(alice, pid, "nowhere"))
    assert rows(sa.select(StageChange)) == []


def test_it_forbids_colleagues_and_hides_from_outsiders(as_user, make_project, stored):
    pid = make_project(stage=Stage.contact)
    assert move(as_user("bob"), pid, "inspection").status_code == 403
    assert move(as_user("charlie"), pid, "inspection").status_code == 404
    assert stored(pid).stage == Stage.contact


def test_a_local_company_expanding_starts_work_without_a_registration_date(
        as_user, make_project, agreement, stored):
    pid = make_project(stage=Stage.signed, started_on=date(2026, 3, 1))
    agreement(pid)
    response = move(as_user("alice"), pid, "started", "2026-03-01")
    assert response.status_code == 302
    assert (stored(pid).stage, stored(pid).registered_on) == (Stage.started, None)


def test_the_stage_form_takes_the_registration_date_on_the_way(as_user, make_project,
                                                               agreement, stored):
    pid = make_project(stage=Stage.signed, started_on=date(2026, 3, 1))
    agreement(pid)
    page = text(as_user("alice").get(f"/projects/{ref(pid)}"))
    assert "注册（落地）日期（如有）" in page
    later = move(as_user("alice"), pid, "started", "2026-03-01", registered_on="2026-03-05")
    assert "注册（落地）日期不能晚于本次阶段调整的实际发生日期" in text(later)
    assert stored(pid).registered_on is None
    move(as_user("alice"), pid, "started", "2026-03-01", registered_on="2026-02-20")
    assert (stored(pid).stage, stored(pid).registered_on) == (Stage.started, date(2026, 2, 20))
