"""Rows to text: tables (tabulate), Markdown, CSV and JSON. Shared by the CLI and the TUI.

What a user typed is data in every format: a CSV text cell that a spreadsheet would run as a
formula is neutralised (`riskctl.cell_safety`), and a Markdown cell has its `|` (which would
split the table) and its HTML (which a Markdown renderer would run) escaped.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from riskctl.cell_safety import neutralise

FORMATS = ("table", "json", "csv", "md")

Column = tuple[str, str]  # (key in the row, header)


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def markdown_cell(value: Any) -> str:
    """A cell's text as Markdown shows it literally: HTML and `|` escaped, lines as <br>."""
    from html import escape

    text = escape(str(value), quote=False).replace("|", "\\|")
    return "<br>".join(text.splitlines())


def render(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[Column],
    fmt: str,
    *,
    json_rows: Sequence[dict[str, Any]] | None = None,
    wrap: dict[str, int] | None = None,
) -> str:
    """`columns` choose what a table, Markdown or CSV shows; JSON carries whole rows.

    `wrap` gives long text columns (by key) a width at which a plain table wraps them.
    """
    if fmt == "json":
        return to_json(list(json_rows if json_rows is not None else rows))
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([key for key, _ in columns])
        for row in rows:
            writer.writerow([neutralise(_cell(row.get(key))) for key, _ in columns])
        return out.getvalue().rstrip("\n")
    from tabulate import tabulate

    table = [[_cell(row.get(key)) for key, _ in columns] for row in rows]
    headers = [header for _, header in columns]
    if fmt == "md":
        table = [[markdown_cell(cell) for cell in cells] for cells in table]
        headers = [markdown_cell(header) for header in headers]
        return tabulate(table, headers=headers, tablefmt="github", disable_numparse=True)
    widths = [(wrap or {}).get(key) for key, _ in columns] if rows else None
    return tabulate(
        table, headers=headers, tablefmt="simple", disable_numparse=True, maxcolwidths=widths
    )


def render_record(record: dict[str, Any], fmt: str, fields: Sequence[Column]) -> str:
    """One record: JSON object, or a two-column field/value table."""
    if fmt == "json":
        return to_json(record)
    rows = [{"field": header, "value": _cell(record.get(key))} for key, header in fields]
    return render(rows, [("field", "field"), ("value", "value")], fmt)
