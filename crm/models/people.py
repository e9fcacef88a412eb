"""Units, users, their sessions and sign-in attempts."""

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models._base import enum_column, utcnow


class OrgKind(enum.StrEnum):
    leadership = "leadership"
    bureau = "bureau"
    department = "department"
    township = "township"
    park = "park"

    @property
    def label(self) -> str:
        return {"leadership": "领导", "bureau": "局科室", "department": "部门",
                "township": "乡镇", "park": "园区"}[self.value]


class Role(enum.StrEnum):
    leader = "leader"
    staff = "staff"
    liaison = "liaison"
    reporter = "reporter"
    admin = "admin"

    @property
    def label(self) -> str:
        return {"leader": "领导", "staff": "局干部", "liaison": "单位联络员",
                "reporter": "全员招商报送人", "admin": "系统管理员"}[self.value]


class Org(db.Model):
    __tablename__ = "orgs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    kind: Mapped[OrgKind] = mapped_column(enum_column(OrgKind))
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(50))
    phone: Mapped[str] = mapped_column(sa.String(30), default="")
    role: Mapped[Role] = mapped_column(enum_column(Role))
    org_id: Mapped[int | None] = mapped_column(sa.ForeignKey("orgs.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255), default="")
    must_change_password: Mapped[bool] = mapped_column(default=False)
    password_changed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    org: Mapped[Org | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    # Set by the session loader: Flask-Login keeps the server-side session's
    # token, not the user id, so revoking the session row signs the browser out.
    session_token = None

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active


class UserSession(db.Model):
    """A signed-in browser. Revoked at logout, password change and account disable."""

    __tablename__ = "user_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    ip: Mapped[str] = mapped_column(sa.String(45), default="")
    user_agent: Mapped[str] = mapped_column(sa.String(255), default="")

    user: Mapped[User] = relationship()


class LoginAttempt(db.Model):
    """Failed and successful sign-ins, kept in the database so every worker sees them."""

    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    ip: Mapped[str] = mapped_column(sa.String(45))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    success: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (
        sa.Index("ix_login_attempts_email_ip_at", "email", "ip", "at"),
        sa.Index("ix_login_attempts_ip_at", "ip", "at"),
    )
