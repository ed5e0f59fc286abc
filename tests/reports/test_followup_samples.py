"""The follow-up report names each sampled control's sample size, errors and upper bound.

A sample of 50 of 1 200 payments is drawn for one control of KS's adopted 2024 plan and 2
errors are recorded: 4 % in the sample, and an exact 95 % upper bound of 0.1206 for the whole
population — "12,1 %" in Swedish, "12.1%" in English. The columns appear only in a report
with a sample; each file is read back with the library its reader uses.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from riskctl.exporters import render_text, write_binary
from riskctl.services.plans.adoption import show_plan
from riskctl.services.sampling.population import read_population
from riskctl.services.sampling.store import draw_sample, record_result

from .readers import HtmlReader, csv_rows

SV_HEADERS = [
    "Identifierad risk",
    "Riskbeskrivning",
    "Uppföljning",
    "Bedömning",
    "Resultat",
    "Stickprov (n)",
    "Fel",
    "Övre gräns",
    "Åtgärd",
]
EN_SAMPLE_HEADERS = ["Sample (n)", "Errors", "Upper bound"]


def _population(path: Path, n: int = 1200) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["Verifikation", "Belopp"])
        writer.writerows([f"L{i:05d}", 1000 + i] for i in range(1, n + 1))
    return path


@pytest.fixture
def sampled(examples_store, write, tmp_path) -> dict[str, object]:
    """Samples for two controls of KS's 2024 plan: 2 errors in 50, and 30 with no result yet."""
    population = read_population(_population(tmp_path / "loner-2024.csv"), "Verifikation")
    with write() as session:
        items = show_plan(session=session, org="KS", year=2024).items
        first, second = items[0], items[1]
        draw_sample(session=session, item_id=first.id, population=population, size=50, seed=7)
        record_result(session=session, item_id=first.id, errors=2)
        draw_sample(session=session, item_id=second.id, population=population, size=30, seed=8)
    return {"with_result": first.title, "open": second.title}


def _bytes(report, fmt: str) -> bytes:
    out = io.BytesIO()
    write_binary(report, fmt, out)
    return out.getvalue()


def _row(rows: list[list[str]], title: str) -> list[str]:
    return next(r for r in rows if r[0] == title)


def test_the_report_data_carries_the_figures(sampled, report):
    r = report("followup", 2024)
    assert [c.header for c in r.table.document_columns()] == SV_HEADERS
    row = next(x for x in r.table.rows if x["title"] == sampled["with_result"])
    assert (row["sample_size"], row["sample_errors"], row["upper_bound_text"]) == (50, 2, "12,1 %")
    assert row["sample"]["upper_bound"] == pytest.approx(0.1206, abs=5e-5)
    assert row["sample"]["population_size"] == 1200
    open_row = next(x for x in r.table.rows if x["title"] == sampled["open"])
    assert (open_row["sample_size"], open_row["sample_errors"]) == (30, None)
    assert open_row["upper_bound_text"] == ""
    other = next(x for x in r.table.rows if x["title"] not in sampled.values())
    assert (other["sample_size"], other["sample_errors"], other["upper_bound_text"]) == (
        None,
        None,
        "",
    )
    # The summary sentence stays first; a note says what the columns mean.
    assert r.summary[-1].startswith("Stickprov (n) är antalet granskade poster")
    assert "med 95 % konfidens inte överskrids" in r.summary[-1]
    assert r.meta["samples"] == 2


def test_markdown(sampled, report):
    text = render_text(report("followup", 2024), "md")
    header = next(line for line in text.splitlines() if line.startswith("| Identifierad risk"))
    assert [h.strip() for h in header.strip("|").split("|")] == SV_HEADERS
    line = next(x for x in text.splitlines() if f"**{sampled['with_result']}**" in x)
    cells = [c.strip() for c in line.strip("|").split("|")]
    assert cells[5:8] == ["50", "2", "12,1 %"]


def test_csv(sampled, report):
    rows = csv_rows(render_text(report("followup", 2024), "csv"))
    assert rows[0] == SV_HEADERS
    assert _row(rows, sampled["with_result"])[5:8] == ["50", "2", "12,1 %"]
    assert _row(rows, sampled["open"])[5:8] == ["30", "", ""]


def test_xlsx(sampled, report):
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(_bytes(report("followup", 2024), "xlsx")))["Uppföljning"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0] == SV_HEADERS
    row = next(v for v in values if v[0] == sampled["with_result"])
    assert row[5:8] == [50, 2, "12,1 %"]


def test_docx_in_english(sampled, report):
    from docx import Document

    r = report("followup", 2024, lang="en")
    doc = Document(io.BytesIO(_bytes(r, "docx")))
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells][5:8] == EN_SAMPLE_HEADERS
    row = next(x for x in table.rows if x.cells[0].text == sampled["with_result"])
    assert [c.text for c in row.cells[5:8]] == ["50", "2", "12.1%"]
    assert any(
        p.text.startswith("Sample (n) is the number of items checked") for p in doc.paragraphs
    )


def test_html(sampled, report):
    page = HtmlReader(render_text(report("followup", 2024), "html"))
    table = page.tables[-1]
    assert table.header() == SV_HEADERS
    row = next(t for t in table.texts() if t[0] == sampled["with_result"])
    assert row[5:8] == ["50", "2", "12,1 %"]


def test_json_has_the_raw_numbers(sampled, report):
    data = json.loads(render_text(report("followup", 2024, lang="en"), "json"))
    row = next(x for x in data["rows"] if x["title"] == sampled["with_result"])
    assert row["upper_bound_text"] == "12.1%"
    assert row["sample"]["errors"] == 2
    assert row["sample"]["error_rate"] == pytest.approx(0.04)


def test_no_columns_without_a_sample_in_the_period(sampled, report):
    """The samples are annual: the interim report keeps the seed's own columns."""
    r = report("followup", 2024, period="interim")
    assert [c.key for c in r.table.columns] == [
        "title",
        "checked",
        "method",
        "assessment_text",
        "result",
        "action",
    ]
    assert not any("Stickprov" in s for s in r.summary)


def test_a_bound_at_another_confidence_says_so(sampled, examples_store, write, report):
    with write() as session:
        item = show_plan(session=session, org="KS", year=2024).items[1]
        record_result(session=session, item_id=item.id, errors=0, confidence=0.9)
    r = report("followup", 2024)
    row = next(x for x in r.table.rows if x["title"] == sampled["open"])
    # 0 errors in 30 at 90 %: 1 - 0.1^(1/30) = 7.4 %.
    assert row["upper_bound_text"] == "7,4 % (90 %)"
    first = next(x for x in r.table.rows if x["title"] == sampled["with_result"])
    assert first["upper_bound_text"] == "12,1 % (95 %)"
    assert "inom parentes" in r.summary[-1]
