"""Sign-in throttling kept in the database, so every gunicorn worker sees the same counts.

Per (account, address): after MAX_PAIR_FAILURES failures in WINDOW that account is refused
from that address, right password or not, until the oldest of those failures leaves the
window. Counting per pair means an attacker guessing one account from their address cannot
lock the real user, who signs in from another address, out.

Per address: a whole bureau often shares one address behind NAT, so an address is never
refused, or one person could lock every colleague out. Past SLOW_ADDRESS_AFTER failures in
WINDOW, each further *failed* attempt from it is answered only after a delay that grows
with the address's failures, up to MAX_DELAY. A right password is answered at once: the
delay tells nobody anything the failure itself does not. A client that gives up waiting
frees no worker, so guessing from one address cannot go faster than the workers can sleep.
"""

import math
import time
from datetime import datetime, timedelta

import sqlalchemy as sa

from crm.extensions import db
from crm.models import LoginAttempt, utcnow

WINDOW = timedelta(minutes=15)
MAX_PAIR_FAILURES = 5
SLOW_ADDRESS_AFTER = 30
DELAY_STEP = 1.0  # seconds added by each failure past SLOW_ADDRESS_AFTER
MAX_DELAY = 3.0  # a sync worker sleeps this long at most: far below gunicorn's 30 s timeout
KEEP = timedelta(days=1)


def _pair_failures(email: str, ip: str) -> list[datetime]:
    """The latest failures of this account from this address since its last success."""
    pair = (LoginAttempt.email == email, LoginAttempt.ip == ip)
    since = utcnow() - WINDOW
    last_success = (
        sa.select(sa.func.max(LoginAttempt.at)).where(*pair, LoginAttempt.success.is_(True))
        .scalar_subquery()
    )
    query = (
        sa.select(LoginAttempt.at)
        .where(*pair, LoginAttempt.success.is_(False), LoginAttempt.at >= since,
               LoginAttempt.at > sa.func.coalesce(last_success, since))
        .order_by(LoginAttempt.at.desc())
        .limit(MAX_PAIR_FAILURES)
    )
    return list(db.session.scalars(query))


def blocked_minutes(email: str, ip: str) -> int:
    """Minutes before this account may try again from this address, 0 when allowed."""
    failures = _pair_failures(email, ip)
    if len(failures) < MAX_PAIR_FAILURES:
        return 0
    # Allowed again once the oldest of the last MAX_PAIR_FAILURES failures leaves the window.
    left = (failures[-1] + WINDOW - utcnow()).total_seconds()
    return max(1, math.ceil(left / 60))


def address_failures(ip: str) -> int:
    # Not reset by a success: an attacker with an account of their own could otherwise
    # sign in now and then to keep guessing other accounts at full speed.
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(LoginAttempt).where(
            LoginAttempt.ip == ip, LoginAttempt.success.is_(False),
            LoginAttempt.at >= utcnow() - WINDOW))


def failure_delay(ip: str) -> float:
    """Seconds to hold back the answer to a failure just recorded from this address."""
    beyond = address_failures(ip) - SLOW_ADDRESS_AFTER
    return min(MAX_DELAY, beyond * DELAY_STEP) if beyond > 0 else 0.0


def pause(seconds: float) -> None:
    # Its own function so that tests can record the delay instead of sleeping it.
    time.sleep(seconds)


def record(email: str, ip: str, success: bool) -> None:
    db.session.add(LoginAttempt(email=email, ip=ip, success=success))


def prune() -> int:
    """Drop attempts older than a day; run by the scheduler and at sign-in."""
    result = db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.at < utcnow() - KEEP))
    return result.rowcount or 0
