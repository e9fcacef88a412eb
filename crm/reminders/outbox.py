"""Delivering the outbox: lease a batch, send each message, record every attempt.

1. Claim: one conditional UPDATE gives a batch a fresh lease token (rows that are sendable,
   due for an attempt and not leased by a live sender); on PostgreSQL the candidates are read
   FOR UPDATE SKIP LOCKED. The claim is committed before any SMTP traffic, so any number of
   senders can run and none sends a message another one holds.
2. Send one message at a time: first renew its lease (a conditional UPDATE that fails if the
   lease expired and another sender took the message over, so a slow batch never sends what
   is no longer its own), then send, then commit the outcome at once. A sender killed between
   the server's 250 and that commit leaves the lease to expire and the message is sent again:
   the only window for a duplicate, and it carries the same Message-ID.
3. Failures retry with capped exponential backoff; a permanent refusal (5xx) or too many
   attempts park the message as undeliverable until an admin resends it. Nothing is deleted.
"""

import logging
import secrets
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from crm.access import can_read
from crm.extensions import db
from crm.models import MailAttempt, MailStatus, OutboxMessage, Project, User, utcnow
from crm.models.reminders import SENDABLE
from crm.reminders import mail

log = logging.getLogger(__name__)


def _setting(name: str) -> int:
    return int(current_app.config[name])


def backoff(attempts: int) -> timedelta:
    """Wait after the n-th failed attempt: base, 2x base, 4x base ... capped."""
    base, cap = _setting("OUTBOX_RETRY_BASE_SECONDS"), _setting("OUTBOX_RETRY_CAP_SECONDS")
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


@dataclass(frozen=True)
class Leased:
    """A claimed message, copied out of the session: sending touches no database row, so on
    SQLite no transaction (and its write lock) stays open during the SMTP conversation."""

    id: int
    user_id: int
    recipient_name: str
    to_addr: str
    subject: str
    body_text: str
    body_html: str
    message_id: str
    attempts: int


def claim(now: datetime, limit: int) -> tuple[str, list[Leased]]:
    token = secrets.token_hex(16)
    sendable = sa.and_(OutboxMessage.status.in_(SENDABLE), OutboxMessage.next_attempt_at <= now,
                       sa.or_(OutboxMessage.lease_until.is_(None),
                              OutboxMessage.lease_until < now))
    candidates = (sa.select(OutboxMessage.id).where(sendable)
                  .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit))
    if db.session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    ids = db.session.scalars(candidates).all()
    if ids:
        lease = now + timedelta(seconds=_setting("OUTBOX_LEASE_SECONDS"))
        db.session.execute(
            sa.update(OutboxMessage).where(OutboxMessage.id.in_(ids), sendable)
            .values(lease_token=token, lease_until=lease)
            .execution_options(synchronize_session=False))
    leased = [] if not ids else [
        Leased(m.id, m.user_id, name or "", m.to_addr, m.subject, m.body_text, m.body_html,
               m.message_id, m.attempts)
        for m, name in db.session.execute(
            sa.select(OutboxMessage, User.name).join(User, User.id == OutboxMessage.user_id)
            .where(OutboxMessage.lease_token == token).order_by(OutboxMessage.id)).tuples()]
    db.session.commit()
    return token, leased


def send_due(now: datetime | None = None, limit: int | None = None) -> dict[str, int]:
    """Send one leased batch; returns counts by outcome."""
    token, batch = claim(now or utcnow(), limit or _setting("OUTBOX_BATCH"))
    counts = {"sent": 0, "failed": 0}
    if not batch:
        return counts
    smtp = None
    try:
        for message in batch:
            if smtp is None:
                try:
                    smtp = mail.connect()
                except (OSError, smtplib.SMTPException) as error:
                    # No server: every message of the batch waits for its next attempt.
                    for rest in batch[batch.index(message):]:
                        _failed(rest, token, error)
                        counts["failed"] += 1
                    break
            if not _renew(message, token):
                continue  # our lease ran out and another sender has it now
            try:
                email = mail.to_email(message)
            except (ValueError, TypeError) as error:  # e.g. a malformed address: no retry helps
                _failed(message, token, error, permanent=True)
                counts["failed"] += 1
                continue
            try:
                smtp.send_message(email)
            except (OSError, smtplib.SMTPException) as error:
                _failed(message, token, error)
                counts["failed"] += 1
                if isinstance(error, OSError | smtplib.SMTPServerDisconnected):
                    smtp = _close(smtp)  # the link is gone; reconnect for the next one
                continue
            _sent(message, token)
            counts["sent"] += 1
    finally:
        _close(smtp)
    return counts


