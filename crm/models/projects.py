"""Projects: the pipeline from first lead to full output, with team and history."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.domain.stages import PipelineClass, Screening, Stage, Status
from crm.extensions import db
from crm.models._base import enum_column, utcnow
from crm.models.companies import Company
from crm.models.people import Org, User
from crm.models.reference import DictItem

Money = sa.BigInteger  # integer 元, never floats (DESIGN.md "Money")


def _partial_index(name: str, column: str, sqlite_where: str,
                   postgresql_where: str | None = None) -> sa.Index:
    """An index over the rows meeting a condition, written for each database."""
    return sa.Index(name, column, sqlite_where=sa.text(sqlite_where),
                    postgresql_where=sa.text(postgresql_where or sqlite_where))


class Project(db.Model):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    name_initials: Mapped[str] = mapped_column(sa.String(200), index=True, default="")
    confidential: Mapped[bool] = mapped_column(default=False, index=True)
    code_name: Mapped[str] = mapped_column(sa.String(100), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")

    channel_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dict_items.id"))
    activity_id: Mapped[int | None] = mapped_column(sa.ForeignKey("activities.id"), index=True)
    cluster_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dict_items.id"), index=True)
    key_level_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dict_items.id"))

    stage: Mapped[Stage] = mapped_column(enum_column(Stage), default=Stage.lead, index=True)
    # Effective date of the latest stage change; indexed because the list sorts by it.
    stage_date: Mapped[date | None] = mapped_column(index=True)
    status: Mapped[Status] = mapped_column(enum_column(Status), default=Status.normal, index=True)
    status_reason: Mapped[str] = mapped_column(sa.String(500), default="")
    status_date: Mapped[date | None]
    screening: Mapped[Screening | None] = mapped_column(enum_column(Screening), index=True)
    screening_reason: Mapped[str] = mapped_column(sa.String(500), default="")
    duplicate_of_id: Mapped[int | None] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    pipeline_class: Mapped[PipelineClass | None] = mapped_column(enum_column(PipelineClass))

    total_investment: Mapped[int | None] = mapped_column(Money, index=True)  # list sort, totals
    fixed_asset_investment: Mapped[int | None] = mapped_column(Money)
    foreign_investment_usd: Mapped[int | None] = mapped_column(Money)  # US dollars, kept apart
    expected_annual_output: Mapped[int | None] = mapped_column(Money)
    expected_annual_tax: Mapped[int | None] = mapped_column(Money)
    jobs: Mapped[int | None]
    land_mu: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))

    leader_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    org_id: Mapped[int | None] = mapped_column(sa.ForeignKey("orgs.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    first_contact_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    first_contact_note: Mapped[str] = mapped_column(sa.String(200), default="")
    reported_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)

    # First 投资协议 (its date and activity) and the latest agreed start date, kept by
    # crm/projects/signing.py; indexed because the cockpit counts by period.
    signed_on: Mapped[date | None]  # indexed with the cohort's columns (ix_projects_signed_cohort)
    signed_activity_id: Mapped[int | None] = mapped_column(sa.ForeignKey("activities.id"),
                                                           index=True)
    agreed_start_on: Mapped[date | None]
    registered_on: Mapped[date | None]
    started_on: Mapped[date | None]  # partial indexes: the cockpit counts dates in a period
    producing_on: Mapped[date | None]
    operating_on: Mapped[date | None]
    # Stored so lists sort and filter through an index (DESIGN.md platform notes).
    last_contact_at: Mapped[date | None] = mapped_column(index=True)
    next_followup_at: Mapped[date | None] = mapped_column(index=True)
    last_progress_at: Mapped[date | None] = mapped_column(index=True)  # drives the health colour

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    channel: Mapped[DictItem | None] = relationship(foreign_keys=[channel_id])
    cluster: Mapped[DictItem | None] = relationship(foreign_keys=[cluster_id])
    key_level: Mapped[DictItem | None] = relationship(foreign_keys=[key_level_id])
    leader: Mapped[User | None] = relationship(foreign_keys=[leader_id])
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    first_contact_by: Mapped[User | None] = relationship(foreign_keys=[first_contact_by_id])
    reported_by: Mapped[User | None] = relationship(foreign_keys=[reported_by_id])
    org: Mapped[Org | None] = relationship()
    investors: Mapped[list["ProjectInvestor"]] = relationship(
        back_populates="project", cascade="all, delete-orphan")
    members: Mapped[list["ProjectMember"]] = relationship(
        back_populates="project", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # A staff member's confidential projects (the readable rule's second half): an index
        # seek per person instead of a scan of every confidential project.
        _partial_index("ix_projects_confidential_owner", "owner_id",
                       "confidential IS 1", "confidential IS true"),
        _partial_index("ix_projects_confidential_leader", "leader_id",
                       "confidential IS 1", "confidential IS true"),
        # 签约 in a period and its cohort (开工/投产/履约/签而未开), from the index entries alone
        # (a covering index), not the wide rows: it carries what those measures test
        # (in_pipeline's screening, the readable rule's confidential) and read.
        sa.Index("ix_projects_signed_cohort", "signed_on", "screening", "confidential",
                 "status", "started_on", "producing_on", "agreed_start_on"),
        # Partial: a whole-index entry per project not yet started would only be skipped, and
        # the planner took a full index for 签而未开's "started_on IS NULL".
        _partial_index("ix_projects_started_on", "started_on", "started_on IS NOT NULL"),
        _partial_index("ix_projects_producing_on", "producing_on", "producing_on IS NOT NULL"),
    )

    @property
    def lead_investor(self) -> Company | None:
        for investor in self.investors:
            if investor.is_lead:
                return investor.company
        return self.investors[0].company if self.investors else None


class ProjectTally(db.Model):
    """Count and 总投资 of the projects per (stage, status, confidential, in the pipeline).

    Kept by database triggers on projects (migration b7e1c2d4a9f0), so every write, the ORM's
    or a bulk UPDATE, keeps it exact; the 项目库 headline reads these few rows instead of
    counting every project on every request (issue #10). crm/projects/tallies.py reads it.
    """

    __tablename__ = "project_tallies"
    stage: Mapped[Stage] = mapped_column(enum_column(Stage), primary_key=True)
    status: Mapped[Status] = mapped_column(enum_column(Status), primary_key=True)
    confidential: Mapped[bool] = mapped_column(primary_key=True)
    in_pipeline: Mapped[bool] = mapped_column(primary_key=True)
    projects: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    total_investment: Mapped[int] = mapped_column(Money, default=0)


class ProjectInvestor(db.Model):
    __tablename__ = "project_investors"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("companies.id"), index=True)
    is_lead: Mapped[bool] = mapped_column(default=False)  # 主投资方: breakdowns use it

    project: Mapped[Project] = relationship(back_populates="investors")
    company: Mapped[Company] = relationship()

    __table_args__ = (sa.UniqueConstraint("project_id", "company_id"),)


class ProjectMember(db.Model):
    """Team members the owner adds; owner and 包联领导 are on the team implicitly."""

    __tablename__ = "project_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project] = relationship(back_populates="members")
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    __table_args__ = (sa.UniqueConstraint("project_id", "user_id"),)


class StageChange(db.Model):
    __tablename__ = "stage_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    from_stage: Mapped[Stage | None] = mapped_column(enum_column(Stage, name="from_stage"))
    to_stage: Mapped[Stage] = mapped_column(enum_column(Stage, name="to_stage"))
    effective_date: Mapped[date]  # when it happened in the real world
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)  # when it was typed in
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(sa.String(500), default="")

    user: Mapped[User | None] = relationship()

    # The workbench's "since yesterday" feed seeks each of the user's projects' recent rows.
    __table_args__ = (sa.Index("ix_stage_changes_project_recent", "project_id", "entered_at"),)



class StatusChange(db.Model):
    __tablename__ = "status_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    from_status: Mapped[Status] = mapped_column(enum_column(Status, name="from_status"))
    to_status: Mapped[Status] = mapped_column(enum_column(Status, name="to_status"))
    effective_date: Mapped[date]
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(sa.String(500))

    user: Mapped[User | None] = relationship()

    # The workbench's "since yesterday" feed seeks each of the user's projects' recent rows.
    __table_args__ = (sa.Index("ix_status_changes_project_recent", "project_id", "entered_at"),)



class Comment(db.Model):
    """领导批示: a leader's instruction on a project."""

    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()

    # The workbench's "since yesterday" feed seeks each of the user's projects' recent rows.
    __table_args__ = (sa.Index("ix_comments_project_recent", "project_id", "created_at"),)
