"""export records (issue 12: every export is recorded and listed for admins)

Revision ID: f2b4d6e8a0c2
Revises: e3a5c7d9f1b4
Create Date: 2026-12-03 10:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'f2b4d6e8a0c2'
down_revision = 'e3a5c7d9f1b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('export_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('filters', sa.Text(), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('real_names', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_export_records_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_records'))
    )
    with op.batch_alter_table('export_records', schema=None) as batch_op:
        batch_op.create_index('ix_export_records_created_at', ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('export_records', schema=None) as batch_op:
        batch_op.drop_index('ix_export_records_created_at')
    op.drop_table('export_records')
