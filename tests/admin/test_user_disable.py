"""POST /admin/users/<id>/disable and /enable: a disabled user is signed out everywhere."""

from crm.models import User
from tests.admin.conftest import text


def test_it_disables_and_signs_out_the_user(admin, app, users, get):
    bob = app.test_client()
    bob.login("bob@zsj.example.com")
    assert bob.get("/").status_code == 200
    response = admin.post(f"/admin/users/{users['bob']}/disable", follow_redirects=True)
    assert "已停用「王博」" in text(response) and not get(User, users["bob"]).active
    assert "/login" in bob.get("/").location


def test_it_refuses_to_disable_the_admin_themself(admin, users, get):
    response = admin.post(f"/admin/users/{users['admin']}/disable", follow_redirects=True)
    assert "不能停用自己的账号" in text(response) and get(User, users["admin"]).active


def test_it_enables_a_disabled_user(admin, users, get):
    admin.post(f"/admin/users/{users['bob']}/disable")
    response = admin.post(f"/admin/users/{users['bob']}/enable", follow_redirects=True)
    assert "已启用「王博」" in text(response) and get(User, users["bob"]).active


def test_it_answers_404_for_an_unknown_user(admin, users):
    assert admin.post("/admin/users/99999/disable").status_code == 404


def test_it_needs_a_csrf_token(admin, users, get):
    response = admin.post(f"/admin/users/{users['bob']}/disable", csrf=False)
    assert response.status_code == 400 and get(User, users["bob"]).active


def test_it_forbids_a_colleague(login_as, users, get):
    assert login_as("alice").post(f"/admin/users/{users['bob']}/disable").status_code == 403
    assert get(User, users["bob"]).active
