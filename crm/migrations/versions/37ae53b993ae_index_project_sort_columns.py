"""Index the columns the project list sorts by (total investment, stage date).

Revision ID: 37ae53b993ae
Revises: 044fbd615e23
Create Date: 2026-11-27 06:33:10.133297

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '37ae53b993ae'
down_revision = '044fbd615e23'
branch_labels = None
depends_on = None


def upgrade():
    # Plain CREATE INDEX: no batch table rebuild is needed on SQLite for an index.
    op.create_index("ix_projects_stage_date", "projects", ["stage_date"], unique=False)
    op.create_index("ix_projects_total_investment", "projects", ["total_investment"],
                    unique=False)


def downgrade():
    op.drop_index("ix_projects_total_investment", table_name="projects")
    op.drop_index("ix_projects_stage_date", table_name="projects")
