"""audit chain

The audit trail becomes a hash chain (see `riskctl.audit_chain`): each entry's `hash` covers
the previous entry's hash, its id (its position) and its fields, and the one-row `audit_head`
holds the newest entry's id and hash. The entries a store holds already are chained here, in
id order; on PostgreSQL, whose ids may have gaps (a rolled-back transaction uses up its
sequence numbers), they are numbered 1, 2, 3, … first, keeping their order.

An adoption's plan event records the head at that moment (`plan_event.audit_head`), so that a
truncated or rebuilt trail is found even when the rebuilt chain holds in itself.

The database refuses what the append-only triggers of revision 0002 did not: on SQLite an
`INSERT OR REPLACE` (REPLACE deletes the old row without firing a DELETE trigger: a BEFORE
INSERT trigger refuses any entry whose id is not the next one), on PostgreSQL a `TRUNCATE`
(statement-level triggers); and deleting the head row.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 03:50:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from riskctl.audit_chain import GENESIS, at_text, chain

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = "the audit trail is append-only"
SQLITE_UP = (
    "CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit "
    "WHEN NEW.id IS NOT (SELECT coalesce(max(id), 0) + 1 FROM audit) "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}: an entry takes the next id'); END",
    "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}: its head row stays'); END",
    "CREATE TRIGGER audit_head_no_insert BEFORE INSERT ON audit_head "
    "WHEN EXISTS (SELECT 1 FROM audit_head) "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}: it has one head row'); END",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS audit_head_no_insert",
    "DROP TRIGGER IF EXISTS audit_head_no_delete",
    "DROP TRIGGER IF EXISTS audit_no_replace",
)
POSTGRESQL_UP = (
    "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit "
    "FOR EACH STATEMENT EXECUTE FUNCTION riskctl_audit_append_only()",
    "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head "
    "FOR EACH ROW EXECUTE FUNCTION riskctl_audit_append_only()",
    "CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head "
    "FOR EACH STATEMENT EXECUTE FUNCTION riskctl_audit_append_only()",
)
POSTGRESQL_DOWN = (
    "DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_head",
    "DROP TRIGGER IF EXISTS audit_head_no_delete ON audit_head",
    "DROP TRIGGER IF EXISTS audit_no_truncate ON audit",
)

AUDIT = sa.table(
    'audit',
    sa.column('id', sa.Integer()),
    sa.column('at', sqlmodel.sql.sqltypes.UTCDateTime()),
    sa.column('user', sa.String()),
    sa.column('entity', sa.String()),
    sa.column('entity_id', sa.Integer()),
    sa.column('field', sa.String()),
    sa.column('old', sa.String()),
    sa.column('new', sa.String()),
    sa.column('hash', sa.String()),
)


def upgrade() -> None:
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.add_column('audit', sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    op.add_column('plan_event', sa.Column('audit_head', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    seq, last = _chain_existing_entries()
    op.execute(sa.text("INSERT INTO audit_head (id, seq, hash) VALUES (1, :seq, :hash)").bindparams(seq=seq, hash=last))
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_UP if sqlite else POSTGRESQL_UP:
        op.execute(statement)


def _chain_existing_entries() -> tuple[int, str]:
    """Hash the entries there are, in id order, numbering them 1, 2, 3, … (the append-only
    trigger is off for these updates, and on again before the migration commits)."""
    bind = op.get_bind()
    c = AUDIT.c
    query = sa.select(c.id, c.at, c.user, c.entity, c.entity_id, c.field, c.old, c.new)
    rows = bind.execute(query.order_by(c.id)).all()
    if not rows:
        return 0, GENESIS
    fields = [
        [n, at_text(r.at), r.user, r.entity, r.entity_id, r.field, r.old, r.new]
        for n, r in enumerate(rows, start=1)
    ]
    hashes = list(chain(GENESIS, fields))
    sqlite = bind.dialect.name == "sqlite"
    op.execute("DROP TRIGGER audit_no_update" if sqlite else "ALTER TABLE audit DISABLE TRIGGER audit_append_only")
    # In ascending id order no new id (its position, never above the old id) meets an old one
    # that has not moved yet.
    bind.execute(
        AUDIT.update().where(c.id == sa.bindparam('old_id')).values(id=sa.bindparam('new_id'), hash=sa.bindparam('new_hash')),
        [{'old_id': r.id, 'new_id': n, 'new_hash': h} for n, (r, h) in enumerate(zip(rows, hashes, strict=True), start=1)],
    )
    if sqlite:
        op.execute(
            "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
        )
    else:
        op.execute("ALTER TABLE audit ENABLE TRIGGER audit_append_only")
    return len(rows), hashes[-1]


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_DOWN if sqlite else POSTGRESQL_DOWN:
        op.execute(statement)
    op.drop_table('audit_head')
    if sqlite:
        # Batch mode would rebuild the tables and lose their triggers; SQLite drops a column
        # in place since 3.35.
        op.execute("ALTER TABLE plan_event DROP COLUMN audit_head")
        op.execute("ALTER TABLE audit DROP COLUMN hash")
    else:
        op.drop_column('plan_event', 'audit_head')
        op.drop_column('audit', 'hash')
