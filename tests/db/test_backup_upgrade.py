"""Backups that open again, and an upgrade from the first schema revision that loses nothing."""

from __future__ import annotations

import json
import shutil
import subprocess

from sqlalchemy import inspect, text

from riskctl import db
from riskctl.services.audit_verify import verify_chain
from tests.conftest import dump

FIRST_REVISION = "0001"


def test_backup_is_a_store_that_opens_with_the_same_rows(cli, engine, tmp_path):
    cli("examples", "load")
    target = tmp_path / "backup.db" if db.is_sqlite(engine) else tmp_path / "backup.dump"
    out = cli("db", "backup", str(target))
    if not db.is_sqlite(engine) and shutil.which("pg_dump") is None:
        assert out.exit_code == 1
        assert "pg_dump is not installed" in out.stderr
        return
    assert out.exit_code == 0, out.stderr
    assert target.stat().st_mode & 0o077 == 0
    if db.is_sqlite(engine):
        copy = db.make_engine(f"sqlite:///{target}")
        assert dump(copy) == dump(engine)
        copied = cli(
            "--db",
            f"sqlite:///{target}",
            "risk",
            "list",
            "--year",
            "2025",
            "--org",
            "KS",
            "-f",
            "json",
        )
        assert len(json.loads(copied.stdout)) == 33
    else:
        listing = subprocess.run(
            ["pg_restore", "--list", str(target)], capture_output=True, text=True, check=True
        ).stdout
        assert "TABLE DATA public assessment" in listing
        assert "TABLE DATA public audit" in listing


def test_upgrading_a_filled_store_from_the_first_revision_loses_nothing(examples_store, tmp_path):
    old = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    db.upgrade(old, FIRST_REVISION)
    assert db.current_revision(old) == FIRST_REVISION
    # Fill the old schema with the example data, table by table, as an old riskctl left it.
    with examples_store.connect() as source, old.begin() as target:
        tables = [
            t
            for t, _ in inspect(target).get_sorted_table_and_fkc_names()
            if t not in (None, "alembic_version")
        ]
        for table in tables:
            # Only the columns the first revision has (later ones add some at the end).
            cols = [c["name"] for c in inspect(target).get_columns(table)]
            quoted = ", ".join(f'"{c}"' for c in cols)
            rows = source.execute(text(f'SELECT {quoted} FROM "{table}"')).mappings().all()
            if rows:
                target.execute(
                    text(
                        f'INSERT INTO "{table}" ({quoted}) VALUES '
                        f"({', '.join(':' + c for c in cols)})"
                    ),
                    [dict(r) for r in rows],
                )
    before = {t: rows for t, rows in dump(old)}
    db.upgrade(old)
    assert db.current_revision(old) == db.SCHEMA_HEAD
    after = {t: rows for t, rows in dump(old)}
    for table, rows in before.items():
        if table != "alembic_version":
            kept = sorted((r[: len(rows[0])] for r in after[table]), key=repr) if rows else []
            assert kept == rows, table
    assert len(after["assessment"]) == 52
    with db.reading(old) as session:
        assert verify_chain(session=session).holds


def test_backup_refuses_a_missing_directory(cli, tmp_path):
    out = cli("db", "backup", str(tmp_path / "missing" / "x.db"))
    assert out.exit_code == 2
    assert "does not exist" in out.stderr


def test_backup_copies_the_store_as_it_is_and_never_overwrites(cli, tmp_path):
    old = tmp_path / "old.db"
    engine = db.make_engine(f"sqlite:///{old}")
    db.upgrade(engine, FIRST_REVISION)
    engine.dispose()
    copy = tmp_path / "copy.db"
    out = cli("--db", f"sqlite:///{old}", "db", "backup", str(copy))
    assert out.exit_code == 0, out.stderr
    for path in (old, copy):
        assert db.current_revision(db.make_engine(f"sqlite:///{path}")) == FIRST_REVISION
    again = cli("--db", f"sqlite:///{old}", "db", "backup", str(copy))
    assert again.exit_code == 2
    assert "it exists already" in again.stderr


def test_db_current_does_not_create_a_missing_store(cli, tmp_path):
    missing = tmp_path / "missing.db"
    out = cli("--db", f"sqlite:///{missing}", "db", "current")
    assert out.exit_code == 1
    assert out.stderr == f"riskctl: there is no store at {missing}\n"
    assert not missing.exists()


def test_db_upgrade_creates_the_default_store(cli, monkeypatch):
    from riskctl.paths import default_database_path

    monkeypatch.delenv("RISKCTL_DATABASE_URL")
    out = cli("db", "upgrade")
    assert out.exit_code == 0, out.stderr
    assert (
        db.current_revision(db.make_engine(f"sqlite:///{default_database_path()}"))
        == db.SCHEMA_HEAD
    )
