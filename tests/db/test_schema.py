"""The schema: migrations to head, no drift from the models, upgrades only where allowed."""

from __future__ import annotations

import os
import stat
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

from riskctl import db
from riskctl.errors import StoreError
from tests.conftest import PG_ENV


# SQLite cannot reflect an index on an expression, so Alembic skips comparing
# ix_assessment_value_order there (and says so); the test below checks it on both backends.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_fresh_store_is_at_head_with_no_drift_from_the_models(engine):
    assert db.current_revision(engine) == db.head_revision() == db.SCHEMA_HEAD
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": db.modelled})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_migrating_an_empty_sqlite_file_from_nothing_to_head(tmp_path):
    path = tmp_path / "new.db"
    engine = db.open_store(f"sqlite:///{path}")
    assert db.current_revision(engine) == db.head_revision()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_MS


def test_a_new_default_store_is_created_in_the_user_data_dir(cli, monkeypatch, tmp_path):
    from riskctl.paths import default_database_path

    monkeypatch.delenv("RISKCTL_DATABASE_URL")
    out = cli("org", "add", "Socialnämnden", "--code", "SN")
    assert out.exit_code == 0, out.stderr
    path = default_database_path()
    assert path.is_file()
    assert str(path).startswith(os.environ["XDG_DATA_HOME"])


@pytest.mark.postgres
def test_postgres_schema_is_upgraded_only_by_the_explicit_command(cli, monkeypatch):
    raw = os.environ.get(PG_ENV)
    if not raw:
        pytest.skip(f"needs {PG_ENV}")
    admin = create_engine(db.parse_url(raw), isolation_level="AUTOCOMMIT")
    name = f"riskctl_empty_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = admin.url.set(database=name).render_as_string(hide_password=False)
        with pytest.raises(StoreError, match="has no riskctl schema; run `riskctl db upgrade`"):
            db.open_store(url)
        monkeypatch.setenv("RISKCTL_DATABASE_URL", url)
        refused = cli("org", "list")
        assert refused.exit_code == 1
        assert "riskctl db upgrade" in refused.stderr
        current = cli("db", "current")
        assert "revision none" in current.stdout
        up = cli("db", "upgrade")
        assert up.exit_code == 0
        assert f"to {db.head_revision()}" in up.stdout
        assert up.stderr == ""  # the superuser made pg_trgm's text index: no warning
        assert cli("org", "list").exit_code == 0
        assert "up to date" in cli("db", "current").stdout
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_the_wheel_ships_the_migrations_and_examples(tmp_path):
    import subprocess
    import sys
    import zipfile
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(root),
        ],
        check=True,
    )
    [wheel] = tmp_path.glob("riskctl-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "riskctl/_migrations/env.py" in names
    assert any(n.startswith("riskctl/_migrations/versions/") and n.endswith(".py") for n in names)
    assert "riskctl/_examples/kommunstyrelsen/analysis-2025.toml" in names


def _index_sql(engine, name: str) -> str | None:
    with engine.connect() as conn:
        if db.is_sqlite(engine):
            query = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name"
        else:
            query = "SELECT indexdef FROM pg_indexes WHERE indexname = :name"
        return conn.execute(text(query), {"name": name}).scalar()


def test_the_browse_indexes_come_with_revision_0004_and_pages_use_them(engine):
    """From revision 0003 to head (and back): the analysis' order as a partial index, and the
    board-year index with the risk in it. A page of the analysis can be read off the first."""
    from alembic import command
    from sqlalchemy import event

    from riskctl.services.orgs import add_org
    from riskctl.services.risk_browse import page_assessments

    with engine.begin() as conn:
        command.downgrade(db._alembic_config(conn), "0003")
    assert _index_sql(engine, "ix_assessment_value_order") is None
    assert "risk_id" not in (_index_sql(engine, "ix_assessment_org_year") or "")
    db.upgrade(engine)
    assert db.current_revision(engine) == db.head_revision()
    order = (_index_sql(engine, "ix_assessment_value_order") or "").replace("(", "")
    order = order.replace(")", "")
    assert "org_id, year, probability * significance DESC, id WHERE probability > 0" in order
    assert "org_id, year, risk_id" in (_index_sql(engine, "ix_assessment_org_year") or "")

    with db.writing(engine) as session:
        add_org(session=session, name="Kommunstyrelsen", code="KS")
    seen: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if "ORDER BY" in statement and "OFFSET" in statement:
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with db.reading(engine) as session:
            page_assessments(session=session, org="KS", year=2025, offset=100, limit=10)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    [(statement, parameters)] = seen
    with engine.connect() as conn:
        if db.is_sqlite(engine):
            plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
        else:
            # An empty table: forbid the alternatives, so that the plan says whether the
            # index can serve the query at all.
            conn.exec_driver_sql("SET enable_seqscan = off")
            conn.exec_driver_sql("SET enable_sort = off")
            plan = conn.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
    assert "ix_assessment_value_order" in " ".join(str(row) for row in plan)
