"""Sign-in throttling kept in the database, so every gunicorn worker sees the same counts.

Failures are counted per (account, client address) and per address. Counting per
pair means an attacker guessing one account from their address cannot lock the
real user, who signs in from another address, out.
"""

from datetime import timedelta

import sqlalchemy as sa

from crm.extensions import db
from crm.models import LoginAttempt, utcnow

WINDOW = timedelta(minutes=15)
MAX_PAIR_FAILURES = 5
MAX_ADDRESS_FAILURES = 30
KEEP = timedelta(days=1)


def _failures_since_success(*where) -> int:
    since = utcnow() - WINDOW
    last_success = (
        sa.select(sa.func.max(LoginAttempt.at)).where(*where, LoginAttempt.success.is_(True))
        .scalar_subquery()
    )
    query = sa.select(sa.func.count()).select_from(LoginAttempt).where(
        *where,
        LoginAttempt.success.is_(False),
        LoginAttempt.at >= since,
        LoginAttempt.at > sa.func.coalesce(last_success, since),
    )
    return db.session.scalar(query)


def blocked_minutes(email: str, ip: str) -> int:
    """Minutes to wait before another try from this address, 0 when allowed."""
    pair = _failures_since_success(LoginAttempt.email == email, LoginAttempt.ip == ip)
    # Not reset by a success: an attacker with an account of their own could otherwise
    # sign in now and then to keep guessing other accounts from the same address.
    address = db.session.scalar(
        sa.select(sa.func.count()).select_from(LoginAttempt).where(
            LoginAttempt.ip == ip, LoginAttempt.success.is_(False),
            LoginAttempt.at >= utcnow() - WINDOW))
    if pair >= MAX_PAIR_FAILURES or address >= MAX_ADDRESS_FAILURES:
        return int(WINDOW.total_seconds() // 60)
    return 0


def record(email: str, ip: str, success: bool) -> None:
    db.session.add(LoginAttempt(email=email, ip=ip, success=success))


def prune() -> int:
    """Drop attempts older than a day; run by the scheduler and at sign-in."""
    result = db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.at < utcnow() - KEEP))
    return result.rowcount or 0
