"""POST /projects/<id>/team/add and /team/<member_id>/remove: the owner (or a leader) only."""

import sqlalchemy as sa

from crm.models import ProjectMember
from tests.conftest import ref
from tests.projects.conftest import text


def members(rows, pid):
    return rows(sa.select(ProjectMember.user_id).where(ProjectMember.project_id == pid))


def test_it_lets_the_owner_add_a_colleague(as_user, make_project, users, rows):
    pid = make_project(owner="alice")
    response = as_user("alice").post(f"/projects/{ref(pid)}/team/add",
                                     data={"user_id": users["bob"]})
    assert response.status_code == 302 and members(rows, pid) == [users["bob"]]


def test_it_gives_the_new_member_write_access(as_user, make_project, users):
    pid = make_project(owner="alice")
    bob = as_user("bob")
    assert bob.get(f"/projects/{ref(pid)}/edit").status_code == 403
    as_user("alice").post(f"/projects/{ref(pid)}/team/add", data={"user_id": users["bob"]})
    assert bob.get(f"/projects/{ref(pid)}/edit").status_code == 200


def test_it_lets_a_leader_add_a_liaison(as_user, make_project, users, rows):
    pid = make_project(owner="alice")
    as_user("leader").post(f"/projects/{ref(pid)}/team/add", data={"user_id": users["charlie"]})
    assert members(rows, pid) == [users["charlie"]]


def test_it_refuses_a_team_member_adding_others(as_user, make_project, users, rows):
    pid = make_project(owner="alice", members=("bob",))
    response = as_user("bob").post(f"/projects/{ref(pid)}/team/add",
                                     data={"user_id": users["charlie"]})
    assert response.status_code == 403 and members(rows, pid) == [users["bob"]]


def test_it_refuses_duplicates_and_non_staff(as_user, make_project, users, rows):
    pid = make_project(owner="alice", members=("bob",))
    alice = as_user("alice")
    assert "该用户已在项目团队中" in text(alice.post(f"/projects/{ref(pid)}/team/add",
                                                  data={"user_id": users["bob"]}))
    assert "请从列表中选择" in text(alice.post(f"/projects/{ref(pid)}/team/add",
                                            data={"user_id": users["reporter"]}))
    assert members(rows, pid) == [users["bob"]]


def test_it_lets_the_owner_remove_a_member(as_user, make_project, users, rows):
    pid = make_project(owner="alice", members=("bob",))
    (member_id,) = rows(sa.select(ProjectMember.id))
    response = as_user("alice").post(f"/projects/{ref(pid)}/team/{member_id}/remove")
    assert response.status_code == 302 and members(rows, pid) == []


def test_it_refuses_removal_by_others_and_across_projects(as_user, make_project, users, rows):
    pid = make_project(owner="alice", members=("bob",))
    other = make_project("别的项目", owner="alice")
    (member_id,) = rows(sa.select(ProjectMember.id))
    assert as_user("bob").post(f"/projects/{ref(pid)}/team/{member_id}/remove").status_code == 403
    url = f"/projects/{ref(other)}/team/{member_id}/remove"
    assert as_user("alice").post(url).status_code == 404
    assert members(rows, pid) == [users["bob"]]


def test_it_hides_a_confidential_project_from_outsiders(as_user, make_project, users, rows):
    pid = make_project("某央企总部项目", owner="bob", confidential=True, code_name="A1")
    response = as_user("alice").post(f"/projects/{ref(pid)}/team/add",
                                     data={"user_id": users["alice"]})
    assert response.status_code == 404 and members(rows, pid) == []
