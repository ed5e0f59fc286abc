"""The audit trail is tamper-evident: a hash chain that `audit verify` walks, the head in the
minutes and at every adoption, and the database refusing what it can refuse."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from riskctl import audit_chain, db
from riskctl.services.audit_verify import verify_chain


def _off(engine: Engine, conn, trigger: str) -> None:
    """What a user with full rights on the database does first: the guard goes."""
    if db.is_sqlite(engine):
        conn.exec_driver_sql(f"DROP TRIGGER {trigger}")
    else:
        conn.exec_driver_sql("ALTER TABLE audit DISABLE TRIGGER USER")


def _entry(engine: Engine, entry_id: int) -> dict:
    with engine.connect() as conn:
        row = conn.execute(text("SELECT * FROM audit WHERE id = :i"), {"i": entry_id})
        return dict(row.mappings().one())


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM audit").scalar_one()


def test_verify_holds_on_a_store_written_by_riskctl_and_names_its_head(cli, engine):
    cli("examples", "load")
    cli("risk", "edit", "4", "--year", "2025", "-p", "3", "--note", "Ändrad av Åsa — ”citat”")
    count = _count(engine)
    head = cli("audit", "head").stdout.strip()
    out = cli("audit", "verify")
    assert out.exit_code == 0, out.stderr
    assert out.stdout == f"{count} entries hold; head {head}\n"
    assert len(head) == 64
    # The chain, recomputed from the entries as they read back, ends in that head.
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            'SELECT id, at, "user", entity, entity_id, field, old, new, hash FROM audit ORDER BY id'
        ).all()
    assert [r[0] for r in rows] == list(range(1, count + 1))
    fields = [[r[0], audit_chain.at_text(_aware(r[1])), *r[2:8]] for r in rows]
    assert list(audit_chain.chain(audit_chain.GENESIS, fields))[-1] == head == rows[-1][8]
    assert cli("audit", "verify", "--head", head).exit_code == 0
    swedish = cli("--lang", "sv", "audit", "verify")
    assert swedish.stdout == f"{count} poster håller; huvud {head}\n"


def _aware(value):
    from datetime import UTC, datetime

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def test_the_listing_is_as_before_and_a_fresh_store_verifies(cli):
    out = cli("audit", "verify")
    assert (out.exit_code, out.stdout) == (0, f"0 entries hold; head {'0' * 64}\n")
    cli("org", "add", "Socialnämnden", "--code", "SN")
    listing = json.loads(cli("audit", "--entity", "org", "--id", "1", "-f", "json").stdout)
    assert {(e["field"], e["new"]) for e in listing} >= {("name", "Socialnämnden")}
    every = json.loads(cli("audit", "-f", "json").stdout)
    assert cli("audit", "verify").stdout.startswith(f"{len(every)} entries hold")


def test_a_back_dated_entry_written_by_hand_is_caught(cli, engine):
    cli("examples", "load")
    last = _count(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                'INSERT INTO audit (id, at, "user", entity, entity_id, field, old, new, hash) '
                "VALUES (:id, '2024-01-10 09:00:00', 'anna', 'risk', 4, 'probability[2025]', "
                "'4', '1', :hash)"
            ),
            {"id": last + 1, "hash": "ab" * 32},
        )
    out = cli("audit", "verify")
    assert out.exit_code == 1
    assert out.stderr == (
        f"riskctl: the audit trail does not hold: entry {last + 1} was inserted: "
        f"the chain's head names entry {last}\n"
    )


def test_a_write_after_an_entry_slipped_in_past_the_head_says_so_and_writes_nothing(cli, engine):
    """Not "somebody else wrote at the same moment, repeat the change" (exit 3) for ever:
    repeating cannot help, the trail was written past riskctl."""
    cli("examples", "load")
    last = _count(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                'INSERT INTO audit (id, at, "user", entity, entity_id, field, old, new, hash) '
                "VALUES (:id, '2024-01-10 09:00:00', 'anna', 'risk', 4, 'note[2025]', "
                "NULL, 'x', :hash)"
            ),
            {"id": last + 1, "hash": "ab" * 32},
        )
    out = cli("risk", "edit", "4", "--year", "2025", "--note", "Ny anteckning")
    assert (out.exit_code, out.stdout) == (1, "")
    assert out.stderr == (
        f"riskctl: the audit trail has entry {last + 1} past its head (entry {last}): it was "
        "written past riskctl; nothing was written (see `riskctl audit verify`)\n"
    )
    assert _count(engine) == last + 1
    assert "Ny anteckning" not in cli("risk", "show", "4", "--year", "2025").stdout


def test_an_entry_placed_before_the_first_is_caught(cli, engine):
    cli("examples", "load")
    with engine.begin() as conn:
        if db.is_sqlite(engine):
            conn.exec_driver_sql("DROP TRIGGER audit_no_replace")
        conn.execute(
            text(
                'INSERT INTO audit (id, at, "user", entity, entity_id, field, old, new, hash) '
                "VALUES (0, '2020-01-01 00:00:00', 'anna', 'risk', 4, 'note', NULL, 'x', :h)"
            ),
            {"h": "cd" * 32},
        )
    out = cli("audit", "verify")
    assert out.exit_code == 1
    assert "entry 0 was inserted before the first entry" in out.stderr


def test_a_changed_entry_is_named(cli, engine):
    cli("examples", "load")
    with engine.begin() as conn:
        _off(engine, conn, "audit_no_update")
        conn.exec_driver_sql("UPDATE audit SET \"user\" = 'mallory' WHERE id = 17")
    out = cli("audit", "verify")
    assert out.exit_code == 1
    assert out.stderr.endswith("entry 17 was changed after it was written\n")


def test_a_removed_entry_is_named(cli, engine):
    cli("examples", "load")
    with engine.begin() as conn:
        _off(engine, conn, "audit_no_delete")
        conn.exec_driver_sql("DELETE FROM audit WHERE id = 17")
    out = cli("audit", "verify")
    assert out.exit_code == 1
    assert "entry 17 is missing (the next entry there is 18)" in out.stderr


def test_the_newest_entries_removed_are_caught_by_the_head(cli, engine):
    cli("examples", "load")
    last = _count(engine)
    with engine.begin() as conn:
        _off(engine, conn, "audit_no_delete")
        conn.execute(text("DELETE FROM audit WHERE id > :n"), {"n": last - 3})
    out = cli("audit", "verify")
    assert out.exit_code == 1
    assert f"entries {last - 2} to {last} are missing" in out.stderr


def test_two_entries_swapped_are_out_of_order(cli, engine):
    cli("examples", "load")
    a, b = _entry(engine, 30), _entry(engine, 31)
    columns = ("at", "user", "entity", "entity_id", "field", "old", "new", "hash")
    with engine.begin() as conn:
        _off(engine, conn, "audit_no_update")
        for target, source in ((30, b), (31, a)):
            conn.execute(
                text(
                    "UPDATE audit SET "
                    + ", ".join(f'"{c}" = :{c}' for c in columns)
                    + " WHERE id = :id"
                ),
                {**{c: source[c] for c in columns}, "id": target},
            )
    out = cli("audit", "verify")
    assert out.exit_code == 1
    assert "entries 30 and 31 are out of order" in out.stderr


def test_an_entry_slipped_in_with_the_later_ones_renumbered_is_inserted(cli, engine):
    cli("examples", "load")
    last = _count(engine)
    with engine.begin() as conn:
        _off(engine, conn, "audit_no_update")
        if db.is_sqlite(engine):
            conn.exec_driver_sql("DROP TRIGGER audit_no_replace")
        # Move 40… one up (from the top, so that no two ids meet), then fill the gap.
        for n in range(last, 39, -1):
            conn.execute(text("UPDATE audit SET id = :n WHERE id = :o"), {"n": n + 1, "o": n})
        conn.execute(
            text(
                'INSERT INTO audit (id, at, "user", entity, entity_id, field, old, new, hash) '
                "SELECT 40, at, 'anna', entity, entity_id, field, old, 'x', hash "
                "FROM audit WHERE id = 39"
            )
        )
    out = cli("audit", "verify")
    assert out.exit_code == 1
    assert "entry 40 was inserted: the entry after it belongs at its place" in out.stderr


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_sqlite_refuses_insert_or_replace_and_the_entry_stays(cli, engine):
    cli("examples", "load")
    before = _entry(engine, 5)
    with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
        conn.exec_driver_sql(
            'INSERT OR REPLACE INTO audit (id, at, "user", entity, entity_id, field, old, new, '
            "hash) VALUES (5, '2025-01-01 00:00:00', 'mallory', 'risk', 1, 'x', NULL, NULL, 'x')"
        )
    with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
        conn.exec_driver_sql("REPLACE INTO audit_head (id, seq, hash) VALUES (1, 0, 'x')")
    # An entry riskctl did not number (no id, or not the next one) is refused too.
    with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
        conn.exec_driver_sql(
            'INSERT INTO audit (at, "user", entity, entity_id, field) '
            "VALUES ('2025-01-01 00:00:00', 'mallory', 'risk', 1, 'x')"
        )
    assert _entry(engine, 5) == before
    assert cli("audit", "verify").exit_code == 0


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_postgres_refuses_truncate(cli, engine):
    cli("examples", "load")
    count = _count(engine)
    for table in ("audit", "audit_head"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
            conn.exec_driver_sql(f"TRUNCATE {table} CASCADE")
    assert _count(engine) == count
    assert cli("audit", "verify").exit_code == 0
    assert len(json.loads(cli("audit", "-f", "json").stdout)) == count


def test_the_head_row_cannot_be_deleted(cli, engine):
    with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_head")


def _rebuild(engine: Engine, keep: int) -> None:
    """Empty the trail and write a fresh chain of its first `keep` entries, consistent in
    itself, with a head row to match: what a user with every right could do."""
    with engine.begin() as conn:
        rows = conn.exec_driver_sql(
            'SELECT id, at, "user", entity, entity_id, field, old, new FROM audit '
            f"WHERE id <= {int(keep)} ORDER BY id"
        ).all()
        if db.is_sqlite(engine):
            for trigger in ("audit_no_delete", "audit_no_replace"):
                conn.exec_driver_sql(f"DROP TRIGGER {trigger}")
        else:
            conn.exec_driver_sql("ALTER TABLE audit DISABLE TRIGGER USER")
        conn.exec_driver_sql("DELETE FROM audit")
        fields = [[r[0], audit_chain.at_text(_aware(r[1])), *r[2:]] for r in rows]
        hashes = list(audit_chain.chain(audit_chain.GENESIS, fields))
        conn.execute(
            text(
                'INSERT INTO audit (id, at, "user", entity, entity_id, field, old, new, hash) '
                "VALUES (:id, :at, :user, :entity, :entity_id, :field, :old, :new, :hash)"
            ),
            [{**r._asdict(), "hash": h} for r, h in zip(rows, hashes, strict=True)],
        )
        conn.execute(
            text("UPDATE audit_head SET seq = :s, hash = :h"), {"s": len(rows), "h": hashes[-1]}
        )


def test_a_rebuilt_trail_is_caught_by_the_head_recorded_at_adoption(cli, engine):
    cli("examples", "load")
    with engine.connect() as conn:
        first_adoption = conn.exec_driver_sql(
            "SELECT audit_head FROM plan_event WHERE kind = 'adopt' ORDER BY id"
        ).first()[0]
        kept = conn.execute(
            text("SELECT id FROM audit WHERE hash = :h"), {"h": first_adoption}
        ).scalar_one()
    _rebuild(engine, kept + 5)
    with db.reading(engine) as session:
        verdict = verify_chain(session=session)
    assert verdict.problem is not None and verdict.problem.kind == "head"
    out = cli("audit", "verify")
    assert out.exit_code == 1
    assert "recorded at the adoption of the 2024 plan of KS" in out.stderr
    assert "is not in the chain: entries were removed or the trail rebuilt" in out.stderr


def test_a_rebuilt_trail_without_its_adoptions_is_caught_by_the_minutes(cli, engine):
    cli("examples", "load")
    minutes = cli("audit", "head").stdout.strip()
    cli("risk", "edit", "4", "--year", "2025", "-p", "3")
    _rebuild(engine, 100)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE plan_event SET audit_head = NULL")
    assert cli("audit", "verify").exit_code == 0  # the rebuilt chain holds in itself
    out = cli("audit", "verify", "--head", minutes)
    assert out.exit_code == 1
    assert f"the head {minutes} is not in the chain" in out.stderr
    bad = cli("audit", "verify", "--head", "xyz")
    assert (bad.exit_code, bad.stdout) == (2, "")
    assert "--head: 'xyz' is not allowed" in bad.stderr


def test_adopting_a_plan_records_the_head_of_that_moment(cli, engine):
    cli("examples", "load")
    assert cli("plan", "generate", "--year", "2025", "--org", "KS").exit_code == 0
    before = cli("audit", "head").stdout.strip()
    adopt = cli("plan", "adopt", "--year", "2025", "--org", "KS", "--date", "2025-12-15")
    assert adopt.exit_code == 0, adopt.stderr
    with engine.connect() as conn:
        recorded = conn.exec_driver_sql(
            "SELECT audit_head FROM plan_event WHERE kind = 'adopt' ORDER BY id DESC"
        ).first()[0]
        position = conn.execute(
            text("SELECT id FROM audit WHERE hash = :h"), {"h": recorded}
        ).scalar_one()
        first_of_adoption = conn.execute(
            text("SELECT id FROM audit WHERE hash = :h"), {"h": before}
        ).scalar_one()
    # After the entries before the adoption, and among those of its own transaction.
    assert position > first_of_adoption
    listing = json.loads(cli("audit", "--entity", "plan", "-f", "json").stdout)
    assert {"field": "audit_head[adopt]", "new": recorded} in [
        {"field": e["field"], "new": e["new"]} for e in listing
    ]


def test_upgrading_a_0005_store_with_entries_chains_them(store_url, tmp_path):
    """Entries written before the chain (on PostgreSQL with gaps in the ids, as a rolled-back
    transaction leaves them) are chained by the migration and verify."""
    engine = db.make_engine(store_url)
    with engine.begin() as conn:
        from alembic import command

        command.downgrade(db._alembic_config(conn), "0005")
    with engine.begin() as conn:
        for n, user in enumerate(("anna", "bertil", "cecilia"), start=1):
            conn.execute(
                text(
                    'INSERT INTO audit (id, at, "user", entity, entity_id, field, old, new) '
                    "VALUES (:id, :at, :user, 'org', 1, 'name', NULL, :new)"
                ),
                {
                    "id": n * 3 if not db.is_sqlite(engine) else n,
                    "at": f"2025-03-0{n} 10:00:00.123456" + ("" if db.is_sqlite(engine) else "+00"),
                    "user": user,
                    "new": f"Nämnd {n} — å",
                },
            )
    db.upgrade(engine)
    with engine.connect() as conn:
        rows = conn.exec_driver_sql('SELECT id, "user" FROM audit ORDER BY id').all()
    assert [tuple(r) for r in rows] == [(1, "anna"), (2, "bertil"), (3, "cecilia")]
    with db.reading(engine) as session:
        verdict = verify_chain(session=session)
    assert verdict.holds and verdict.entries == 3
    # And the chain goes on from there.
    from riskctl.services.orgs import add_org

    with db.writing(engine, "dora") as session:
        add_org(session=session, name="Socialnämnden", code="SN")
    with db.reading(engine) as session:
        assert verify_chain(session=session).holds
    engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_concurrent_writers_on_postgres_make_one_chain(store_url):
    from riskctl.services.orgs import add_org

    writers, each = 6, 5
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def work(n: int) -> None:
        engine = db.make_engine(store_url)
        try:
            start.wait()
            for k in range(each):
                with db.writing(engine, f"writer{n}") as session:
                    add_org(session=session, name=f"Nämnd {n}-{k}", code=f"N{n}{k}")
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    engine = db.make_engine(store_url)
    with engine.connect() as conn:
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM audit ORDER BY id")]
        orgs = conn.exec_driver_sql("SELECT count(*) FROM org").scalar_one()
    assert orgs == writers * each
    assert ids == list(range(1, len(ids) + 1))
    with db.reading(engine) as session:
        verdict = verify_chain(session=session)
    assert verdict.holds and verdict.entries == len(ids)
    engine.dispose()


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_a_bulk_write_keeps_the_sqlite_guard_in_force(engine):
    """A large write sets SQLite's per-row guard aside inside its own transaction only: after
    it, and after one that fails half-way, the guard is there and the chain holds."""
    from datetime import UTC, datetime

    many = audit_chain.BULK + 10
    at = datetime(2025, 5, 1, 8, 30, 0, 123456, tzinfo=UTC)
    entries = [(at, "anna", "risk", n, "note", None, f"Anteckning {n}") for n in range(many)]

    def guard() -> bool:
        with engine.connect() as conn:
            query = "SELECT 1 FROM sqlite_master WHERE name = 'audit_no_replace'"
            return conn.exec_driver_sql(query).first() is not None

    with pytest.raises(RuntimeError), db.writing(engine, "anna") as session:
        audit_chain.append(session, entries)
        raise RuntimeError("the write fails after its entries")
    assert guard() and _count(engine) == 0
    with db.writing(engine, "anna") as session:
        audit_chain.append(session, entries)
    assert guard() and _count(engine) == many
    with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
        conn.exec_driver_sql(
            'INSERT OR REPLACE INTO audit (id, at, "user", entity, entity_id, field, hash) '
            "VALUES (7, '2025-01-01 00:00:00', 'mallory', 'risk', 1, 'x', 'x')"
        )
    with db.reading(engine) as session:
        verdict = verify_chain(session=session)
    assert verdict.holds and verdict.entries == many
    # A caller that goes on in its transaction after a bulk insert failed half-way, and
    # commits what the driver had inserted: the guard is back, and verify says what happened.
    refused = [*entries[:-1], (at, "anna", None, 1, "note", None, "x")]
    with db.writing(engine, "anna") as session, pytest.raises(IntegrityError):
        audit_chain.append(session, refused)
    assert guard()
    with db.reading(engine) as session:
        verdict = verify_chain(session=session)
    assert verdict.problem is not None and verdict.problem.kind == "inserted"


def test_sqlites_json_array_writes_every_character_as_the_canonical_json():
    """`audit verify` lets SQLite make the canonical text of the entries: it must be the
    same text as riskctl hashes when it writes them, for every character."""
    import sqlite3

    con = sqlite3.connect(":memory:")
    chars = [chr(c) for c in range(0x30000) if not 0xD800 <= c <= 0xDFFF] + [chr(0x10FFFF)]
    for start in range(0, len(chars), 2000):
        piece = "".join(chars[start : start + 2000])
        fields = [7, "2025-01-02 03:04:05.000006", piece, "risk", 12, "f", None, '{"a": "ö"}']
        made = con.execute("SELECT json_array(?, ?, ?, ?, ?, ?, ?, ?)", fields).fetchone()[0]
        assert made == audit_chain.canonical(fields), start


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_a_value_json_cannot_hold_is_a_changed_entry(cli, engine):
    cli("examples", "load")
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_no_update")
        conn.exec_driver_sql("UPDATE audit SET new = x'00ff' WHERE id = 9")
    out = cli("audit", "verify")
    assert out.exit_code == 1
    assert out.stderr.endswith("entry 9 was changed after it was written\n")


def test_timestamps_read_back_the_same_in_any_zone_and_to_the_microsecond(store_url):
    """Entries written at a whole second and from another time zone hash as they read back,
    also by a PostgreSQL session whose time zone is not UTC."""
    from datetime import UTC, datetime, timedelta, timezone

    stockholm = timezone(timedelta(hours=2))
    entries = [
        (datetime(2025, 6, 1, 12, 0, 0, tzinfo=stockholm), "anna", "risk", 1, "note", None, "a"),
        (datetime(2025, 6, 1, 12, 0, 0, 1, tzinfo=stockholm), "anna", "risk", 1, "note", "a", "b"),
        (datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=UTC), "bo", "risk", 2, "x", "", None),
    ]
    engine = db.make_engine(store_url)
    with db.writing(engine, "anna") as session:
        audit_chain.append(session, entries)
    engine.dispose()
    kwargs = (
        {}
        if store_url.startswith("sqlite")
        else {"connect_args": {"options": "-c TimeZone=Asia/Tokyo"}}
    )
    other = db.make_engine(store_url, **kwargs)
    with db.reading(other) as session:
        verdict = verify_chain(session=session)
    assert verdict.holds and verdict.entries == 3
    with other.connect() as conn:
        first = conn.exec_driver_sql("SELECT at FROM audit WHERE id = 1").scalar_one()
    assert audit_chain.at_text(_aware(first)) == "2025-06-01 10:00:00.000000"
    other.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_two_writers_that_cross_on_postgres_end_in_a_conflict_not_a_fork(store_url):
    """One writer holds the chain's head and then wants a row that another writer holds while
    it waits for the head: the server gives one of them up, which is a conflict (exit code 3,
    nothing of it written); the other commits and the chain holds."""
    import time

    from riskctl.errors import Conflict
    from riskctl.services.orgs import add_org

    engine = db.make_engine(store_url)
    with db.writing(engine, "setup") as session:
        add_org(session=session, name="Delad nämnd", code="DN")
    wrote = threading.Event()
    outcome: dict[str, BaseException | None] = {}

    def first() -> None:
        try:
            with db.writing(engine, "anna") as session:
                add_org(session=session, name="Nämnd A", code="NA")
                wrote.set()
                time.sleep(0.5)  # let the other writer take the row and wait for the head
                session.connection().exec_driver_sql(
                    "UPDATE org SET threshold = 9 WHERE code = 'DN'"
                )
            outcome["anna"] = None
        except BaseException as exc:
            outcome["anna"] = exc

    def second() -> None:
        wrote.wait()
        try:
            with db.writing(engine, "bertil") as session:
                session.connection().exec_driver_sql(
                    "UPDATE org SET threshold = 7 WHERE code = 'DN'"
                )
                add_org(session=session, name="Nämnd B", code="NB")
            outcome["bertil"] = None
        except BaseException as exc:
            outcome["bertil"] = exc

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    failed = {who: exc for who, exc in outcome.items() if exc is not None}
    assert len(outcome) == 2 and len(failed) <= 1
    assert all(isinstance(exc, Conflict) for exc in failed.values()), failed
    with engine.connect() as conn:
        codes = {r[0] for r in conn.exec_driver_sql("SELECT code FROM org")}
    assert codes == {"DN", "NA", "NB"} - {"N" + who[0].upper() for who in failed}
    with db.reading(engine) as session:
        assert verify_chain(session=session).holds
    engine.dispose()
