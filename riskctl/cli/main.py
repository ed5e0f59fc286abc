"""The `riskctl` command: global options and the command groups."""

from __future__ import annotations

from typing import Annotated, ClassVar

import typer

from riskctl import __version__
from riskctl.cli import followup as followup_cli
from riskctl.cli import importing as importing_cli
from riskctl.cli import matrix as matrix_cli
from riskctl.cli import tui as tui_cli
from riskctl.cli.common import App, RiskctlGroup, State, begin_start_up


class Root(RiskctlGroup):
    # name → (module with its `app`, help): a group's module is imported when it is used.
    lazy_groups: ClassVar[dict[str, tuple[str, str]]] = {
        "org": ("riskctl.cli.org", "Boards (nämnder) and their scales."),
        "risk": ("riskctl.cli.risk", "Risks of a board's register and their yearly scores."),
        "year": ("riskctl.cli.year", "Work on whole years of the analysis."),
        "plan": (
            "riskctl.cli.plan",
            "The internal control plan: generate, edit, adopt, reopen, diff.",
        ),
        "followup": (
            "riskctl.cli.followup",
            "Follow-ups of the plan's controls (interim in August, annual in February).",
        ),
        "sample": (
            "riskctl.cli.sample",
            "Sample checks (stickprov): draw a sample anyone can re-draw, verify it against the "
            "population, and quantify the result with an exact upper bound.",
        ),
        "report": (
            "riskctl.cli.report",
            "The board's documents: analysis, plan, follow-up and heat map as Markdown, HTML, "
            "XLSX, DOCX, CSV or JSON.",
        ),
        "examples": ("riskctl.cli.examples", "Example registers to try riskctl on."),
        "db": ("riskctl.cli.db", "The store: schema revision and upgrades."),
        "audit": (
            "riskctl.cli.audit",
            "The audit trail: every change, field by field, oldest first; `audit verify` "
            "checks its hash chain, `audit head` prints its newest hash.\n\n"
            "Example: riskctl audit --entity risk --id 12 --since 2025-01-01",
        ),
    }


app = App(
    cls=Root,
    name="riskctl",
    help="Risk register, yearly risk and significance analysis, internal control plan and "
    "follow-up for a board.\n\nExample: riskctl risk list --year 2025 --org KS",
    no_args_is_help=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"riskctl {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database URL (sqlite:///PATH or postgresql://USER@HOST/DB); "
            "default: $RISKCTL_DATABASE_URL, the config file, else a SQLite file in the "
            "user data directory.",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of texts: sv or en (default: $RISKCTL_LANG, config, locale).",
            show_default=False,
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            help="Who makes the change (default: $RISKCTL_USER, else the OS user).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Risk register and internal control for a board.

    With no command, opens the terminal UI on the board and year last used.

    Example: riskctl --db sqlite:///ks.db risk list --year 2025 --org KS
    """
    if lang is not None and lang not in ("sv", "en"):
        from riskctl.errors import InvalidInput
        from riskctl.i18n import _

        raise InvalidInput("--lang", lang, _("use sv or en"))
    _check_user(user)
    ctx.obj = State(db=db, lang=lang, user=user)
    ctx.call_on_close(ctx.obj.close)
    ctx.obj.choose_language()
    if ctx.invoked_subcommand is None:
        tui_cli.launch(ctx.obj)


def _check_user(flag: str | None) -> None:
    """A --user or RISKCTL_USER that no audit entry may record is refused by every command,
    not only by those that write."""
    import os

    from riskctl.users import check_user

    if flag is not None:
        check_user(flag)
    if os.environ.get("RISKCTL_USER"):
        check_user(os.environ["RISKCTL_USER"], "RISKCTL_USER")


# The command groups are in `Root.lazy_groups`; Typer lists commands before groups.
app.command("matrix")(matrix_cli.matrix)
app.command("due")(followup_cli.due)
app.command("import")(importing_cli.import_file)
app.command("tui")(tui_cli.tui)
app.command("serve")(tui_cli.serve)


def run() -> None:
    """Console-script entry point: this process runs one command and exits."""
    begin_start_up()
    app()
