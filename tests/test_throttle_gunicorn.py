"""Proof on two gunicorn workers that one address's failed sign-ins slow its guesses without
locking colleagues at the same address (one office behind NAT) out. The counts live in the
database, so the workers agree whichever of them answers."""

import itertools
import re
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from crm.auth import throttle
from crm.extensions import db
from crm.models import Role
from tests.conftest import PASSWORD, email_of, make_user
from tests.servers import GUNICORN, Answer, fetch, serve

WRONG = "Wrong-password-2026"


class Browser:
    """One person's browser: its own cookies, every request on a fresh connection."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> Answer:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        answer = fetch(self.port, method, path, urlencode(form) if form else "", cookie)
        for header in answer.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            self.cookies.update({name: morsel.value for name, morsel in jar.items()})
        return answer

    def sign_in(self, email: str, password: str) -> Answer:
        page = self.request("GET", "/login").body
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
        return self.request("POST", "/login",
                            {"email": email, "password": password, "csrf_token": token})


@pytest.fixture
def sprayed(app, users) -> list[str]:
    """Real accounts for a password spray, with the cheap test hash (unknown e-mails would
    each cost a full-strength hash check)."""
    with app.app_context():
        emails = [make_user(f"staff{n}@zsj.example.com", Role.staff).email for n in range(7)]
        db.session.commit()
    return emails


def _workers_seen(access_log: Path, skip: int = 0) -> set[str]:
    return set(access_log.read_text().split()[skip:])  # the log holds one worker pid a line


def _wait_for_both_workers(port: int, access_log: Path) -> int:
    """Until each worker has answered once (the second may still be importing the app);
    returns how many requests that took."""
    deadline = time.monotonic() + 60
    while len(_workers_seen(access_log)) < 2:
        assert time.monotonic() < deadline, "the second worker did not start"
        fetch(port, "GET", "/healthz")
    return len(access_log.read_text().split())


def test_failures_from_one_address_slow_it_down_but_let_colleagues_in(app, sprayed, tmp_path):
    access_log = tmp_path / "access.log"
    with serve(app, str(GUNICORN), "-w", "2", "-b", "127.0.0.1:{port}",
               "--access-logfile", str(access_log), "--access-logformat", "%(p)s",
               "crm:create_app()") as port:
        warm_up = _wait_for_both_workers(port, access_log)
        attacker = Browser(port)
        guesses = itertools.cycle(sprayed)  # a spray, under the per-account limit
        for _ in range(throttle.MAX_PAIR_FAILURES):
            assert attacker.sign_in(email_of("alice"), WRONG).status == 200
        for _ in range(throttle.SLOW_ADDRESS_AFTER - throttle.MAX_PAIR_FAILURES):
            assert attacker.sign_in(next(guesses), WRONG).status == 200
        # 30 failures from 127.0.0.1: the old code refused every account from it now.
        colleague = Browser(port).sign_in(email_of("bob"), PASSWORD)
        locked = attacker.sign_in(email_of("alice"), PASSWORD)
        first_slowed = attacker.sign_in(next(guesses), WRONG)
        attacker.sign_in(next(guesses), WRONG)
        # A failure from here now waits MAX_DELAY; the right password still does not.
        colleague_again = Browser(port).sign_in(email_of("bob"), PASSWORD)
        slowed = attacker.sign_in(next(guesses), WRONG)
    assert (colleague.status, colleague.headers["Location"]) == (302, "/")
    assert locked.status == 429 and "登录失败次数过多" in locked.body
    assert first_slowed.status == 200 and first_slowed.seconds >= throttle.DELAY_STEP
    assert (colleague_again.status, colleague_again.headers["Location"]) == (302, "/")
    assert colleague_again.seconds < throttle.MAX_DELAY
    assert slowed.status == 200 and slowed.seconds >= throttle.MAX_DELAY
    assert "系统已放慢错误登录的响应" in slowed.body
    assert len(_workers_seen(access_log, skip=warm_up)) == 2  # both workers took part
