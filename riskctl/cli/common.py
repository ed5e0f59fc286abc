"""What every command shares: the store, the language, the output format, one-line errors.

Texts a user reads go through `riskctl.i18n._` when they are shown (English message ids, the
Swedish catalog in `locale/sv/LC_MESSAGES/cli.po`). Column headers of tables and Markdown are
translated; CSV headers and JSON keys are the machine keys, the same in every language.

Help follows the language too: every group and command is made with `App` (a `typer.Typer`
whose groups are `Group` and commands `Command`), which pass the docstrings, the options' help
and Typer's own words ("Options", "[required]", "Usage:") through `_()` when the help is shown.
Their Swedish texts are in `locale/sv/LC_MESSAGES/help.po`. Typer's usage errors ("Missing
option", "No such command") are made again from their fields in the current language.
"""

from __future__ import annotations

import errno
import gc
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, NoReturn, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from riskctl.errors import RiskctlError, shown
from riskctl.i18n import _, language_of, set_language

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from riskctl.config import Settings

_T = TypeVar("_T")


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format: table, json, csv or md.")
]
OrgOption = Annotated[str, typer.Option("--org", "-o", help="Board code or name, e.g. KS.")]
OptionalOrg = Annotated[
    str | None, typer.Option("--org", "-o", help="Board code or name; all boards if left out.")
]
YearOption = Annotated[int, typer.Option("--year", "-y", help="Year of the analysis or plan.")]


@dataclass
class State:
    """Global options and the store, opened on first use."""

    db: str | None = None
    lang: str | None = None
    user: str | None = None
    # The state made before the options are parsed only picks the language: its settings'
    # warnings are left to the command's own state, so that each is said once.
    quiet: bool = False
    _settings: Settings | None = field(default=None, repr=False)
    _engine: Engine | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from riskctl.config import load_settings

            self._settings = load_settings(self.db, self.lang, self.user)
            if not self.quiet:
                for warning in self._settings.warnings:
                    typer.echo(f"riskctl: {warning}", err=True)
        return self._settings

    def choose_language(self) -> None:
        """Set the language of every text: --lang, else $RISKCTL_LANG, else the config file's
        `lang`, else the locale (LC_ALL, LC_MESSAGES, LANG); English unless one says Swedish."""
        try:
            chosen = self.settings.lang
        except RiskctlError:
            # A broken config file is reported by the command that needs the settings.
            chosen = self.lang
        set_language(language_of(chosen) if chosen else None)

    @property
    def language(self) -> str:
        """sv or en: the language texts are shown in (see `choose_language`)."""
        from riskctl.i18n import language

        return language()

    def engine(self) -> Engine:
        if self._engine is None:
            from riskctl.db import open_store
            from riskctl.paths import default_database_url

            url = self.settings.database_url
            end_start_up()
            self._engine = open_store(url, create_dirs=url == default_database_url())
        return self._engine

    def close(self) -> None:
        """Close the store's connections: the command is over (see `main`'s callback)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    @contextmanager
    def reading(self) -> Iterator[Session]:
        from riskctl.db import reading

        with reading(self.engine()) as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        from riskctl.db import writing

        with writing(self.engine(), self.settings.user) as session:
            yield session

    def write(self, work: Callable[[Session], _T], *, blind: bool = True) -> _T:
        """`work` in one write transaction; a `blind` one (no --if-version) is run again when
        another controller wrote the same rows at the same moment (`write_retrying`)."""
        from riskctl.db import write_retrying

        return write_retrying(self.engine(), work, user=self.settings.user, blind=blind)


def state(ctx: typer.Context) -> State:
    end_start_up()  # the command's modules are imported: what it reads next is its own
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
        root.call_on_close(root.obj.close)
    return root.obj


# Garbage collection in a process that runs one command and exits (the console script,
# `riskctl.cli.main.run`). Its start-up (Typer, SQLModel and SQLAlchemy, the tables) makes
# some 120,000 objects that live until the process ends, and next to no garbage (some 700
# objects). So the collector is off while it runs (its collections cost ~35 ms of
# `riskctl risk list`); as the command opens the store, what start-up made is frozen
# (`gc.freeze`) and the collector is on again. No collection walks those objects again, nor
# the interpreter's last one as the process exits (~70 ms); the objects made from then on (the
# engine, sessions, rows, the terminal UI) are collected as before. A command that never
# opens the store (help, a usage error, `riskctl db`) ends with the collector still off. The
# store's connections are closed by `State.close` as the command ends, not left to that last
# collection (SQLite then removes its WAL files, as before). The tests run many commands in
# one process: they never call `begin_start_up`.
_starting_up = False


def begin_start_up() -> None:
    """The process runs one command: no garbage collection until `end_start_up`."""
    global _starting_up
    _starting_up = True
    gc.disable()


def end_start_up() -> None:
    """Start-up is over (the command opens the store): freeze what it made, collect again."""
    global _starting_up
    if _starting_up:
        _starting_up = False
        gc.freeze()
        gc.enable()


def N_(message: str) -> str:
    """Marks a message for the catalogs where it is defined; `_()` translates it when shown."""
    return message


def headed(columns: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The columns with their headers (marked with `N_`) in the current language.

    Only tables and Markdown show the headers; CSV shows the keys, JSON the whole rows.
    """
    return [(key, _(header)) for key, header in columns]


