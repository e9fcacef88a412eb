"""GET/POST /admin/handover: all of one person's projects and team places move to another."""

import re

import sqlalchemy as sa

from crm.extensions import db
from crm.models import AuditLog, Project, ProjectMember
from tests.admin.conftest import count, text


def without_csrf(page: str) -> str:
    return re.sub(r'(csrf[-_]token"[^>]*?(?:content|value)=")[^"]+"', r'\1"', page)


def seed(app, users):
    """alice owns two projects and is on bob's team; bob owns one; charlie is on nothing."""
    with app.app_context():
        mine = [Project(name="精细化工项目", owner_id=users["alice"]),
                Project(name="童装产业园", owner_id=users["alice"])]
        bobs = Project(name="文旅康养项目", owner_id=users["bob"])
        db.session.add_all([*mine, bobs])
        db.session.flush()
        db.session.add_all([ProjectMember(project_id=bobs.id, user_id=users["alice"]),
                            ProjectMember(project_id=mine[0].id, user_id=users["bob"])])
        db.session.commit()


def test_it_shows_what_each_person_holds(admin, app, users):
    seed(app, users)
    page = text(admin.get("/admin/handover"))
    assert "李爱丽（alice@zsj.example.com）：负责2个项目，参与1个团队" in page


def test_it_moves_every_project_and_team_place_and_audits_it(admin, app, users, query):
    seed(app, users)
    response = admin.post("/admin/handover", data={"from_user": users["alice"],
                                                   "to_user": users["bob"]},
                          follow_redirects=True)
    assert "已将「李爱丽」的2个项目移交给「王博」" in text(response)
    owners = query(sa.select(Project.owner_id))
    assert owners == [users["bob"]] * 3
    # bob was on 精细化工项目's team already: alice's place on bob's own project just moves
    assert query(sa.select(ProjectMember.user_id)) == [users["bob"], users["bob"]]
    event = query(sa.select(AuditLog).where(AuditLog.action == "handover"))[0]
    assert (event.entity, event.entity_id, event.new, event.user_id) == \
        ("users", users["alice"], "2个项目移交给 王博", users["admin"])
    assert count(app, AuditLog, AuditLog.entity == "projects", AuditLog.action == "update",
                 AuditLog.field == "owner_id") == 2


def test_it_drops_a_place_the_receiver_already_holds(admin, app, users, query):
    with app.app_context():
        shared = Project(name="建材项目", owner_id=users["leader"])
        db.session.add(shared)
        db.session.flush()
        db.session.add_all([ProjectMember(project_id=shared.id, user_id=users["alice"]),
                            ProjectMember(project_id=shared.id, user_id=users["bob"])])
        db.session.commit()
    admin.post("/admin/handover", data={"from_user": users["bob"], "to_user": users["alice"]})
    assert query(sa.select(ProjectMember.user_id)) == [users["alice"]]  # not duplicated


def test_it_refuses_the_same_person_or_an_unsuitable_receiver(admin, app, users, query):
    seed(app, users)
    for to_user, message in ((users["alice"], "移出人和接收人不能是同一人"),
                             (users["reporter"], "请选择在用的局干部、领导或管理员"),
                             ("99999", "请选择在用的局干部、领导或管理员"),
                             ("abc", "请选择在用的局干部、领导或管理员")):
        page = text(admin.post("/admin/handover",
                               data={"from_user": users["alice"], "to_user": to_user}))
        assert message in page
    assert sorted(query(sa.select(Project.owner_id))) == sorted(
        [users["alice"], users["alice"], users["bob"]])
    assert count(app, AuditLog, AuditLog.action == "handover") == 0


def test_it_refuses_someone_with_nothing_to_hand_over(admin, app, users):
    seed(app, users)
    page = text(admin.post("/admin/handover", data={"from_user": users["charlie"],
                                                    "to_user": users["bob"]}))
    assert "请选择移出人" in page and count(app, AuditLog, AuditLog.action == "handover") == 0


def test_it_refuses_a_disabled_receiver(admin, app, users):
    seed(app, users)
    admin.post(f"/admin/users/{users['bob']}/disable")
    page = text(admin.post("/admin/handover", data={"from_user": users["alice"],
                                                    "to_user": users["bob"]}))
    assert "请选择在用的局干部、领导或管理员" in page


def test_it_forbids_the_owner_herself(login_as, app, users, query):
    seed(app, users)
    client = login_as("alice")
    response = client.post("/admin/handover", data={"from_user": users["alice"],
                                                    "to_user": users["bob"]})
    assert response.status_code == 403
    assert query(sa.select(Project.owner_id)).count(users["alice"]) == 2


def seed_confidential(app, users) -> tuple[int, int]:
    """alice also owns a confidential project and is on the team of bob's confidential one."""
    with app.app_context():
        hers = Project(name="某央企总部项目", owner_id=users["alice"], confidential=True,
                       code_name="A1")
        bobs = Project(name="某链主企业项目", owner_id=users["bob"], confidential=True)
        db.session.add_all([hers, bobs])
        db.session.flush()
        db.session.add(ProjectMember(project_id=bobs.id, user_id=users["alice"]))
        db.session.commit()
        return hers.id, bobs.id


def test_it_counts_only_what_the_admin_may_hand_over(admin, app, users):
    seed(app, users)
    before = text(admin.get("/admin/handover"))
    seed_confidential(app, users)
    page = text(admin.get("/admin/handover"))
    assert "李爱丽（alice@zsj.example.com）：负责2个项目，参与1个团队" in page
    assert without_csrf(page) == without_csrf(before)  # nothing tells of confidential ones


def test_it_leaves_confidential_projects_for_a_leader_to_hand_over(admin, app, users, query):
    seed(app, users)
    hers, bobs = seed_confidential(app, users)
    response = admin.post("/admin/handover", data={"from_user": users["alice"],
                                                   "to_user": users["admin"]},
                          follow_redirects=True)
    assert "已将「李爱丽」的2个项目移交给「赵管理」（团队成员身份1项）" in text(response)
    assert "另有2个保密项目需由县领导或项目负责人移交" in text(response)
    assert query(sa.select(Project.owner_id).where(Project.id == hers)) == [users["alice"]]
    assert query(sa.select(ProjectMember.user_id).where(ProjectMember.project_id == bobs)) == \
        [users["alice"]]
