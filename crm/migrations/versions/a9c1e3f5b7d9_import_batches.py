"""import batches (issue 13: the bureau's Excel ledger imported, previewed and reverted)

Revision ID: a9c1e3f5b7d9
Revises: f2b4d6e8a0c2
Create Date: 2026-12-03 11:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'a9c1e3f5b7d9'
down_revision = 'f2b4d6e8a0c2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('import_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('stored_name', sa.String(length=100), nullable=False),
    sa.Column('sheets', sa.Text(), nullable=False),
    sa.Column('sheet', sa.String(length=100), nullable=False),
    sa.Column('header_row', sa.Integer(), nullable=True),
    sa.Column('headers', sa.Text(), nullable=False),
    sa.Column('fingerprint', sa.String(length=40), nullable=False),
    sa.Column('mapping', sa.Text(), nullable=False),
    sa.Column('units', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('data_rows', sa.Integer(), nullable=False),
    sa.Column('skipped_rows', sa.Integer(), nullable=False),
    sa.Column('new_count', sa.Integer(), nullable=False),
    sa.Column('update_count', sa.Integer(), nullable=False),
    sa.Column('unchanged_count', sa.Integer(), nullable=False),
    sa.Column('error_count', sa.Integer(), nullable=False),
    sa.Column('committed_at', sa.DateTime(), nullable=True),
    sa.Column('audit_mark', sa.Integer(), nullable=False),
    sa.Column('reverted_at', sa.DateTime(), nullable=True),
    sa.Column('reverted_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['reverted_by_id'], ['users.id'], name=op.f('fk_import_batches_reverted_by_id_users')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_import_batches_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches'))
    )
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_batches_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_batches_user_id'), ['user_id'], unique=False)

    op.create_table('import_mappings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=40), nullable=False),
    sa.Column('headers', sa.Text(), nullable=False),
    sa.Column('mapping', sa.Text(), nullable=False),
    sa.Column('units', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_import_mappings_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_mappings')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_import_mappings_fingerprint'))
    )

    op.create_table('import_rows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.Column('cells', sa.Text(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('messages', sa.Text(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('created', sa.Text(), nullable=False),
    sa.Column('before', sa.Text(), nullable=False),
    sa.Column('project_version', sa.Integer(), nullable=True),
    sa.Column('company_version', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_import_rows_batch_id_import_batches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_rows'))
    )
    with op.batch_alter_table('import_rows', schema=None) as batch_op:
        batch_op.create_index('ix_import_rows_batch_row', ['batch_id', 'row_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_rows_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_rows_project_id'), ['project_id'], unique=False)


def downgrade():
    with op.batch_alter_table('import_rows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_rows_project_id'))
        batch_op.drop_index(batch_op.f('ix_import_rows_company_id'))
        batch_op.drop_index('ix_import_rows_batch_row')
    op.drop_table('import_rows')
    op.drop_table('import_mappings')
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_batches_user_id'))
        batch_op.drop_index(batch_op.f('ix_import_batches_state'))
    op.drop_table('import_batches')
