"""The core stays pure and the command line starts light."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _core_modules() -> list[str]:
    """Every domain service (the modules of its packages too), and the store and the words
    underneath them."""
    import pkgutil

    import riskctl.services

    services = [
        m.name for m in pkgutil.walk_packages(riskctl.services.__path__, "riskctl.services.")
    ]
    return [
        *services,
        "riskctl.vocabulary",
        "riskctl.db",
        "riskctl.models",
        "riskctl.audit",
        "riskctl.render",
        "riskctl.scales",
        "riskctl.config",
        "riskctl.i18n",
    ]


CORE = _core_modules()


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            code + "\nimport sys\nprint(' '.join(sorted(m.split('.')[0] for m in sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


def test_the_domain_core_imports_neither_textual_nor_typer():
    loaded = _loaded_after("\n".join(f"import {m}" for m in CORE))
    assert "textual" not in loaded
    assert "typer" not in loaded


def test_help_imports_no_ui_no_spreadsheet_and_no_store():
    code = (
        "import sys\nsys.argv = ['riskctl', '--help']\nimport runpy\n"
        "try:\n    runpy.run_module('riskctl', run_name='__main__')\n"
        "except SystemExit:\n    pass"
    )
    loaded = _loaded_after(code)
    for heavy in ("textual", "openpyxl", "docx", "sqlmodel", "sqlalchemy"):
        assert heavy not in loaded, heavy


def _commands(group, path=()):
    for name in group.list_commands(None):
        command = group.get_command(None, name)  # a group is built as when it is used
        if hasattr(command, "commands"):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


@pytest.mark.parametrize(
    "path",
    [
        " ".join(p)
        for p, _ in _commands(
            __import__("typer").main.get_command(__import__("riskctl.cli.main").cli.main.app)
        )
    ],
)
def test_every_command_has_help_with_an_example(path):
    import typer

    from riskctl.cli.main import app

    group = typer.main.get_command(app)
    command = group
    for part in path.split():
        command = command.get_command(None, part)
    assert command.help and "Example: riskctl" in command.help, path


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("riskctl ri", "risk"),
        ("riskctl risk l", "list"),
        ("riskctl plan show --yea", "--year"),
    ],
)
def test_shell_completion_reaches_into_every_group(words, expected):
    """Groups are built only when used; completion must still find their commands and
    options, and without loading the store or the UI."""
    env = {
        **os.environ,
        "_RISKCTL_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    code = (
        "import sys, runpy\nsys.argv = ['riskctl']\n"
        "try:\n    runpy.run_module('riskctl', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('LOADED', ' '.join(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    offered, loaded = out.split("LOADED")
    assert expected in offered.split()
    for heavy in ("textual", "openpyxl", "docx", "sqlmodel", "sqlalchemy"):
        assert heavy not in loaded.split(), heavy
