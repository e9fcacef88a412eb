"""Admin-editable dictionaries, the holiday calendar, yearly targets and rule settings."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models._base import enum_column, utcnow
from crm.models.people import Org


class DictKind(enum.StrEnum):
    # Data dictionaries: admins add, rename, reorder and retire items.
    channel = "channel"
    nature = "nature"
    cluster = "cluster"
    followup_type = "followup_type"
    activity_type = "activity_type"
    platform = "platform"
    company_flag = "company_flag"
    key_level = "key_level"
    # Enum labels: the codes are fixed in crm.domain.stages, only labels are editable.
    stage = "stage"
    status = "status"
    screening = "screening"

    @property
    def label(self) -> str:
        return DICT_KIND_LABELS[self]

    @property
    def is_enum(self) -> bool:
        return self in (DictKind.stage, DictKind.status, DictKind.screening)


DICT_KIND_LABELS = {
    DictKind.channel: "招商渠道", DictKind.nature: "企业性质", DictKind.cluster: "产业集群",
    DictKind.followup_type: "对接方式", DictKind.activity_type: "活动类型",
    DictKind.platform: "活动平台", DictKind.company_flag: "企业标签",
    DictKind.key_level: "重点项目级别", DictKind.stage: "项目阶段", DictKind.status: "项目状态",
    DictKind.screening: "研判结果",
}


class DictItem(db.Model):
    __tablename__ = "dict_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DictKind] = mapped_column(enum_column(DictKind))
    code: Mapped[str] = mapped_column(sa.String(40))
    label: Mapped[str] = mapped_column(sa.String(50))
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (sa.UniqueConstraint("kind", "code"),)


class Holiday(db.Model):
    """A day that deviates from Monday–Friday: a holiday, or a 调休 weekend working day."""

    __tablename__ = "holidays"
    day: Mapped[date] = mapped_column(primary_key=True)
    is_workday: Mapped[bool]
    name: Mapped[str] = mapped_column(sa.String(30), default="")
    source: Mapped[str] = mapped_column(sa.String(20), default="admin")  # chinesecalendar | admin
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TargetMetric(enum.StrEnum):
    signed_count = "signed_count"
    signed_amount = "signed_amount"
    funds_arrived = "funds_arrived"
    started_count = "started_count"
    producing_count = "producing_count"

    @property
    def label(self) -> str:
        return {"signed_count": "签约项目数", "signed_amount": "签约金额",
                "funds_arrived": "到位资金", "started_count": "开工项目数",
                "producing_count": "投产项目数"}[self.value]


class Target(db.Model):
    __tablename__ = "targets"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    org_id: Mapped[int | None] = mapped_column(sa.ForeignKey("orgs.id"))  # None: county-wide
    metric: Mapped[TargetMetric] = mapped_column(enum_column(TargetMetric))
    value: Mapped[int] = mapped_column(sa.BigInteger)  # counts, or 元 for amounts

    org: Mapped[Org | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("year", "org_id", "metric"),)


class Setting(db.Model):
    """An admin-editable number a rule depends on (crm/settings.py lists them and their
    defaults); no row means the default."""

    __tablename__ = "settings"
    name: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    value: Mapped[int] = mapped_column(sa.BigInteger)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
