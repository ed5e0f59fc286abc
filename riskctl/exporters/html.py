"""HTML: one self-contained, printable file (A4, table headers repeated on every page).

No scripts, fonts or images from elsewhere: the stylesheet is inline and the heat map is a
table of coloured cells, so the file can be mailed, archived and printed as it is.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from riskctl.services.reports.model import HeatMap, Legend, Report, Table

SPLIT_FROM = 400  # characters in a cell from which a table row may break across pages
CSS = """
:root { --rule: #8c8c8c; --head: #d9d9d9; --muted: #555; }
@page { size: A4 %(orientation)s; margin: 14mm 12mm 16mm 12mm; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; box-sizing: border-box; }
body { font-family: Calibri, Carlito, "Segoe UI", Arial, sans-serif; font-size: 10pt;
       color: #000; margin: 0 auto; max-width: %(width)s; padding: 12mm 0; line-height: 1.3; }
h1 { font-size: 17pt; margin: 0 0 4pt 0; }
h2 { font-size: 13pt; margin: 14pt 0 4pt 0; }
h3 { font-size: 11pt; margin: 8pt 0 2pt 0; }
p.heading { margin: 0 0 2pt 0; }
p.board { font-weight: bold; font-size: 12pt; }
p.summary { margin: 8pt 0; }
ol.scale { margin: 0 0 4pt 0; padding-left: 18pt; }
ol.scale li { font-style: italic; }
table { border-collapse: collapse; width: 100%%; margin: 8pt 0; }
th, td { border: 0.5pt solid var(--rule); padding: 3pt 4pt; vertical-align: top;
         text-align: left; }
th { background: var(--head); font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.long { break-inside: auto; page-break-inside: auto; }
td.number { text-align: center; white-space: nowrap; }
td.assessment { text-align: center; }
td p { margin: 0 0 4pt 0; }
td p:last-child { margin-bottom: 0; }
.legend { margin: 6pt 0; break-inside: avoid; }
.legend h3 { margin-bottom: 3pt; }
.legend ul { list-style: none; margin: 0; padding: 0; }
.legend li { margin: 2pt 0; }
.swatch { display: inline-block; width: 11pt; height: 11pt; border: 0.5pt solid var(--rule);
          vertical-align: middle; margin-right: 5pt; }
table.heatmap { width: auto; break-inside: avoid; }
table.heatmap td.cell { width: 24mm; height: 14mm; text-align: center; vertical-align: middle;
                        font-size: 14pt; font-weight: bold; }
table.heatmap th { font-weight: normal; vertical-align: middle; }
table.heatmap thead th { text-align: center; }
table.heatmap th.axis { background: none; border: none; font-weight: bold; }
footer { margin-top: 12pt; color: var(--muted); font-size: 8pt; }
@media print { body { padding: 0; max-width: none; } }
"""


def text_color(background: str) -> str:
    """Black or white text, whichever reads better on the background."""
    try:
        r, g, b = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    except (ValueError, IndexError):
        return "#000000"
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#ffffff"


def _paragraphs(value: Any) -> str:
    """Text with its blank-line paragraphs and line breaks kept."""
    if value is None:
        return ""
    text = str(value)
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    if len(blocks) <= 1:
        return "<br>".join(escape(line) for line in text.strip().split("\n"))
    return "".join(
        "<p>" + "<br>".join(escape(line) for line in b.strip().split("\n")) + "</p>" for b in blocks
    )


def _style(color: str | None) -> str:
    if not color:
        return ""
    return f' style="background:{escape(color)};color:{text_color(color)}"'


def _table(table: Table) -> str:
    columns = table.document_columns()
    out = ['<table class="report">', "<colgroup>"]
    total = sum(c.width for c in columns) or 1
    out += [f'<col style="width:{100 * c.width / total:.1f}%">' for c in columns]
    out += ["</colgroup>", "<thead><tr>"]
    out += [f'<th scope="col">{escape(c.header)}</th>' for c in columns]
    out += ["</tr></thead>", "<tbody>"]
    for row, fills in zip(table.rows, table.fills, strict=True):
        cells = []
        for c in columns:
            body = _paragraphs(row.get(c.key))
            if c.strong and body:
                body = f"<strong>{body}</strong>"
            css = f' class="{c.kind}"' if c.kind != "text" else ""
            cells.append(f"<td{css}{_style(fills.get(c.key))}>{body}</td>")
        # Short rows stay on one page; a long one may break, or it would leave half a page
        # empty before it.
        long = max((len(str(row.get(c.key) or "")) for c in columns), default=0) >= SPLIT_FROM
        out.append(('<tr class="long">' if long else "<tr>") + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _legend(legend: Legend) -> str:
    items = "".join(
        f'<li><span class="swatch" style="background:{escape(e.color)}"></span>'
        f"<strong>{escape(e.label)}</strong>" + (f": {escape(e.text)}" if e.text else "") + "</li>"
        for e in legend.entries
    )
    return f'<div class="legend"><h3>{escape(legend.title)}</h3><ul>{items}</ul></div>'


def _heatmap(heat: HeatMap, total_label: str) -> str:
    cols = len(heat.col_labels)
    out = [
        '<table class="heatmap">',
        f'<thead><tr><th class="axis"></th><th class="axis" colspan="{cols}">'
        f"{escape(heat.col_axis)} →</th></tr>",
        '<tr><th class="axis">'
        + escape(heat.row_axis)
        + " ↓</th>"
        + "".join(f'<th scope="col">{escape(label)}</th>' for label in heat.col_labels)
        + "</tr></thead>",
        "<tbody>",
    ]
    for label, counts, colors in zip(heat.row_labels, heat.counts, heat.colors, strict=True):
        cells = "".join(
            f'<td class="cell"{_style(color)}>{n if n else ""}</td>'
            for n, color in zip(counts, colors, strict=True)
        )
        out.append(f'<tr><th scope="row">{escape(label)}</th>{cells}</tr>')
    out += ["</tbody>", "</table>", f"<p>{escape(total_label)}: {heat.total}</p>"]
    return "\n".join(out)


def _scales(report: Report) -> list[str]:
    out = [f"<h2>{escape(report.scale_title)}</h2>"]
    for scale in report.scales:
        out.append(f"<h3>{escape(scale.title)}</h3>")
        out.append(
            '<ol class="scale">'
            + "".join(
                f'<li value="{n}">{escape(label)}' + (f": {escape(text)}" if text else "") + "</li>"
                for n, label, text in scale.levels
            )
            + "</ol>"
        )
    return out


def to_html(report: Report) -> str:
    landscape = report.landscape
    css = CSS % {
        "orientation": "landscape" if landscape else "portrait",
        "width": "273mm" if landscape else "186mm",
    }
    body = [f"<h1>{escape(report.title)}</h1>"]
    for n, line in enumerate(report.heading):
        body.append(f'<p class="heading{" board" if n == 0 else ""}">{escape(line)}</p>')
    body += [f'<p class="summary">{escape(p)}</p>' for p in report.summary]
    heat = report.heatmap
    total = report.labels.get("total", "Total")
    if heat is not None and report.kind == "matrix":
        body.append(_heatmap(heat, total))
    if report.scales and report.kind != "matrix":
        body += _scales(report)
    body += [_legend(g) for g in report.legends]
    if report.table is not None and report.kind != "matrix":
        body.append(_table(report.table))
    if heat is not None and report.kind != "matrix":
        body += [f"<h2>{escape(heat.title)}</h2>", _heatmap(heat, total)]
    if report.scales and report.kind == "matrix":
        body += _scales(report)
    body.append(f"<footer>{escape(report.labels.get('generated', ''))}</footer>")
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(report.lang)}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{escape(report.title)} – '
        f"{escape(report.board)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
