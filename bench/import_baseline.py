"""Goal 3: importing a large CSV against raw sqlite3 executemany of the same rows.

"The same rows" are what the import leaves in the store: the risks, their assessments and
the audit entries the store keeps for every created row (see `riskctl.audit`); the bare
baseline leaves the audit entries out. Times are CPU seconds of this process, so that other
work on a shared machine counts less.
"""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import statistics
import time
from pathlib import Path

from riskctl.db import make_engine, writing
from riskctl.services.importing.read import read_file
from riskctl.services.importing.run import import_sheet

HEADER = [
    "Risk",
    "Riskbeskrivning",
    "Sannolikhet",
    "Väsentlighet",
    "Riskvärde",
    "Hantering",
    "Beslut",
    "Ansvarig",
]
NOTE = "Risken accepteras, dvs risken anses inte kräva utökade åtgärder eller kontroller."


def _rows(n: int) -> list[list[object]]:
    rows = []
    for i in range(n):
        p, s = i % 4 + 1, (i // 4) % 4 + 1
        rows.append(
            [
                f"Risk {i}",
                f"Risk att något går fel i process {i}",
                p,
                s,
                p * s,
                NOTE,
                "accepteras",
                f"Chef {i % 20}",
            ]
        )
    return rows


def _raw_executemany(path: Path, csv_path: Path, audit: bool = True) -> float:
    """Read the CSV and insert its rows, their owners and audit entries with sqlite3.

    Into plain tables: the copy loses the risks' text index (revision 0005) first, so that
    the baseline pays for the rows alone; riskctl's import keeps that index up to date. Its
    audit entries are not chained (bench/audit_chain.py measures the chain).
    """
    con = sqlite3.connect(path, isolation_level=None)
    # The audit chain's guard (revision 0006) goes too: these entries are not chained.
    for trigger in ("risk_text_insert", "risk_text_update", "risk_text_delete", "audit_no_replace"):
        con.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    con.execute("DROP TABLE IF EXISTS risk_text")
    started = time.process_time()
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))[1:]
    at = "2025-01-01 00:00:00.000000"
    con.execute("BEGIN")
    owners = sorted({r[7] for r in rows})
    con.executemany("INSERT INTO owner (name) VALUES (?)", [(o,) for o in owners])
    owner_id = dict(con.execute("SELECT name, id FROM owner").fetchall())
    con.executemany(
        "INSERT INTO risk (org_id, title, description, version, created_at) VALUES (1, ?, ?, 1, ?)",
        [(r[0], r[1], at) for r in rows],
    )
    risk_id = dict(con.execute("SELECT title, id FROM risk").fetchall())
    con.executemany(
        "INSERT INTO assessment (risk_id, org_id, year, probability, significance, handling, "
        "note, owner_id, version, created_at, updated_at) "
        "VALUES (?, 1, 2025, ?, ?, 'accept', ?, ?, 1, ?, ?)",
        [(risk_id[r[0]], int(r[2]), int(r[3]), r[5], owner_id[r[7]], at, at) for r in rows],
    )
    if not audit:
        con.execute("COMMIT")
        elapsed = time.process_time() - started
        con.close()
        return elapsed
    con.executemany(
        "INSERT INTO audit (at, user, entity, entity_id, field, old, new) "
        "VALUES (?, 'u', 'owner', ?, '*', NULL, ?)",
        [(at, owner_id[o], json.dumps({"name": o})) for o in owners],
    )
    audit = (
        "INSERT INTO audit (at, user, entity, entity_id, field, old, new) "
        "VALUES (?, 'u', 'risk', ?, ?, NULL, ?)"
    )
    con.executemany(
        audit,
        [
            (
                at,
                risk_id[r[0]],
                "*",
                json.dumps({"description": r[1], "org_id": "1", "title": r[0]}, ensure_ascii=False),
            )
            for r in rows
        ],
    )
    con.executemany(
        audit,
        [
            (
                at,
                risk_id[r[0]],
                "*[2025]",
                json.dumps(
                    {
                        "handling": "accept",
                        "note": r[5],
                        "org_id": "1",
                        "owner_id": str(owner_id[r[7]]),
                        "probability": r[2],
                        "risk_id": str(risk_id[r[0]]),
                        "significance": r[3],
                        "year": "2025",
                    },
                    ensure_ascii=False,
                ),
            )
            for r in rows
        ],
    )
    con.execute("COMMIT")
    elapsed = time.process_time() - started
    con.close()
    return elapsed


def measure(rows: int, workdir: Path, runs: int) -> tuple[float, float, float]:
    """Median CPU seconds of (riskctl's import, raw executemany of the risk and assessment
    rows with their audit entries, the same without audit entries)."""
    from riskctl.db import open_store
    from riskctl.services.orgs import add_org

    template = workdir / "import-template.db"
    engine = open_store(f"sqlite:///{template}")
    with writing(engine, "bench") as session:
        add_org(session=session, name="Kommunstyrelsen", code="KS")
    engine.dispose()
    csv_path = workdir / "import.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(_rows(rows))
    ours, raw, bare = [], [], []
    for n in range(runs):
        base = workdir / f"raw-{n}.db"
        shutil.copy(template, base)
        raw.append(_raw_executemany(base, csv_path))
        base = workdir / f"bare-{n}.db"
        shutil.copy(template, base)
        bare.append(_raw_executemany(base, csv_path, audit=False))
        target = workdir / f"ours-{n}.db"
        shutil.copy(template, target)
        engine = make_engine(f"sqlite:///{target}")
        started = time.process_time()
        sheet = read_file(csv_path)
        with writing(engine, "bench") as session:
            result = import_sheet(session=session, sheet=sheet, year=2025, org="KS")
        ours.append(time.process_time() - started)
        engine.dispose()
        assert result.created == rows
    return statistics.median(ours), statistics.median(raw), statistics.median(bare)
