"""Every bad input: exit 2, one line naming the field and the value, no traceback, and the
store exactly as before (`store_state`), on SQLite and PostgreSQL."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from riskctl.errors import PROBLEMS_LISTED


@pytest.fixture
def refused(cli, examples_store, store_state):
    """`refused(*args)`: run a command that must be refused; its one line of stderr."""

    def run(*args: str, code: int = 2) -> str:
        before = store_state()
        out = cli(*args)
        assert out.exit_code == code, (args, out.exit_code, out.stdout, out.stderr)
        assert "Traceback" not in out.stdout + out.stderr
        assert "unexpected error" not in out.stderr
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1, out.stderr
        assert store_state() == before, args
        return lines[0]

    return run


# --- invalid UTF-8 ---------------------------------------------------------------------------


def test_an_argument_that_is_not_utf8_is_refused_naming_it(refused):
    # Python hands the bytes b"x\xffy" of a command line on as "x\udcffy".
    line = refused("risk", "add", "--org", "KS", "--year", "2025", "--title", "x\udcffy",
                   "-p", "1", "-s", "1")  # fmt: skip
    assert line.startswith("riskctl: --title: 'x\\udcffy' is not allowed; use text in UTF-8")
    assert "--title=" not in refused("risk", "list", "--year", "2025", "--org=K\udcff")
    assert refused("risk", "show", "\udcff").startswith("riskctl: argument 3: '\\udcff'")


def test_a_user_that_is_not_utf8_is_refused(refused):
    line = refused("--user", "\udcff", "risk", "edit", "1", "--year", "2025", "-p", "2")
    assert line.startswith("riskctl: --user: '\\udcff' is not allowed")


# --- --user and RISKCTL_USER ------------------------------------------------------------------


@pytest.mark.parametrize("user", ["a\x01b", "eve\x1b[2J", "tab\there", "x" * 121, " "])
def test_a_user_the_audit_trail_cannot_record_is_refused(refused, user):
    line = refused("--user", user, "risk", "edit", "1", "--year", "2025", "-p", "2")
    assert line.startswith("riskctl: --user: ")
    assert "\x1b" not in line and "\x01" not in line


def test_riskctl_user_with_control_characters_is_refused(refused, monkeypatch):
    monkeypatch.setenv("RISKCTL_USER", "mallory\x07")
    line = refused("risk", "edit", "1", "--year", "2025", "-p", "2")
    assert line.startswith("riskctl: RISKCTL_USER: 'mallory\\x07' is not allowed; use printable")
    # A read refuses it too: the rule is the same for every command.
    refused("risk", "list", "--year", "2025", "--org", "KS")


def test_a_good_user_is_recorded(cli, examples_store):
    assert (
        cli("--user", "Åsa Öberg", "risk", "edit", "1", "--year", "2025", "-p", "2").exit_code == 0
    )
    out = cli("audit", "--entity", "risk", "--id", "1", "--format", "json")
    assert '"user": "Åsa Öberg"' in out.stdout


# --- integers the store cannot hold -----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("risk", "show", str(10**30)),
        ("risk", "show", "2147483648"),
        ("risk", "edit", "1", "--year", "2025", "--if-version", str(2**63)),
        ("plan", "remove", "--", "-9223372036854775809"),
        ("audit", "--id", "2147483648"),
        ("risk", "list", "--year", "2025", "--min-value", str(10**20)),
        ("risk", "list", "--year", str(10**12)),
    ],
)
def test_an_integer_beyond_the_store_is_refused_with_its_range(refused, args):
    line = refused(*args)
    assert "is not allowed; use a whole number from -2147483648 to 2147483647" in line


def test_the_largest_integer_the_store_holds_is_simply_not_found(refused):
    assert "risk id: 2147483647 is not allowed" in refused("risk", "show", "2147483647")


# --- accepted today, refused now --------------------------------------------------------------


def test_plan_adopt_with_an_empty_date_is_refused(refused):
    assert refused("plan", "adopt", "--year", "2025", "--org", "KS", "--date", "") == (
        "riskctl: --date: '' is not allowed; use a date as YYYY-MM-DD"
    )


@pytest.mark.parametrize("threshold", ["0", "17", "-3", "1000"])
def test_a_threshold_the_board_cannot_reach_is_refused(refused, threshold):
    line = refused("org", "set", "KS", "--threshold", threshold)
    assert line == (
        f"riskctl: threshold: {threshold} is not allowed; "
        "use a risk value of the board's scale, 1–16"
    )


def test_a_threshold_outside_a_5x5_scale_is_refused_when_the_board_is_added(refused, cli):
    assert "1–25" in refused("org", "add", "Nämnd X", "--scale-size", "5", "--threshold", "26")
    assert cli("org", "add", "Nämnd X", "--scale-size", "5", "--threshold", "25").exit_code == 0


def test_the_edges_of_the_scale_are_allowed_thresholds(cli, examples_store):
    assert cli("org", "set", "KS", "--threshold", "16").exit_code == 0
    assert cli("org", "set", "KS", "--threshold", "1").exit_code == 0


@pytest.mark.parametrize("code", ["", "  "])
def test_an_empty_code_is_refused(refused, code):
    assert refused("org", "set", "KS", "--code", code).startswith(
        "riskctl: --code: "
    ) and "it must not be empty" in refused("org", "add", "Ny nämnd", "--code", code)


# --- how a refused value is echoed ------------------------------------------------------------


def test_a_long_refused_value_is_cut_and_keeps_its_end(refused):
    line = refused("risk", "list", "--year", "2025", "--org", "A" * 5000 + "END")
    shown = line.split("'")[1]
    assert len(shown) == 160 and "…" in shown and shown.endswith("END")


def test_control_characters_of_a_refused_value_are_shown_as_escapes(refused):
    line = refused("risk", "list", "--year", "2025", "--org", "KS\x1b[31m\rX")
    assert "\x1b" not in line and "\r" not in line
    assert "'KS\\x1b[31m\\rX'" in line


def test_an_import_with_many_bad_rows_lists_the_first_50_and_the_total(
    cli, examples_store, store_state, tmp_path
):
    rows = ["Risk;Riskbeskrivning;Sannolikhet;Väsentlighet"]
    rows += [f"Risk {n};Text;9;1" for n in range(120)]
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    before = store_state()
    out = cli("import", str(path), "--year", "2026", "--org", "KS")
    assert out.exit_code == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == PROBLEMS_LISTED + 2
    assert lines[-2] == "… and 70 more bad cells (120 in all; the first 50 are listed)"
    assert lines[-1].endswith("120 bad rows; nothing was imported")
    assert store_state() == before


# --- messages that say what happened ----------------------------------------------------------


def test_a_store_that_fails_a_read_says_it_cannot_read(examples_store):
    from sqlalchemy import text

    from riskctl.db import reading, writing
    from riskctl.errors import StoreError

    with pytest.raises(StoreError) as caught, reading(examples_store) as session:
        session.execute(text("SELECT no_such_column FROM risk"))
    assert caught.value.message.startswith("cannot read the store ")
    with pytest.raises(StoreError) as caught, writing(examples_store, "anna") as session:
        session.execute(text("UPDATE risk SET no_such_column = 1"))
    assert " refused the change: " in caught.value.message


# --- a backup into a read-only directory ------------------------------------------------------


def _read_only(monkeypatch, directory: Path) -> None:
    """The directory refuses new files, as a read-only one does (also for root, who may write
    anywhere: the operating system's answer is given at its edge, `os.open`)."""
    directory.chmod(0o555)
    if os.geteuid() != 0:
        return
    real_open = os.open

    def refusing(path, flags, *args, **kwargs):
        if Path(path).parent == directory and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)


def test_a_backup_into_a_read_only_directory_is_exit_2_and_writes_nothing(
    refused, monkeypatch, tmp_path
):
    directory = tmp_path / "read-only"
    directory.mkdir()
    _read_only(monkeypatch, directory)
    try:
        line = refused("db", "backup", str(directory / "copy.db"))
    finally:
        directory.chmod(0o755)
    assert line.startswith(f"riskctl: FILE: '{directory / 'copy.db'}' is not allowed; ")
    assert "it cannot be written (Permission denied)" in line
    assert list(directory.iterdir()) == []


# --- a path the system refuses ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("import", "--year", "2026", "--org", "KS", "{long}"), "FILE"),
        (
            ("sample", "draw", "1", "--population", "{long}", "--id-column", "id", "-n", "2"),
            "--population",
        ),
        (("examples", "load", "--dir", "{long}"), "--dir"),
    ],
)
def test_a_file_name_too_long_for_the_system_is_refused_naming_its_option(refused, args, field):
    long = "x" * 5000
    line = refused(*(a.format(long=long) for a in args))
    assert line.startswith(f"riskctl: {field}: 'xxx")
    assert line.endswith("(File name too long)") and len(line) < 300
