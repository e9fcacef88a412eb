"""POST /admin/users/<id>/reset-password: a new temporary password, shown once."""

import sqlalchemy as sa

from crm.models import AuditLog, User
from tests.admin.conftest import temporary_password, text
from tests.conftest import PASSWORD


def test_it_sets_a_temporary_password_and_signs_the_user_out(admin, app, users, get, query):
    bob = app.test_client()
    bob.login("bob@zsj.example.com")
    password = temporary_password(admin.post(f"/admin/users/{users['bob']}/reset-password"))
    assert get(User, users["bob"]).must_change_password
    assert "/login" in bob.get("/").location
    assert bob.post("/login", data={"email": "bob@zsj.example.com", "password": password}
                    ).location.endswith("/account/password")
    assert query(sa.select(AuditLog.action).where(AuditLog.action == "password_reset"))


def test_it_refuses_the_old_password_afterwards(admin, app, users):
    admin.post(f"/admin/users/{users['bob']}/reset-password")
    page = text(app.test_client().post("/login", data={"email": "bob@zsj.example.com",
                                                       "password": PASSWORD}))
    assert "邮箱或密码不正确" in page


def test_it_sends_an_admin_to_change_their_own_password(admin, users, get):
    before = get(User, users["admin"]).password_hash
    response = admin.post(f"/admin/users/{users['admin']}/reset-password", follow_redirects=True)
    assert "请通过右上角“修改密码”修改自己的密码" in text(response)
    assert get(User, users["admin"]).password_hash == before


def test_it_forbids_a_reporter(login_as, users, get):
    before = get(User, users["bob"]).password_hash
    client = login_as("reporter")
    assert client.post(f"/admin/users/{users['bob']}/reset-password").status_code == 403
    assert get(User, users["bob"]).password_hash == before
