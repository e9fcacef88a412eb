"""Company tallies kept by triggers, the board's and the company list's indexes, and search
tokens marked with their entity

Revision ID: c5a8e3f1b2d7
Revises: b7e1c2d4a9f0
Create Date: 2026-12-02 06:40:00.000000

company_tallies counts companies per (企业性质, 产业集群) (0 for none), kept by triggers on
companies like project_tallies. The board reads each column's latest cards from
ix_projects_stage_board. Search tokens now carry their entity's mark (crm/search/text.py), so
the index is rebuilt here with the app's own indexer (after a downgrade, run the older
release's `flask reindex-search`).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5a8e3f1b2d7'
down_revision = 'b7e1c2d4a9f0'
branch_labels = None
depends_on = None


def _key(row: str) -> str:
    return f"coalesce({row}.nature_id, 0), coalesce({row}.cluster_id, 0)"


def _add(row: str) -> str:
    return (f"INSERT INTO company_tallies (nature_id, cluster_id, companies) "
            f"VALUES ({_key(row)}, 1) ON CONFLICT (nature_id, cluster_id) "
            f"DO UPDATE SET companies = company_tallies.companies + 1;")


def _remove(row: str) -> str:
    return (f"UPDATE company_tallies SET companies = companies - 1 "
            f"WHERE nature_id = coalesce({row}.nature_id, 0) "
            f"AND cluster_id = coalesce({row}.cluster_id, 0);")


SQLITE_TRIGGERS = [
    f"CREATE TRIGGER company_tallies_ai AFTER INSERT ON companies BEGIN {_add('new')} END",
    f"CREATE TRIGGER company_tallies_ad AFTER DELETE ON companies BEGIN {_remove('old')} END",
    f"CREATE TRIGGER company_tallies_au AFTER UPDATE OF nature_id, cluster_id ON companies "
    f"BEGIN {_remove('old')} {_add('new')} END",
]
# Rows locked in key order, as project_tallies_apply does (no deadlock between opposite moves).
PG_FUNCTION = f"""
CREATE FUNCTION company_tallies_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_add('NEW')}
  ELSIF TG_OP = 'DELETE' THEN
    {_remove('OLD')}
  ELSIF ({_key('OLD')}) <= ({_key('NEW')}) THEN
    {_remove('OLD')}
    {_add('NEW')}
  ELSE
    {_add('NEW')}
    {_remove('OLD')}
  END IF;
  RETURN NULL;
END $$
"""
PG_TRIGGER = ("CREATE TRIGGER company_tallies_sync AFTER INSERT OR DELETE OR UPDATE OF "
              "nature_id, cluster_id ON companies FOR EACH ROW EXECUTE FUNCTION "
              "company_tallies_apply()")


def upgrade():
    op.create_table('company_tallies',
    sa.Column('nature_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('cluster_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('companies', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('nature_id', 'cluster_id', name=op.f('pk_company_tallies'))
    )
    op.execute("INSERT INTO company_tallies (nature_id, cluster_id, companies) "
               "SELECT coalesce(nature_id, 0), coalesce(cluster_id, 0), count(*) "
               "FROM companies GROUP BY 1, 2")
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    else:
        op.execute(PG_FUNCTION)
        op.execute(PG_TRIGGER)
    op.create_index("ix_companies_list_order", "companies", ["name_initials", "name", "id"],
                    unique=False)
    nulls_last = "" if dialect == 'sqlite' else " NULLS LAST"
    op.execute(f"CREATE INDEX ix_projects_stage_board ON projects "
               f"(stage, stage_date DESC{nulls_last}, id DESC)")

    from crm.search.index import rebuild

    rebuild(op.get_bind())


def downgrade():
    op.execute("DROP INDEX ix_projects_stage_board")
    op.drop_index("ix_companies_list_order", table_name="companies")
    if op.get_bind().dialect.name == 'sqlite':
        for name in ("company_tallies_au", "company_tallies_ad", "company_tallies_ai"):
            op.execute(f"DROP TRIGGER {name}")
    else:
        op.execute("DROP TRIGGER company_tallies_sync ON companies")
        op.execute("DROP FUNCTION company_tallies_apply()")
    op.drop_table('company_tallies')
