"""Faults: a full disk, a read-only store, a server that goes away. A clear error, nothing
half-written."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import event, text

from riskctl import db
from riskctl.errors import StoreError
from riskctl.services.examples import load_examples
from riskctl.services.risks import add_risk
from tests.conftest import PG_ENV, dump


def test_a_full_disk_is_a_clear_error_and_writes_nothing(tmp_path):
    path = tmp_path / "full.db"
    engine = db.open_store(f"sqlite:///{path}")
    with db.writing(engine) as session:
        load_examples(session=session)
    before = dump(engine)
    pages = engine.connect().exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(engine, "connect")
    def _no_room(dbapi_conn, _record):  # the disk is full: not one more page
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

    engine.dispose()
    with pytest.raises(StoreError, match="full"), db.writing(engine) as session:
        for n in range(200):
            add_risk(
                session=session,
                org="KS",
                year=2026,
                title=f"Risk {n}",
                description="x" * 1900,
                probability=2,
                significance=2,
            )
    event.remove(engine, "connect", _no_room)
    engine.dispose()
    assert dump(engine) == before


def test_a_read_only_store_gives_one_line_and_exit_1(cli, tmp_path):
    path = tmp_path / "ro.db"
    assert cli("--db", f"sqlite:///{path}", "examples", "load").exit_code == 0
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    listed = cli("--db", read_only, "risk", "list", "--year", "2025", "--org", "KS")
    assert listed.exit_code == 0
    out = cli("--db", read_only, "risk", "edit", "4", "--year", "2025", "-p", "3")
    assert out.exit_code == 1
    assert out.stderr.splitlines() == [
        f"riskctl: the store {read_only} refused the change: attempt to write a readonly database"
    ]


@pytest.mark.postgres
def test_a_server_that_goes_away_mid_session_leaves_nothing_half_written(store_url, engine):
    if not os.environ.get(PG_ENV):
        pytest.skip(f"needs {PG_ENV}")
    if db.is_sqlite(engine):
        pytest.skip("PostgreSQL only")
    with db.writing(engine) as session:
        load_examples(session=session)
    before = dump(engine)
    admin = db.make_engine(os.environ[PG_ENV])
    with pytest.raises(StoreError, match="cannot reach the store"), db.writing(engine) as session:
        add_risk(
            session=session, org="KS", year=2026, title="Halvskriven", probability=2, significance=2
        )
        pid = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with admin.begin() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        add_risk(
            session=session,
            org="KS",
            year=2026,
            title="Efter avbrottet",
            probability=2,
            significance=2,
        )
    admin.dispose()
    engine.dispose()
    assert dump(engine) == before
