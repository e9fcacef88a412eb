"""Public 投资意向登记 submissions and the rate limit that protects the form."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from crm.extensions import db
from crm.models._base import utcnow
from crm.models.projects import Money


class IntakeSubmission(db.Model):
    """What an anonymous visitor typed. No Company row is made from it until screening accepts."""

    __tablename__ = "intake_submissions"
    id: Mapped[int] = mapped_column(primary_key=True)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    company_name: Mapped[str] = mapped_column(sa.String(200))
    company_name_normalized: Mapped[str] = mapped_column(sa.String(200), index=True, default="")
    uscc: Mapped[str | None] = mapped_column(sa.String(18), index=True)
    contact_name: Mapped[str] = mapped_column(sa.String(50))
    contact_phone: Mapped[str] = mapped_column(sa.String(30))
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    intention: Mapped[str] = mapped_column(sa.Text)
    estimated_amount: Mapped[int | None] = mapped_column(Money)
    consent_at: Mapped[datetime]  # 个人信息保护法: when the visitor ticked the consent box
    ip_hash: Mapped[str] = mapped_column(sa.String(64))  # sha256(address + SECRET_KEY)
    project_id: Mapped[int | None] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    # Set when housekeeping erased the visitor's personal data after INTAKE_RETENTION_DAYS.
    personal_data_erased_at: Mapped[datetime | None]


class RateLimitHit(db.Model):
    """One accepted submission per row; counted per key over the last hour, in the database,
    so every worker process sees the same count."""

    __tablename__ = "rate_limit_hits"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(80))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.Index("ix_rate_limit_hits_key_at", "key", "at"),)
