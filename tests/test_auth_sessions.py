"""Server-side sessions: sign-out, revocation on password change and disable, timeouts."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from crm.extensions import db
from crm.models import User, UserSession
from tests.conftest import PASSWORD, email_of

COOKIE = "crm_session"  # HTTPS=False in tests; test_security_headers covers the __Host- name
NEW_PASSWORD = "a-quiet-river-in-spring-2026"
TIMED_OUT = "登录已超时"


def _copy_session(source, target) -> None:
    target.set_cookie(COOKIE, source.get_cookie(COOKIE).value)


def _is_signed_in(client) -> bool:
    response = client.get("/")
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/login")
        return False
    assert response.status_code == 200
    return True


def test_it_answers_405_to_a_logout_by_get(login_as):
    client = login_as("alice")
    assert client.get("/logout").status_code == 405
    assert _is_signed_in(client)


def test_it_revokes_the_server_side_session_at_logout(app, login_as):
    client = login_as("alice")
    stolen = app.test_client()
    _copy_session(client, stolen)
    assert _is_signed_in(stolen)
    response = client.post("/logout")
    assert response.headers["Location"] == "/login"
    assert not _is_signed_in(client)
    assert not _is_signed_in(stolen)  # the old cookie is worthless once the row is revoked
    with app.app_context():
        row = db.session.scalar(sa.select(UserSession))
        assert row.revoked_at is not None


def test_it_signs_out_other_browsers_when_the_password_changes(app, users):
    first, second = app.test_client(), app.test_client()
    first.login(email_of("alice"))
    second.login(email_of("alice"))
    response = first.post("/account/password", data={
        "current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.headers["Location"] == "/"
    assert _is_signed_in(first)
    assert not _is_signed_in(second)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(UserSession).where(
            UserSession.revoked_at.is_(None))) == 1


def test_it_signs_out_after_the_idle_limit(app, client, users, time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 1, 0, tzinfo=UTC), tick=False)
    client.login(email_of("alice"))
    idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
    time_machine.shift(idle - timedelta(minutes=1))
    assert _is_signed_in(client)  # and this visit counts as activity
    time_machine.shift(idle - timedelta(minutes=1))
    assert _is_signed_in(client)
    time_machine.shift(idle + timedelta(minutes=1))
    response = client.get("/", follow_redirects=True)
    assert TIMED_OUT in response.get_data(as_text=True)
    assert not _is_signed_in(client)


def test_it_signs_out_after_the_absolute_limit_even_when_active(app, client, users,
                                                               time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 1, 0, tzinfo=UTC), tick=False)
    client.login(email_of("alice"))
    absolute = timedelta(hours=app.config["SESSION_ABSOLUTE_HOURS"])
    step = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] - 10)
    elapsed = timedelta(0)
    while elapsed + step < absolute:
        time_machine.shift(step)
        elapsed += step
        assert _is_signed_in(client), elapsed
    time_machine.shift(absolute - elapsed + timedelta(minutes=1))
    response = client.get("/", follow_redirects=True)
    assert TIMED_OUT in response.get_data(as_text=True)
    assert not _is_signed_in(client)


def _open_sessions(app, user_id: int) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(UserSession).where(
            UserSession.user_id == user_id, UserSession.revoked_at.is_(None)))


def test_it_revokes_the_sessions_of_a_disabled_account_in_the_same_commit(app, login_as, users):
    client = login_as("bob")
    assert _is_signed_in(client)
    with app.app_context():
        db.session.get(User, users["bob"]).active = False
        db.session.commit()
    assert _open_sessions(app, users["bob"]) == 0
    assert not _is_signed_in(client)


def test_it_signs_out_an_account_disabled_behind_the_orms_back(app, login_as, users):
    client = login_as("bob")
    with app.app_context():
        db.session.execute(sa.text("UPDATE users SET active = false WHERE id = :id"),
                           {"id": users["bob"]})
        db.session.commit()
    assert not _is_signed_in(client)
    with app.app_context():
        db.session.execute(sa.text("UPDATE users SET active = true WHERE id = :id"),
                           {"id": users["bob"]})
        db.session.commit()
    assert not _is_signed_in(client)  # re-enabling does not revive the old session
    assert _open_sessions(app, users["bob"]) == 0


def test_it_starts_a_fresh_cookie_session_at_sign_in_and_out(client, users):
    client.csrf_token()  # an anonymous visitor's token: one an attacker could plant
    with client.session_transaction() as session:
        planted = session["csrf_token"]
    client.login(email_of("alice"))
    with client.session_transaction() as session:
        assert session.get("csrf_token") != planted
        session["note"] = "left over"
    client.post("/logout")
    with client.session_transaction() as session:
        assert "note" not in session and "_user_id" not in session
