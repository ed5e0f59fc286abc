"""The risk and significance analysis as a function over a session."""

from __future__ import annotations

import pytest

from riskctl.errors import NotFound
from riskctl.scales import BANDS_4
from riskctl.services.reports.analysis import analysis_report

from .conftest import YEAR

BAND_COLOR = {v: b.color for b in BANDS_4 for v in range(b.min_value, b.max_value + 1)}


def test_the_rows_run_from_the_highest_risk_value_down(board, read):
    with read() as session:
        report = analysis_report(session=session, year=YEAR, org=board)
        rows = report.table.rows
    assert [(r["title"], r["value"]) for r in rows] == [
        ("Felaktiga fakturor", 16),
        ("Bristande behörigheter", 9),
        ("Sen rapportering", 4),
        ("Brand i förrådet", 3),
    ]
    assert all(r["value"] == r["probability"] * r["significance"] for r in rows)


def test_each_risk_value_is_coloured_by_its_band(board, read):
    with read() as session:
        table = analysis_report(session=session, year=YEAR, org=board).table
        pairs = list(table.stream())
    assert [fill["value"] for _row, fill in pairs] == [BAND_COLOR[v] for v in (16, 9, 4, 3)]
    assert [row["band"] for row, _fill in pairs] == ["very high", "high", "medium", "low"]


def test_the_handling_cell_is_the_note_or_else_the_decision(board, read):
    with read() as session:
        rows = analysis_report(session=session, year=YEAR, org=board).table.rows
    by_title = {r["title"]: r for r in rows}
    assert by_title["Felaktiga fakturor"]["handling_text"] == "Stickprov av fakturor"
    assert by_title["Bristande behörigheter"]["handling_text"] == "Internkontroll"
    assert by_title["Brand i förrådet"]["handling_text"] == "Accepteras"
    # The data formats carry the decision as the one word an import reads back.
    assert [r["decision"] for r in rows] == [
        "internkontroll",
        "internkontroll",
        "åtgärd",
        "accepteras",
    ]
    assert by_title["Felaktiga fakturor"]["owner"] == "Ekonomichef"


def test_in_english_the_scale_is_explained_with_the_english_labels(board, read):
    with read() as session:
        report = analysis_report(session=session, year=YEAR, org=board, lang="en")
    assert report.title == "Risk and significance analysis 2025"
    assert [s.title for s in report.scales] == ["Probability", "Significance"]
    assert report.scales[1].levels[3][1] == "Severe"
    assert [e.label for e in report.legends[0].entries] == ["Low", "Medium", "High", "Very high"]


def test_the_heat_map_counts_every_risk_in_its_cell(board, read):
    with read() as session:
        heat = analysis_report(session=session, year=YEAR, org=board).heatmap
    assert heat is not None
    assert heat.total == 4
    # Rows from the highest probability down: probability 4, significance 4 is top right.
    assert heat.counts[0][3] == 1
    assert sum(map(sum, heat.counts)) == 4


def test_all_boards_gets_a_board_column(board, read):
    with read() as session:
        report = analysis_report(session=session, year=YEAR, org="all")
        rows = report.table.rows
    assert report.table.columns[0].key == "board"
    assert {r["board"] for r in rows} == {"Tekniska nämnden"}


def test_a_year_without_analysis_is_refused_by_name(board, read):
    with read() as session, pytest.raises(NotFound) as caught:
        analysis_report(session=session, year=2030, org=board)
    assert "TN has no risk analysis for 2030" in str(caught.value)
