"""Alembic environment for riskctl.

riskctl passes its own connection in `config.attributes["connection"]`. Run by hand
(`alembic upgrade head`, `alembic check`), the URL comes from `RISKCTL_DATABASE_URL`.
"""

from __future__ import annotations

import os

from alembic import context
from sqlmodel import SQLModel

from riskctl import models  # noqa: F401 - registers the tables on SQLModel.metadata
from riskctl.db import modelled

target_metadata = SQLModel.metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=True,
        compare_type=True,
        include_name=modelled,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from riskctl.db import make_engine

    url = os.environ.get("RISKCTL_DATABASE_URL") or context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("set RISKCTL_DATABASE_URL to the store to migrate")
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
        conn.commit()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; give a database URL")
run_migrations_online()
