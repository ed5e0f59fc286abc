"""The heat map report as a function over a session."""

from __future__ import annotations

from riskctl.services.reports.matrix import matrix_report

from .conftest import YEAR


def test_the_heat_map_and_its_table_agree(board, read):
    with read() as session:
        report = matrix_report(session=session, year=YEAR, org=board, lang="en")
    heat = report.heatmap
    assert heat is not None
    assert heat.title == "Risk matrix 2025"
    assert heat.row_labels[0].startswith("4 ")
    assert heat.total == 4
    # The table (for CSV and JSON) has a row per probability level with the same counts.
    rows = report.table.rows
    assert [r["level"] for r in rows] == heat.row_labels
    assert [[r[f"c{i}"] for i in range(1, 5)] for r in rows] == heat.counts
    # Probability 4 × significance 4 (16) is very high: red.
    assert report.table.fills[0]["c4"] == "#e53935"
