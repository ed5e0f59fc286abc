"""XLSX: openpyxl in write-only mode, with the table's rows streamed into the package.

A sheet for the table (header in row 1, frozen, with filters, band and assessment colours,
printed on A4 with the header on every page), a sheet for the heat map and a legend sheet
with the heading, the summary, the scale explanation and the colour legends. Text cells are
neutralised against formula injection; numbers stay numbers; no cell is a formula.

openpyxl builds the whole workbook: sheets, styles, page setup, the table's header row. The
table's data rows, which may be 100,000, are then streamed into that sheet's `sheetData`
as the same SpreadsheetML openpyxl writes (inline strings, the style ids openpyxl
registered), row by row into the zip: openpyxl's own cell machinery needs about a
millisecond a row, which is two minutes for 100,000 rows, and this is a tenth of that.
Memory stays flat: a streamed table (`Table.stream()`) is read from the store a batch at a
time, and nothing but the current chunk of rows is held. The filter's range, which names the
last row, is written once the rows have been counted.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from riskctl.cell_safety import neutralise

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from riskctl.services.reports.model import HeatMap, Report, Table

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
LINE_PT = 13.0  # the height of a line of 10 pt Calibri
MAX_ROW_PT = 409.0  # Excel's highest row


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    base = _SHEET_BAD.sub("-", name).strip("'")[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


class _Styles:
    """The fonts, fills, alignments and borders of the cells, each built once."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        from riskctl.exporters.html import text_color
        from riskctl.services.reports.model import HEADER_COLOR

        thin = Side(style="thin", color="8C8C8C")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.bold = Font(name="Calibri", size=10, bold=True)
        self.plain = Font(name="Calibri", size=10)
        self.title = Font(name="Calibri", size=14, bold=True)
        self.big = Font(name="Calibri", size=14, bold=True)
        self.header_fill = PatternFill("solid", fgColor=HEADER_COLOR[1:].upper())
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.center = Alignment(horizontal="center", vertical="top")
        self.middle = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(vertical="center", wrap_text=True)
        self._fills: dict[str, Any] = {}
        self._fonts: dict[tuple[str, bool, int], Any] = {}
        self._pattern, self._font_cls, self._text_color = PatternFill, Font, text_color
        self._ids: dict[tuple[int, ...], int] = {}
        self._keep: list[Any] = []  # the objects whose ids key `_ids`

    def cell(
        self,
        ws: WriteOnlyWorksheet,
        value: Any,
        *,
        font: Any = None,
        fill: Any = None,
        alignment: Any = None,
        border: Any = None,
    ) -> Any:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=_clean(value))
        if cell.data_type == "f":  # never: neutralise() quoted it; kept as a last guard
            cell.data_type = "s"
        for attr, part in (
            ("font", font),
            ("fill", fill),
            ("alignment", alignment),
            ("border", border),
        ):
            if part is not None:
                setattr(cell, attr, part)
        return cell

    def style_id(
        self,
        ws: WriteOnlyWorksheet,
        font: Any = None,
        fill: Any = None,
        alignment: Any = None,
        border: Any = None,
    ) -> int:
        """The workbook's style index (`s` of a cell) for these parts, registered once."""
        key = (id(font), id(fill), id(alignment), id(border))
        if key not in self._ids:
            self._ids[key] = self.cell(
                ws, None, font=font, fill=fill, alignment=alignment, border=border
            ).style_id
            self._keep.append((font, fill, alignment, border))
        return self._ids[key]

    def fill(self, color: str) -> Any:
        if color not in self._fills:
            self._fills[color] = self._pattern("solid", fgColor=color.lstrip("#").upper())
        return self._fills[color]

    def font_on(self, color: str, bold: bool = False, size: int = 10) -> Any:
        key = (color, bold, size)
        if key not in self._fonts:
            ink = self._text_color(color).lstrip("#").upper()
            self._fonts[key] = self._font_cls(name="Calibri", size=size, bold=bold, color=ink)
        return self._fonts[key]


