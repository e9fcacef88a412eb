"""Sign-in throttling, counted in the database per (account, address) and per address."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from crm import create_app
from crm.auth import throttle
from crm.extensions import db
from crm.models import LoginAttempt
from tests.conftest import PASSWORD, CsrfClient, email_of

TOO_MANY = "登录失败次数过多"
ELSEWHERE = {"REMOTE_ADDR": "10.0.0.2"}


def _attempt(client, who="alice", password=PASSWORD, environ=None):
    email = who if "@" in who else email_of(who)
    return client.post("/login", data={"email": email, "password": password},
                       environ_base=environ or {})


def _fail(client, times, who="alice", environ=None):
    for _ in range(times):
        response = _attempt(client, who, "Wrong-password-2026", environ)
        assert response.status_code == 200, response.status_code


def test_it_blocks_the_sixth_try_even_with_the_right_password(client, users):
    _fail(client, throttle.MAX_PAIR_FAILURES)
    response = _attempt(client)
    assert response.status_code == 429
    assert TOO_MANY in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_it_lets_the_real_user_in_from_another_address(client, users):
    _fail(client, throttle.MAX_PAIR_FAILURES)
    assert _attempt(client, environ=ELSEWHERE).status_code == 302
    assert client.get("/").status_code == 200


def test_it_keeps_the_counts_in_the_database_for_every_worker(app, client, users):
    _fail(client, throttle.MAX_PAIR_FAILURES)
    other = create_app({key: app.config[key] for key in (
        "TESTING", "DATABASE_URL", "SECRET_KEY", "PASSWORD_HASHER", "HTTPS", "UPLOAD_FOLDER")})
    other.test_client_class = CsrfClient
    assert _attempt(other.test_client()).status_code == 429
    with other.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginAttempt)) == 5
        db.session.remove()
        db.engine.dispose()


def test_it_lets_the_user_in_again_once_the_window_has_passed(client, users, time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 1, 0, tzinfo=UTC), tick=False)
    _fail(client, throttle.MAX_PAIR_FAILURES)
    time_machine.shift(throttle.WINDOW - timedelta(minutes=1))
    assert _attempt(client).status_code == 429
    time_machine.shift(timedelta(minutes=2))
    assert _attempt(client).status_code == 302


def test_it_blocks_an_address_that_tries_many_accounts(client, users):
    for n in range(throttle.MAX_ADDRESS_FAILURES):
        _fail(client, 1, who=f"guess{n}@zsj.example.com")
    response = _attempt(client, "bob")
    assert response.status_code == 429
    assert TOO_MANY in response.get_data(as_text=True)
    assert _attempt(client, "bob", environ=ELSEWHERE).status_code == 302


def test_it_forgets_earlier_failures_after_a_successful_sign_in(client, users):
    _fail(client, throttle.MAX_PAIR_FAILURES - 1)
    client.login(email_of("alice"))
    client.post("/logout")
    _fail(client, throttle.MAX_PAIR_FAILURES - 1)
    assert _attempt(client).status_code == 302


def test_it_prunes_attempts_older_than_a_day(app, client, users, time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 1, 0, tzinfo=UTC), tick=False)
    _fail(client, 2)
    time_machine.shift(throttle.KEEP + timedelta(minutes=1))
    _fail(client, 1)  # a failure prunes on the way
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginAttempt)) == 1


def test_it_does_not_reset_the_address_limit_when_someone_signs_in(app, client, users):
    # 29 failures across accounts, a success of the attacker's own, then one more failure.
    for n in range(29):
        client.post("/login", data={"email": f"x{n}@zsj.example.com", "password": "wrong"})
    client.login("bob@zsj.example.com")
    client.post("/logout")
    client.post("/login", data={"email": "x99@zsj.example.com", "password": "wrong"})
    response = client.post("/login", data={"email": "alice@zsj.example.com",
                                           "password": PASSWORD})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.get_data(as_text=True)
