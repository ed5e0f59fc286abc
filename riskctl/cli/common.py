"""What every command shares: the store, the language, the output format, one-line errors.

Texts a user reads go through `riskctl.i18n._` when they are shown (English message ids, the
Swedish catalog in `locale/sv/LC_MESSAGES/cli.po`). Column headers of tables and Markdown are
translated; CSV headers and JSON keys are the machine keys, the same in every language.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from riskctl.errors import RiskctlError
from riskctl.i18n import _, set_language

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from riskctl.config import Settings


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
    _settings: Settings | None = field(default=None, repr=False)
    _engine: Engine | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from riskctl.config import load_settings

            self._settings = load_settings(self.db, self.lang, self.user)
        return self._settings

    def choose_language(self) -> None:
        """Set the language of every text: --lang, else $RISKCTL_LANG, else the config file's
        `lang`, else the locale (LC_ALL, LC_MESSAGES, LANG); English unless one says Swedish."""
        try:
            chosen = self.settings.lang
        except RiskctlError:
            # A broken config file is reported by the command that needs the settings.
            chosen = self.lang
        set_language(("sv" if chosen.lower().startswith("sv") else "en") if chosen else None)

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
            self._engine = open_store(url, create_dirs=url == default_database_url())
        return self._engine

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


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


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


def fail(message: str, code: int = 2) -> NoReturn:
    raise RiskctlError(message) if code == 1 else _Usage(message, code)


class _Usage(RiskctlError):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.exit_code = code


def _one_line(message: str) -> str:
    return " ".join(line.strip() for line in str(message).splitlines() if line.strip())


class RiskctlGroup(TyperGroup):
    """Prints every failure as one line on stderr (`riskctl: …`) with a meaningful exit code:
    2 for bad input, 3 for a conflicting change, 1 for anything else. No traceback.

    The language the global options choose holds for this one command: afterwards the process
    is back at the default (several commands run in one process, as in the tests)."""

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
        try:
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


def _usage_message(exc: typer.TyperException) -> str:
    ctx = getattr(exc, "ctx", None)
    where = f"{ctx.command_path}: " if ctx is not None else ""
    bad = _bad_value(exc)
    return where + (bad or exc.format_message())


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
    reason = str(first.get("msg", "invalid value"))
    if "valid integer" in reason:
        reason = _("use a whole number")
    elif "valid number" in reason:
        reason = _("use a number")
    else:  # the converter's own words, in English
        reason = reason[:1].lower() + reason[1:]
    return _("{field}: {value} is not allowed; {allowed}").format(
        field=name, value=repr(first["input"]), allowed=reason
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
