"""Server-side sessions: the browser holds a random token, the database decides.

Revoking the row (logout, password change, account disabled) ends the session at
once on every worker; idle and absolute limits are checked on every request.
"""

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, g, request
from sqlalchemy import inspect
from sqlalchemy.orm import Session, joinedload

from crm.extensions import db, listen_once, login_manager, write_transaction
from crm.models import User, UserSession, utcnow

# Writing last_seen_at on every request would turn every page view into a write.
TOUCH_EVERY = timedelta(seconds=60)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(user: User) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(
        user_id=user.id, token_hash=_digest(token), ip=request.remote_addr or "",
        user_agent=(request.user_agent.string or "")[:255],
    ))
    user.session_token = token
    return token


def revoke_current(user: User) -> None:
    if user.session_token:
        db.session.execute(
            sa.update(UserSession)
            .where(UserSession.token_hash == _digest(user.session_token),
                   UserSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )


def revoke_all(user_id: int) -> None:
    db.session.execute(
        sa.update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def _expired(row: UserSession) -> bool:
    now = utcnow()
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    absolute = timedelta(hours=current_app.config["SESSION_ABSOLUTE_HOURS"])
    return now - row.last_seen_at > idle or now - row.created_at > absolute


@login_manager.user_loader
def load_user(token: str) -> User | None:
    # The user and their unit (shown in every page's header) come in the same query.
    row = db.session.scalar(
        sa.select(UserSession).where(UserSession.token_hash == _digest(token))
        .options(joinedload(UserSession.user).joinedload(User.org))
    )
    if row is None or row.revoked_at is not None:
        return None
    if not row.user.active:
        # Revoked, not just refused: re-enabling the account must not revive it.
        with write_transaction():
            row.revoked_at = utcnow()
        return None
    if _expired(row):
        with write_transaction():
            row.revoked_at = utcnow()
        g.session_expired = True
        return None
    if utcnow() - row.last_seen_at > TOUCH_EVERY:
        # Page views are reads; this once-a-minute write gets its own short transaction.
        with write_transaction():
            row.last_seen_at = utcnow()
    user = row.user
    user.session_token = token
    return user


def init_app(_app) -> None:
    """Disabling an account ends its sessions in the same transaction (a flush hook)."""
    listen_once(Session, "after_flush", _revoke_when_disabled)


def _revoke_when_disabled(session: Session, _context) -> None:
    # Whatever disables an account (admin page, CLI, a script), its sessions end in
    # the same transaction, so no route can forget to sign the user out.
    for obj in session.dirty:
        if isinstance(obj, User) and not obj.active \
                and True in inspect(obj).attrs.active.history.deleted:
            session.connection().execute(
                sa.update(UserSession.__table__)
                .where(UserSession.user_id == obj.id, UserSession.revoked_at.is_(None))
                .values(revoked_at=utcnow())
            )
