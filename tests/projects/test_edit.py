"""GET/POST /projects/<id>/edit: fields whitelisted per role, and an optimistic lock."""

from crm.extensions import db
from crm.models import Project
from tests.conftest import ref
from tests.projects.conftest import edit_form, text

WAN = 10_000


def test_it_saves_the_owners_changes(as_user, make_project, stored):
    pid = make_project("光伏组件项目", owner="alice")
    alice = as_user("alice")
    data = {**edit_form(alice, pid), "name": "光伏组件二期项目", "total_investment": "2亿"}
    assert alice.post(f"/projects/{ref(pid)}/edit", data=data).status_code == 302
    project = stored(pid)
    assert (project.name, project.total_investment, project.version) == ("光伏组件二期项目",
                                                                          2 * 10**8, 2)


def test_it_shows_stored_money_losslessly_in_wan(as_user, make_project):
    pid = make_project("光伏组件项目", owner="alice", total_investment=123_456_789)
    assert edit_form(as_user("alice"), pid)["total_investment"] == "12345.6789"


def test_it_lets_a_team_member_edit_but_not_change_the_owner(as_user, make_project, users,
                                                             stored):
    pid = make_project("光伏组件项目", owner="alice", members=("bob",))
    bob = as_user("bob")
    data = {**edit_form(bob, pid), "jobs": "80", "owner_id": users["bob"]}
    assert "owner_id" not in edit_form(bob, pid)
    assert bob.post(f"/projects/{ref(pid)}/edit", data=data).status_code == 302
    assert (stored(pid).jobs, stored(pid).owner_id) == (80, users["alice"])


def test_it_lets_the_owner_hand_the_project_to_a_colleague(as_user, make_project, users, stored):
    pid = make_project("光伏组件项目", owner="alice")
    alice = as_user("alice")
    alice.post(f"/projects/{ref(pid)}/edit",
               data={**edit_form(alice, pid), "owner_id": users["bob"]})
    assert stored(pid).owner_id == users["bob"]


def test_it_gives_a_liaison_the_dates_only(as_user, make_project, orgs, stored):
    pid = make_project("磁州镇文旅项目", owner="bob", org_id=orgs["township"])
    charlie = as_user("charlie")
    data = edit_form(charlie, pid)
    assert "name" not in data and "started_on" in data
    response = charlie.post(f"/projects/{ref(pid)}/edit", data={
        **data, "name": "改名", "total_investment": "9亿", "started_on": "2026-03-01"})
    project = stored(pid)
    assert response.status_code == 302 and project.name == "磁州镇文旅项目"
    assert (project.total_investment, str(project.started_on)) == (None, "2026-03-01")


def test_it_forbids_a_colleague_outside_the_team(as_user, make_project, stored):
    pid = make_project("光伏组件项目", owner="alice")
    bob = as_user("bob")
    assert bob.get(f"/projects/{ref(pid)}/edit").status_code == 403
    assert bob.post(f"/projects/{ref(pid)}/edit", data={"name": "越权"}).status_code == 403
    assert stored(pid).name == "光伏组件项目"


def test_it_answers_404_for_an_unreadable_project(as_user, make_project):
    pid = make_project("某央企总部项目", owner="bob", confidential=True, code_name="A1")
    assert as_user("alice").get(f"/projects/{ref(pid)}/edit").status_code == 404
    assert as_user("charlie").post(f"/projects/{ref(pid)}/edit", data={}).status_code == 404


def test_it_refuses_a_stale_version_and_names_the_other_change(app, as_user, make_project,
                                                               stored):
    pid = make_project("光伏组件项目", owner="alice", total_investment=10_000 * WAN)
    alice = as_user("alice")
    data = {**edit_form(alice, pid), "name": "旧页面的修改"}
    with app.app_context():  # someone else saves first
        db.session.get(Project, pid).total_investment = 20_000 * WAN
        db.session.commit()
    response = alice.post(f"/projects/{ref(pid)}/edit", data=data)
    page = text(response)
    assert response.status_code == 409 and "该项目已被他人修改" in page
    assert "总投资" in page and "10,000.00万元" in page and "20,000.00万元" in page
    assert (stored(pid).name, stored(pid).total_investment) == ("光伏组件项目", 20_000 * WAN)


def test_it_refuses_a_missing_version(as_user, make_project, stored):
    pid = make_project("光伏组件项目", owner="alice")
    alice = as_user("alice")
    data = {**edit_form(alice, pid), "name": "无版本"}
    del data["version"]
    assert alice.post(f"/projects/{ref(pid)}/edit", data=data).status_code == 409
    assert stored(pid).name == "光伏组件项目"


def test_it_refuses_bad_input_and_writes_nothing(as_user, make_project, stored):
    pid = make_project("光伏组件项目", owner="alice")
    alice = as_user("alice")
    data = {**edit_form(alice, pid), "name": "", "land_mu": "abc", "jobs": "-1"}
    page = text(alice.post(f"/projects/{ref(pid)}/edit", data=data))
    assert "请输入项目名称" in page and "就业人数应为" in page
    assert stored(pid).version == 1
