"""The cost of the audit trail's hash chain (`riskctl.audit_chain`).

* Import: riskctl's import of a large CSV, with the chain and with the chain taken out (the
  entries inserted as before it: no head row, no hashes, no trigger that checks the id), in
  this same process on copies of the same store. CPU seconds, medians.
* Verify: `audit verify`'s walk over a store of a million entries, built here fast (the
  entries chained with `audit_chain.chain` and inserted with sqlite3 executemany). Wall
  seconds, medians; the baseline is reading the same rows with the same cursor, unhashed.

    python bench/audit_chain.py [--rows 100000] [--entries 1000000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _unchained(session: object, entries: Iterable[tuple[object, ...]]) -> None:
    """The audit write as it was before the chain (`importing.write._insert_many`): rows as dicts,
    the timestamp converted once, one executemany, ids from the database."""
    from operator import itemgetter

    from sqlalchemy import insert

    from riskctl.models import AuditEntry

    keys = ("at", "user", "entity", "entity_id", "field", "old", "new")
    rows = [dict(zip(keys, e, strict=True)) for e in entries]
    if not rows:
        return
    conn = session.connection()  # type: ignore[attr-defined]
    table = AuditEntry.__table__  # type: ignore[attr-defined]
    convert = table.c.at.type._cached_bind_processor(conn.dialect)
    stored = convert(rows[0]["at"])
    for r in rows:  # one timestamp per write, as every caller passes
        r["at"] = stored
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=list(keys))
    getter = itemgetter(*(compiled.positiontup or []))
    conn.exec_driver_sql(str(compiled), [getter(r) for r in rows])


def measure_import(rows: int, workdir: Path, runs: int) -> tuple[float, float]:
    """Median CPU seconds of riskctl's import of `rows` CSV rows (with the chain, without)."""
    import csv

    from bench.import_baseline import HEADER, _rows
    from riskctl import audit_chain
    from riskctl.db import make_engine, open_store, writing
    from riskctl.services.importing.read import read_file
    from riskctl.services.importing.run import import_sheet
    from riskctl.services.orgs import add_org

    template = workdir / "chain-template.db"
    engine = open_store(f"sqlite:///{template}")
    with writing(engine, "bench") as session:
        add_org(session=session, name="Kommunstyrelsen", code="KS")
    engine.dispose()
    csv_path = workdir / "chain-import.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(_rows(rows))
    chained = audit_chain.append
    times: dict[bool, list[float]] = {True: [], False: []}
    for n in range(runs):
        for with_chain in (True, False):
            target = workdir / f"chain-{with_chain}-{n}.db"
            shutil.copy(template, target)
            if not with_chain:
                con = sqlite3.connect(target)
                con.execute("DROP TRIGGER audit_no_replace")
                con.close()
            audit_chain.append = chained if with_chain else _unchained  # type: ignore[assignment]
            try:
                engine = make_engine(f"sqlite:///{target}")
                started = time.process_time()
                sheet = read_file(csv_path)
                with writing(engine, "bench") as session:
                    result = import_sheet(session=session, sheet=sheet, year=2025, org="KS")
                times[with_chain].append(time.process_time() - started)
                engine.dispose()
            finally:
                audit_chain.append = chained  # type: ignore[assignment]
            assert result.created == rows
    return statistics.median(times[True]), statistics.median(times[False])


def build_store(path: Path, entries: int) -> str:
    """A store of `entries` chained audit entries; returns the head."""
    from riskctl import audit_chain
    from riskctl.db import open_store

    open_store(f"sqlite:///{path}").dispose()
    at = "2025-06-01 12:00:00.000000"
    # As an import leaves them: two of three entries a whole row as JSON, one a field.
    row = {
        "description": "Risk att något går fel i process 4711",
        "handling": "accept",
        "note": "Risken accepteras, dvs risken anses inte kräva utökade åtgärder eller kontroller.",
        "org_id": "1",
        "owner_id": "7",
        "probability": "3",
        "risk_id": "4711",
        "significance": "2",
        "year": "2025",
    }
    whole = json.dumps(row, ensure_ascii=False, sort_keys=True)
    fields = (
        (n, at, f"user{n % 7}", "risk", n // 3, "*[2025]", None, whole)
        if n % 3
        else (n, at, f"user{n % 7}", "risk", n // 3, "probability[2025]", "2", "3")
        for n in range(1, entries + 1)
    )
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN")
    head = audit_chain.GENESIS
    batch: list[tuple[object, ...]] = []
    for row in fields:
        head = audit_chain.entry_hash(head, row)
        batch.append((*row, head))
        if len(batch) == 100_000:
            con.executemany("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
            batch = []
    con.executemany("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
    con.execute("UPDATE audit_head SET seq = ?, hash = ?", (entries, head))
    con.execute("COMMIT")
    con.close()
    return head


def measure_verify(entries: int, workdir: Path, runs: int) -> tuple[float, float]:
    """Median wall seconds of verify_chain over `entries` entries, and of reading them."""
    from riskctl.db import make_engine, reading
    from riskctl.services.audit_verify import SQLITE_ENTRIES, verify_chain

    path = workdir / "verify.db"
    head = build_store(path, entries)
    engine = make_engine(f"sqlite:///{path}")
    ours, read = [], []
    for _ in range(runs + 1):  # the first run fills the page cache
        started = time.perf_counter()
        with reading(engine) as session:
            verdict = verify_chain(session=session)
        ours.append(time.perf_counter() - started)
        assert verdict.holds and verdict.entries == entries and verdict.head == head
        started = time.perf_counter()
        con = sqlite3.connect(path)
        cursor = con.execute(SQLITE_ENTRIES)
        while cursor.fetchmany(20_000):
            pass
        con.close()
        read.append(time.perf_counter() - started)
    engine.dispose()
    return statistics.median(ours[1:]), statistics.median(read[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    with tempfile.TemporaryDirectory() as tmp:
        chained, bare = measure_import(args.rows, Path(tmp), args.runs)
        print(
            f"import {args.rows:,} rows (CPU): {chained:.3f} s with the chain, {bare:.3f} s "
            f"without: {chained / bare:.2f}× (goal ≤ 1.2×)"
        )
        ours, read = measure_verify(args.entries, Path(tmp), args.runs)
        print(
            f"audit verify over {args.entries:,} entries: {ours:.3f} s "
            f"(reading them alone {read:.3f} s; goal ≤ 5 s)"
        )


if __name__ == "__main__":
    main()
