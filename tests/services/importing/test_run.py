"""An import from start to end over a real store: all rows written, or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from riskctl.errors import ImportRejected, InvalidInput
from riskctl.models import Assessment, Risk
from riskctl.services.importing.read import read_file
from riskctl.services.importing.run import ImportResult, import_sheet

from .conftest import HEADER, write_csv


def _import(write, path: Path, **kw: Any) -> ImportResult:  # type: ignore[no-untyped-def]
    with write() as session:
        return import_sheet(session=session, sheet=read_file(path), year=2025, org="KS", **kw)


def _assessments(read) -> dict[str, tuple[int, int, str, str]]:  # type: ignore[no-untyped-def]
    with read() as session:
        rows = session.exec(select(Risk, Assessment).join(Assessment)).all()
        return {r.title: (a.probability, a.significance, a.handling, a.note) for r, a in rows}


def test_a_good_file_creates_the_risks_and_their_assessments(board, write, read, tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADER + "Brand;Brand i lokal;3;4;12;accepteras\n"
                     "Stöld;;1;2;;Larm\n")  # fmt: skip
    result = _import(write, path)
    assert (result.org, result.rows, result.created, result.written) == ("KS", 2, 2, 2)
    assert _assessments(read) == {"Brand": (3, 4, "accept", ""), "Stöld": (1, 2, "action", "Larm")}


def test_a_rejected_file_names_each_bad_cell_and_stores_nothing(
    board, write, tmp_path, store_state
):
    path = write_csv(tmp_path / "bad.csv", HEADER + "Brand;d;3;4;12;\nStöld;d;9;2;;\n")
    before = store_state()
    with pytest.raises(ImportRejected) as caught:
        _import(write, path)
    assert caught.value.lines == ["row 3, Sannolikhet: '9' is not allowed; use 1–4"]
    assert caught.value.message == f"{path}: 1 bad row; nothing was imported"
    assert caught.value.exit_code == 2
    assert store_state() == before  # not even the good row


def test_importing_again_changes_only_the_rows_that_differ(board, write, read, tmp_path):
    first = HEADER + "Brand;Brand i lokal;3;4;;Sprinkler\nStöld;Stöld av utrustning;1;2;;Larm\n"
    _import(write, write_csv(tmp_path / "a.csv", first))
    again = _import(write, write_csv(tmp_path / "a.csv", first))
    assert (again.created, again.added, again.updated, again.unchanged) == (0, 0, 0, 2)
    changed = first.replace("Stöld;Stöld av utrustning;1;2", "Stöld;;2;2")
    result = _import(write, write_csv(tmp_path / "b.csv", changed))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert _assessments(read)["Stöld"] == (2, 2, "action", "Larm")
    with read() as session:  # an empty description keeps the register's
        stold = session.exec(select(Risk).where(Risk.title == "Stöld")).one()
        assert stold.description == "Stöld av utrustning"


def test_a_dry_run_says_what_would_change_and_writes_nothing(board, write, tmp_path, store_state):
    path = write_csv(tmp_path / "a.csv", HEADER + "Brand;d;3;4;;\n;;;;;\n")
    before = store_state()
    result = _import(write, path, dry_run=True)
    assert (result.rows, result.created, result.dry_run) == (1, 1, True)  # the empty row skipped
    assert store_state() == before


def test_all_boards_needs_a_board_column(board, write, tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADER + "Brand;d;3;4;;\n")
    with write() as session, pytest.raises(InvalidInput) as caught:
        import_sheet(session=session, sheet=read_file(path), year=2025, org="all")
    assert caught.value.allowed == "'all' needs a Nämnd (Board) column in the file"


def test_a_change_to_a_risk_of_an_adopted_plan_is_refused(examples_store, write, tmp_path):
    path = write_csv(tmp_path / "2024.csv", HEADER + "Cyberhot;;1;1;;\n")
    with write() as session, pytest.raises(ImportRejected) as caught:
        import_sheet(session=session, sheet=read_file(path), year=2024, org="KS")
    assert caught.value.lines == [
        "row 2, Risk: 'Cyberhot' is not allowed; the risk is in the adopted 2024 plan; "
        "reopen the plan first"
    ]
