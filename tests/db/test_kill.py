"""`kill -9` in the middle of a large import: the store stays sound, with all or none of it."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROWS = 50_000


def test_kill_9_during_a_50000_row_import_leaves_all_or_nothing(tmp_path):
    store = tmp_path / "store.db"
    env = {**os.environ, "RISKCTL_DATABASE_URL": f"sqlite:///{store}", "PYTHONPATH": str(ROOT)}
    riskctl = [sys.executable, "-m", "riskctl"]
    subprocess.run(
        [*riskctl, "org", "add", "Kommunstyrelsen", "--code", "KS"],
        env=env,
        check=True,
        capture_output=True,
    )
    source = tmp_path / "register.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["Risk", "Riskbeskrivning", "Sannolikhet", "Väsentlighet"])
        for n in range(ROWS):
            writer.writerow([f"Risk {n}", f"Beskrivning {n}", 1 + n % 4, 1 + (n // 4) % 4])
    wal = Path(f"{store}-wal")
    before = wal.stat().st_size if wal.exists() else 0
    proc = subprocess.Popen(
        [*riskctl, "import", str(source), "--year", "2025", "--org", "KS"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    # Kill it while it writes: as soon as the write-ahead log starts to grow.
    while proc.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > before + 256 * 1024:
            break
        time.sleep(0.01)
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    with sqlite3.connect(store) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        count = conn.execute("SELECT count(*) FROM assessment").fetchone()[0]
        audited = conn.execute("SELECT count(*) FROM audit WHERE entity = 'risk'").fetchone()[0]
    assert count in (0, ROWS), count
    if killed:
        assert count == 0
        assert audited == 0
