"""Day-to-day work on projects: activities, follow-ups, agreements, money in place."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.domain.stages import AgreementKind
from crm.extensions import db
from crm.models._base import enum_column, utcnow
from crm.models.companies import Contact
from crm.models.people import Org, User
from crm.models.reference import DictItem

activity_leaders = sa.Table(
    "activity_leaders", db.metadata,
    sa.Column("activity_id", sa.ForeignKey("activities.id"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id"), primary_key=True),
)
followup_contacts = sa.Table(
    "followup_contacts", db.metadata,
    sa.Column("followup_id", sa.ForeignKey("followups.id"), primary_key=True),
    sa.Column("contact_id", sa.ForeignKey("contacts.id"), primary_key=True),
)
followup_staff = sa.Table(
    "followup_staff", db.metadata,
    sa.Column("followup_id", sa.ForeignKey("followups.id"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id"), primary_key=True),
)


class Activity(db.Model):
    """招商活动: 云招商/云洽谈/云签约/推介会/外出招商/来访/展会."""

    __tablename__ = "activities"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    kind_id: Mapped[int] = mapped_column(sa.ForeignKey("dict_items.id"))
    held_on: Mapped[date] = mapped_column(index=True)
    platform_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dict_items.id"))
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    organiser_org_id: Mapped[int | None] = mapped_column(sa.ForeignKey("orgs.id"))
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    kind: Mapped[DictItem] = relationship(foreign_keys=[kind_id])
    platform: Mapped[DictItem | None] = relationship(foreign_keys=[platform_id])
    organiser: Mapped[Org | None] = relationship()
    leaders: Mapped[list[User]] = relationship(secondary=activity_leaders)

    __mapper_args__ = {"version_id_col": version}


class FollowUp(db.Model):
    """对接记录: one logged contact with an investor."""

    __tablename__ = "followups"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    kind_id: Mapped[int] = mapped_column(sa.ForeignKey("dict_items.id"))
    contact_date: Mapped[date] = mapped_column(index=True)
    summary: Mapped[str] = mapped_column(sa.Text)
    next_step: Mapped[str] = mapped_column(sa.Text, default="")
    next_due_date: Mapped[date | None] = mapped_column(index=True)
    other_participants: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    kind: Mapped[DictItem] = relationship()
    contacts: Mapped[list[Contact]] = relationship(secondary=followup_contacts)
    staff: Mapped[list[User]] = relationship(secondary=followup_staff)

    __mapper_args__ = {"version_id_col": version}
    # The workbench's "since yesterday" feed seeks each of the user's projects' recent rows.
    __table_args__ = (sa.Index("ix_followups_project_recent", "project_id", "created_at"),)


class Agreement(db.Model):
    """签约: 框架协议 counts as 意向签约, 投资协议 as 签约, 补充协议 restates the agreed total."""

    __tablename__ = "agreements"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    kind: Mapped[AgreementKind] = mapped_column(enum_column(AgreementKind))
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    signed_on: Mapped[date] = mapped_column(index=True)
    amount: Mapped[int | None] = mapped_column(sa.BigInteger)  # 元; for 补充协议 the new total
    # What this agreement adds to 签约金额 in the period it is signed (a 补充协议: the new total
    # minus the one before; a 框架协议: its own amount, counted apart as 意向签约); None once
    # voided. Kept by crm/projects/signing.py whenever a project's agreements change, so the
    # cockpit sums it with one GROUP BY (DESIGN.md "Figures").
    counted_amount: Mapped[int | None] = mapped_column(sa.BigInteger)
    agreed_start_date: Mapped[date | None]
    activity_id: Mapped[int | None] = mapped_column(sa.ForeignKey("activities.id"))
    attachment_path: Mapped[str] = mapped_column(sa.String(255), default="")
    attachment_name: Mapped[str] = mapped_column(sa.String(255), default="")
    attachment_mime: Mapped[str] = mapped_column(sa.String(100), default="")
    attachment_size: Mapped[int | None]
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # 作废: a wrong entry is kept, struck through, and leaves every total and rule.
    voided_at: Mapped[datetime | None]  # UTC
    voided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    void_reason: Mapped[str] = mapped_column(sa.Text, default="")

    activity: Mapped[Activity | None] = relationship()
    voided_by: Mapped[User | None] = relationship(foreign_keys=[voided_by_id])

    __mapper_args__ = {"version_id_col": version}
    # The cockpit sums a period's signings by kind and date, from the index entries alone.
    __table_args__ = (sa.Index("ix_agreements_period", "kind", "signed_on", "voided_at",
                               "project_id", "counted_amount"),)


class FundArrival(db.Model):
    """到位资金: money actually invested."""

    __tablename__ = "fund_arrivals"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    arrived_on: Mapped[date] = mapped_column(index=True)
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    source: Mapped[str] = mapped_column(sa.String(200), default="")
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    voided_at: Mapped[datetime | None]  # UTC; a voided arrival counts in no total
    voided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    void_reason: Mapped[str] = mapped_column(sa.Text, default="")

    voided_by: Mapped[User | None] = relationship(foreign_keys=[voided_by_id])

    __mapper_args__ = {"version_id_col": version}

