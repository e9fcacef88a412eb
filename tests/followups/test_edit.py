"""GET/POST /projects/<id>/followups/<id>/edit: authors correct their own follow-ups."""

from datetime import date

import sqlalchemy as sa

from crm.models import AuditLog, FollowUp
from tests.conftest import ref
from tests.followups.conftest import text


def _post(client, pid, fid, form, **changes):
    page = client.get(f"/projects/{ref(pid)}/followups/{fid}/edit")
    assert page.status_code == 200
    version = text(page).split('name="version" type="hidden" value="')[1].split('"')[0]
    return client.post(f"/projects/{ref(pid)}/followups/{fid}/edit",
                       data=form(version=version, **changes))


def test_it_saves_the_authors_change_and_audits_it(login_as, make_project, followup, form,
                                                   rows):
    pid = make_project(owner="alice")
    fid = followup(pid, author="alice")
    response = _post(login_as("alice"), pid, fid, form, summary="改为：视频沟通投资强度")
    assert response.status_code == 302
    assert rows(sa.select(FollowUp.summary)) == ["改为：视频沟通投资强度"]
    assert "改为：视频沟通投资强度" in rows(sa.select(AuditLog.new).where(
        AuditLog.entity == "followups", AuditLog.field == "summary"))


def test_it_refuses_someone_elses_follow_up(login_as, make_project, followup):
    pid = make_project(owner="alice", members=("bob",))
    fid = followup(pid, author="alice")
    assert login_as("bob").get(f"/projects/{ref(pid)}/followups/{fid}/edit").status_code == 403


def test_it_hides_the_project_from_an_outsider(login_as, make_project, followup):
    pid = make_project(owner="alice", confidential=True, code_name="甲项目")
    fid = followup(pid, author="alice")
    assert login_as("charlie").get(f"/projects/{ref(pid)}/followups/{fid}/edit").status_code == 404


def test_it_answers_404_for_a_follow_up_of_another_project(login_as, make_project, followup):
    pid, other = make_project(owner="alice"), make_project("另一项目", owner="alice")
    fid = followup(other, author="alice")
    assert login_as("alice").get(f"/projects/{ref(pid)}/followups/{fid}/edit").status_code == 404
    assert login_as("alice").get(f"/projects/{ref(pid)}/followups/999999/edit").status_code == 404


def test_it_reports_a_conflict_when_the_version_is_stale(login_as, make_project, followup, form,
                                                         rows):
    pid = make_project(owner="alice")
    fid = followup(pid, author="alice")
    response = login_as("alice").post(f"/projects/{ref(pid)}/followups/{fid}/edit",
                                      data=form(version="0", summary="过期的修改"))
    assert response.status_code == 422 and "该对接记录已被修改" in text(response)
    assert rows(sa.select(FollowUp.summary)) == ["初次电话沟通"]


def test_it_moves_the_stored_dates_with_the_edit(login_as, make_project, followup, form, stored):
    pid = make_project(owner="alice")
    fid = followup(pid, author="alice", day=date(2026, 3, 2))
    _post(login_as("alice"), pid, fid, form, contact_date="2026-03-09", next_due_date="2026-03-20")
    project = stored(pid)
    assert (project.last_contact_at, project.next_followup_at) == (
        date(2026, 3, 9), date(2026, 3, 20))
