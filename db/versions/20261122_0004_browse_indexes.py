"""browse indexes

For the terminal UI's paged risk table on large boards (100,000 risks in a board-year):

* `ix_assessment_value_order`: the analysis' order (risk value, highest first, then id), so
  that any page is read off the index instead of sorting the board-year. Partial on
  `probability > 0`, which every assessment meets (scale levels start at 1): only the queries
  that repeat the condition use it, and the planner does not walk a board-year in value
  order for queries that need no order.
* `ix_assessment_org_year` gains `risk_id`, so that a search of the risks' titles and
  descriptions goes from the index straight to the risks.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 17:05:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index('ix_assessment_org_year')
        batch_op.create_index(
            'ix_assessment_org_year', ['org_id', 'year', 'risk_id'], unique=False
        )
        batch_op.create_index(
            'ix_assessment_value_order',
            ['org_id', 'year', sa.text('(probability * significance) DESC'), 'id'],
            unique=False,
            sqlite_where=sa.text('probability > 0'),
            postgresql_where=sa.text('probability > 0'),
        )


def downgrade() -> None:
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index('ix_assessment_value_order')
        batch_op.drop_index('ix_assessment_org_year')
        batch_op.create_index('ix_assessment_org_year', ['org_id', 'year'], unique=False)
