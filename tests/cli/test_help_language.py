"""Help and Typer's own messages follow the language: `--lang sv`, $RISKCTL_LANG=sv or a
Swedish locale give Swedish help screens (docstrings, options' help, "Flaggor", "[krävs]",
"Användning:") and Swedish usage errors; English stays as it was.

Every help text of the command tree must have its Swedish translation in the catalogs
(riskctl/locale/sv/LC_MESSAGES/help.po): a new command or option without one fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from riskctl.cli.help_text import TYPER_HELP_TEXTS, USAGE_WORDS, Command, Group
from riskctl.cli.main import RiskctlGroup, app
from riskctl.i18n import language
from tests.unit.test_catalogs import CATALOGS, _read_po, swedish


def _tree(command: Any, path: tuple[str, ...] = ("riskctl",)) -> Iterator[tuple[str, Any]]:
    yield " ".join(path), command
    if hasattr(command, "list_commands"):  # a group: its commands, each built as when used
        for name in command.list_commands(None):
            yield from _tree(command.get_command(None, name), (*path, name))


def help_texts() -> dict[str, str]:
    """Every help text of the command tree → where it is shown first."""
    found: dict[str, str] = {}
    for path, command in _tree(typer.main.get_command(app)):
        for text in (command.help, command.short_help):
            if text:
                found.setdefault(text, path)
        for param in command.get_params(typer.Context(command, info_name=path)):
            if getattr(param, "help", None):
                found.setdefault(param.help, f"{path} {max(param.opts or [param.name], key=len)}")
    for text in [*TYPER_HELP_TEXTS.values(), *USAGE_WORDS, "Usage:"]:
        found.setdefault(text, "Typer's own words")
    return found


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Any:
    return CliRunner().invoke(app, list(args), env=env, input=input)


def test_every_group_and_command_shows_its_help_in_the_current_language():
    wrong = [
        f"{path}: {type(command).__name__}"
        for path, command in _tree(typer.main.get_command(app))
        if not isinstance(command, Group | Command)
    ]
    assert not wrong, "make these with riskctl.cli.help_text.App:\n" + "\n".join(wrong)
    assert isinstance(typer.main.get_command(app), RiskctlGroup)


def test_every_help_text_has_a_swedish_translation():
    missing = [
        f"{where}: {text!r}"
        for text, where in help_texts().items()
        if text not in swedish() and text.strip()
    ]
    assert not missing, (
        f"help texts with no Swedish translation in {CATALOGS}/help.po:\n" + "\n".join(missing)
    )


def test_help_po_holds_no_help_that_is_gone():
    """An English help text that changed leaves its old entry behind: remove it."""
    used = help_texts()
    stale = [m.id for m in _read_po(CATALOGS / "help.po") if m.id and m.id not in used]
    assert not stale, "entries of help.po no help shows any more:\n" + "\n".join(map(repr, stale))


SWEDISH_ADD = (
    "Användning: riskctl risk add [FLAGGOR]",
    "Lägg till en risk i ett års analys",
    "Flaggor",
    "[krävs]",
    "[standard: action]",
    "Sannolikhet på nämndens",
    "Visa den här hjälpen och",
)
ENGLISH_ADD = (
    "Usage: riskctl risk add [OPTIONS]",
    "Add a risk to a year's analysis and print its id.",
    "Options",
    "[required]",
    "[default: action]",
    "Probability on the board's",
    "Show this message and exit.",
)


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--lang", "sv", "risk", "add", "--help"), None),
        (("risk", "add", "--help"), {"RISKCTL_LANG": "sv"}),
        (("risk", "add", "-h"), {"LANG": "sv_SE.UTF-8"}),
    ],
    ids=["--lang", "RISKCTL_LANG", "LANG"],
)
def test_command_help_in_swedish(args, env):
    out = run(*args, env=env)
    assert out.exit_code == 0, out.output
    for text in SWEDISH_ADD:
        assert text in out.stdout, text
    for text in ENGLISH_ADD:
        assert text not in out.stdout, text


def test_command_help_stays_english_by_default_and_with_lang_en():
    for args, env in (
        (("risk", "add", "--help"), None),
        (("--lang", "en", "risk", "add", "--help"), {"RISKCTL_LANG": "sv"}),
    ):
        out = run(*args, env=env)
        assert out.exit_code == 0, out.output
        for text in ENGLISH_ADD:
            assert text in out.stdout, text
        assert "Flaggor" not in out.stdout and "[krävs]" not in out.stdout


@pytest.mark.parametrize(
    "args", [("--lang", "sv", "--help"), ("--help", "--lang", "sv"), ("--lang=sv", "-h")]
)
def test_the_top_level_help_and_its_command_list_in_swedish(args):
    out = run(*args)
    assert out.exit_code == 0, out.output
    for text in (
        "Användning: riskctl [FLAGGOR] KOMMANDO [ARGUMENT]...",
        "Riskregister, årlig risk- och väsentlighetsanalys",
        "Exempel: riskctl risk list --year 2025 --org KS",
        "Kommandon",
        "Riskerna i en nämnds riskregister",  # `risk`, in the list of commands
        "Språk för texterna: sv eller en",  # --lang
        "Installera kommandokomplettering",  # Typer's --install-completion
    ):
        assert text in out.stdout, text
    assert "Commands" not in out.stdout and "Risks of a board" not in out.stdout


def test_a_group_without_a_command_lists_its_commands_in_swedish():
    out = run("--lang", "sv", "plan")
    assert "Ta fram eller uppdatera utkastet till plan" in out.stdout
    assert "Registrera nämndens beslut om att anta" in out.stdout


def test_rich_markup_in_help_is_shown_as_text():
    for lang, text in (("en", "A TOML file with [[probability]],"), ("sv", "[[probability]],")):
        out = run("--lang", lang, "org", "add", "--help")
        assert text in out.stdout, out.stdout


def test_the_help_language_holds_for_one_command_only():
    from typer import rich_utils

    assert "Flaggor" in run("--lang", "sv", "risk", "list", "--help").stdout
    assert language() == "en"
    assert rich_utils.OPTIONS_PANEL_TITLE == "Options"
    assert "Options" in run("risk", "list", "--help").stdout
    command = typer.main.get_command(app)
    assert command.help is not None and command.help.startswith("Risk register")


def _error(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    out = run(*args, env=env)
    assert out.stdout == ""
    assert out.stderr.count("\n") == 1, out.stderr  # one line
    return out.exit_code, out.stderr


ADD = ("risk", "add", "--year", "2025", "-t", "X", "-p", "1", "-s", "1")


@pytest.mark.parametrize(
    ("args", "env"),
    [(("--lang", "sv", *ADD), None), (ADD, {"RISKCTL_LANG": "sv"})],
    ids=["--lang", "RISKCTL_LANG"],
)
def test_a_missing_required_option_is_one_swedish_line(args, env):
    assert _error(*args, env=env) == (2, "riskctl risk add: flaggan '--org' / '-o' saknas.\n")


def test_a_missing_required_option_stays_as_typer_says_it_in_english():
    assert _error(*ADD) == (2, "riskctl risk add: Missing option '--org' / '-o'.\n")


@pytest.mark.parametrize(
    ("args", "swedish", "english"),
    [
        (
            ("risk", "show"),
            "riskctl risk show: argumentet 'ID' saknas.",
            "riskctl risk show: Missing argument 'ID'.",
        ),
        (
            ("risk", "ad"),
            "riskctl risk: kommandot 'ad' finns inte. Menade du 'add'?",
            "riskctl risk: No such command 'ad'. Did you mean 'add'?",
        ),
        (
            ("risk", "list", "--year", "2025", "--bogus"),
            "riskctl risk list: flaggan --bogus finns inte",
            "riskctl risk list: No such option: --bogus",
        ),
        (
            ("risk", "list", "--year", "2025", "extra"),
            "riskctl risk list: oväntade extra argument (extra)",
            "riskctl risk list: Got unexpected extra argument(s) (extra)",
        ),
        (
            ("risk", "list", "--year"),
            "riskctl: flaggan '--year' kräver ett värde.",
            "riskctl: Option '--year' requires an argument.",
        ),
        (
            ("risk", "list", "--year", "2025", "-f", "xml"),
            "riskctl risk list: --format: 'xml' är inte tillåtet; använd något av table, json, "
            "csv, md",
            "riskctl risk list: --format: 'xml' is not allowed; use one of table, json, csv, md",
        ),
        (
            ("--bogus",),
            "riskctl: flaggan --bogus finns inte",
            "riskctl: No such option: --bogus",
        ),
    ],
)
def test_typer_usage_errors_in_swedish(args, swedish, english):
    code, line = _error("--lang", "sv", *args)
    assert code == 2
    assert line.startswith(swedish), line
    code, line = _error(*args)
    assert code == 2
    assert line.startswith(english), line


def test_the_confirmation_asks_in_swedish_and_takes_a_swedish_yes(cli):
    assert cli("org", "add", "Kommunstyrelsen", "--code", "KS").exit_code == 0
    for title in ("Cyberhot", "Energibrist"):
        added = cli(*ADD[:4], "--org", "KS", "-t", title, "-p", "2", "-s", "2")
        assert added.exit_code == 0, added.stderr
    refused = cli("--lang", "sv", "risk", "remove", "1", "--year", "2025", input="n\n")
    assert refused.exit_code == 1
    assert "Ta bort risk 1 (Cyberhot) ur analysen för 2025? [j/N]: " in refused.stdout
    assert refused.stderr == "riskctl: avbrutet; inget ändrades\n"
    removed = cli("--lang", "sv", "risk", "remove", "1", "--year", "2025", input="j\n")
    assert removed.exit_code == 0, removed.stderr
    english = cli("risk", "remove", "2", "--year", "2025", input="y\n")
    assert english.exit_code == 0, english.stderr
    assert "Remove risk 2 (Energibrist) from 2025? [y/N]: " in english.stdout
    listed = cli("risk", "list", "--year", "2025", "--org", "KS", "-f", "json")
    assert listed.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("args", "swedish"),
    [
        (
            ("sample", "draw", "1", "-p", "/nonexistent.csv", "--id-column", "Id", "-n", "3"),
            "riskctl: --population: '/nonexistent.csv' är inte tillåtet; filen finns inte\n",
        ),
        (
            ("serve", "--port", "0"),
            "riskctl: --port: 0 är inte tillåtet; använd en port från 1 till 65535\n",
        ),
        (
            ("report", "analysis", "--year", "2025", "--org", "KS", "-f", "docx"),
            "riskctl: --output: '-' är inte tillåtet; docx är ett filformat; ange -o FIL.docx\n",
        ),
        (
            ("import", "/nonexistent.csv", "--year", "2025", "--org", "KS"),
            "riskctl: FILE: '/nonexistent.csv' är inte tillåtet; filen finns inte\n",
        ),
    ],
)
def test_the_hints_of_swedish_errors_are_swedish_too(args, swedish):
    out = run("--lang", "sv", *args)
    assert (out.exit_code, out.stderr) == (2, swedish)