def print_record(record: dict[str, Any], fields: Sequence[tuple[str, str]], fmt: Format) -> None:
    """One record: a JSON object; CSV field/value rows with the keys; else a two-column table
    with the field names (marked with `N_`) in the current language."""
    from riskctl.render import render, render_record

    if fmt in (Format.json, Format.csv):
        typer.echo(render_record(record, fmt.value, [(key, key) for key, _label in fields]))
        return
    rows = [{"field": _(label), "value": record.get(key)} for key, label in fields]
    typer.echo(render(rows, [("field", _("field")), ("value", _("value"))], fmt.value))


def emit(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    fmt: Format,
    *,
    json_rows: Sequence[dict[str, Any]] | None = None,
    empty: str = "",
    wrap: dict[str, int] | None = None,
) -> None:
    from riskctl.render import render

    if not rows and fmt == Format.table and empty:
        typer.echo(empty, err=True)
        return
    typer.echo(render(rows, columns, fmt.value, json_rows=json_rows, wrap=wrap))


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


# Parameters whose column is 64-bit, checked by their service (`sample draw --seed`).
WIDE_INTEGERS = frozenset({"seed"})


def check_integers(command: Any, ctx: Any) -> None:
    """Refuse a whole number that no column of the store can hold (`risk show 10**30`), for
    every integer option and argument of `command`, before the command runs: the driver would
    fail on it (SQLite's OverflowError, PostgreSQL's "integer out of range")."""
    from riskctl.errors import InvalidInput
    from riskctl.services.validate import INT_MAX, INT_MIN, whole_number_range

    for param in command.get_params(ctx):
        value = ctx.params.get(param.name)
        if param.name in WIDE_INTEGERS:
            continue
        if type(value) is int and not INT_MIN <= value <= INT_MAX:
            raise InvalidInput(_param_name(param), value, whole_number_range())


def _param_name(param: Any) -> str:
    """'--year' for an option (its longest name), 'ID' for an argument (its metavar)."""
    if getattr(param, "param_type_name", "") == "argument":
        return str(getattr(param, "metavar", None) or str(param.name).upper())
    return max(getattr(param, "opts", None) or [str(param.name)], key=len)


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


class _Unbuilt(Group):
    """A command group of `RiskctlGroup.lazy_groups` that has not been built yet."""


def confirm(question: str) -> None:
    """Ask `question` with [y/N] ([j/N] in Swedish); go on only if the answer is yes (y, yes;
    in Swedish also j, ja), else abort: 'aborted; nothing was changed'."""
    answer = typer.prompt(
        f"{question} {_('[y/N]')}", default="", show_default=False, prompt_suffix=": "
    )
    yes = {"y", "yes", _("y"), _("yes")}
    if str(answer).strip().lower() not in yes:
        raise typer.Abort()


def fail(message: str, code: int = 2) -> NoReturn:
    raise RiskctlError(message) if code == 1 else _Usage(message, code)


class _Usage(RiskctlError):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.exit_code = code


def _one_line(message: str) -> str:
    return " ".join(line.strip() for line in str(message).splitlines() if line.strip())


