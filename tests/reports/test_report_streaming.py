"""The analysis report streams its rows from the store into the XLSX and CSV writers: memory
does not grow with the board, whether the report's session is still open or has closed (as
in the CLI). How fast it is, is measured by `bench/run.py`, not here."""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, insert, select

from riskctl.db import reading
from riskctl.exporters import render_text, write_binary, write_text
from riskctl.models import Assessment, Risk
from riskctl.services.reports.build import build_report
from riskctl.services.reports.model import Report

SMALL, LARGE = 2_500, 10_000  # the small board fills the writer's chunks of 2,000 rows


@pytest.fixture
def boards(engine: Engine, write) -> Engine:  # type: ignore[no-untyped-def]
    """Two boards with the default scale: SMALL with 2,500 risks in 2025, LARGE with 10,000."""
    from riskctl.services.orgs import add_org

    with write() as session:
        ids = {
            code: add_org(session=session, name=f"Nämnd {code}", code=code).id
            for code in ("SMALL", "LARGE")
        }
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for code, n in (("SMALL", SMALL), ("LARGE", LARGE)):
            conn.execute(
                insert(Risk),
                [
                    {
                        "org_id": ids[code],
                        "title": f"Risk {i}",
                        "description": f"=Beskrivning {i}" if i % 7 == 0 else f"Risk nr {i}",
                        "created_at": now,
                        "version": 1,
                    }
                    for i in range(n)
                ],
            )
            risks = conn.execute(select(Risk.id).where(Risk.org_id == ids[code])).scalars()
            conn.execute(
                insert(Assessment),
                [
                    {
                        "risk_id": rid,
                        "org_id": ids[code],
                        "year": 2025,
                        "probability": i % 4 + 1,
                        "significance": i // 4 % 4 + 1,
                        "handling": ("control", "action", "accept")[i % 3],
                        "note": "Stickprov på 25 underlag." if i % 2 else "",
                        "owner_id": None,
                        "created_at": now,
                        "updated_at": now,
                        "version": 1,
                    }
                    for i, rid in enumerate(risks)
                ],
            )
    return engine


def _analysis(engine: Engine, org: str) -> Report:
    with reading(engine) as session:
        return build_report(session=session, kind="analysis", year=2025, org=org, lang="sv")


def _xlsx(report: Report) -> bytes:
    out = io.BytesIO()
    write_binary(report, "xlsx", out)
    return out.getvalue()


def test_the_analysis_table_is_read_from_the_store_only_when_it_is_written(boards):
    report = _analysis(boards, "LARGE")
    assert report.table is not None and report.table.streamed
    assert report.heatmap is not None and report.heatmap.total == LARGE  # an aggregate query
    with zipfile.ZipFile(io.BytesIO(_xlsx(report))) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
        book = package.read("xl/workbook.xml").decode()
    assert report.table.streamed  # writing the XLSX did not load the rows
    assert sheet.count("<row ") == LARGE + 1
    assert '<autoFilter ref="A1:H10001"/>' in sheet
    assert re.search(r"_FilterDatabase[^>]*>'Analys'!\$A\$1:\$H\$10001<", book)
    assert "'=Beskrivning 0" in sheet  # neutralised on the way
    assert len(report.table.rows) == LARGE  # the document formats load them, once
    assert not report.table.streamed


def test_a_report_streams_in_its_own_open_session_too(boards):
    """Iterated before the session closes, the rows are read in that session."""
    with reading(boards) as session:
        report = build_report(session=session, kind="analysis", year=2025, org="SMALL")
        data = _xlsx(report)  # while the session is open: the rows are read in it
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(data), read_only=True)["Analys"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == SMALL
    assert [r[4] for r in rows] == sorted((r[4] for r in rows), reverse=True)
    assert all(type(r[2]) is int and type(r[4]) is int for r in rows)  # numbers stay numbers


def test_streamed_csv_is_the_same_text(boards):
    report = _analysis(boards, "SMALL")
    out = io.BytesIO()
    write_text(report, "csv", out)
    assert out.getvalue() == render_text(report, "csv").encode("utf-8")
    assert out.getvalue().count(b"\r\n") == SMALL + 1


class _Sink(io.RawIOBase):
    """A file that keeps nothing (a BytesIO would grow with the rows it is given)."""

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[no-untyped-def,override]
        return len(data)


def _peak(engine: Engine, org: str) -> int:
    tracemalloc.start()
    try:
        report = _analysis(engine, org)
        write_binary(report, "xlsx", _Sink())  # type: ignore[arg-type]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_xlsx_memory_does_not_grow_with_the_board(boards):
    """Four times the risks need about the same memory: the rows are neither listed by the
    report nor by the writer (listing 7,500 more rows would take well over 10 MB)."""
    _peak(boards, "SMALL")  # warm up: imports, caches
    small, large = _peak(boards, "SMALL"), _peak(boards, "LARGE")
    assert large < small * 1.25 + 2_000_000, (small, large)
