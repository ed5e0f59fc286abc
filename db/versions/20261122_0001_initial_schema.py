"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 13:50:44.091492
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('org',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('threshold', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code'),
    sa.UniqueConstraint('name')
    )
    op.create_table('owner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('band',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('min_value', sa.Integer(), nullable=False),
    sa.Column('max_value', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('label_en', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('color', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['org.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('band', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_band_org_id'), ['org_id'], unique=False)

    op.create_table('plan',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('adopted_on', sa.Date(), nullable=True),
    sa.Column('ref', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['org.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_id', 'year')
    )
    op.create_table('risk',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['org.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_id', 'title')
    )
    with op.batch_alter_table('risk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_org_id'), ['org_id'], unique=False)

    op.create_table('scale_level',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('axis', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('label_en', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('description_en', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['org.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_id', 'axis', 'level')
    )
    with op.batch_alter_table('scale_level', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scale_level_org_id'), ['org_id'], unique=False)

    op.create_table('assessment',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('risk_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('probability', sa.Integer(), nullable=False),
    sa.Column('significance', sa.Integer(), nullable=False),
    sa.Column('handling', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['org.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['owner.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['risk_id'], ['risk.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('risk_id', 'year')
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index('ix_assessment_org_year', ['org_id', 'year'], unique=False)

    op.create_table('plan_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('ref', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('snapshot', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('plan_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_event_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_item',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('risk_id', sa.Integer(), nullable=False),
    sa.Column('method', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('method_edited', sa.Boolean(), nullable=False),
    sa.Column('owner_edited', sa.Boolean(), nullable=False),
    sa.Column('manual', sa.Boolean(), nullable=False),
    sa.Column('removed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['owner.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['risk_id'], ['risk.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_id', 'risk_id')
    )
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_item_plan_id'), ['plan_id'], unique=False)

    op.create_table('followup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.Column('assessment', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('checked', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('result', sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['plan_item.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('item_id', 'period', 'revision')
    )
    with op.batch_alter_table('followup', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_item_id'), ['item_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('followup', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followup_item_id'))

    op.drop_table('followup')
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_item_plan_id'))

    op.drop_table('plan_item')
    with op.batch_alter_table('plan_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_event_plan_id'))

    op.drop_table('plan_event')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index('ix_assessment_org_year')

    op.drop_table('assessment')
    with op.batch_alter_table('scale_level', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scale_level_org_id'))

    op.drop_table('scale_level')
    with op.batch_alter_table('risk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_org_id'))

    op.drop_table('risk')
    op.drop_table('plan')
    with op.batch_alter_table('band', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_band_org_id'))

    op.drop_table('band')
    op.drop_table('owner')
    op.drop_table('org')
