"""Project tallies kept by triggers, and the indexes the lists need at a city's scale

Revision ID: b7e1c2d4a9f0
Revises: 252c44de536d
Create Date: 2026-12-02 06:10:00.000000

project_tallies holds the count and 总投资 of the projects per (stage, status, confidential,
in the pipeline). Triggers on projects keep it exact on every insert, delete and change of
those columns, whoever writes (the ORM, a bulk UPDATE, an import): the 项目库 headline sums a
few dozen rows instead of counting every project (issue #10). On SQLite a later batch migration
that recreates `projects` drops its triggers: recreate them (SQLITE_TRIGGERS below), as the
search index's migration says for its own.

On PostgreSQL two transactions moving projects in opposite directions between the same two
keys would each lock one tally row and wait for the other's: the trigger locks the two rows in
key order, so they queue instead of deadlocking.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e1c2d4a9f0'
down_revision = '252c44de536d'
branch_labels = None
depends_on = None

KEY = "stage, status, confidential, in_pipeline"
# The list's in_pipeline() (crm/projects/queries.py): leads in or refused by screening are out.
IN_PIPELINE = "({row}.screening IS NULL OR {row}.screening NOT IN ('pending', 'rejected', 'duplicate'))"


def _add(row: str) -> str:
    return (f"INSERT INTO project_tallies ({KEY}, projects, total_investment) "
            f"VALUES ({row}.stage, {row}.status, {row}.confidential, {IN_PIPELINE.format(row=row)}, "
            f"1, coalesce({row}.total_investment, 0)) "
            f"ON CONFLICT ({KEY}) DO UPDATE SET projects = project_tallies.projects + 1, "
            f"total_investment = project_tallies.total_investment + excluded.total_investment;")


def _remove(row: str) -> str:
    return (f"UPDATE project_tallies SET projects = projects - 1, "
            f"total_investment = total_investment - coalesce({row}.total_investment, 0) "
            f"WHERE stage = {row}.stage AND status = {row}.status "
            f"AND confidential = {row}.confidential "
            f"AND in_pipeline = {IN_PIPELINE.format(row=row)};")


WATCHED = "stage, status, confidential, screening, total_investment"
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER project_tallies_ai AFTER INSERT ON projects BEGIN {_add('new')} END",
    f"CREATE TRIGGER project_tallies_ad AFTER DELETE ON projects BEGIN {_remove('old')} END",
    f"CREATE TRIGGER project_tallies_au AFTER UPDATE OF {WATCHED} ON projects BEGIN "
    f"{_remove('old')} {_add('new')} END",
]

PG_FUNCTION = f"""
CREATE FUNCTION project_tallies_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_add('NEW')}
  ELSIF TG_OP = 'DELETE' THEN
    {_remove('OLD')}
  ELSIF (OLD.stage, OLD.status, OLD.confidential, {IN_PIPELINE.format(row='OLD')})
        <= (NEW.stage, NEW.status, NEW.confidential, {IN_PIPELINE.format(row='NEW')}) THEN
    {_remove('OLD')}
    {_add('NEW')}
  ELSE
    {_add('NEW')}
    {_remove('OLD')}
  END IF;
  RETURN NULL;
END $$
"""
PG_TRIGGER = (f"CREATE TRIGGER project_tallies_sync AFTER INSERT OR DELETE OR UPDATE OF {WATCHED} "
              "ON projects FOR EACH ROW EXECUTE FUNCTION project_tallies_apply()")

FILL = (f"INSERT INTO project_tallies ({KEY}, projects, total_investment) "
        f"SELECT stage, status, confidential, {IN_PIPELINE.format(row='projects')}, count(*), "
        f"coalesce(sum(total_investment), 0) FROM projects GROUP BY 1, 2, 3, 4")

# Column indexes: the workbench's "since yesterday" feed, duplicate reports on a project page.
PLAIN = [("stage_changes", "entered_at"), ("status_changes", "entered_at"),
         ("followups", "created_at"), ("comments", "created_at"),
         ("projects", "duplicate_of_id")]


def upgrade():
    op.create_table('project_tallies',
    sa.Column('stage', sa.Enum('lead', 'screening', 'contact', 'inspection', 'negotiation', 'signed', 'registered', 'started', 'producing', 'operating', name='stage', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('status', sa.Enum('normal', 'paused', 'terminated', 'lost', 'removed', name='status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('confidential', sa.Boolean(), nullable=False),
    sa.Column('in_pipeline', sa.Boolean(), nullable=False),
    sa.Column('projects', sa.BigInteger(), nullable=False),
    sa.Column('total_investment', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('stage', 'status', 'confidential', 'in_pipeline', name=op.f('pk_project_tallies'))
    )
    op.execute(FILL)
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    else:
        op.execute(PG_FUNCTION)
        op.execute(PG_TRIGGER)

    for table, column in PLAIN:
        op.create_index(f"ix_{table}_{column}", table, [column], unique=False)
    for name, column in (("ix_projects_confidential_owner", "owner_id"),
                         ("ix_projects_confidential_leader", "leader_id")):
        op.create_index(name, "projects", [column], unique=False,
                        sqlite_where=sa.text("confidential IS 1"),
                        postgresql_where=sa.text("confidential IS true"))
    # The list filtered by stage and sorted by 总投资 (largest first, blanks last) reads its
    # page from here instead of sorting the whole stage.
    nulls_last = "" if dialect == 'sqlite' else " NULLS LAST"
    op.execute(f"CREATE INDEX ix_projects_stage_amount ON projects "
               f"(stage, total_investment DESC{nulls_last}, id DESC)")


def downgrade():
    op.execute("DROP INDEX ix_projects_stage_amount")
    op.drop_index("ix_projects_confidential_leader", table_name="projects")
    op.drop_index("ix_projects_confidential_owner", table_name="projects")
    for table, column in reversed(PLAIN):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
    if op.get_bind().dialect.name == 'sqlite':
        for name in ("project_tallies_au", "project_tallies_ad", "project_tallies_ai"):
            op.execute(f"DROP TRIGGER {name}")
    else:
        op.execute("DROP TRIGGER project_tallies_sync ON projects")
        op.execute("DROP FUNCTION project_tallies_apply()")
    op.drop_table('project_tallies')
