"""Reminders, the e-mail outbox and each user's reminder settings.

A Reminder is one thing worth telling someone about (a follow-up falling due, an overdue one to
escalate, a project gone quiet, a digest), unique by what it is about, its date and its kind, so
two scanners can never raise it twice. Dispatching it writes OutboxMessage rows in the same
transaction; senders then lease those rows, deliver them and record every attempt.
"""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models._base import enum_column, utcnow
from crm.models.people import User


class ReminderKind(enum.StrEnum):
    due = "due"  # 跟进到期: the follow-up's next date has arrived
    escalation = "escalation"  # 逾期上报: overdue for N working days, told to the 包联领导
    stale = "stale"  # 长期未对接: no follow-up for 30 days, told to the owner
    stale_leader = "stale_leader"  # ... for 60 days, told to the owner and the 包联领导
    daily_digest = "daily_digest"
    weekly_digest = "weekly_digest"

    @property
    def label(self) -> str:
        return {"due": "跟进到期提醒", "escalation": "逾期上报", "stale": "长期未对接提醒",
                "stale_leader": "长期未对接（上报包联领导）", "daily_digest": "每日摘要",
                "weekly_digest": "周调度摘要"}[self.value]

    @property
    def preference(self) -> str:
        """The ReminderPreference column that switches this kind of e-mail on or off."""
        return "stale" if self == ReminderKind.stale_leader else self.value


class Reminder(db.Model):
    __tablename__ = "reminders"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ReminderKind] = mapped_column(enum_column(ReminderKind))
    # What it is about, as text so one unique key covers projects and people: "project:12".
    subject: Mapped[str] = mapped_column(sa.String(40))
    due_on: Mapped[date]  # the date it is about: the follow-up date, the digest's day ...
    project_id: Mapped[int | None] = mapped_column(sa.ForeignKey("projects.id"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))  # a digest's reader
    send_at: Mapped[datetime]  # naive UTC; 08:00 Asia/Shanghai of a working day
    dispatched_at: Mapped[datetime | None]
    outcome: Mapped[str] = mapped_column(sa.String(200), default="")  # why nothing was sent
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("kind", "due_on", "subject"),
        # Due-and-not-dispatched is a query plus a flag with a partial index (STYLE.md 9).
        # (send_at, id): every reminder of a morning shares one send_at, and the dispatcher
        # reads them in (send_at, id) order, which PostgreSQL otherwise sorts per batch.
        sa.Index("ix_reminders_send_at_pending", "send_at", "id",
                 sqlite_where=sa.text("dispatched_at IS NULL"),
                 postgresql_where=sa.text("dispatched_at IS NULL")),
        sa.Index("ix_reminders_project_kind_due", "project_id", "kind", "due_on"),
    )


class MailStatus(enum.StrEnum):
    pending = "pending"
    sent = "sent"
    retrying = "retrying"
    undeliverable = "undeliverable"

    @property
    def label(self) -> str:
        return {"pending": "待发送", "sent": "已发送", "retrying": "重试中",
                "undeliverable": "无法投递"}[self.value]


SENDABLE = (MailStatus.pending, MailStatus.retrying)


class OutboxMessage(db.Model):
    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    reminder_id: Mapped[int | None] = mapped_column(sa.ForeignKey("reminders.id"))
    kind: Mapped[ReminderKind] = mapped_column(enum_column(ReminderKind))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    project_id: Mapped[int | None] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    # True when the message is about a confidential project (or a digest naming one): admins
    # who may not read it see neither subject nor body in the outbox.
    confidential: Mapped[bool] = mapped_column(default=False)
    to_addr: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    message_id: Mapped[str] = mapped_column(sa.String(255), unique=True)  # stable, see mail.py
    status: Mapped[MailStatus] = mapped_column(enum_column(MailStatus),
                                               default=MailStatus.pending)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_token: Mapped[str | None] = mapped_column(sa.String(32))
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("reminder_id", "user_id"),
        sa.Index("ix_outbox_sendable", "next_attempt_at",
                 sqlite_where=sa.text("status IN ('pending', 'retrying')"),
                 postgresql_where=sa.text("status IN ('pending', 'retrying')")),
        sa.Index("ix_outbox_status_created", "status", "created_at"),
        sa.Index("ix_outbox_user_created", "user_id", "created_at"),  # 我的提醒, newest first
    )


class MailAttempt(db.Model):
    """One delivery attempt of an outbox message, failed or not."""

    __tablename__ = "mail_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(sa.ForeignKey("outbox.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    ok: Mapped[bool] = mapped_column(default=False)
    error: Mapped[str] = mapped_column(sa.String(500), default="")


class ReminderPreference(db.Model):
    """我的提醒设置. No row means every e-mail is on."""

    __tablename__ = "reminder_preferences"
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    due: Mapped[bool] = mapped_column(default=True)
    escalation: Mapped[bool] = mapped_column(default=True)
    stale: Mapped[bool] = mapped_column(default=True)
    daily_digest: Mapped[bool] = mapped_column(default=True)
    weekly_digest: Mapped[bool] = mapped_column(default=True)
    # The calendar feed's secret, stored as its SHA-256 like session tokens; None: no feed.
    ical_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    ical_created_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
