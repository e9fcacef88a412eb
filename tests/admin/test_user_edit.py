"""POST /admin/users/<id>/edit: name, phone, role and unit, with an optimistic lock."""

from crm.extensions import db
from crm.models import User
from tests.admin.conftest import text


def form_for(get, user_id, **changes):
    user = get(User, user_id)
    return {"name": user.name, "phone": user.phone, "role": user.role.value,
            "org_id": user.org_id or 0, "version": user.version, **changes}


def test_it_changes_role_and_unit(admin, users, orgs, get):
    data = form_for(get, users["bob"], role="liaison", org_id=orgs["township"], name="王博士")
    response = admin.post(f"/admin/users/{users['bob']}/edit", data=data)
    assert response.status_code == 302
    bob = get(User, users["bob"])
    assert (bob.role, bob.org_id, bob.name) == ("liaison", orgs["township"], "王博士")


def test_it_refuses_a_stale_version_and_changes_nothing(admin, app, users, get):
    data = form_for(get, users["bob"], name="旧页面的修改")
    with app.app_context():  # someone else saves first
        db.session.get(User, users["bob"]).phone = "13800000000"
        db.session.commit()
    response = admin.post(f"/admin/users/{users['bob']}/edit", data=data)
    assert response.status_code == 409 and "该用户已被他人修改，请刷新后重试" in text(response)
    assert get(User, users["bob"]).name == "王博"


def test_it_refuses_a_missing_version(admin, users, get):
    data = form_for(get, users["bob"], name="无版本")
    del data["version"]
    response = admin.post(f"/admin/users/{users['bob']}/edit", data=data)
    assert "该用户已被他人修改" in text(response) and get(User, users["bob"]).name == "王博"


def test_it_keeps_an_admin_from_demoting_themself(admin, users, get):
    data = form_for(get, users["admin"], role="staff")
    page = text(admin.post(f"/admin/users/{users['admin']}/edit", data=data))
    assert "不能取消自己的管理员角色" in page and get(User, users["admin"]).role == "admin"


def test_it_answers_404_for_an_unknown_user(admin, users):
    assert admin.get("/admin/users/99999/edit").status_code == 404
    assert admin.post("/admin/users/99999/edit", data={}).status_code == 404


def test_it_forbids_a_liaison(login_as, users, get):
    client = login_as("charlie")
    data = form_for(get, users["bob"], name="越权")
    assert client.post(f"/admin/users/{users['bob']}/edit", data=data).status_code == 403
    assert get(User, users["bob"]).name == "王博"
