"""The workbench feed's indexes: recent rows per project instead of recent rows county-wide

Revision ID: d2f4b6a8c0e1
Revises: c5a8e3f1b2d7
Create Date: 2026-12-02 07:00:00.000000

"Since yesterday" on my projects seeks (project, entry time) for each of the user's projects:
its cost follows one person's portfolio, where a scan of the county's recent rows grows with
the county (and with every colleague's work).
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd2f4b6a8c0e1'
down_revision = 'c5a8e3f1b2d7'
branch_labels = None
depends_on = None

RECENT = [("stage_changes", "entered_at"), ("status_changes", "entered_at"),
          ("followups", "created_at"), ("comments", "created_at")]


def upgrade():
    for table, column in RECENT:
        op.drop_index(f"ix_{table}_{column}", table_name=table)
        op.create_index(f"ix_{table}_project_recent", table, ["project_id", column],
                        unique=False)


def downgrade():
    for table, column in RECENT:
        op.drop_index(f"ix_{table}_project_recent", table_name=table)
        op.create_index(f"ix_{table}_{column}", table, [column], unique=False)
