"""`riskctl tui` and `riskctl serve` on the command line: help and errors (the web server
itself: test_serve_guard.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.fixture
def store_url(sqlite_url: str) -> str:
    return sqlite_url


def test_help_names_tui_and_serve_without_loading_textual():
    code = (
        "import sys\n"
        "from riskctl.cli.main import app\n"
        "for args in (['--help'], ['tui', '--help'], ['serve', '--help']):\n"
        "    try:\n"
        "        app(args, standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'NO-TEXTUAL')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "120"},
        check=True,
    ).stdout
    assert out.strip().endswith("NO-TEXTUAL")
    assert "tui" in out and "serve" in out
    assert "token" in out


def test_an_unknown_board_is_refused_before_the_screen_is_taken(cli):
    assert cli("examples", "load").exit_code == 0
    result = cli("tui", "--org", "XYZ")
    assert result.exit_code == 2
    assert "org: 'XYZ' is not allowed; known boards: KS" in result.stderr
    assert cli("tui", "--year", "3000").exit_code == 2
