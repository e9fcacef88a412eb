"""POST /projects/<id>/followups: log a contact inline (htmx) or with a plain form post."""

from datetime import date, timedelta

import sqlalchemy as sa
import time_machine

from crm.extensions import db
from crm.localtime import today
from crm.models import FollowUp
from crm.models.work import followup_contacts, followup_staff
from tests.conftest import ref
from tests.followups.conftest import HX, text


def test_it_returns_the_fragment_and_updates_the_stored_dates(login_as, make_project, form,
                                                              stored):
    pid = make_project(owner="alice")
    due = today() + timedelta(days=5)
    response = login_as("alice").post(f"/projects/{ref(pid)}/followups", headers=HX,
                                      data=form(next_due_date=due.isoformat()))
    assert response.status_code == 200
    body = text(response)
    assert "<html" not in body and 'hx-swap-oob="afterbegin:#timeline-list"' in body
    assert "电话沟通用地和环评进度" in body
    assert f'id="project-next-followup" hx-swap-oob="true">{due}' in body
    project = stored(pid)
    assert (project.last_contact_at, project.last_progress_at, project.next_followup_at) == (
        today(), today(), due)


def test_it_turns_a_red_project_green(login_as, make_project, form, stored):
    pid = make_project(owner="alice", last_progress_at=today() - timedelta(days=120))
    client = login_as("alice")
    assert 'text-bg-danger" title="健康度' in text(client.get(f"/projects/{ref(pid)}"))
    body = text(client.post(f"/projects/{ref(pid)}/followups", headers=HX, data=form()))
    badge = '<span id="project-health" hx-swap-oob="true"><span class="badge text-bg-success"'
    assert badge in body
    assert stored(pid).last_progress_at == today()


def test_it_turns_a_yellow_project_green_under_a_frozen_clock(login_as, make_project, form):
    with time_machine.travel(date(2026, 6, 15), tick=False):
        pid = make_project(owner="alice", last_progress_at=date(2026, 4, 1))
        client = login_as("alice")
        assert "text-bg-warning" in text(client.get(f"/projects/{ref(pid)}"))
        body = text(client.post(f"/projects/{ref(pid)}/followups", headers=HX,
                                data=form(contact_date="2026-06-15", next_due_date="")))
    assert "text-bg-success" in body


def test_it_rejects_a_next_due_date_before_the_contact_date(login_as, make_project, form, rows):
    pid = make_project(owner="alice")
    day = today() - timedelta(days=3)
    response = login_as("alice").post(f"/projects/{ref(pid)}/followups", headers=HX, data=form(
        contact_date=day.isoformat(), next_due_date=(day - timedelta(days=1)).isoformat()))
    assert "下次跟进日期不能早于对接日期" in text(response)
    assert rows(sa.select(FollowUp.id)) == []


def test_it_rejects_a_contact_date_in_the_future(login_as, make_project, form, rows):
    pid = make_project(owner="alice")
    response = login_as("alice").post(f"/projects/{ref(pid)}/followups", headers=HX, data=form(
        contact_date=(today() + timedelta(days=1)).isoformat(), next_due_date=""))
    assert "对接日期不能晚于今天" in text(response)
    assert rows(sa.select(FollowUp.id)) == []


def test_it_requires_a_summary(login_as, make_project, form, rows):
    pid = make_project(owner="alice")
    response = login_as("alice").post(f"/projects/{ref(pid)}/followups", headers=HX,
                                      data=form(summary="   "))
    assert "请填写对接内容" in text(response) and rows(sa.select(FollowUp.id)) == []


def test_it_redirects_back_without_javascript(login_as, make_project, form, rows):
    pid = make_project(owner="alice")
    response = login_as("alice").post(f"/projects/{ref(pid)}/followups", data=form())
    assert response.status_code == 302
    assert response.headers["Location"] == f"/projects/{ref(pid)}#timeline"
    assert rows(sa.select(FollowUp.summary)) == ["电话沟通用地和环评进度"]


