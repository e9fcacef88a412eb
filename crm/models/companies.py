"""Investor companies and the people we talk to there."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models._base import utcnow
from crm.models.reference import DictItem


class Company(db.Model):
    __tablename__ = "companies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # Stored on save: the duplicate check and pinyin-initial search read indexed columns.
    name_normalized: Mapped[str] = mapped_column(sa.String(200), index=True, default="")
    name_initials: Mapped[str] = mapped_column(sa.String(200), index=True, default="")
    uscc: Mapped[str | None] = mapped_column(sa.String(18), unique=True)
    uscc_override_reason: Mapped[str] = mapped_column(sa.String(200), default="")
    nature_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dict_items.id"))
    cluster_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dict_items.id"))
    industry_code: Mapped[str] = mapped_column(sa.String(5), default="")  # GB/T 4754
    origin: Mapped[str] = mapped_column(sa.String(50), default="")  # 来源地, e.g. 北京市
    parent_group: Mapped[str] = mapped_column(sa.String(200), default="")
    listed: Mapped[bool] = mapped_column(default=False)
    website: Mapped[str] = mapped_column(sa.String(200), default="")
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    nature: Mapped[DictItem | None] = relationship(foreign_keys=[nature_id])
    cluster: Mapped[DictItem | None] = relationship(foreign_keys=[cluster_id])
    former_names: Mapped[list["CompanyFormerName"]] = relationship(
        back_populates="company", cascade="all, delete-orphan")
    flags: Mapped[list["CompanyFlag"]] = relationship(
        back_populates="company", cascade="all, delete-orphan")
    contacts: Mapped[list["Contact"]] = relationship(
        back_populates="company", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}
    # The company list's order, read from the index instead of sorting every company.
    __table_args__ = (sa.Index("ix_companies_list_order", "name_initials", "name", "id"),)


class CompanyFormerName(db.Model):
    __tablename__ = "company_former_names"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    name_normalized: Mapped[str] = mapped_column(sa.String(200), index=True, default="")
    until: Mapped[date | None]

    company: Mapped[Company] = relationship(back_populates="former_names")


class CompanyFlag(db.Model):
    """链主企业, 头部企业, 世界500强 (with the list's year), 专精特新 ..."""

    __tablename__ = "company_flags"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"), index=True)
    flag_id: Mapped[int] = mapped_column(sa.ForeignKey("dict_items.id"))
    list_year: Mapped[int | None]

    company: Mapped[Company] = relationship(back_populates="flags")
    flag: Mapped[DictItem] = relationship()

    __table_args__ = (sa.UniqueConstraint("company_id", "flag_id"),)


class Contact(db.Model):
    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(50))
    name_initials: Mapped[str] = mapped_column(sa.String(50), index=True, default="")
    title: Mapped[str] = mapped_column(sa.String(100), default="")
    phone: Mapped[str] = mapped_column(sa.String(30), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    wechat: Mapped[str] = mapped_column(sa.String(50), default="")
    note: Mapped[str] = mapped_column(sa.Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    company: Mapped[Company] = relationship(back_populates="contacts")

    __mapper_args__ = {"version_id_col": version}


class CompanyTally(db.Model):
    """Companies per (企业性质, 产业集群), 0 for none: kept by database triggers on companies
    (migration c5a8e3f1b2d7) so the company list's count is a sum of a few rows."""

    __tablename__ = "company_tallies"
    nature_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    cluster_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    companies: Mapped[int] = mapped_column(sa.BigInteger, default=0)
