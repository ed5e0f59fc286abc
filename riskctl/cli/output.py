"""What a command prints and asks: rows as a table, JSON, CSV or Markdown (`emit`), one
record (`print_record`), headers in the current language (`headed`), a yes/no question
(`confirm`).

Column headers of tables and Markdown are translated; CSV headers and JSON keys are the
machine keys, the same in every language. The rendering itself is `riskctl.render`'s (shared
with the terminal UI); files a command writes (-o) go through `riskctl.safe_write`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import typer

from riskctl.cli.options import Format
from riskctl.i18n import _


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


def confirm(question: str) -> None:
    """Ask `question` with [y/N] ([j/N] in Swedish); go on only if the answer is yes (y, yes;
    in Swedish also j, ja), else abort: 'aborted; nothing was changed'."""
    answer = typer.prompt(
        f"{question} {_('[y/N]')}", default="", show_default=False, prompt_suffix=": "
    )
    yes = {"y", "yes", _("y"), _("yes")}
    if str(answer).strip().lower() not in yes:
        raise typer.Abort()
