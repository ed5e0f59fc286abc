"""DOCX (python-docx): the appendix as the board's secretary pastes it into the agenda.

A4 (landscape for the wide tables), Calibri 10 pt, black headings, tables in the plain grid
style of a board document with a shaded header row that repeats on every page, risk titles
in bold as in the seeds, coloured risk value and assessment cells, the colour legends, and
the heat map as a grid of coloured cells. A footer carries the title and the page number.
"""

from __future__ import annotations

import io
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from riskctl.services.reports.model import HeatMap, Legend, Report, Table

FONT = "Calibri"
SPLIT_FROM = 400  # characters in a cell from which a table row may break across pages


def _shade(cell: Any, color: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shd)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _no_split(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _keep_together(grid: Any) -> None:
    """Keep a small table on one page: each row keeps with the next."""
    for row in grid.rows[:-1]:
        for cell in row.cells:
            for para in cell.paragraphs:
                para.paragraph_format.keep_with_next = True


def _rgb(color: str) -> Any:
    from docx.shared import RGBColor

    return RGBColor.from_string(color.lstrip("#").upper())


def _write(
    cell: Any,
    value: Any,
    *,
    bold: bool = False,
    size: float = 9,
    color: str | None = None,
    center: bool = False,
) -> None:
    """Text into a cell: blank-line blocks become paragraphs, single line breaks breaks."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from riskctl.exporters.html import text_color

    text = "" if value is None else str(value)
    blocks = [b.strip("\n") for b in text.replace("\r\n", "\n").split("\n\n")] or [""]
    first = True
    for block in blocks:
        para = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        para.paragraph_format.space_after = Pt(2)
        if center:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for n, line in enumerate(block.split("\n")):
            run = para.add_run()
            if n:
                run.add_break()
            run.add_text(line)
            run.bold = bold
            run.font.size = Pt(size)
            if color:
                run.font.color.rgb = _rgb(text_color(color))
    if color:
        _shade(cell, color)


def _widths(table: Any, widths_cm: list[float]) -> None:
    from docx.shared import Cm

    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)


def _table(doc: Any, table: Table, usable_cm: float) -> None:
    from riskctl.services.reports.model import HEADER_COLOR

    columns = table.document_columns()
    grid = doc.add_table(rows=1, cols=len(columns))
    grid.style = doc.styles["Table Grid"]
    head = grid.rows[0]
    _repeat_header(head)
    for cell, c in zip(head.cells, columns, strict=True):
        _write(cell, c.header, bold=True, color=HEADER_COLOR)
    for row, fills in zip(table.rows, table.fills, strict=True):
        added = grid.add_row()
        # Short rows stay on one page; a long one may break, or it would leave half a page
        # empty before it.
        if max((len(str(row.get(c.key) or "")) for c in columns), default=0) < SPLIT_FROM:
            _no_split(added)
        cells = added.cells
        for cell, c in zip(cells, columns, strict=True):
            _write(
                cell, row.get(c.key), bold=c.strong, color=fills.get(c.key), center=c.kind != "text"
            )
    total = sum(c.width for c in columns) or 1
    _widths(grid, [usable_cm * c.width / total for c in columns])


def _legend(doc: Any, legend: Legend) -> None:
    from docx.shared import Pt

    para = doc.add_paragraph()
    para.paragraph_format.space_before = Pt(8)
    para.add_run(legend.title).bold = True
    grid = doc.add_table(rows=0, cols=2)
    grid.style = doc.styles["Table Grid"]
    para.paragraph_format.keep_with_next = True
    for e in legend.entries:
        row = grid.add_row()
        _no_split(row)
        swatch, text = row.cells
        _write(swatch, "", color=e.color)
        _write(text, f"{e.label}: {e.text}" if e.text else e.label)
    _keep_together(grid)
    _widths(grid, [0.8, 15.0])


def _heatmap(doc: Any, heat: HeatMap, total_label: str, with_title: bool) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
    from docx.shared import Cm

    from riskctl.services.reports.model import HEADER_COLOR

    if with_title:
        doc.add_heading(heat.title, level=2)
    cols = len(heat.col_labels)
    grid = doc.add_table(rows=1, cols=cols + 1)
    grid.style = doc.styles["Table Grid"]
    corner, *heads = grid.rows[0].cells
    _write(corner, f"{heat.row_axis} ↓ / {heat.col_axis} →", bold=True)
    for cell, label in zip(heads, heat.col_labels, strict=True):
        _write(cell, label, bold=True, color=HEADER_COLOR, center=True)
    for label, counts, colors in zip(heat.row_labels, heat.counts, heat.colors, strict=True):
        row = grid.add_row()
        row.height = Cm(1.4)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        _no_split(row)
        first, *cells = row.cells
        _write(first, label, bold=True, color=HEADER_COLOR)
        first.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for cell, n, color in zip(cells, counts, colors, strict=True):
            _write(cell, n if n else "", bold=True, size=14, color=color, center=True)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _no_split(grid.rows[0])
    _keep_together(grid)
    _widths(grid, [4.2] + [2.8] * cols)
    doc.add_paragraph(f"{total_label}: {heat.total}")


def _footer(section: Any, text: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    para = section.footer.paragraphs[0]
    run = para.add_run(f"{text}    ")
    run.font.size = Pt(8)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    page = OxmlElement("w:r")
    page_text = OxmlElement("w:t")
    page_text.text = "1"
    page.append(page_text)
    field.append(page)
    para._p.append(field)


def _setup(doc: Any, landscape: bool) -> float:
    """A4 page, margins, fonts; returns the usable width in cm."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt, RGBColor

    section = doc.sections[0]
    short, long = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    margin = Cm(2.0)
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = Cm(1.8)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
    return (29.7 if landscape else 21.0) - 4.0


def _scales(doc: Any, report: Report) -> None:
    from docx.shared import Pt

    doc.add_heading(report.scale_title, level=2)
    for scale in report.scales:
        doc.add_heading(scale.title, level=3)
        for level, label, text in scale.levels:
            para = doc.add_paragraph()
            para.paragraph_format.space_after = Pt(0)
            para.paragraph_format.left_indent = Pt(14)
            para.add_run(f"{level}. {label}" + (f": {text}" if text else "")).italic = True


def write_docx(report: Report, stream: IO[bytes]) -> None:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = report.title
    doc.core_properties.author = "riskctl"
    usable = _setup(doc, report.landscape)
    _footer(doc.sections[0], f"{report.title} – {report.board}")
    doc.add_heading(report.title, level=1)
    for n, line in enumerate(report.heading):
        para = doc.add_paragraph()
        para.paragraph_format.space_after = Pt(2)
        para.add_run(line).bold = n == 0
    for paragraph in report.summary:
        doc.add_paragraph(paragraph)
    heat = report.heatmap
    total = report.labels.get("total", "Total")
    if heat is not None and report.kind == "matrix":
        _heatmap(doc, heat, total, with_title=False)
    if report.scales and report.kind != "matrix":
        _scales(doc, report)
    for legend in report.legends:
        _legend(doc, legend)
    if report.table is not None and report.kind != "matrix":
        doc.add_paragraph()
        _table(doc, report.table, usable)
    if heat is not None and report.kind != "matrix":
        _heatmap(doc, heat, total, with_title=True)
    if report.scales and report.kind == "matrix":
        _scales(doc, report)
    # Zipped in memory (the document is in memory already), then written at once: a pipe
    # whose reader has gone fails that one write, not python-docx's zip half-way, whose
    # clean-up would then print a traceback.
    packed = io.BytesIO()
    doc.save(packed)
    stream.write(packed.getvalue())
