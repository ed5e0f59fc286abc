"""The text index of the risks (revision 0005): a search of a large board-year goes through it,
finds what reading every row finds, and stays true to every write to the register."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from riskctl import db
from riskctl.services import text_search
from riskctl.services.risk_browse import (
    AssessmentFilter,
    count_assessments,
    order_assessments,
    page_assessments,
)
from riskctl.services.risks import add_risk, edit_risk, remove_risk

TERMS = ["löne", "LÖNE", "välfärdsbrott", "upphandl", "system", "e", "zz", "100%", 'a"b', "_"]


def _titles(session, term: str) -> set[str]:  # type: ignore[no-untyped-def]
    where = AssessmentFilter(search=term)
    order = order_assessments(session=session, org="KS", year=2025, where=where)
    pages = page_assessments(session=session, org="KS", year=2025, where=where, limit=1000)
    assert count_assessments(session=session, org="KS", year=2025, where=where) == order.total
    assert len(pages) == order.total
    return {a.title for a in pages}


@pytest.fixture
def through_index(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Every board-year counts as large, and the index as paying for itself."""

    def use(indexed: bool) -> None:
        monkeypatch.setattr(text_search, "INDEXED_FROM", 0 if indexed else 10**9)
        monkeypatch.setattr(text_search, "LOOKUP_COST", 0)

    return use


def _text_index_integrity(engine) -> None:  # type: ignore[no-untyped-def]
    # FTS5 compares its index with the risk table's rows, and fails on any difference.
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO risk_text(risk_text) VALUES ('integrity-check')")


def test_the_index_finds_what_reading_every_row_finds(examples_store, read, through_index):
    found = {}
    for indexed in (False, True):
        through_index(indexed)
        with read() as session:
            found[indexed] = {term: _titles(session, term) for term in TERMS}
    assert found[True] == found[False]
    assert found[True]["LÖNE"] == found[True]["löne"] == {"Felaktiga löneutbetalningar"}
    assert found[True]["välfärdsbrott"] == {"Välfärdsbrottslighet"}
    assert len(found[True]["system"]) >= 2
    assert found[True]["100%"] == found[True]['a"b'] == found[True]["zz"] == set()


def test_a_large_board_year_is_searched_through_the_sqlite_index(
    examples_store, read, through_index
):
    from riskctl.services.orgs import resolve_org
    from riskctl.services.risk_browse import _browse_query

    if not db.is_sqlite(examples_store):
        pytest.skip("PostgreSQL's planner chooses its pg_trgm indexes itself")
    with read() as session:
        ks = resolve_org(session=session, ref="KS")
        through_index(True)
        assert _browse_query(session, ks, 2025, AssessmentFilter(search="löne"))[1]
        # Too short for trigrams; and a page in the analysis' order never uses it.
        assert not _browse_query(session, ks, 2025, AssessmentFilter(search="lö"))[1]
        page = _browse_query(session, ks, 2025, AssessmentFilter(search="löne"), whole_pass=False)
        assert not page[1]
        through_index(False)
        assert not _browse_query(session, ks, 2025, AssessmentFilter(search="löne"))[1]


def test_the_index_follows_every_write_to_the_register(
    examples_store, read, write, cli, tmp_path, through_index
):
    if not db.is_sqlite(examples_store):
        pytest.skip("pg_trgm indexes are PostgreSQL's own; FTS5's content is kept by triggers")
    through_index(True)

    def titles(term: str) -> set[str]:
        with read() as session:
            return _titles(session, term)

    with write() as session:
        added = add_risk(
            session=session,
            org="KS",
            year=2025,
            title="Kvantdatorer knäcker kryptering",
            description="Äldre nycklar går att läsa",
            probability=2,
            significance=4,
        )
    assert titles("kvantdator") == titles("NYCKLAR GÅR") == {"Kvantdatorer knäcker kryptering"}
    with write() as session:
        edit_risk(
            session=session,
            risk_id=added.id,
            year=2025,
            changes={"title": "Postkvantkryptografi saknas", "description": "Ny text"},
        )
    assert titles("kvantdator") == titles("nycklar") == set()
    assert titles("postkvant") == titles("ny text") == {"Postkvantkryptografi saknas"}
    with write() as session:
        remove_risk(session=session, risk_id=added.id, year=2025)
    assert titles("postkvant") == set()

    path = tmp_path / "risks.csv"
    path.write_text(
        "Risk;Riskbeskrivning;Sannolikhet;Väsentlighet;Riskvärde;Hantering\n"
        "Solstormar slår ut elnätet;Geomagnetisk storm;1;4;4;Acceptera\n",
        encoding="utf-8",
    )
    triggers = _store_triggers(examples_store)
    imported = cli("import", str(path), "--year", "2025", "--org", "KS")
    assert imported.exit_code == 0, imported.stderr
    assert titles("geomagnetisk") == {"Solstormar slår ut elnätet"}
    # The import indexes its new risks in one go, and puts the insert trigger back.
    assert _store_triggers(examples_store) == triggers
    _text_index_integrity(examples_store)
    # A board removed with its risks (the store's cascade) leaves nothing behind in the index.
    with examples_store.begin() as conn:
        conn.exec_driver_sql("DELETE FROM org WHERE code = 'KS'")
        assert conn.exec_driver_sql("SELECT count(*) FROM risk_text").scalar() == 0
    _text_index_integrity(examples_store)


