"""Field-level audit log: who changed what, when (UTC), from what to what."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models._base import utcnow
from crm.models.people import User


class AuditLog(db.Model):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    entity: Mapped[str] = mapped_column(sa.String(40))  # table name
    entity_id: Mapped[int]
    # The project the row belongs to, so reading the log obeys the project's access rules.
    project_id: Mapped[int | None] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(20))  # create | update | delete | handover ...
    field: Mapped[str] = mapped_column(sa.String(60), default="")
    old: Mapped[str] = mapped_column(sa.Text, default="")
    new: Mapped[str] = mapped_column(sa.Text, default="")

    user: Mapped[User | None] = relationship()

    __table_args__ = (sa.Index("ix_audit_log_entity", "entity", "entity_id"),)
