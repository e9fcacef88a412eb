"""A rate limit kept in the database, so every worker process counts the same submissions."""

import hashlib
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, request

from crm.extensions import db
from crm.models import RateLimitHit, utcnow

PREFIX = "intake:"
WINDOW = timedelta(hours=1)
PER_ADDRESS = 5
SITE_WIDE = 200


def address_hash() -> str:
    """sha256 of the client address and the secret key: the raw address is never stored."""
    raw = (request.remote_addr or "") + current_app.config["SECRET_KEY"]
    return hashlib.sha256(raw.encode()).hexdigest()


def _count(where) -> int:
    since = utcnow() - WINDOW
    return db.session.scalar(sa.select(sa.func.count(RateLimitHit.id))
                             .where(where, RateLimitHit.at > since))


def exceeded(ip_hash: str) -> bool:
    per_address = current_app.config.get("INTAKE_LIMIT_PER_ADDRESS", PER_ADDRESS)
    site_wide = current_app.config.get("INTAKE_LIMIT_SITE_WIDE", SITE_WIDE)
    return (_count(RateLimitHit.key == PREFIX + ip_hash) >= per_address
            or _count(RateLimitHit.key.startswith(PREFIX)) >= site_wide)


def record(ip_hash: str) -> None:
    """Count one submission (committed with it) and forget hits older than the window."""
    prune()
    db.session.add(RateLimitHit(key=PREFIX + ip_hash))


def prune() -> int:
    """Drop hits older than the window; run at each submission and by the scheduler."""
    result = db.session.execute(sa.delete(RateLimitHit).where(RateLimitHit.at <= utcnow() - WINDOW))
    return result.rowcount or 0
