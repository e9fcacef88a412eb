"""Signing in: the good path, the same answer for every failure, safe redirects, forced change."""

import pytest

from crm.extensions import db
from crm.models import User
from tests.conftest import PASSWORD, email_of

WRONG = "邮箱或密码不正确"


def _login(client, email, password=PASSWORD, query=""):
    return client.post("/login" + query, data={"email": email, "password": password})


def test_it_signs_in_and_greets_the_user_by_name(client, users):
    response = _login(client, email_of("alice"))
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "您好，李爱丽" in client.get("/").get_data(as_text=True)


def test_it_accepts_the_email_in_any_case_and_with_spaces(client, users):
    response = _login(client, "  Alice@ZSJ.example.com ")
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_it_gives_the_same_message_for_a_wrong_password_and_an_unknown_email(client, users):
    wrong_password = _login(client, email_of("alice"), "Not-the-password-2026")
    unknown_email = _login(client, "nobody@zsj.example.com")
    assert wrong_password.status_code == unknown_email.status_code == 200
    assert WRONG in wrong_password.get_data(as_text=True)
    assert WRONG in unknown_email.get_data(as_text=True)
    assert client.get("/").status_code == 302
    # A sign-in saves nothing: the banner says what to do, not "未保存".
    banner = unknown_email.get_data(as_text=True)
    assert "未能登录：请按下方红色提示检查邮箱和密码后重试。" in banner and "未保存" not in banner


def test_it_refuses_a_disabled_user_with_the_right_password(app, client, users):
    with app.app_context():
        db.session.get(User, users["bob"]).active = False
        db.session.commit()
    response = _login(client, email_of("bob"))
    assert response.status_code == 200
    assert WRONG in response.get_data(as_text=True)
    assert client.get("/").headers["Location"].startswith("/login")


def test_it_follows_a_local_next_after_signing_in(client, users):
    response = _login(client, email_of("alice"), query="?next=/account/password")
    assert response.headers["Location"] == "/account/password"


@pytest.mark.parametrize("target", [
    "//evil.example", "https://evil.example", "/\\evil.example", "/\t/evil.example",
    "\\\\evil.example", "javascript:alert(1)",
])
def test_it_refuses_to_redirect_off_site_after_signing_in(client, users, target):
    response = client.post("/login", query_string={"next": target},
                           data={"email": email_of("alice"), "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_it_sends_a_signed_in_user_from_the_login_page_home(login_as):
    client = login_as("alice")
    response = client.get("/login")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_it_forces_a_password_change_before_anything_else(app, client, users):
    with app.app_context():
        db.session.get(User, users["alice"]).must_change_password = True
        db.session.commit()
    response = _login(client, email_of("alice"), query="?next=/")
    assert response.headers["Location"] == "/account/password"
    assert client.get("/").headers["Location"] == "/account/password"
    assert client.get("/account/password").status_code == 200
    assert client.post("/login", data={"email": "x@y.z", "password": "x"}).status_code == 403
    assert client.post("/", data={}).status_code == 403


def test_it_lets_a_user_who_must_change_the_password_sign_out(app, client, users):
    with app.app_context():
        db.session.get(User, users["alice"]).must_change_password = True
        db.session.commit()
    _login(client, email_of("alice"))
    assert client.post("/logout").headers["Location"] == "/login"
    assert client.get("/").headers["Location"].startswith("/login")


@pytest.mark.parametrize(("email", "password", "message"), [
    ("x" * 300 + "@zsj.example.com", PASSWORD, "邮箱不能超过254个字符"),
    (email_of("alice"), "x" * 200, "密码不能超过128个字符"),
    ("\x00", PASSWORD, "请输入邮箱"),  # PostgreSQL refuses NUL in text: no 500
    ("alice\x00@zsj.example.com", "wrong\x00password", WRONG),
])
def test_it_answers_hostile_input_with_a_chinese_field_message(client, users, email, password,
                                                                message):
    response = _login(client, email, password)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
