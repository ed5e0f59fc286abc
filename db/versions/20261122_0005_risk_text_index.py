"""risk text index

A text index on the risks' titles and descriptions, so that a search of a board-year of
100,000 risks (the terminal UI's search field) does not read every row:

* SQLite: the FTS5 table `risk_text` with the trigram tokenizer (any part of a word of three
  or more characters, in any case), its content read from `risk`, and the triggers that
  keep it up to date with every write to `risk`, whoever makes it. A future migration that
  rebuilds `risk` in batch mode drops these triggers and must create them again.
* PostgreSQL: pg_trgm's GIN indexes on `risk.title` and `risk.description`, which the
  planner uses by itself for ILIKE.

Where the store cannot have the index (an SQLite without FTS5's trigram tokenizer, a
PostgreSQL server without pg_trgm or without the right to create it), the migration leaves
it out and says so; search then reads the rows, as before.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 19:10:00.000000
"""
import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")

SQLITE_UP = (
    "CREATE VIRTUAL TABLE risk_text USING fts5("
    "title, description, content='risk', content_rowid='id', tokenize='trigram')",
    "INSERT INTO risk_text(risk_text) VALUES ('rebuild')",
    "CREATE TRIGGER risk_text_insert AFTER INSERT ON risk BEGIN "
    "INSERT INTO risk_text(rowid, title, description) "
    "VALUES (new.id, new.title, new.description); END",
    "CREATE TRIGGER risk_text_delete AFTER DELETE ON risk BEGIN "
    "INSERT INTO risk_text(risk_text, rowid, title, description) "
    "VALUES ('delete', old.id, old.title, old.description); END",
    "CREATE TRIGGER risk_text_update AFTER UPDATE OF title, description ON risk BEGIN "
    "INSERT INTO risk_text(risk_text, rowid, title, description) "
    "VALUES ('delete', old.id, old.title, old.description); "
    "INSERT INTO risk_text(rowid, title, description) "
    "VALUES (new.id, new.title, new.description); END",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS risk_text_update",
    "DROP TRIGGER IF EXISTS risk_text_delete",
    "DROP TRIGGER IF EXISTS risk_text_insert",
    "DROP TABLE IF EXISTS risk_text",
)
POSTGRESQL_UP = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_risk_title_trgm ON risk USING gin (title gin_trgm_ops)",
    "CREATE INDEX ix_risk_description_trgm ON risk USING gin (description gin_trgm_ops)",
)
POSTGRESQL_DOWN = (
    "DROP INDEX IF EXISTS ix_risk_description_trgm",
    "DROP INDEX IF EXISTS ix_risk_title_trgm",
)


def upgrade() -> None:
    bind = op.get_bind()
    statements = POSTGRESQL_UP if bind.dialect.name == "postgresql" else SQLITE_UP
    try:
        # A savepoint: a failed statement must not spoil the migration's transaction.
        with bind.begin_nested():
            for statement in statements:
                bind.exec_driver_sql(statement)
    except sa.exc.DBAPIError as exc:
        log.warning("no text index on the risks (search reads every row): %s", exc.orig)


def downgrade() -> None:
    bind = op.get_bind()
    for statement in POSTGRESQL_DOWN if bind.dialect.name == "postgresql" else SQLITE_DOWN:
        bind.exec_driver_sql(statement)