class RiskctlGroup(Group):
    """Prints every failure as one line on stderr (`riskctl: …`) with a meaningful exit code:
    2 for bad input, 3 for a conflicting change, 1 for anything else. No traceback.

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
        State(lang=_given_language(given), quiet=True).choose_language()
        try:
            check_arguments(given)
            rv = super().main(
                args=args,
                prog_name=prog_name or "riskctl",
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        except typer.TyperException as exc:  # Typer's (vendored click's) usage errors
            if type(exc).__name__ == "NoArgsIsHelpError":
                rv = 2  # Typer has printed the group's help already
            else:
                rv = _report(_usage_message(exc), exc.exit_code)
        except typer.Abort:
            rv = _report(_("aborted; nothing was changed"), 1)
        except RiskctlError as exc:
            rv = _report(exc.message, exc.exit_code)
        except KeyboardInterrupt:
            rv = _report(_("interrupted; nothing was changed"), 130)
        except Exception as exc:  # a bug: say so plainly, keep secrets out
            if isinstance(exc, OSError) and _names_a_path(exc):
                err = _path_error(exc, given)
                return _report(err.message, err.exit_code)
            if isinstance(exc, OSError) and exc.errno in _OUTPUT_ERRNOS and not exc.filename:
                # Standard output on a full disk (`riskctl … > file`): the system's reason,
                # and no second report when Python flushes the rest of it on exit.
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until the exit
                return _report(
                    _("cannot write the output ({reason})").format(reason=exc.strerror or exc), 1
                )
            if os.environ.get("RISKCTL_DEBUG"):
                raise
            rv = _report(
                _(
                    "unexpected error ({name}); nothing was changed. "
                    "Set RISKCTL_DEBUG=1 to see the details"
                ).format(name=type(exc).__name__),
                1,
            )
        return rv


def check_arguments(args: Sequence[str]) -> None:
    """Refuse an argument that is not UTF-8 text, naming it: Python hands such bytes on as
    lone surrogates (`\\udcff`), which no store, file or terminal can take."""
    from riskctl.errors import InvalidInput

    for n, token in enumerate(args):
        if "\x00" in token:
            # No operating system passes a NUL in an argument; a caller in Python can.
            raise InvalidInput(
                _("argument {number}").format(number=n + 1),
                token,
                _("it must not contain control characters"),
            )
        if not _SURROGATE.search(token):
            continue
        name, sep, value = token.partition("=")
        if sep and name.startswith("--") and not _SURROGATE.search(name):
            field = name
        elif n > 0 and args[n - 1].startswith("-") and args[n - 1] != "--":
            field, value = args[n - 1], token
        else:
            field, value = _("argument {number}").format(number=n + 1), token
        raise InvalidInput(field, value, _("use text in UTF-8 (it has bytes that are not)"))


_SURROGATE = re.compile("[\ud800-\udfff]")
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def _names_a_path(exc: OSError) -> bool:
    from riskctl.errors import PATH_ERRNOS

    return exc.errno in PATH_ERRNOS and isinstance(exc.filename, str | bytes)


def _path_error(exc: OSError, args: Sequence[str]) -> RiskctlError:
    """A file a command was given that the system refused (a name too long, a folder in the
    way, no right to it) and that the command's own checks let through: the path's one-line
    error (exit 2), naming the option or argument that gave it."""
    from riskctl.errors import InvalidInput

    path = os.fsdecode(exc.filename)
    field = "FILE"
    for n, token in enumerate(args):
        name, sep, value = token.partition("=")
        if sep and name.startswith("--") and value == path:
            field = name
        elif token == path and n > 0 and args[n - 1].startswith("--"):
            field = args[n - 1]
        else:
            continue
        break
    reason = exc.strerror or type(exc).__name__
    return InvalidInput(field, path, _("it cannot be used ({reason})").format(reason=reason))


def _given_language(args: Sequence[str]) -> str | None:
    """The value of the global --lang in `args`, if it comes before the command."""
    tokens = iter(args)
    for token in tokens:
        if token == "--lang":
            return next(tokens, None)
        if token.startswith("--lang="):
            return token.partition("=")[2]
        if token in ("--db", "--user"):
            next(tokens, None)
        elif not token.startswith("-") or token == "--":
            return None  # the command: what follows are its own arguments
    return None


def _usage_message(exc: typer.TyperException) -> str:
    ctx = getattr(exc, "ctx", None)
    where = f"{ctx.command_path}: " if ctx is not None else ""
    return where + (_bad_value(exc) or _typer_message(exc))


_EXTRA_ARGS = re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)$", re.DOTALL)


def _typer_message(exc: typer.TyperException) -> str:
    """Typer's usage error in the current language, made from the exception's fields (the
    parameter, the option's name) as far as it has them; Typer's own English words else.

    The English message ids are Typer's wording, so English reads as Typer's."""
    kinds = {cls.__name__ for cls in type(exc).__mro__}
    message = str(exc.message or "")
    if "MissingParameter" in kinds:
        return _missing(exc)
    if "NoSuchOption" in kinds:
        text = _("No such option: {name}").format(name=_printable(getattr(exc, "option_name", "")))
        close = getattr(exc, "possibilities", None)
        if close:
            text += " " + _("(Possible options: {names})").format(names=", ".join(sorted(close)))
        return text
    if "BadOptionUsage" in kinds:
        name = repr(_printable(getattr(exc, "option_name", "")))
        if message.endswith("does not take a value."):
            return _("Option {name} does not take a value.").format(name=name)
        if " requires " in message:
            return _("Option {name} requires an argument.").format(name=name)
    param = getattr(exc, "param", None)
    if "BadParameter" in kinds and param is not None:
        return _("Invalid value for {name}: {reason}").format(
            name=param.get_error_hint(), reason=message
        )
    extra = _EXTRA_ARGS.match(message)
    if extra:
        return _("Got unexpected extra argument(s) ({args})").format(args=_cut(extra["args"]))
    if message == "Missing command.":
        return _("Missing command.")
    return exc.format_message()


def _missing(exc: Any) -> str:
    """'Missing option '--org' / '-o'.' in the current language."""
    param = getattr(exc, "param", None)
    hint = exc.param_hint
    if hint is None and param is not None:
        hint = param.get_error_hint()
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(h) for h in hint)
    kind = exc.param_type or getattr(param, "param_type_name", "parameter")
    if kind == "option":
        text = _("Missing option {name}.")
    elif kind == "argument":
        text = _("Missing argument {name}.")
    else:
        text = _("Missing parameter {name}.")
    text = text.format(name=hint or "")
    choices = _choices(param)
    if choices:
        text += " " + _("Choose from: {choices}.").format(choices=", ".join(choices))
    if exc.message:
        text += f" {exc.message}"
    return text


def _choices(param: Any) -> list[str]:
    """The values a choice parameter (an enum) allows; none for any other parameter."""
    described = getattr(param, "type_descriptor", None)
    if not getattr(described, "is_choice", False):
        return []
    return [str(getattr(c, "value", c)) for c in getattr(described, "choices", None) or ()]


def _printable(text: str) -> str:
    """`text` cut to a readable length, its control characters written as escapes (never sent
    to the terminal)."""
    from riskctl.errors import visible

    return visible(text)


def _cut(text: str) -> str:
    """Text Typer has escaped already, cut to a readable length."""
    from riskctl.errors import SHOWN_MAX, SHOWN_TAIL

    return (
        text
        if len(text) <= SHOWN_MAX
        else text[: SHOWN_MAX - SHOWN_TAIL - 1] + "…" + text[-SHOWN_TAIL:]
    )


def _bad_value(exc: typer.TyperException) -> str | None:
    """'--probability: 'abc' is not allowed; use a whole number' for a value Typer rejected."""
    param, cause = getattr(exc, "param", None), exc.__cause__
    errors = getattr(cause, "errors", None)
    if param is None or not callable(errors):
        return None
    first = errors()[0] if errors() else {}
    if "input" not in first:
        return None
    name = max(getattr(param, "opts", None) or [str(param.name)], key=len)
    kind = str(first.get("type", ""))
    choices = _choices(param)
    if choices:
        reason = _("use one of {choices}").format(choices=", ".join(choices))
    elif kind.startswith("int_"):
        reason = _("use a whole number")
    elif kind.startswith("float_"):
        reason = _("use a number")
    elif kind.startswith("bool_"):
        reason = _("use true or false")
    else:  # the converter's own words, in English
        reason = str(first.get("msg", "invalid value"))
        reason = reason[:1].lower() + reason[1:]
    return _("{field}: {value} is not allowed; {allowed}").format(
        field=name, value=shown(first["input"]), allowed=reason
    )


def _report(message: str, code: int) -> int:
    from riskctl.db import mask_url

    text = _one_line(message)
    url = os.environ.get("RISKCTL_DATABASE_URL")
    if url:
        # A password must never reach the screen, whichever message carried it.
        text = text.replace(url, mask_url(url))
    prefix = "" if text.startswith("riskctl") else "riskctl: "
    typer.echo(f"{prefix}{text}", err=True)
    return code
