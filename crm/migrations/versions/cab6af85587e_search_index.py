"""search index

Revision ID: cab6af85587e
Revises: affb33dda28a
Create Date: 2026-11-27 04:56:31.385030

search_entries holds one row per searchable project, company and contact (crm/search/index.py
keeps it current). The index over its grams is dialect-specific and stays out of the models'
metadata (crm.models.search.include_name hides it from autogenerate):
- SQLite: an FTS5 table over the space-separated bigrams, with external content and triggers.
  FTS5's trigram tokenizer finds nothing for 2-character terms (DESIGN.md platform notes).
  A later batch migration that recreates search_entries drops these triggers: recreate them.
- PostgreSQL: grams is text[] with a GIN index (fastupdate off), queried with @> (containment).
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = 'cab6af85587e'
down_revision = 'affb33dda28a'
branch_labels = None
depends_on = None

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(grams, content='search_entries', "
    "content_rowid='id', tokenize='unicode61')",
    """CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN
         INSERT INTO search_fts(rowid, grams) VALUES (new.id, new.grams);
       END""",
    """CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN
         INSERT INTO search_fts(search_fts, rowid, grams) VALUES ('delete', old.id, old.grams);
       END""",
    """CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN
         INSERT INTO search_fts(search_fts, rowid, grams) VALUES ('delete', old.id, old.grams);
         INSERT INTO search_fts(rowid, grams) VALUES (new.id, new.grams);
       END""",
]


def upgrade():
    op.create_table('search_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity', sa.String(length=10), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('initials', sa.Text(), nullable=False),
    sa.Column('grams', sa.Text().with_variant(postgresql.ARRAY(sa.Text()), 'postgresql'),
              nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entries')),
    sa.UniqueConstraint('entity_id', 'entity', name=op.f('uq_search_entries_entity_id_entity'))
    )
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_entries_project_id'), ['project_id'], unique=False)

    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif dialect == 'postgresql':
        # fastupdate off: saves touch a few entries at a time, and GIN's pending list would make
        # the planner price the index above a sequential scan until the next (auto)vacuum.
        op.execute('CREATE INDEX ix_search_entries_grams ON search_entries USING gin (grams) '
                   'WITH (fastupdate = off)')


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for trigger in ('search_entries_ai', 'search_entries_ad', 'search_entries_au'):
            op.execute(f'DROP TRIGGER IF EXISTS {trigger}')
        op.execute('DROP TABLE IF EXISTS search_fts')
    elif dialect == 'postgresql':
        op.execute('DROP INDEX IF EXISTS ix_search_entries_grams')
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_entries_project_id'))

    op.drop_table('search_entries')
