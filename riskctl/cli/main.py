"""The `riskctl` command: global options and the command groups."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated, Any, ClassVar

import typer

from riskctl import __version__
from riskctl.cli import followup as followup_cli
from riskctl.cli import importing as importing_cli
from riskctl.cli import matrix as matrix_cli
from riskctl.cli import tui as tui_cli
from riskctl.cli.errors import run_reported
from riskctl.cli.help_text import App, Group
from riskctl.cli.options import check_arguments
from riskctl.cli.state import State, begin_start_up, given_language
from riskctl.i18n import set_language


class _Unbuilt(Group):
    """A command group of `RiskctlGroup.lazy_groups` that has not been built yet."""


class RiskctlGroup(Group):
    """Prints every failure as one line on stderr (`riskctl: …`) with a meaningful exit code
    (see `riskctl.cli.errors`). No traceback.

    The language the global options choose holds for this one command: afterwards the process
    is back at the default (several commands run in one process, as in the tests).

    The command groups in `lazy_groups` are built when one is used: Typer builds every command
    of a group from its function's signature, which `riskctl --help` (it lists only the groups'
    names and help) and a command of another group need not pay for."""

    lazy_groups: ClassVar[dict[str, tuple[str, str]]] = {}
    """name → (the module whose `app` is the group, the group's help)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._listing = False
        for name, (_module, help_text) in self.lazy_groups.items():
            # A stand-in with the group's name and help, for the list of commands.
            self.commands[name] = _Unbuilt(name=name, help=help_text)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = self.commands.get(cmd_name)
        if isinstance(command, _Unbuilt) and not self._listing:
            from importlib import import_module

            from typer.main import get_group

            module, help_text = self.lazy_groups[cmd_name]
            command = get_group(import_module(module).app)
            command.name, command.help = cmd_name, help_text
            self.commands[cmd_name] = command
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            rv = self._run(args, prog_name, complete_var, windows_expand_args, **extra)
        finally:
            set_language(None)
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)

    def _run(
        self,
        args: Sequence[str] | None,
        prog_name: str | None,
        complete_var: str | None,
        windows_expand_args: bool,
        **extra: Any,
    ) -> Any:
        """Run the command; the exit code, with any failure reported as one line."""
        # The language is chosen before Typer parses anything, so that `--help` (on any
        # level, before or after --lang) and Typer's own usage errors are in it too; the
        # root's callback chooses it again from the parsed options.
        given = list(sys.argv[1:] if args is None else args)
        State(lang=given_language(given), quiet=True).choose_language()

        def command() -> Any:
            check_arguments(given)
            return super(RiskctlGroup, self).main(
                args=args,
                prog_name=prog_name or "riskctl",
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )

        return run_reported(command, given)


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
