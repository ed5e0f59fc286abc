"""The options several commands share (--format, --org, --year), and the checks every
command's arguments get before it runs: UTF-8 text, whole numbers the store can hold."""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any

import typer

from riskctl.i18n import _


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
