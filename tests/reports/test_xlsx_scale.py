"""Large XLSX reports: every row is there, and memory does not grow with the rows (the rows
are streamed to the file). How fast it is, is measured by `bench/run.py`, not here."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

from riskctl.exporters.xlsx import write_xlsx
from riskctl.services.reports.analysis import analysis_columns
from riskctl.services.reports.model import Report, Table

ROWS = 20_000
COLORS = ("#4caf50", "#ffd54f", "#ff9800", "#e53935")


def big_report(n: int) -> Report:
    table = Table("Analys", analysis_columns("sv"))
    for i in range(n):
        p, s = i % 4 + 1, (i // 4) % 4 + 1
        table.rows.append(
            {
                "title": f"Risk {i}",
                "description": f"Risk att något går fel i process {i}",
                "probability": p,
                "significance": s,
                "value": p * s,
                "handling_text": "Risken accepteras.",
                "note": "Risken accepteras, dvs risken "
                "anses inte kräva utökade åtgärder eller kontroller under 2025.",
                "decision": "accepteras",
                "owner": f"Chef {i % 20}",
            }
        )
        table.fills.append({"value": COLORS[min(3, (p * s - 1) // 4)]})
    return Report(
        kind="analysis",
        lang="sv",
        year=2025,
        board="Kommunstyrelsen",
        title="Risk- och väsentlighetsanalys 2025",
        table=table,
    )


def test_a_large_xlsx_has_every_row():
    report = big_report(ROWS)
    out = io.BytesIO()
    write_xlsx(report, out)
    with zipfile.ZipFile(out) as package:
        sheet = package.read("xl/worksheets/sheet1.xml")
    assert sheet.count(b"<row ") == ROWS + 1
    assert f'<row r="{ROWS + 1}"'.encode() in sheet


def _peak(n: int) -> int:
    report = big_report(n)
    tracemalloc.start()
    try:
        write_xlsx(report, io.BytesIO())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_xlsx_memory_does_not_grow_with_the_rows():
    """Writing four times the rows needs about the same memory (beyond the rows themselves,
    which the report holds before the export starts)."""
    small, large = _peak(2_000), _peak(8_000)
    assert large < small * 1.5 + 1_000_000, (small, large)