def _close(smtp) -> None:
    if smtp is not None:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
    return None


def _renew(message: Leased, token: str) -> bool:
    lease = utcnow() + timedelta(seconds=_setting("OUTBOX_LEASE_SECONDS"))
    held = db.session.execute(
        sa.update(OutboxMessage).where(OutboxMessage.id == message.id,
                                       OutboxMessage.lease_token == token)
        .values(lease_until=lease).execution_options(synchronize_session=False)).rowcount == 1
    db.session.commit()
    return held


def _finish(message: Leased, token: str, **values) -> bool:
    """Record the outcome only while we still hold the lease (it may have expired and been
    taken over by another sender, whose outcome then counts)."""
    done = db.session.execute(
        sa.update(OutboxMessage).where(OutboxMessage.id == message.id,
                                       OutboxMessage.lease_token == token)
        .values(lease_token=None, lease_until=None, **values)
        .execution_options(synchronize_session=False)).rowcount == 1
    return done


def _sent(message: Leased, token: str) -> None:
    now = utcnow()
    if _finish(message, token, status=MailStatus.sent, sent_at=now, last_error="",
               attempts=OutboxMessage.attempts + 1):
        db.session.add(MailAttempt(message_id=message.id, at=now, ok=True))
    db.session.commit()


def is_permanent(error: Exception) -> bool:
    """5xx replies will not change by retrying (the address is wrong, the message refused);
    a connection failure or a 4xx will (DESIGN.md platform notes)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPAuthenticationError):
        return False  # a configuration fault: fixing the settings lets these through
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(error.recipients.values()))
        return f"收件地址被拒绝（{code} {reply.decode(errors='replace')}）"[:500]
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error.decode(errors="replace") if isinstance(
            error.smtp_error, bytes) else str(error.smtp_error)
        return f"邮件服务器拒绝（{error.smtp_code} {reply}）"[:500]
    if isinstance(error, ValueError | TypeError):
        return f"邮件内容或收件地址无效（{error}）"[:500]
    return f"无法连接邮件服务器（{type(error).__name__}: {error}）"[:500]


def _failed(message: Leased, token: str, error: Exception, permanent: bool = False) -> None:
    now, text = utcnow(), describe(error)
    attempts = message.attempts + 1
    parked = permanent or is_permanent(error) or attempts >= _setting("OUTBOX_MAX_ATTEMPTS")
    status = MailStatus.undeliverable if parked else MailStatus.retrying
    if _finish(message, token, status=status, attempts=attempts, last_error=text,
               next_attempt_at=now + backoff(attempts)):
        db.session.add(MailAttempt(message_id=message.id, at=now, ok=False, error=text))
    db.session.commit()
    # Ids only: a subject may name a project, and logs reach people who may not read it.
    log.warning("outbox message %s attempt %s failed: %s", message.id, attempts,
                type(error).__name__)


def readable_by(message: OutboxMessage, user: User) -> bool:
    """Whether the user may still read the project the message is about (if any)."""
    if message.project_id is None:
        return True
    project = db.session.get(Project, message.project_id)
    return project is not None and can_read(user, project)


def resend(message: OutboxMessage) -> str:
    """After an admin fixed the address: the user's current e-mail, a fresh round of attempts.

    Returns why it was not requeued ("" when it was): the message was written for someone who
    may have been disabled or taken off a confidential project's team since, and what it says
    must still reach only people allowed to read it.
    """
    user = db.session.get(User, message.user_id)
    if not user.active or not user.email:
        return "收件人已停用或没有邮箱，未重新发送"
    if not readable_by(message, user):
        return "收件人已无权查看该项目，未重新发送"
    message.to_addr = user.email
    message.status = MailStatus.pending
    message.attempts = 0
    message.next_attempt_at = utcnow()
    message.lease_token = message.lease_until = None
    message.last_error = ""
    return ""
