"""Markdown (GitHub flavour, via tabulate): the documents' tables for a wiki or a mail.

Markdown has no cell colours, so a coloured cell (risk value band, assessment) carries the
nearest coloured square emoji; the legend explains them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from riskctl.services.reports import Column, HeatMap, Report, Table

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
    if value is None:
        return ""
    text = str(value).replace("|", "\\|")
    return "<br>".join(line for line in text.splitlines())


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

    headers = [f"{heat.row_axis} ↓ / {heat.col_axis} →", *heat.col_labels]
    body = [
        [f"**{label}**", *(f"{square(c)} {n}" for n, c in zip(counts, colors, strict=True))]
        for label, counts, colors in zip(heat.row_labels, heat.counts, heat.colors, strict=True)
    ]
    return tabulate(body, headers=headers, tablefmt="github", disable_numparse=True)


def _scales(report: Report) -> list[str]:
    parts = [f"## {report.scale_title}", ""]
    for scale in report.scales:
        parts += [f"### {scale.title}", ""]
        parts += [
            f"{n}. *{label}: {text}*" if text else f"{n}. *{label}*"
            for n, label, text in scale.levels
        ]
        parts.append("")
    return parts


def to_markdown(report: Report) -> str:
    parts = [f"# {report.title}", ""]
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
        parts += [f"**{legend.title}**", ""]
        parts += [
            f"- {square(e.color)} {e.label}" + (f": {e.text}" if e.text else "")
            for e in legend.entries
        ]
        parts.append("")
    if report.table is not None and report.kind != "matrix":
        parts += [_table(report.table, report.table.document_columns()), ""]
    if heat is not None and report.kind != "matrix":
        parts += [
            f"## {heat.title}",
            "",
            _heatmap(heat),
            "",
            f"{report.labels.get('total', 'Total')}: {heat.total}",
            "",
        ]
    if report.scales and report.kind == "matrix":
        parts += _scales(report)
    return "\n".join(parts).rstrip("\n") + "\n"
