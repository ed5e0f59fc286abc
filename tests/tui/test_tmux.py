"""Smoke test: start `riskctl` in a real terminal (tmux), as a user would, and read the screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlmodel import select

from riskctl.models import Plan

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


@pytest.fixture
def store_url(sqlite_examples_url: str) -> str:
    return sqlite_examples_url


class Terminal:
    """A tmux session of a given size running one command."""

    def __init__(self, command: list[str], env: dict[str, str], width: int, height: int):
        self.name = f"riskctl-test-{uuid.uuid4().hex[:8]}"
        env_args = [f"{k}={v}" for k, v in env.items()]
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(width),
                "-y",
                str(height),
                "env",
                *env_args,
                *command,
            ],
            check=True,
        )
        # Keep the pane after the program ends, so that its exit can be seen.
        subprocess.run(["tmux", "set-option", "-t", self.name, "remain-on-exit", "on"], check=True)

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-t", self.name, "-p"], capture_output=True, text=True
        ).stdout

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} did not appear; the screen:\n{self.screen()}")

    def ended(self, timeout: float = 15) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            dead = subprocess.run(
                ["tmux", "display-message", "-t", self.name, "-p", "#{pane_dead}"],
                capture_output=True,
                text=True,
            ).stdout.strip()
            if dead == "1":
                return True
            time.sleep(0.2)
        return False

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def test_riskctl_in_a_terminal(store_url, tmp_path: Path, read):
    env = {
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "home" / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "home" / "config"),
        "RISKCTL_DATABASE_URL": store_url,
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
    }
    term = Terminal([sys.executable, "-m", "riskctl"], env, 80, 24)
    try:
        term.wait_for("33 risks")
        # The rows arrive from a worker just after the count: wait for them too.
        screen = term.wait_for("Välfärdsbrottslighet")
        assert "Kommunstyrelsen (KS)" in screen and "2025" in screen
        assert "Heat map" in screen
        term.keys("2")
        term.wait_for("No plan for 2025 yet")
        term.keys("g")
        screen = term.wait_for("DRAFT")
        assert "7 controls" in screen
        term.keys("?")
        term.wait_for("g generates the draft")
        term.keys("Escape")
        term.keys("C-q")
        assert term.ended(), term.screen()
    finally:
        term.close()
    with read() as session:
        plan = session.exec(select(Plan).where(Plan.year == 2025)).one()
        assert plan.status == "draft"