# The control characters XML 1.0 cannot carry (openpyxl's ILLEGAL_CHARACTERS_RE).
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def _clean(value: Any) -> Any:
    """A value an XLSX cell can hold: no control characters, text neutralised."""
    if type(value) is str:
        return neutralise(_ILLEGAL.sub("", value))
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    return neutralise(_ILLEGAL.sub("", str(value)))


def row_height(texts: list[tuple[str, float]]) -> float | None:
    """The height (points) that shows every line of the row's wrapped cells, or None for one.

    Spreadsheets do not grow a row to fit wrapped text written by a program, so the export
    estimates it: about 1.3 characters of 10 pt Calibri per unit of column width.
    """
    lines = 1
    for text, width in texts:
        per_line = max(1, int(width * 1.3))
        if len(text) <= per_line and "\n" not in text:
            continue
        count = sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))
        lines = max(lines, count)
    if lines == 1:
        return None
    return min(MAX_ROW_PT, lines * LINE_PT + 3)


class _Rows:
    """Appends rows to a write-only sheet, counting them (the sheet does not say)."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        self.count = 0

    def append(self, cells: list[Any], height: float | None = None) -> None:
        """Append a row, with its height if given. The height is dropped once the row is
        written, so that memory stays flat however many rows there are."""
        self.count += 1
        if height is None:
            self.ws.append(cells)
            return
        self.ws.row_dimensions[self.count].height = height
        self.ws.append(cells)
        del self.ws.row_dimensions[self.count]


def _page(ws: WriteOnlyWorksheet, report: Report, landscape: bool) -> None:
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    ws.oddHeader.center.text = _clean(f"{report.title} – {report.board}").replace("&", "&&")
    ws.oddHeader.center.size = 9
    ws.oddFooter.right.text = "&P / &N"
    ws.oddFooter.right.size = 8


def _table_sheet(wb: Any, report: Report, table: Table, taken: set[str], st: _Styles) -> _Bulk:
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(sheet_name(table.name, taken))
    rows = _Rows(ws)
    columns = table.data_columns()
    for n, c in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(n)].width = min(max(c.width, 8), 70)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _page(ws, report, report.landscape)
    # The header row only, for now: `_splice` gives the range its last row once the rows are
    # written (a streamed table is not counted before).
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"
    rows.append(
        [
            st.cell(
                ws, c.header, font=st.bold, fill=st.header_fill, alignment=st.wrap, border=st.border
            )
            for c in columns
        ]
    )
    # The data rows are streamed in after openpyxl has written the workbook (see `_Bulk`);
    # their styles are registered now, for every colour a column has.
    shapes = []
    for c in columns:
        alignment = st.center if c.kind != "text" else st.wrap
        styles: dict[str | None, int] = {
            None: st.style_id(ws, st.bold if c.strong else st.plain, None, alignment, st.border)
        }
        for color in table.fill_colors(c.key):
            styles[color] = st.style_id(
                ws, st.font_on(color, c.strong), st.fill(color), alignment, st.border
            )
        shapes.append((c.key, styles))
    widths = [(c.key, float(min(max(c.width, 8), 70))) for c in columns if c.kind == "text"]
    return _Bulk(ws, table, shapes, widths, sheet=wb.worksheets.index(ws))


def _heatmap_sheet(wb: Any, report: Report, heat: HeatMap, taken: set[str], st: _Styles) -> None:
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(sheet_name(report.labels.get("heatmap_sheet", heat.title), taken))
    rows = _Rows(ws)
    ws.column_dimensions["A"].width = 26
    for n in range(len(heat.col_labels)):
        ws.column_dimensions[get_column_letter(n + 2)].width = 16
    for r in range(4, 4 + len(heat.row_labels)):
        ws.row_dimensions[r].height = 42
    _page(ws, report, landscape=False)
    rows.append([st.cell(ws, heat.title, font=st.title)])
    rows.append([st.cell(ws, report.board, font=st.bold)])
    rows.append(
        [
            st.cell(
                ws,
                f"{heat.row_axis} ↓ / {heat.col_axis} →",
                font=st.bold,
                alignment=st.wrap,
                border=st.border,
            )
        ]
        + [
            st.cell(
                ws, label, font=st.bold, fill=st.header_fill, alignment=st.middle, border=st.border
            )
            for label in heat.col_labels
        ]
    )
    for label, counts, colors in zip(heat.row_labels, heat.counts, heat.colors, strict=True):
        rows.append(
            [
                st.cell(
                    ws,
                    label,
                    font=st.bold,
                    fill=st.header_fill,
                    alignment=st.left,
                    border=st.border,
                )
            ]
            + [
                st.cell(
                    ws,
                    n,
                    fill=st.fill(color),
                    font=st.font_on(color, True, 14),
                    alignment=st.middle,
                    border=st.border,
                )
                for n, color in zip(counts, colors, strict=True)
            ]
        )
    rows.append([])
    rows.append(
        [
            st.cell(ws, report.labels.get("total", "Total"), font=st.bold),
            st.cell(ws, heat.total, font=st.bold),
        ]
    )


def _legend_sheet(wb: Any, report: Report, taken: set[str], st: _Styles) -> None:
    ws = wb.create_sheet(sheet_name(report.labels.get("legend_sheet", "Legend"), taken))
    rows = _Rows(ws)
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 90
    _page(ws, report, landscape=False)
    rows.append([st.cell(ws, report.title, font=st.title)])
    for n, line in enumerate(report.heading):
        rows.append([st.cell(ws, line, font=st.bold if n == 0 else st.plain)])
    for paragraph in report.summary:
        rows.append([])
        # The sentence spans the three legend columns, wrapped.
        ws.merged_cells.add(f"A{rows.count + 1}:C{rows.count + 1}")
        rows.append(
            [st.cell(ws, paragraph, font=st.plain, alignment=st.wrap)],
            row_height([(paragraph, 122)]),
        )
    if report.scales:
        rows.append([])
        rows.append([st.cell(ws, report.scale_title, font=st.big)])
        for scale in report.scales:
            rows.append([st.cell(ws, scale.title, font=st.bold)])
            for level, label, text in scale.levels:
                rows.append(
                    [
                        st.cell(ws, level, alignment=st.center),
                        st.cell(ws, label, alignment=st.wrap),
                        st.cell(ws, text, alignment=st.wrap),
                    ],
                    row_height([(text, 90)]),
                )
    for legend in report.legends:
        rows.append([])
        rows.append([st.cell(ws, legend.title, font=st.bold)])
        for e in legend.entries:
            rows.append(
                [
                    st.cell(ws, None, fill=st.fill(e.color), border=st.border),
                    st.cell(ws, e.label, alignment=st.wrap),
                    st.cell(ws, e.text, alignment=st.wrap),
                ],
                row_height([(e.text, 90)]),
            )
    rows.append([])
    rows.append([st.cell(ws, report.labels.get("generated", ""), font=st.plain)])


@dataclass
class _Bulk:
    """The data rows of a table sheet, to be streamed into the saved workbook."""

    ws: Any
    table: Table
    shapes: list[tuple[str, dict[str | None, int]]]  # column key → style id by fill colour
    widths: list[tuple[str, float]]  # wrapped text columns and their widths
    sheet: int = 0  # the sheet's index in the workbook (`localSheetId`)
    chunk: int = field(default=2000)
    last_row: int = 1  # the sheet's last row, once `chunks` has run

    def chunks(self) -> Iterator[bytes]:
        """`<row>` elements from row 2 on, a chunk of rows at a time."""
        from openpyxl.utils import get_column_letter

        letters = [get_column_letter(n) for n in range(1, len(self.shapes) + 1)]
        cells = list(zip(letters, self.shapes, strict=True))
        out: list[str] = []
        for number, (row, fills) in enumerate(self.table.stream(), start=2):
            self.last_row = number
            height = row_height([(str(row.get(k) or ""), w) for k, w in self.widths])
            out.append(
                f'<row r="{number}" ht="{height}" customHeight="1">'
                if height
                else f'<row r="{number}">'
            )
            for letter, (key, styles) in cells:
                style = styles[fills.get(key)]
                value = _clean(row.get(key))
                if value is None or value == "":
                    out.append(f'<c r="{letter}{number}" s="{style}"/>')
                elif type(value) is str:
                    out.append(
                        f'<c r="{letter}{number}" s="{style}" t="inlineStr"><is>'
                        f'<t xml:space="preserve">{_xml(value)}</t></is></c>'
                    )
                else:
                    out.append(f'<c r="{letter}{number}" s="{style}" t="n"><v>{value!r}</v></c>')
            out.append("</row>")
            if number % self.chunk == 0:
                yield "".join(out).encode("utf-8")
                out.clear()
        if out:
            yield "".join(out).encode("utf-8")


# The table sheet's filter range, `A1:H1` as `_table_sheet` left it, in the sheet and in the
# workbook's defined name (`'Analys'!$A$1:$H$1`).
_FILTER = re.compile(r'(<autoFilter ref="A1:[A-Z]+)1(")')
_FILTER_NAME = (
    r'(<definedName name="_xlnm._FilterDatabase" localSheetId="{sheet}"[^>]*>'
    r"[^<]*!\$A\$1:\$[A-Z]+\$)1(<)"
)


def _last_row(pattern: re.Pattern[str], text: str, bulk: _Bulk) -> str:
    """The filter range of `text` (see `_FILTER`) extended to the table's last row."""
    text, found = pattern.subn(rf"\g<1>{bulk.last_row}\g<2>", text, count=1)
    if found != 1:
        raise AssertionError(f"no filter range to extend: {pattern.pattern}")
    return text


