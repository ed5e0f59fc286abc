"""Formula injection: neutralised on the way out, restored on the way in, for any text."""

from __future__ import annotations

import io
import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskctl.cell_safety import TRIGGERS, neutralise, restore
from riskctl.exporters.csvfile import table_csv
from riskctl.exporters.xlsx import write_xlsx
from riskctl.services.importing.read import map_columns, read_csv, read_xlsx
from riskctl.services.importing.read import text_of as _text_cell
from riskctl.services.reports.analysis import analysis_columns
from riskctl.services.reports.model import Report, Table

# Text as a user may type it: any printable character, leading triggers and quotes likely.
SPICY = st.sampled_from(["=", "+", "-", "@", "'", "\t", "\r", "\n", ";", ",", '"', " "])
TEXT = st.lists(
    st.one_of(SPICY, st.characters(blacklist_categories=("Cs", "Cc"))), max_size=30
).map("".join)
CELL = TEXT.map(str.strip).filter(bool)


@given(TEXT)
def test_restore_undoes_neutralise(text):
    assert restore(neutralise(text)) == text


@given(TEXT)
def test_a_neutralised_cell_never_starts_a_formula(text):
    assert not neutralise(text).startswith(TRIGGERS)


def test_numbers_and_plain_text_are_left_alone():
    assert neutralise(-5) == -5 and neutralise(2.5) == 2.5 and neutralise(None) is None
    assert neutralise("Risk 1") == "Risk 1"
    assert neutralise("=SUM(A1)") == "'=SUM(A1)"
    for trigger in ("=", "+", "-", "@", "\t", "\r", "\n"):
        assert neutralise(trigger + "x") == "'" + trigger + "x"


def _table(title: str, description: str, note: str) -> Table:
    table = Table("Analys", analysis_columns("sv"))
    table.rows.append(
        {
            "title": title,
            "description": description,
            "probability": 2,
            "significance": 3,
            "value": 6,
            "handling_text": note,
            "note": note,
            "decision": "åtgärd",
            "owner": "",
        }
    )
    table.fills.append({})
    return table


@given(CELL, TEXT.map(str.strip), TEXT.map(str.strip))
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_survives_a_csv_round_trip(tmp_path: Path, title, description, note):
    path = tmp_path / "x.csv"
    path.write_text(table_csv(_table(title, description, note)), encoding="utf-8", newline="")
    sheet = read_csv(path)
    mapping, _ignored = map_columns(sheet)
    ((_number, cells),) = sheet.rows
    assert _text_cell(cells[mapping["title"]]) == title
    assert _text_cell(cells[mapping["description"]]) == description
    assert _text_cell(cells[mapping["note"]]) == note
    assert cells[mapping["probability"]] == "2"


PRINTABLE = st.text(
    alphabet=string.printable.replace("\x0b", "").replace("\x0c", "") + "åäöÅÄÖé–→", max_size=30
).map(str.strip)


@given(PRINTABLE.filter(bool), PRINTABLE)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_text_survives_an_xlsx_round_trip(tmp_path: Path, title, note):
    out = io.BytesIO()
    write_xlsx(
        Report(
            kind="analysis",
            lang="sv",
            year=2025,
            board="KS",
            title="T",
            table=_table(title, "", note),
        ),
        out,
    )
    path = tmp_path / "x.xlsx"
    path.write_bytes(out.getvalue())
    sheet = read_xlsx(path)
    mapping, _ignored = map_columns(sheet)
    ((_number, cells),) = sheet.rows
    assert _text_cell(cells[mapping["title"]]) == title
    assert _text_cell(cells[mapping["note"]]) == note
    assert cells[mapping["probability"]] == "2"  # every cell is read as text (riskctl.tabular)
