"""Covering indexes for the cockpit's figures

Revision ID: c7e9a1b3d5f8
Revises: b3d5f7a9c1e2
Create Date: 2026-12-08 03:00:00.000000

The cockpit's signing and cohort figures (签约, 开工率, 投产率, 履约率, 签而未开) read the
index entries of the period's projects instead of the wide project rows, which are scattered
over hundreds of MB; its 签约金额 and 意向签约 read the agreements likewise. 签约日期's own index
is the cohort index's prefix. 开工/投产 dates are indexed only where set: 签而未开's
"started_on IS NULL" had the planner walk the whole started_on index.

Covering indexes led by status (for 红/黄, 跟进逾期, 在谈) were tried and left out: the planner
then scanned every 正常 project for the workbench's health counts instead of the person's
~2,100 projects by id (8 -> 126 ms at 100k).
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c7e9a1b3d5f8'
down_revision = 'b3d5f7a9c1e2'
branch_labels = None
depends_on = None


def _partial(column: str) -> dict:
    where = sa.text(f"{column} IS NOT NULL")
    return {"sqlite_where": where, "postgresql_where": where}


def upgrade():
    op.drop_index("ix_projects_signed_on", table_name="projects")
    op.create_index("ix_projects_signed_cohort", "projects",
                    ["signed_on", "screening", "confidential", "status", "started_on",
                     "producing_on", "agreed_start_on"])
    for column in ("started_on", "producing_on"):
        op.drop_index(f"ix_projects_{column}", table_name="projects")
        op.create_index(f"ix_projects_{column}", "projects", [column], **_partial(column))
    op.drop_index("ix_agreements_kind_signed_on", table_name="agreements")
    op.create_index("ix_agreements_period", "agreements",
                    ["kind", "signed_on", "voided_at", "project_id", "counted_amount"])


def downgrade():
    op.drop_index("ix_agreements_period", table_name="agreements")
    op.create_index("ix_agreements_kind_signed_on", "agreements", ["kind", "signed_on"])
    for column in ("started_on", "producing_on"):
        op.drop_index(f"ix_projects_{column}", table_name="projects")
        op.create_index(f"ix_projects_{column}", "projects", [column])
    op.drop_index("ix_projects_signed_cohort", table_name="projects")
    op.create_index("ix_projects_signed_on", "projects", ["signed_on"])
