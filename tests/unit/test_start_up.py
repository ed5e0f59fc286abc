"""A command in a process of its own: garbage collection around start-up, the store closed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# Runs riskctl as the console script does (`riskctl.cli.main.run`) and reports, as the process
# exits, whether the collector is on and how many objects start-up froze.
RUN = """
import atexit, gc, sys
atexit.register(lambda: print("GC", gc.isenabled(), gc.get_freeze_count(), file=sys.stderr))
sys.argv = ["riskctl", *sys.argv[1:]]
from riskctl.cli.main import run
run()
"""


def _riskctl(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RISKCTL_DATABASE_URL": f"sqlite:///{store}"}
    return subprocess.run(
        [sys.executable, "-c", RUN, *args], env=env, capture_output=True, text=True
    )


def test_a_command_freezes_start_up_collects_again_and_closes_the_store(sqlite_template, tmp_path):
    store = tmp_path / "store.db"
    shutil.copy(sqlite_template, store)
    done = _riskctl(store, "risk", "list", "--year", "2025", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    enabled, frozen = done.stderr.split("GC ")[1].split()
    assert enabled == "True"
    assert int(frozen) > 10_000  # the modules and classes of start-up
    # The store was closed as the command ended: SQLite removed its WAL files.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.db"]


def test_an_error_before_the_store_is_opened_is_reported_as_before(sqlite_template, tmp_path):
    store = tmp_path / "store.db"
    shutil.copy(sqlite_template, store)
    done = _riskctl(store, "risk", "list", "--year", "2025", "--format", "nope")
    assert done.returncode == 2
    assert "riskctl risk list: --format: 'nope' is not allowed" in done.stderr
