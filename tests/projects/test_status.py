"""POST /projects/<id>/status: a reason and a date for every change; a StatusChange row."""

from datetime import date

import sqlalchemy as sa

from crm.domain.stages import Status
from crm.models import StatusChange
from tests.conftest import ref
from tests.projects.conftest import text


def change(client, pid, to, reason="企业资金紧张", day="2026-04-01"):
    return client.post(f"/projects/{ref(pid)}/status",
                       data={"to_status": to, "reason": reason, "effective_date": day})


def test_it_pauses_a_project_with_reason_and_date(as_user, make_project, stored, rows):
    pid = make_project()
    assert change(as_user("alice"), pid, "paused").status_code == 302
    project = stored(pid)
    assert (project.status, project.status_reason, project.status_date) == (
        Status.paused, "企业资金紧张", date(2026, 4, 1))
    (row,) = rows(sa.select(StatusChange))
    assert (row.from_status, row.to_status, row.reason) == (Status.normal, Status.paused,
                                                            "企业资金紧张")


def test_it_reactivates_with_a_reason(as_user, make_project, stored):
    pid = make_project(status=Status.lost)
    assert change(as_user("alice"), pid, "normal", reason="企业重新考虑磁县").status_code == 302
    assert stored(pid).status == Status.normal


def test_it_requires_a_reason(as_user, make_project, stored):
    pid = make_project()
    response = change(as_user("alice"), pid, "terminated", reason="  ")
    assert response.status_code == 422 and "请填写原因" in text(response)
    assert stored(pid).status == Status.normal


def test_it_refuses_the_current_status_and_future_dates(as_user, make_project, rows):
    pid = make_project()
    alice = as_user("alice")
    assert "项目状态已是「正常」" in text(change(alice, pid, "normal"))
    assert "日期不能晚于今天" in text(change(alice, pid, "paused", day="2099-01-01"))
    assert rows(sa.select(StatusChange)) == []


def test_it_forbids_colleagues(as_user, make_project, stored):
    pid = make_project()
    assert change(as_user("bob"), pid, "paused").status_code == 403
    assert stored(pid).status == Status.normal