def test_a_failed_bulk_insert_leaves_the_index_and_its_trigger_as_they_were(examples_store, write):
    from riskctl.models import Risk
    from riskctl.services.orgs import resolve_org

    if not db.is_sqlite(examples_store):
        pytest.skip("SQLite's text index")
    triggers = _store_triggers(examples_store)
    with (
        pytest.raises(RuntimeError, match="half-way"),
        write() as session,
        text_search.indexed_at_the_end(session),
    ):
        org = resolve_org(session=session, ref="KS")
        session.add(Risk(org_id=org.id, title="Halvvägs"))
        session.flush()
        assert "risk_text_insert" not in _triggers(session.connection())
        raise RuntimeError("half-way")
    assert _store_triggers(examples_store) == triggers
    _text_index_integrity(examples_store)


def _triggers(conn) -> dict[str, str]:  # type: ignore[no-untyped-def]
    query = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
    return dict(conn.exec_driver_sql(query).all())


def _store_triggers(engine) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return _triggers(conn)


def test_a_store_without_the_index_searches_row_by_row(examples_store, read, through_index):
    if not db.is_sqlite(examples_store):
        pytest.skip("SQLite without FTS5's trigram tokenizer")
    with examples_store.begin() as conn:
        for name in ("risk_text_update", "risk_text_delete", "risk_text_insert"):
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
        conn.exec_driver_sql("DROP TABLE risk_text")
    through_index(True)
    with read() as session:
        assert _titles(session, "löne") == {"Felaktiga löneutbetalningar"}


def test_revision_0005_builds_the_index_from_the_register_and_removes_it(examples_store, read):
    with examples_store.begin() as conn:
        command.downgrade(db._alembic_config(conn), "0004")
    assert _text_index_objects(examples_store) == set()
    db.upgrade(examples_store)
    if db.is_sqlite(examples_store):
        assert _text_index_objects(examples_store) == {
            "risk_text",
            "risk_text_insert",
            "risk_text_update",
            "risk_text_delete",
        }
        _text_index_integrity(examples_store)
        with examples_store.connect() as conn:
            hits = conn.exec_driver_sql(
                "SELECT r.title FROM risk_text JOIN risk r ON r.id = risk_text.rowid "
                "WHERE risk_text MATCH '\"LÖNEUTBET\"'"
            ).scalars()
            assert list(hits) == ["Felaktiga löneutbetalningar"]
    else:
        assert _text_index_objects(examples_store) == {
            "ix_risk_title_trgm",
            "ix_risk_description_trgm",
        }
    with read() as session:
        assert _titles(session, "löne") == {"Felaktiga löneutbetalningar"}


def _text_index_objects(engine) -> set[str]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        if db.is_sqlite(engine):
            query = (
                "SELECT name FROM sqlite_master WHERE name LIKE 'risk\\_text%' ESCAPE '\\' "
                "AND type IN ('table', 'trigger') AND name NOT LIKE '%\\_data' ESCAPE '\\' "
                "AND name NOT LIKE '%\\_idx' ESCAPE '\\' AND name NOT LIKE '%\\_docsize' "
                "ESCAPE '\\' AND name NOT LIKE '%\\_config' ESCAPE '\\'"
            )
        else:
            query = "SELECT indexname FROM pg_indexes WHERE indexname LIKE '%\\_trgm'"
        return set(conn.execute(text(query)).scalars())


def test_a_postgresql_role_that_may_not_create_pg_trgm_still_upgrades_and_searches(
    tmp_path, monkeypatch
):
    """`db upgrade` by a role without the right to create extensions: revision 0005 leaves the
    indexes out, the command says so and succeeds, and search reads the rows."""
    import uuid

    from typer.testing import CliRunner

    from riskctl.cli.main import app
    from tests.conftest import _admin_engine

    admin = _admin_engine()
    if admin is None:
        pytest.skip("PostgreSQL tests need RISKCTL_TEST_DATABASE_URL")
    name = f"riskctl_norights_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{name}" LOGIN'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))  # owned by the admin, not the role
    schema_admin = db.make_engine(admin.url.set(database=name).render_as_string(False))
    with schema_admin.begin() as conn:
        conn.execute(text(f'GRANT USAGE, CREATE ON SCHEMA public TO "{name}"'))
    schema_admin.dispose()
    url = admin.url.set(database=name, username=name, password=None)
    monkeypatch.setenv("RISKCTL_DATABASE_URL", url.render_as_string(hide_password=False))
    runner = CliRunner()
    try:
        upgraded = runner.invoke(app, ["db", "upgrade"])
        assert upgraded.exit_code == 0, upgraded.stderr
        assert upgraded.stderr.startswith("warning: the store has no text index of the risks")
        assert runner.invoke(app, ["examples", "load"]).exit_code == 0
        engine = db.make_engine(url.render_as_string(hide_password=False))
        assert db.current_revision(engine) == db.SCHEMA_HEAD
        with engine.connect() as conn:
            assert not db.has_text_index(conn)
        with db.reading(engine) as session:
            assert _titles(session, "LÖNE") == {"Felaktiga löneutbetalningar"}
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
        admin.dispose()
