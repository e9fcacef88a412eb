"""Password change, the password policy and the production hasher (ASVS 5.0 level 2)."""

import pytest
import sqlalchemy as sa
from argon2 import Type

from crm.auth import passwords
from crm.extensions import db
from crm.models import AuditLog, User, UserSession
from tests.conftest import PASSWORD, email_of

GOOD = "a-quiet-river-in-spring-2026"


def _change(client, new, confirm=None, current=PASSWORD):
    return client.post("/account/password", data={
        "current": current, "new": new, "confirm": new if confirm is None else confirm})


def _state(app, user_id):
    with app.app_context():
        user = db.session.get(User, user_id)
        open_sessions = db.session.scalar(sa.select(sa.func.count()).select_from(UserSession)
                                          .where(UserSession.revoked_at.is_(None)))
        events = db.session.scalar(sa.select(sa.func.count()).select_from(AuditLog)
                                   .where(AuditLog.action == "password_change"))
        return user.password_hash, user.must_change_password, open_sessions, events


@pytest.mark.parametrize(("new", "confirm", "current", "message"), [
    ("short-pw-1", None, PASSWORD, "密码至少需要12个字符"),
    ("password1234", None, PASSWORD, "该密码过于常见"),
    ("Woaini1314520", None, PASSWORD, "该密码过于常见"),
    ("aaaaaaaaaaaaaaaa", None, PASSWORD, "该密码过于常见"),
    ("alice-likes-spring-rain", None, PASSWORD, "密码不能包含邮箱用户名"),
    ("春天的李爱丽在磁县招商局工作", None, PASSWORD, "密码不能包含姓名"),
    (GOOD, GOOD + "x", PASSWORD, "两次输入的新密码不一致"),
    (GOOD, None, "Not-the-password-2026", "当前密码不正确"),
    (PASSWORD, None, PASSWORD, "新密码不能与当前密码相同"),
])
def test_it_refuses_a_bad_new_password_and_changes_nothing(app, login_as, users, new, confirm,
                                                          current, message):
    client = login_as("alice")
    before = _state(app, users["alice"])
    response = _change(client, new, confirm, current)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _state(app, users["alice"]) == before


def test_it_changes_the_password_and_records_it(app, client, login_as, users):
    login_as("alice")
    assert _change(client, GOOD).headers["Location"] == "/"
    client.post("/logout")
    assert "邮箱或密码不正确" in client.post("/login", data={
        "email": email_of("alice"), "password": PASSWORD}).get_data(as_text=True)
    client.login(email_of("alice"), GOOD)
    with app.app_context():
        events = db.session.scalars(sa.select(AuditLog).where(
            AuditLog.entity == "users", AuditLog.entity_id == users["alice"])).all()
        assert "password_change" in {event.action for event in events}
        assert GOOD not in "".join(event.old + event.new for event in events)


def test_it_clears_the_forced_change_flag(app, client, users):
    with app.app_context():
        db.session.get(User, users["alice"]).must_change_password = True
        db.session.commit()
    client.login(email_of("alice"))
    assert _change(client, GOOD).headers["Location"] == "/"
    assert client.get("/").status_code == 200
    assert _state(app, users["alice"])[1] is False


def test_it_hashes_with_argon2id_at_owasp_strength_in_production():
    hasher = passwords._default_hasher
    assert hasher.type is Type.ID
    assert hasher.memory_cost >= 19456  # KiB, OWASP's argon2id minimum
    assert hasher.time_cost >= 2
    assert hasher.hash(GOOD).startswith("$argon2id$")


def test_it_uses_the_production_hasher_unless_configured_otherwise(app):
    app.config["PASSWORD_HASHER"] = None
    with app.app_context():
        stored = passwords.hash_password(GOOD)
        assert stored.startswith("$argon2id$v=19$m=65536,")
        assert passwords.verify_password(stored, GOOD)
        assert not passwords.verify_password(stored, PASSWORD)
        assert not passwords.verify_password("", GOOD)
        assert not passwords.verify_password("not-a-hash", GOOD)


def test_it_upgrades_a_weaker_hash_at_sign_in(app, client, users):
    app.config["PASSWORD_HASHER"] = None  # the fixtures' hashes use cheap test parameters
    client.login(email_of("alice"))
    with app.app_context():
        stored = db.session.get(User, users["alice"]).password_hash
        assert stored.startswith("$argon2id$v=19$m=65536,")
        assert passwords.verify_password(stored, PASSWORD)