def _xml(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")


def _splice(saved: io.BytesIO, stream: IO[bytes], bulk: _Bulk) -> None:
    """Copy the saved workbook to `stream`, the table sheet with its data rows streamed in."""
    path = bulk.ws.path.lstrip("/")
    book = re.compile(_FILTER_NAME.format(sheet=bulk.sheet))
    with (
        zipfile.ZipFile(saved) as src,
        zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as dst,
    ):
        infos = src.infolist()
        # The workbook part names the filter's last row: it goes after the sheet (openpyxl
        # writes it after the sheets anyway), once the rows have been counted.
        infos.sort(key=lambda i: i.filename == "xl/workbook.xml")
        for info in infos:
            data = src.read(info)
            if info.filename == "xl/workbook.xml":
                dst.writestr(info, _last_row(book, data.decode("utf-8"), bulk).encode("utf-8"))
                continue
            if info.filename != path:
                dst.writestr(info, data)
                continue
            head, tail = data.decode("utf-8").split("</sheetData>", 1)
            target = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            target.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(target, "w", force_zip64=True) as out:
                out.write(head.encode("utf-8"))
                for chunk in bulk.chunks():
                    out.write(chunk)
                out.write(("</sheetData>" + _last_row(_FILTER, tail, bulk)).encode("utf-8"))


def write_xlsx(report: Report, stream: IO[bytes]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.properties.title = report.title
    wb.properties.creator = "riskctl"
    st = _Styles()
    taken: set[str] = set()
    bulk = None
    if report.table is not None and report.kind != "matrix":
        bulk = _table_sheet(wb, report, report.table, taken, st)
    if report.heatmap is not None:
        _heatmap_sheet(wb, report, report.heatmap, taken, st)
    _legend_sheet(wb, report, taken, st)
    saved = io.BytesIO()
    wb.save(saved)
    if bulk is None:
        stream.write(saved.getvalue())
        return
    saved.seek(0)
    _splice(saved, stream, bulk)
