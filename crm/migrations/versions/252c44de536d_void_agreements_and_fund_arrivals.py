"""Agreements and fund arrivals can be voided (作废) with a reason; fund arrivals are versioned

Revision ID: 252c44de536d
Revises: 86d8484e42c4
Create Date: 2026-12-01 22:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '252c44de536d'
down_revision = '86d8484e42c4'
branch_labels = None
depends_on = None

TABLES = ('agreements', 'fund_arrivals')


def upgrade():
    # Existing rows are live (not voided), with an empty reason and, for fund arrivals, version 1.
    # The server defaults only fill those rows; the models set the values from then on, so the
    # defaults are dropped again in a second batch (SQLite copies the rows in the first).
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == 'fund_arrivals':
                batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False,
                                              server_default='1'))
            batch_op.add_column(sa.Column('voided_at', sa.DateTime(), nullable=True))
            batch_op.add_column(sa.Column('voided_by_id', sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column('void_reason', sa.Text(), nullable=False,
                                          server_default=''))
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_voided_by_id_users'), 'users',
                                        ['voided_by_id'], ['id'])
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == 'fund_arrivals':
                batch_op.alter_column('version', existing_type=sa.Integer(),
                                      server_default=None)
            batch_op.alter_column('void_reason', existing_type=sa.Text(), server_default=None)


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_voided_by_id_users'),
                                     type_='foreignkey')
            batch_op.drop_column('void_reason')
            batch_op.drop_column('voided_by_id')
            batch_op.drop_column('voided_at')
            if table == 'fund_arrivals':
                batch_op.drop_column('version')
