"""Help screens in the current language: `App`, `Group` and `Command`.

Every group and command is made with `App` (a `typer.Typer` whose groups are `Group` and
commands `Command`), which pass the docstrings, the options' help and Typer's own words
("Options", "[required]", "Usage:") through `_()` when the help is shown. Their Swedish texts
are in `locale/sv/LC_MESSAGES/help.po`.

This is the part of the command line most fragile to a Typer upgrade: it sets module
constants of `typer.rich_utils`, overrides methods of Typer's (vendored click's) command
classes and relies on the order in which they format a help screen. After an upgrade, run
tests/cli/test_help_language.py first. Typer's usage errors, made again in the current
language, are in `riskctl.cli.errors` and depend on Typer in the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from riskctl.cli.options import check_integers
from riskctl.errors import shown
from riskctl.i18n import N_, _

# Typer's own words in its help screens: module constants of `typer.rich_utils`, which Typer
# computes once, in English, when it is imported. Each is set to its translation while a help
# screen is formatted.
TYPER_HELP_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
}
# The placeholders of the usage line that Typer writes in English.
USAGE_WORDS = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."))


@contextmanager
def _help_in_language(command: Any, ctx: Any) -> Iterator[None]:
    """While Typer formats `command`'s help: its help, its parameters' help, its subcommands'
    help (the list of commands) and Typer's own words in the current language.

    The English texts are the message ids (a docstring as `inspect.getdoc` gives it); they are
    put back afterwards, so that the next help screen is made in its own language. Rich markup
    in a translation is escaped: `[[band]]` is text, not a style.
    """
    rich_mode = getattr(command, "rich_markup_mode", None) == "rich"
    if rich_mode:
        from rich.markup import escape
    saved: list[tuple[Any, str, Any]] = []

    def put(obj: Any, name: str, value: Any) -> None:
        saved.append((obj, name, getattr(obj, name)))
        setattr(obj, name, value)

    def translate(obj: Any, *names: str) -> None:
        for name in names:
            text = getattr(obj, name, None)
            if text:
                put(obj, name, escape(_(text)) if rich_mode else _(text))

    subcommands = getattr(command, "commands", {})
    for obj in (command, *subcommands.values()):
        translate(obj, "help", "short_help")
    for param in command.get_params(ctx):
        translate(param, "help")
    if rich_mode:
        from typer import rich_utils

        for name, message in TYPER_HELP_TEXTS.items():
            put(rich_utils, name, _(message))
    try:
        yield
    finally:
        for obj, name, value in reversed(saved):
            setattr(obj, name, value)


def _write_usage(command: Any, ctx: Any, formatter: Any) -> None:
    """The usage line, 'Usage: riskctl risk add [OPTIONS]', in the current language."""
    pieces = [_(p) if p in USAGE_WORDS else p for p in command.collect_usage_pieces(ctx)]
    formatter.write_usage(ctx.command_path, " ".join(pieces), _("Usage:") + " ")


def _short_help(command: Any, limit: int, short_help: Any) -> str:
    """The first sentence of the help (for shell completion), in the current language."""
    saved = command.help, command.short_help
    command.help = _(command.help) if command.help else command.help
    command.short_help = _(command.short_help) if command.short_help else command.short_help
    try:
        return str(short_help(limit))
    finally:
        command.help, command.short_help = saved


class _InLanguage:
    """Help, usage and short help in the current language (see `_help_in_language`)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with _help_in_language(self, ctx):
            super().format_help(ctx, formatter)  # type: ignore[misc]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _write_usage(self, ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        return _short_help(self, limit, super().get_short_help_str)  # type: ignore[misc]


class Command(_InLanguage, TyperCommand):
    """A command whose help is shown in the current language."""

    def invoke(self, ctx: Any) -> Any:
        check_integers(self, ctx)
        return super().invoke(ctx)


class Group(_InLanguage, TyperGroup):
    """A command group whose help, and list of commands, is shown in the current language.

    An unknown command is refused in the current language too ('No such command', with the
    commands it may have meant)."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        # Typer refuses an unknown name that looks like an option itself (No such option).
        unknown = name[:1].isalnum() and self.get_command(ctx, name) is None
        if unknown and ctx.token_normalize_func is None and not ctx.resilient_parsing:
            import difflib

            message = _("No such command {name}.").format(name=shown(name))
            close = difflib.get_close_matches(name, list(self.commands))
            if close and self.suggest_commands:
                message += " " + _("Did you mean {names}?").format(
                    names=", ".join(repr(c) for c in close)
                )
            ctx.fail(message)
        return super().resolve_command(ctx, args)


class App(typer.Typer):
    """`typer.Typer` for riskctl: its groups are `Group`s and its commands `Command`s, so that
    every help screen is in the current language."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", Group)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)
