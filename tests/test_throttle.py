"""Sign-in throttling in the database: a lock per (account, address), a slowdown per address."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from crm import create_app
from crm.auth import throttle
from crm.extensions import db
from crm.models import LoginAttempt
from tests.conftest import PASSWORD, CsrfClient, email_of

TOO_MANY = "登录失败次数过多"
SLOWED = "系统已放慢错误登录的响应"
ELSEWHERE = {"REMOTE_ADDR": "10.0.0.2"}


@pytest.fixture(autouse=True)
def pauses(monkeypatch):
    """The delays the sign-in would have slept, recorded instead of slept."""
    slept: list[float] = []
    monkeypatch.setattr(throttle, "pause", slept.append)
    return slept


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


def _spray(client, times, start=0, environ=None):
    """Wrong passwords for accounts that do not exist: a spray across accounts."""
    for n in range(start, start + times):
        _fail(client, 1, who=f"guess{n}@zsj.example.com", environ=environ)


def test_it_lets_a_colleague_in_at_once_after_an_address_passes_the_threshold(client, users,
                                                                              pauses):
    _fail(client, throttle.MAX_PAIR_FAILURES)
    _spray(client, throttle.SLOW_ADDRESS_AFTER - throttle.MAX_PAIR_FAILURES + 3)
    pauses.clear()
    response = _attempt(client, "bob")
    assert response.status_code == 302
    assert pauses == []
    client.post("/logout")
    assert _attempt(client).status_code == 429  # alice's own limit still holds


def test_it_slows_each_failure_past_the_address_threshold_up_to_a_cap(client, users, pauses):
    _spray(client, throttle.SLOW_ADDRESS_AFTER)
    assert pauses == []
    response = _attempt(client, "alice", "Wrong-password-2026")
    assert response.status_code == 200
    assert SLOWED in response.get_data(as_text=True)
    _spray(client, 3, start=100)
    assert pauses == [1.0, 2.0, 3.0, throttle.MAX_DELAY]


def test_it_slows_an_unknown_account_and_a_wrong_password_alike(client, users, pauses):
    _spray(client, throttle.SLOW_ADDRESS_AFTER + 2)
    _fail(client, 1, who="alice")
    _spray(client, 1, start=100)
    assert pauses[-2:] == [throttle.MAX_DELAY, throttle.MAX_DELAY]


def test_it_does_not_slow_failures_from_another_address(client, users, pauses):
    _spray(client, throttle.SLOW_ADDRESS_AFTER + 1)
    pauses.clear()
    response = _attempt(client, "bob", "Wrong-password-2026", ELSEWHERE)
    assert response.status_code == 200
    assert pauses == [] and SLOWED not in response.get_data(as_text=True)


def test_it_stops_slowing_an_address_once_the_window_has_passed(client, users, pauses,
                                                                time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 1, 0, tzinfo=UTC), tick=False)
    _spray(client, throttle.SLOW_ADDRESS_AFTER + 1)
    time_machine.shift(throttle.WINDOW + timedelta(seconds=1))
    pauses.clear()
    _spray(client, 1, start=100)
    assert pauses == []


def test_it_says_how_many_minutes_are_left(client, users, time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 1, 0, tzinfo=UTC), tick=False)
    _fail(client, throttle.MAX_PAIR_FAILURES)
    time_machine.shift(timedelta(minutes=10, seconds=30))
    page = _attempt(client).get_data(as_text=True)
    assert "请5分钟后再试" in page and "联系管理员" in page


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


def test_it_does_not_stop_slowing_the_address_when_someone_signs_in(client, users, pauses):
    # The attacker signs in with an account of their own between guesses.
    _spray(client, throttle.SLOW_ADDRESS_AFTER)
    client.login(email_of("bob"))
    client.post("/logout")
    _spray(client, 1, start=100)
    assert pauses == [throttle.DELAY_STEP]
