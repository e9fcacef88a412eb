"""POST /admin/users/new: a new account with a temporary password shown once."""

import sqlalchemy as sa

from crm.auth import passwords
from crm.models import User
from tests.admin.conftest import count, temporary_password, text

NEW = {"email": " Zhou@ZSJ.example.com ", "name": "周新", "phone": "0310-1234567",
       "role": "staff", "org_id": "0"}


def test_it_creates_a_user_who_must_change_the_shown_password(admin, app, users, query):
    response = admin.post("/admin/users/new", data=NEW)
    password = temporary_password(response)
    assert len(password) >= 12 and passwords.policy_errors(password) == []
    user = query(sa.select(User).where(User.email == "zhou@zsj.example.com"))[0]
    assert user.must_change_password and user.name == "周新" and user.phone == "0310-1234567"
    newcomer = app.test_client()
    signed_in = newcomer.post("/login", data={"email": "zhou@zsj.example.com",
                                              "password": password})
    assert signed_in.location.endswith("/account/password")
    assert newcomer.get("/").location.endswith("/account/password")


def test_it_assigns_the_chosen_unit_and_role(admin, orgs, query):
    admin.post("/admin/users/new", data={**NEW, "role": "liaison", "org_id": orgs["township"]})
    user = query(sa.select(User).where(User.email == "zhou@zsj.example.com"))[0]
    assert user.role == "liaison" and user.org_id == orgs["township"]


def test_it_shows_the_password_only_on_the_result_page(admin, users):
    password = temporary_password(admin.post("/admin/users/new", data=NEW))
    assert password not in text(admin.get("/admin/users"))


def test_it_refuses_a_duplicate_email(admin, app, users):
    response = admin.post("/admin/users/new", data={**NEW, "email": "ALICE@zsj.example.com"})
    assert response.status_code == 200
    assert "该邮箱已被其他用户使用" in text(response)
    assert count(app, User) == 6


def test_it_refuses_an_unknown_unit_and_a_bad_role(admin, app, users):
    response = admin.post("/admin/users/new", data={**NEW, "org_id": "99999", "role": "root"})
    page = text(response)
    assert response.status_code == 200 and "请从列表中选择单位" in page and "请选择角色" in page
    assert count(app, User) == 6


def test_it_requires_a_unit_for_a_liaison(admin, app, users):
    page = text(admin.post("/admin/users/new", data={**NEW, "role": "liaison"}))
    assert "单位联络员必须选择所属单位" in page and count(app, User) == 6


def test_it_refuses_blank_and_malformed_fields(admin, app, users):
    bad = {"email": "not-an-email", "name": "   ", "phone": "call me", "role": "staff",
           "org_id": "abc"}
    page = text(admin.post("/admin/users/new", data=bad))
    for message in ("邮箱格式不正确", "请输入姓名", "电话只能包含", "请从列表中选择单位"):
        assert message in page
    assert count(app, User) == 6


def test_it_forbids_a_leader(login_as, app, users):
    assert login_as("leader").post("/admin/users/new", data=NEW).status_code == 403
    assert count(app, User) == 6
