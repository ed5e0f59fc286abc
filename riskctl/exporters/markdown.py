"""Markdown (GitHub flavour, via tabulate): the documents' tables for a wiki or a mail.

Markdown has no cell colours, so a coloured cell (risk value band, assessment) carries the
nearest coloured square emoji; the legend explains them.

Every text from the store (titles, notes, board names, scale labels) is escaped: HTML in it is
shown as text, never passed to the renderer, and a `|` does not split a table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from riskctl.services.reports.model import Column, HeatMap, Report, Table

SQUARES = {
    "🟩": (76, 175, 80),
    "🟨": (255, 213, 79),
    "🟧": (255, 152, 0),
    "🟥": (229, 57, 53),
    "🟦": (33, 150, 243),
    "🟪": (156, 39, 176),
    "🟫": (121, 85, 72),
    "⬜": (224, 224, 224),
    "⬛": (33, 33, 33),
}


def square(color: str) -> str:
    """The coloured square emoji nearest to `#rrggbb`."""
    try:
        rgb = tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))
    except (ValueError, IndexError):
        return ""
    return min(
        SQUARES, key=lambda k: sum((a - b) ** 2 for a, b in zip(SQUARES[k], rgb, strict=True))
    )


def _text(value: Any) -> str:
    from riskctl.render import markdown_cell

    return "" if value is None else markdown_cell(value)


def _table(table: Table, columns: list[Column]) -> str:
    from tabulate import tabulate

    body = []
    for row, fills in zip(table.rows, table.fills, strict=True):
        cells = []
        for c in columns:
            text = _text(row.get(c.key))
            if c.key in fills:
                text = f"{square(fills[c.key])} {text}".strip()
            if c.strong and text:
                text = f"**{text}**"
            cells.append(text)
        body.append(cells)
    headers = [_text(c.header) for c in columns]
    return tabulate(body, headers=headers, tablefmt="github", disable_numparse=True)


def _heatmap(heat: HeatMap) -> str:
    from tabulate import tabulate

    headers = [f"{_text(heat.row_axis)} ↓ / {_text(heat.col_axis)} →"]
    headers += [_text(label) for label in heat.col_labels]
    body = [
        [f"**{_text(label)}**", *(f"{square(c)} {n}" for n, c in zip(counts, colors, strict=True))]
        for label, counts, colors in zip(heat.row_labels, heat.counts, heat.colors, strict=True)
    ]
    return tabulate(body, headers=headers, tablefmt="github", disable_numparse=True)


def _scales(report: Report) -> list[str]:
    parts = [f"## {_text(report.scale_title)}", ""]
    for scale in report.scales:
        parts += [f"### {_text(scale.title)}", ""]
        parts += [
            f"{n}. *{_text(label)}: {_text(text)}*" if text else f"{n}. *{_text(label)}*"
            for n, label, text in scale.levels
        ]
        parts.append("")
    return parts


def to_markdown(report: Report) -> str:
    parts = [f"# {_text(report.title)}", ""]
    for line in report.heading:
        parts += [f"**{_text(line)}**" if line == report.heading[0] else _text(line), ""]
    for paragraph in report.summary:
        parts += [_text(paragraph), ""]
    heat = report.heatmap
    if heat is not None and report.kind == "matrix":
        parts += [_heatmap(heat), "", f"{report.labels.get('total', 'Total')}: {heat.total}", ""]
    if report.scales and report.kind != "matrix":
        parts += _scales(report)
    for legend in report.legends:
        parts += [f"**{_text(legend.title)}**", ""]
        parts += [
            f"- {square(e.color)} {_text(e.label)}" + (f": {_text(e.text)}" if e.text else "")
            for e in legend.entries
        ]
        parts.append("")
    if report.table is not None and report.kind != "matrix":
        parts += [_table(report.table, report.table.document_columns()), ""]
    if heat is not None and report.kind != "matrix":
        parts += [
            f"## {_text(heat.title)}",
            "",
            _heatmap(heat),
            "",
            f"{report.labels.get('total', 'Total')}: {heat.total}",
            "",
        ]
    if report.scales and report.kind == "matrix":
        parts += _scales(report)
    return "\n".join(parts).rstrip("\n") + "\n"
