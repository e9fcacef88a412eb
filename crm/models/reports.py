"""The record of every export (issue 12): who took which list or report, when, with which
filters and how many rows, and whether real names replaced the code names of confidential
projects. Admins read it at /admin/exports; nothing else writes it."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models._base import utcnow
from crm.models.people import User


class ExportRecord(db.Model):
    __tablename__ = "export_records"
    __table_args__ = (sa.Index("ix_export_records_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    # What was exported: "monthly" (项目台账/月报), "brief" (简报), "projects", "companies",
    # "followups", "agreements", "funds", "drill" (a cockpit drill-down list).
    kind: Mapped[str] = mapped_column(sa.String(40))
    # The request's filters as JSON text (the query string's keys and values), as sent.
    filters: Mapped[str] = mapped_column(sa.Text, default="{}")
    row_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    # 显示真实名称 ticked: confidential projects the viewer may read carry their real names.
    real_names: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")