def test_it_shows_the_errors_on_the_project_page_without_javascript(login_as, make_project,
                                                                    form):
    pid = make_project(owner="alice")
    response = login_as("alice").post(f"/projects/{ref(pid)}/followups", data=form(summary=""))
    assert response.status_code == 422
    assert "请填写对接内容" in text(response) and 'id="project-name"' in text(response)


def test_it_records_the_company_contacts_and_our_staff(login_as, make_project, form, contact,
                                                       users, rows):
    pid = make_project(owner="alice", investors=("磁县光伏科技有限公司",))
    person = contact("磁县光伏科技有限公司")
    login_as("alice").post(f"/projects/{ref(pid)}/followups", data=form(
        contacts=[person], staff=[users["alice"], users["bob"]]))
    assert rows(sa.select(followup_contacts.c.contact_id)) == [person]


def test_it_refuses_a_contact_of_another_company(login_as, make_project, form, contact, rows):
    pid = make_project(owner="alice", investors=("磁县光伏科技有限公司",))
    stranger = contact("别处的公司")
    response = login_as("alice").post(f"/projects/{ref(pid)}/followups",
                                      data=form(contacts=[stranger]))
    assert "请从列表中选择企业联系人" in text(response) and rows(sa.select(FollowUp.id)) == []


def test_it_lets_a_leader_log_on_any_project(login_as, make_project, form, users, rows):
    pid = make_project(owner="bob")
    response = login_as("leader").post(f"/projects/{ref(pid)}/followups", headers=HX, data=form())
    assert response.status_code == 200
    assert rows(sa.select(FollowUp.author_id)) == [users["leader"]]


def test_it_forbids_a_read_only_colleague(login_as, make_project, form, rows):
    pid = make_project(owner="bob")
    response = login_as("alice").post(f"/projects/{ref(pid)}/followups", headers=HX, data=form())
    assert response.status_code == 403 and rows(sa.select(FollowUp.id)) == []


def test_it_hides_a_confidential_project_from_an_outsider(login_as, make_project, form, rows):
    pid = make_project(owner="alice", confidential=True, code_name="甲项目")
    response = login_as("charlie").post(f"/projects/{ref(pid)}/followups", data=form())
    assert response.status_code == 404 and rows(sa.select(FollowUp.id)) == []


def test_it_keeps_the_next_due_date_of_the_latest_contact(login_as, make_project, form, stored):
    pid = make_project(owner="alice")
    client = login_as("alice")
    client.post(f"/projects/{ref(pid)}/followups", data=form())
    old = today() - timedelta(days=20)
    client.post(f"/projects/{ref(pid)}/followups", data=form(
        contact_date=old.isoformat(), next_due_date=(old + timedelta(days=3)).isoformat()))
    project = stored(pid)
    assert (project.last_contact_at, project.next_followup_at) == (
        today(), today() + timedelta(days=7))


def test_the_staff_picker_renders_only_the_chosen_people(app, login_as, make_project, form,
                                                         users):
    """我方参与人 is a type-ahead picker: the page holds the chosen people only, and any active
    staff member, leader or liaison may be chosen (others are refused as before)."""
    pid = make_project(owner="alice")
    client = login_as("alice")
    page = text(client.get(f"/projects/{ref(pid)}"))
    staff = page[page.rindex("<select", 0, page.index('name="staff"')):]
    staff = staff[:staff.index("</select>")]
    assert 'data-picker="/search/options/people?role=staff,leader,liaison"' in staff
    assert "王博" not in staff and "刘县长" not in staff  # not chosen: not listed
    response = client.post(f"/projects/{ref(pid)}/followups", headers=HX,
                           data=form(staff=[str(users["bob"]), str(users["leader"])]))
    assert response.status_code == 200
    with app.app_context():
        chosen = set(db.session.scalars(sa.select(followup_staff.c.user_id)))
    assert chosen == {users["bob"], users["leader"]}
    refused = client.post(f"/projects/{ref(pid)}/followups", headers=HX,
                          data=form(staff=[str(users["reporter"])]))
    assert "请从列表中选择我方人员" in text(refused)
