"""POST /projects/<ref>/team/owner (移交负责人): the owner or the project's 包联领导 hands it over.

This is how a confidential project moves when its owner leaves: the admin's hand-over may not
touch confidential projects (tests/admin/test_handover.py), a leader may. A leader manages the
team only of projects they 包联 (or of those with no 包联领导 at all).
"""

import sqlalchemy as sa

from crm.extensions import db
from crm.models import ProjectMember, Role
from tests.conftest import make_user, ref
from tests.projects.conftest import text


def members(rows, pid):
    return rows(sa.select(ProjectMember.user_id).where(ProjectMember.project_id == pid))


def test_it_lets_the_leader_hand_a_confidential_project_to_a_colleague(
        as_user, make_project, users, stored, rows):
    pid = make_project("某央企总部项目", owner="alice", members=("bob",), confidential=True,
                       leader_id=users["leader"])
    response = as_user("leader").post(f"/projects/{ref(pid)}/team/owner",
                                      data={"owner_id": users["bob"]})
    assert response.status_code == 302
    assert stored(pid).owner_id == users["bob"] and members(rows, pid) == []
    # The old owner is off the team: for them the confidential project no longer exists.
    assert as_user("alice").get(f"/projects/{ref(pid)}").status_code == 404
    assert as_user("bob").get(f"/projects/{ref(pid)}/edit").status_code == 200


def test_it_lets_the_owner_hand_over_and_shows_the_form_to_managers_only(
        as_user, make_project, users, stored):
    pid = make_project(owner="alice", members=("bob",))
    assert "移交负责人" not in text(as_user("bob").get(f"/projects/{ref(pid)}"))
    assert "移交负责人" in text(as_user("alice").get(f"/projects/{ref(pid)}"))
    as_user("alice").post(f"/projects/{ref(pid)}/team/owner", data={"owner_id": users["bob"]})
    assert stored(pid).owner_id == users["bob"]


def test_it_refuses_members_admins_liaisons_and_other_leaders(app, as_user, make_project,
                                                              users, stored):
    with app.app_context():
        lena = make_user("lena@zsj.example.com", Role.leader, None, "刘副县长").id
        db.session.commit()
    pid = make_project(owner="alice", members=("bob", "charlie"), leader_id=lena)
    for who in ("bob", "admin", "charlie", "leader"):
        response = as_user(who).post(f"/projects/{ref(pid)}/team/owner",
                                     data={"owner_id": users["bob"]})
        assert response.status_code == 403, who
        assert as_user(who).post(f"/projects/{ref(pid)}/team/add",
                                 data={"user_id": users["admin"]}).status_code == 403
    assert stored(pid).owner_id == users["alice"]
    assert as_user("lena").post(f"/projects/{ref(pid)}/team/owner",
                                data={"owner_id": users["bob"]}).status_code == 302


def test_it_names_the_field_for_a_bad_choice(as_user, make_project, users, stored):
    pid = make_project(owner="alice")
    alice = as_user("alice")
    pick = "请从列表中选择局干部"
    for value, message in (("0", "请选择新的负责人"), ("", pick), (str(users["charlie"]), pick),
                           ("①", pick), (str(users["alice"]), "该用户已是项目负责人")):
        response = alice.post(f"/projects/{ref(pid)}/team/owner", data={"owner_id": value})
        assert response.status_code == 422 and message in text(response), value
    assert stored(pid).owner_id == users["alice"]
