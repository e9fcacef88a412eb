"""queued imports (issue 13: a ledger too large for a web request is imported by the scheduler)

Revision ID: b3d5f7a9c1e2
Revises: a9c1e3f5b7d9
Create Date: 2026-12-04 19:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'b3d5f7a9c1e2'
down_revision = 'a9c1e3f5b7d9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('import_batches') as batch_op:
        batch_op.add_column(sa.Column('queued_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('failure', sa.Text(), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('import_batches') as batch_op:
        batch_op.drop_column('failure')
        batch_op.drop_column('queued_at')
