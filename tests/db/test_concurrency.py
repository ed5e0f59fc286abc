"""Many controllers on one store: parallel writers and stale edits, with real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func
from sqlmodel import col, select

from riskctl.db import reading, writing
from riskctl.models import Assessment, AuditEntry
from riskctl.services.orgs import add_org

WRITER = Path(__file__).with_name("writer.py")
ROOT = Path(__file__).resolve().parents[2]


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "RISKCTL_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}


def test_eight_processes_of_a_hundred_writes_all_commit(store_url, engine):
    with writing(engine) as session:
        add_org(session=session, name="Kommunstyrelsen", code="KS")
    procs = [
        subprocess.Popen(
            [sys.executable, str(WRITER), store_url, "KS", "2025", f"w{n}", "100"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(store_url),
        )
        for n in range(8)
    ]
    results = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert out.splitlines()[0] == "ok 100 refused 0", err
        assert "locked" not in err
    with reading(engine) as session:
        assert session.exec(select(func.count()).select_from(Assessment)).one() == 800
        writers = session.exec(
            select(func.count(func.distinct(AuditEntry.user))).where(
                col(AuditEntry.user).like("writer-%")
            )
        ).one()
        assert writers == 8


def test_a_stale_edit_from_another_process_is_refused_with_who_and_when(store_url, engine):
    def riskctl(*args: str, user: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "riskctl", "--user", user, *args],
            capture_output=True,
            text=True,
            env=_env(store_url),
            timeout=120,
        )

    assert riskctl("org", "add", "Kommunstyrelsen", "--code", "KS", user="anna").returncode == 0
    added = riskctl(
        "risk",
        "add",
        "--org",
        "KS",
        "--year",
        "2025",
        "--title",
        "Cyberhot",
        "-p",
        "2",
        "-s",
        "4",
        "--format",
        "json",
        user="anna",
    )
    record = json.loads(added.stdout)
    # Bertil edits first; Anna still holds version 1.
    assert (
        riskctl(
            "risk",
            "edit",
            str(record["id"]),
            "--year",
            "2025",
            "-p",
            "3",
            "--if-version",
            "1",
            user="bertil",
        ).returncode
        == 0
    )
    stale = riskctl(
        "risk",
        "edit",
        str(record["id"]),
        "--year",
        "2025",
        "-p",
        "1",
        "--if-version",
        "1",
        user="anna",
    )
    assert stale.returncode == 3
    assert "changed by bertil at" in stale.stderr
    assert len(stale.stderr.splitlines()) == 1
    shown = json.loads(riskctl("risk", "show", str(record["id"]), "-f", "json", user="anna").stdout)
    assert shown["years"][0]["probability"] == 3


def test_two_controllers_recording_the_same_follow_up_at_once_take_turns(examples_store, store_url):
    """Two simultaneous recordings of one item's follow-up take turns on the plan's lock: the
    second waits for the first and becomes the next revision, the first kept as history; one
    follow-up is current."""
    import threading
    import time

    import pytest
    from sqlalchemy import text

    from riskctl.db import is_sqlite, make_engine
    from riskctl.models import FollowUp
    from riskctl.services.followups import list_followups, record_followup

    if is_sqlite(examples_store):
        pytest.skip("on SQLite a write transaction keeps every other writer out")
    with reading(examples_store) as session:
        item = list_followups(session=session, year=2024, org="KS")[0].item
    other = make_engine(store_url)
    outcome: list[BaseException | None] = []

    def bertil_records() -> None:
        try:
            with writing(other, "bertil") as session:
                record_followup(
                    session=session,
                    item_id=item,
                    period="annual",
                    assessment="remark",
                    result="Bertils resultat",
                )
            outcome.append(None)
        except BaseException as exc:  # handed over to the test's thread
            outcome.append(exc)

    with writing(examples_store, "anna") as session:
        record_followup(
            session=session, item_id=item, period="annual", assessment="ok", result="Annas resultat"
        )
        session.flush()
        thread = threading.Thread(target=bertil_records)
        thread.start()
        with other.connect() as conn:  # wait until Bertil's write waits for Anna's
            for _ in range(200):
                waiting = conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                    )
                ).scalar()
                conn.rollback()  # the statistics are read once per transaction: read anew
                if waiting or not thread.is_alive():
                    break
                time.sleep(0.05)
    thread.join(timeout=30)
    other.dispose()
    assert outcome == [None]
    with reading(examples_store) as session:
        rows = session.exec(
            select(FollowUp)
            .where(FollowUp.item_id == item, FollowUp.period == "annual")
            .order_by(col(FollowUp.revision))
        ).all()
    assert [(f.result, f.current) for f in rows][-2:] == [
        ("Annas resultat", False),
        ("Bertils resultat", True),
    ]


def test_blind_edits_of_one_risk_from_four_processes_all_land(store_url, engine):
    """`risk edit` without `--if-version` sets the field whatever the version: four
    controllers editing one risk at once all succeed, and every edit is in the audit trail."""
    from riskctl.services.risks import add_risk

    with writing(engine) as session:
        add_org(session=session, name="Kommunstyrelsen", code="KS")
        risk = add_risk(
            session=session, org="KS", year=2025, title="Cyberhot", probability=2, significance=4
        ).id
    script = (
        "import subprocess, sys\n"
        "failed = 0\n"
        "for k in range(6):\n"
        "    done = subprocess.run([sys.executable, '-m', 'riskctl', '--user', sys.argv[1],"
        " 'risk', 'edit', sys.argv[2], '--year', '2025', '--note', f'{sys.argv[1]} {k}'],"
        " capture_output=True, text=True)\n"
        "    failed += done.returncode != 0\n"
        "    sys.stderr.write(done.stderr)\n"
        "print(failed)\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, f"w{n}", str(risk)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(store_url),
        )
        for n in range(4)
    ]
    results = [p.communicate(timeout=300) for p in procs]
    assert [(out.strip(), err) for out, err in results] == [("0", "")] * 4
    with reading(engine) as session:
        notes = session.exec(select(AuditEntry.new).where(AuditEntry.field == "note[2025]")).all()
    assert sorted(notes) == sorted(f"w{n} {k}" for n in range(4) for k in range(6))
