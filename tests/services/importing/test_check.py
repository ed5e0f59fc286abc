"""The rules a row of an import is checked by, and what makes a row a change."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from riskctl.models import Assessment, Org
from riskctl.services.importing.board import Board, load_board
from riskctl.services.importing.check import KEEP, Checker, Row, differs, handling_for

HEADERS = ["Risk", "Riskbeskrivning", "Sannolikhet", "Väsentlighet", "Riskvärde", "Hantering"]
MAPPING = {"title": 0, "description": 1, "probability": 2, "significance": 3, "value": 4}


def _board(**known: tuple[int, str]) -> Board:
    board = Board(Org(id=1, name="Kommunstyrelsen", code="KS"), {1, 2, 3, 4}, {1, 2, 3, 4},
                  "1–4", "1–4", year=2025)  # fmt: skip
    board.risks.update(known)
    return board


def _checker(board: Board, mapping: dict[str, int] | None = None, **kw: Any) -> Checker:
    mapping = {**MAPPING, "note": 5} if mapping is None else mapping
    return Checker(mapping, HEADERS, {1: board}, {"ks": 1}, 1, {}, kw.get("lang", "en"))


def _lines(checker: Checker) -> list[str]:
    return [p.text() for p in checker.problems]


def test_a_good_row_becomes_what_is_written():
    checker = _checker(_board())
    row = checker.check(2, ["Brand", "Brand i lokal", "3", "4.0", "12", "Sprinkler"])
    assert row == Row(2, 1, "Brand", "Brand i lokal", 3, 4, None, "Sprinkler", KEEP)
    assert checker.problems == []


def test_every_bad_cell_of_a_row_is_named_by_row_column_and_reason():
    checker = _checker(_board())
    assert checker.check(7, ["", "d", "5", "x", "", ""]) is None
    assert _lines(checker) == [
        "row 7, Risk: '' is not allowed; it must not be empty",
        "row 7, Sannolikhet: '5' is not allowed; use 1–4",
        "row 7, Väsentlighet: 'x' is not allowed; use 1–4",
    ]


def test_the_risk_value_must_be_probability_times_significance():
    checker = _checker(_board())
    assert checker.check(3, ["A", "d", "2", "2", "5", ""]) is None
    assert _lines(checker) == [
        "row 3, Riskvärde: '5' is not allowed; the risk value is probability × significance "
        "= 2 × 2 = 4"
    ]


def test_a_title_twice_in_the_file_names_the_first_row():
    checker = _checker(_board())
    assert checker.check(2, ["A", "d", "1", "1", "", ""]) is not None
    assert checker.check(9, ["A", "e", "1", "1", "", ""]) is None
    assert _lines(checker) == ["row 9, Risk: 'A' is not allowed; the same risk is in row 2 already"]


def test_a_short_row_is_padded_and_an_absent_note_column_keeps_the_stores_note():
    checker = _checker(_board(), mapping=MAPPING)
    row = checker.check(2, ["A", "d", "1", "2"])
    assert row is not None and row.note is KEEP and row.decision is None


@pytest.mark.parametrize(
    ("note", "decision", "kept_note"),
    [
        ("accepteras", "accept", ""),
        ("Internkontroll", "control", ""),
        ("Ny rutin", None, "Ny rutin"),
    ],
)
def test_a_note_that_is_only_a_decision_word_is_the_decision(note, decision, kept_note):
    row = _checker(_board()).check(2, ["A", "d", "1", "2", "", note])
    assert row is not None and (row.decision, row.note) == (decision, kept_note)


def test_a_decision_column_must_hold_a_decision_word():
    headers = [*HEADERS, "Beslut"]
    checker = Checker({**MAPPING, "decision": 6}, headers, {1: _board()}, {}, 1, {}, "sv")
    assert checker.check(4, ["A", "d", "1", "2", "", "", "kanske"]) is None
    assert [p.text("sv") for p in checker.problems] == [
        "rad 4, Beslut: 'kanske' är inte tillåtet; använd internkontroll, åtgärd eller "
        "accepteras (control, action, accept)"
    ]


def test_a_board_column_naming_another_board_than_org_is_refused():
    headers = [*HEADERS[:4], "Nämnd"]
    mapping = {"title": 0, "description": 1, "probability": 2, "significance": 3, "board": 4}
    checker = Checker(mapping, headers, {1: _board()}, {"ks": 1, "bun": 2}, 1, {}, "en")
    assert checker.check(2, ["A", "d", "1", "2", "KS"]) is not None
    assert checker.check(3, ["B", "d", "1", "2", "BUN"]) is None
    assert _lines(checker) == [
        "row 3, Nämnd: 'BUN' is not allowed; the file is imported into KS (--org)"
    ]


def _assessment(**kw: Any) -> Assessment:
    values = {"risk_id": 5, "org_id": 1, "year": 2025, "probability": 2, "significance": 3,
              "handling": "control", "note": "Rutin", "owner_id": None} | kw  # fmt: skip
    return Assessment(**values)


def _row(**kw: Any) -> Row:
    values = {"row": 2, "org_id": 1, "title": "A", "description": "", "probability": 2,
              "significance": 3, "decision": None, "note": KEEP, "owner": KEEP} | kw  # fmt: skip
    return Row(**values)


def test_the_decision_is_given_else_kept_else_read_from_the_note():
    existing = _assessment(handling="control")
    assert handling_for(_row(decision="accept"), existing) == "accept"
    assert handling_for(_row(note="Risken accepteras"), existing) == "control"
    assert handling_for(_row(note="Risken accepteras"), None) == "accept"
    assert handling_for(_row(note="Ny rutin"), None) == "action"


def test_a_row_differs_only_where_it_changes_the_store():
    same = _assessment()
    assert not differs(_row(), same, "Text", {})
    assert not differs(_row(description=""), same, "Text", {})  # empty keeps the text
    assert differs(_row(description="Ny text"), same, "Text", {})
    assert differs(_row(significance=4), same, "Text", {})
    assert differs(_row(note="Annan"), same, "Text", {})
    assert not differs(_row(note="Rutin"), same, "Text", {})
    assert differs(_row(owner="Ekonomichef"), same, "Text", {})  # an owner the store lacks
    owned = _assessment(owner_id=7)
    assert not differs(_row(owner="Ekonomichef"), owned, "Text", {"Ekonomichef": 7})
    assert differs(_row(owner=None), owned, "Text", {"Ekonomichef": 7})


def test_the_board_read_for_the_checks_knows_the_adopted_plans_risks(examples_store, read):
    with read() as session:
        org = session.exec(select(Org).where(Org.code == "KS")).one()
        board = load_board(session, org, 2024)
        assert board.p_range == "1–4" and board.year == 2024
        cyber = board.risks["Cyberhot"][0]
        assert cyber in board.locked and cyber in board.assessed
        assert load_board(session, org, 2031).locked == set()
