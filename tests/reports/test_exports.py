"""Every format written and read back with the library that reads it."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from riskctl.exporters import render_text, write_binary
from riskctl.scales import BANDS_4
from riskctl.services.reports.model import HEADER_COLOR
from riskctl.vocabulary import ASSESSMENT_COLORS
from tests import seeds

from .readers import HtmlReader, csv_rows, docx_repeats_header, docx_shading, xlsx_fill

BAND_COLOR = {v: b.color for b in BANDS_4 for v in range(b.min_value, b.max_value + 1)}
SEED_HEADERS = ["Risk", "Riskbeskrivning", "Sannolikhet", "Väsentlighet", "Riskvärde", "Hantering"]


def _seed_rows() -> list[tuple[str, int, int, int]]:
    return [
        (r.title, int(r.cells[1]), int(r.cells[2]), int(r.cells[3])) for r in seeds.analysis_2025()
    ]


def _bytes(report, fmt: str) -> bytes:
    out = io.BytesIO()
    write_binary(report, fmt, out)
    return out.getvalue()


# --- CSV -------------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_and_semicolons(report):
    text = render_text(report("analysis", 2025), "csv")
    assert text.startswith("\ufeffRisk;Riskbeskrivning;Sannolikhet;")
    assert "\r\n" in text
    rows = csv_rows(text)
    assert rows[0] == [*SEED_HEADERS, "Beslut", "Ansvarig"]
    assert [(r[0], int(r[2]), int(r[3]), int(r[4])) for r in rows[1:]] == _seed_rows()
    assert rows[1][6:] == ["internkontroll", "Ekonomichef"]
    # Numbers are written as bare digits, which Excel reads as numbers.
    assert (
        "Välfärdsbrottslighet;Risk att kommunens skattemedel går till att finansiera "
        "kriminella organisationer;3;4;12;" in text
    )


def test_csv_comma_on_request(report):
    rows = csv_rows(
        render_text(report("analysis", 2025, lang="en"), "csv", delimiter=","), delimiter=","
    )
    assert rows[0][:3] == ["Risk", "Risk description", "Probability"]
    assert len(rows) == 34


def test_csv_of_the_matrix_is_the_grid(report):
    rows = csv_rows(render_text(report("matrix", 2025), "csv"))
    assert rows[0] == [
        "Sannolikhet \\ Väsentlighet",
        "1 Försumbar",
        "2 Lindrig",
        "3 Kännbar",
        "4 Allvarlig",
    ]
    assert rows[2] == ["3 Möjlig", "0", "9", "0", "1"]


def test_csv_of_the_followup(report):
    rows = csv_rows(render_text(report("followup", 2024), "csv"))
    assert rows[0] == [
        "Identifierad risk",
        "Riskbeskrivning",
        "Uppföljning",
        "Bedömning",
        "Resultat",
        "Åtgärd",
    ]
    assert sorted(r[3] for r in rows[1:]).count("Nära målvärde") == 5


# --- XLSX ------------------------------------------------------------------------------------


def _workbook(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))


def test_xlsx_analysis_sheets_header_filters_and_colours(report):
    wb = _workbook(_bytes(report("analysis", 2025), "xlsx"))
    assert wb.sheetnames == ["Analys", "Riskmatris", "Förklaring"]
    ws = wb["Analys"]
    assert [c.value for c in ws[1]] == [*SEED_HEADERS, "Beslut", "Ansvarig"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:H34"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    assert xlsx_fill(ws["A1"]) == HEADER_COLOR
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3], r[4]) for r in rows] == _seed_rows()
    for n, (value,) in enumerate(
        ws.iter_rows(min_row=2, min_col=5, max_col=5, values_only=True), start=2
    ):
        assert isinstance(value, int)
        assert xlsx_fill(ws.cell(n, 5)) == BAND_COLOR[value]
    assert ws["A2"].font.bold  # risk titles in bold, as in the seed


def test_xlsx_heat_map_and_legend_sheets(report):
    wb = _workbook(_bytes(report("analysis", 2025), "xlsx"))
    heat = wb["Riskmatris"]
    assert heat["A1"].value == "Riskmatris 2025"
    assert [c.value for c in heat[3]][1:] == [
        "1 Försumbar",
        "2 Lindrig",
        "3 Kännbar",
        "4 Allvarlig",
    ]
    assert [c.value for c in heat[5]] == ["3 Möjlig", 0, 9, 0, 1]
    assert xlsx_fill(heat["E5"]) == BAND_COLOR[12]
    assert xlsx_fill(heat["B7"]) == BAND_COLOR[1]
    legend = wb["Förklaring"]
    values = [c.value for row in legend.iter_rows() for c in row if c.value is not None]
    assert "Risk- och väsentlighetsanalys 2025" in values
    assert "risken för att fel ska uppstå är praktiskt taget obefintlig" in values
    assert "Mycket hög" in values
    swatches = {xlsx_fill(row[0]) for row in legend.iter_rows() if xlsx_fill(row[0])}
    assert swatches == {b.color for b in BANDS_4}


def test_xlsx_followup_colours_and_summary(report):
    r = report("followup", 2024)
    wb = _workbook(_bytes(r, "xlsx"))
    assert wb.sheetnames == ["Uppföljning", "Förklaring"]
    ws = wb["Uppföljning"]
    colours = [xlsx_fill(ws.cell(n, 4)) for n in range(2, ws.max_row + 1)]
    assert colours.count(ASSESSMENT_COLORS["ok"]) == 3
    assert colours.count(ASSESSMENT_COLORS["near"]) == 5
    assert colours.count(ASSESSMENT_COLORS["remark"]) == 1
    legend = [c.value for row in wb["Förklaring"].iter_rows() for c in row if c.value]
    assert r.summary[0] in legend
    assert "Kontrollen är genomförd med anmärkning nära målvärde" in legend


def test_xlsx_has_no_formula_anywhere(report):
    for kind, year in (("analysis", 2025), ("plan", 2024), ("followup", 2024), ("matrix", 2025)):
        wb = _workbook(_bytes(report(kind, year), "xlsx"))
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (kind, ws.title, cell.coordinate)


# --- DOCX ------------------------------------------------------------------------------------


def _document(data: bytes):
    from docx import Document

    return Document(io.BytesIO(data))


def test_docx_analysis_is_a_board_document(report):
    doc = _document(_bytes(report("analysis", 2025), "docx"))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Risk- och väsentlighetsanalys 2025"
    assert doc.paragraphs[0].style.name == "Heading 1"
    assert "Kommunstyrelsen" in texts
    assert "1. Osannolik: risken för att fel ska uppstå är praktiskt taget obefintlig" in texts
    section = doc.sections[0]
    assert section.page_width > section.page_height  # A4 landscape
    assert round(section.page_width.cm, 1) == 29.7
    legend, table, heat = doc.tables
    assert [c.text for c in table.rows[0].cells] == SEED_HEADERS
    assert docx_repeats_header(table.rows[0])
    assert table.style.name == "Table Grid"
    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [(r[0], int(r[2]), int(r[3]), int(r[4])) for r in body] == _seed_rows()
    for row in table.rows[1:]:
        assert docx_shading(row.cells[4]) == BAND_COLOR[int(row.cells[4].text)]
    assert table.rows[1].cells[0].paragraphs[0].runs[0].bold
    assert [docx_shading(row.cells[0]) for row in legend.rows] == [b.color for b in BANDS_4]
    assert [c.text for c in heat.rows[2].cells] == ["3 Möjlig", "", "9", "", "1"]
    assert docx_shading(heat.rows[2].cells[4]) == BAND_COLOR[12]


def test_docx_followup_with_summary_and_assessment_colours(report):
    r = report("followup", 2024)
    doc = _document(_bytes(r, "docx"))
    assert r.summary[0] in [p.text for p in doc.paragraphs]
    legend, table = doc.tables
    assert [c.text for c in table.rows[0].cells] == [
        "Identifierad risk",
        "Riskbeskrivning",
        "Uppföljning",
        "Bedömning",
        "Resultat",
        "Åtgärd",
    ]
    shades = [docx_shading(row.cells[3]) for row in table.rows[1:]]
    assert shades.count(ASSESSMENT_COLORS["near"]) == 5
    assert [docx_shading(row.cells[0]) for row in legend.rows] == list(ASSESSMENT_COLORS.values())
    # Paragraphs of a cell stay paragraphs.
    cyber = next(row for row in table.rows if row.cells[0].text == "Cyberhot")
    assert len(cyber.cells[2].paragraphs) == 2


def test_docx_plan_and_matrix(plan_2025, report):
    doc = _document(_bytes(report("plan", 2025), "docx"))
    assert "Antagen 2024-12-16, dnr 2024.025 KS" in [p.text for p in doc.paragraphs]
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "Risk",
        "Riskbeskrivning",
        "Riskvärde",
        "Metod",
        "Ansvarig",
    ]
    assert len(table.rows) == 8
    matrix = _document(_bytes(report("matrix", 2025), "docx"))
    assert matrix.sections[0].page_width < matrix.sections[0].page_height
    assert [c.text for c in matrix.tables[0].rows[0].cells][1:] == [
        "1 Försumbar",
        "2 Lindrig",
        "3 Kännbar",
        "4 Allvarlig",
    ]


# --- HTML ------------------------------------------------------------------------------------


def test_html_is_self_contained_printable_and_coloured(report):
    html = render_text(report("analysis", 2025), "html")
    page = HtmlReader(html)
    assert ("h1", "Risk- och väsentlighetsanalys 2025") in page.headings
    # Self-contained: nothing is fetched from elsewhere, nothing runs.
    for tag, attrs in page.tags:
        assert tag not in ("script", "link", "img", "iframe"), tag
        assert not (attrs.get("src") or attrs.get("href")), (tag, attrs)
    assert "@page { size: A4 landscape" in page.style
    assert "thead { display: table-header-group; }" in page.style
    assert "print-color-adjust: exact" in page.style
    report_table = next(t for t in page.tables if t.classes == "report")
    assert report_table.header() == SEED_HEADERS
    body = report_table.body
    assert [
        (r[0].text, int(r[2].text), int(r[3].text), int(r[4].text)) for r in body
    ] == _seed_rows()
    for row in body:
        assert row[4].background == BAND_COLOR[int(row[4].text)]
    heat = next(t for t in page.tables if t.classes == "heatmap")
    assert [c.text for c in heat.body[1]] == ["3 Möjlig", "", "9", "", "1"]
    assert heat.body[1][4].background == BAND_COLOR[12]
    assert (
        "",
        "1. Osannolik: risken för att fel ska uppstå är praktiskt taget obefintlig",
    ) not in page.paragraphs  # levels are list items with their number as value
    assert any(text.startswith("Osannolik: risken") for _, text in page.paragraphs)


def test_html_followup_has_summary_legend_and_colours(report):
    r = report("followup", 2024)
    page = HtmlReader(render_text(r, "html"))
    assert ("summary", r.summary[0]) in page.paragraphs
    table = next(t for t in page.tables if t.classes == "report")
    assert table.header()[3] == "Bedömning"
    backgrounds = [row[3].background for row in table.body]
    assert backgrounds.count(ASSESSMENT_COLORS["remark"]) == 1
    assert (
        "",
        "Nära målvärde: Kontrollen är genomförd med anmärkning nära målvärde",
    ) in page.paragraphs


def test_html_escapes_text(examples_store, write, report):
    from riskctl.services.risks import add_risk

    with write() as session:
        add_risk(
            session=session,
            org="KS",
            year=2025,
            title="<script>alert(1)</script>",
            probability=1,
            significance=1,
            description="a & b",
        )
    html = render_text(report("analysis", 2025), "html")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- Markdown and JSON -----------------------------------------------------------------------


def test_markdown_tables(report):
    md = render_text(report("analysis", 2025), "md")
    assert md.startswith("# Risk- och väsentlighetsanalys 2025\n")
    lines = md.splitlines()
    header = next(line for line in lines if line.startswith("| Risk "))
    assert [h.strip() for h in header.strip("|").split("|")] == SEED_HEADERS
    table = [line for line in lines if line.startswith("| **")]
    assert len(table) == 33 + 4  # the analysis and the heat map's four rows
    assert "🟥 12" in table[0]
    followup = render_text(report("followup", 2024), "md")
    assert "🟨 Nära målvärde" in followup
    assert report("followup", 2024).summary[0] in followup


def test_json_carries_rows_colours_and_sentence(report):
    data = json.loads(render_text(report("followup", 2024), "json"))
    assert data["kind"] == "followup" and data["year"] == 2024
    assert data["summary"][0].startswith("Planen omfattade totalt nio identifierade risker.")
    assert len(data["rows"]) == 9 and (data["ok"], data["near"], data["remark"]) == (3, 5, 1)
    assert data["colors"][0] == {"assessment_text": ASSESSMENT_COLORS["near"]}
    analysis = json.loads(render_text(report("analysis", 2025), "json"))
    assert analysis["rows"][0]["title"] == "Välfärdsbrottslighet"
    assert analysis["heatmap"]["total"] == 33
    assert analysis["scales"][0]["title"] == "Sannolikhet"


# --- formula injection -----------------------------------------------------------------------


def test_text_that_a_spreadsheet_would_run_is_neutralised(examples_store, write, report):
    from riskctl.services.risks import add_risk

    with write() as session:
        add_risk(
            session=session,
            org="KS",
            year=2025,
            title='=HYPERLINK("http://x","y")',
            description="+1+1",
            note="-2+3",
            owner="@SUM(A1)",
            probability=4,
            significance=4,
            handling="action",
        )
    r = report("analysis", 2025)
    rows = csv_rows(render_text(r, "csv"))
    assert rows[1][:5] == ['\'=HYPERLINK("http://x","y")', "'+1+1", "4", "4", "16"]
    assert rows[1][5:] == ["'-2+3", "åtgärd", "'@SUM(A1)"]
    wb = _workbook(_bytes(r, "xlsx"))
    first = next(wb["Analys"].iter_rows(min_row=2, max_row=2))
    assert [c.value for c in first] == [
        '\'=HYPERLINK("http://x","y")',
        "'+1+1",
        4,
        4,
        16,
        "'-2+3",
        "åtgärd",
        "'@SUM(A1)",
    ]
    assert [c.data_type for c in first] == ["s", "s", "n", "n", "n", "s", "s", "s"]


# --- LibreOffice -----------------------------------------------------------------------------


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_docx_and_xlsx_to_pdf(report, tmp_path: Path):
    """The board's secretary opens the files in Word or Excel; LibreOffice stands in."""
    r = report("analysis", 2025)
    files = []
    for fmt in ("docx", "xlsx"):
        path = tmp_path / f"analys.{fmt}"
        path.write_bytes(_bytes(r, fmt))
        files.append(path)
    for path in files:
        out = tmp_path / path.suffix.lstrip(".")
        done = subprocess.run(
            [
                str(_soffice()),
                f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                str(path),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        pdf = out / f"{path.stem}.pdf"
        assert done.returncode == 0, done.stderr
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), done.stdout
        assert pdf.stat().st_size > 10_000
