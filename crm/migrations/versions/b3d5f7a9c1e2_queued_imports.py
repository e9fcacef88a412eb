"""queued imports (issue 13: a ledger too large for a web request is imported by the scheduler,
chunk by chunk, so each row keeps the audit mark of its own chunk)

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
        batch_op.add_column(sa.Column('lease_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('failure', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('import_rows') as batch_op:
        batch_op.add_column(sa.Column('audit_mark', sa.Integer(), nullable=False,
                                      server_default='0'))
    # Rows committed before: their batch was written in one transaction, with one mark.
    op.execute("UPDATE import_rows SET audit_mark = (SELECT audit_mark FROM import_batches "
               "WHERE import_batches.id = import_rows.batch_id)")


def downgrade():
    with op.batch_alter_table('import_rows') as batch_op:
        batch_op.drop_column('audit_mark')
    with op.batch_alter_table('import_batches') as batch_op:
        batch_op.drop_column('failure')
        batch_op.drop_column('lease_until')
        batch_op.drop_column('queued_at')
