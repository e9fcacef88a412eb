"""Signing facts for the cockpit: each agreement's counted 签约金额, the project's signing
activity and agreed start date, and the date indexes the period figures count through

Revision ID: e3a5c7d9f1b4
Revises: d2f4b6a8c0e1
Create Date: 2026-12-02 19:00:00.000000

The cockpit sums a period's 签约金额 with one GROUP BY, so what each agreement adds (a 补充协议:
the new total minus the one before) is stored when a project's agreements change
(crm/projects/signing.py), and filled here for the agreements already recorded.

Columns are added with plain ALTER TABLE ... ADD COLUMN (no batch copy): on SQLite a batch
would copy the projects table and drop its tally triggers, and a county's million rows need
no copy to gain a nullable column.
"""
from alembic import op
import sqlalchemy as sa

from crm.projects import signing


# revision identifiers, used by Alembic.
revision = 'e3a5c7d9f1b4'
down_revision = 'd2f4b6a8c0e1'
branch_labels = None
depends_on = None

PROJECT_DATES = ("signed_on", "started_on", "producing_on")


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column("agreements", sa.Column("counted_amount", sa.BigInteger(), nullable=True))
    op.add_column("projects", sa.Column("agreed_start_on", sa.Date(), nullable=True))
    if sqlite:  # SQLite adds a column with its reference inline (no constraint to add later)
        op.execute("ALTER TABLE projects ADD COLUMN signed_activity_id INTEGER "
                   "CONSTRAINT fk_projects_signed_activity_id_activities "
                   "REFERENCES activities (id)")
    else:
        op.add_column("projects", sa.Column("signed_activity_id", sa.Integer(), nullable=True))
        op.create_foreign_key("fk_projects_signed_activity_id_activities", "projects",
                              "activities", ["signed_activity_id"], ["id"])
    op.create_index("ix_projects_signed_activity_id", "projects", ["signed_activity_id"])
    for column in PROJECT_DATES:
        op.create_index(f"ix_projects_{column}", "projects", [column])
    op.create_index("ix_agreements_kind_signed_on", "agreements", ["kind", "signed_on"])
    signing.rebuild(op.get_bind())


def downgrade():
    op.drop_index("ix_agreements_kind_signed_on", table_name="agreements")
    for column in PROJECT_DATES:
        op.drop_index(f"ix_projects_{column}", table_name="projects")
    op.drop_index("ix_projects_signed_activity_id", table_name="projects")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot drop a column that holds a reference: copy the table, then give the
        # copy back the triggers the earlier migrations put on projects.
        with op.batch_alter_table("projects", schema=None) as batch_op:
            batch_op.drop_column("signed_activity_id")
            batch_op.drop_column("agreed_start_on")
        for statement in _project_triggers():
            op.execute(statement)
    else:
        op.drop_constraint("fk_projects_signed_activity_id_activities", "projects",
                           type_="foreignkey")
        op.drop_column("projects", "signed_activity_id")
        op.drop_column("projects", "agreed_start_on")
    op.drop_column("agreements", "counted_amount")


def _project_triggers() -> list[str]:
    """The SQLite triggers on projects, as the migrations that made them wrote them."""
    import importlib.util
    from pathlib import Path

    statements = []
    for name in ("b7e1c2d4a9f0_project_tallies_and_list_indexes.py",
                 "c5a8e3f1b2d7_company_tallies_board_index_marked_search.py"):
        spec = importlib.util.spec_from_file_location(name[:-3], Path(__file__).with_name(name))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        statements += [s for s in module.SQLITE_TRIGGERS if " ON projects " in s]
    return statements
