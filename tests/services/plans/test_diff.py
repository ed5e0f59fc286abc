"""`plan diff`: what differs between a plan now and what the board adopted."""

from __future__ import annotations

import pytest

from riskctl.errors import InvalidInput
from riskctl.services.plans.adoption import adopt_plan, reopen_plan
from riskctl.services.plans.diff import DiffLine, diff_plan
from riskctl.services.plans.generate import generate_plan
from riskctl.services.plans.items import add_item, remove_item, set_item
from riskctl.services.risks import add_risk, edit_risk
from tests.services.plans.conftest import YEAR


@pytest.fixture
def adopted(board, write):  # type: ignore[no-untyped-def]
    with write() as session:
        generate_plan(session=session, org="KS", year=YEAR)
        return adopt_plan(session=session, org="KS", year=YEAR, decided_on="2025-01-20")


def test_an_unchanged_plan_has_no_differences(adopted, write):
    with write() as session:
        assert diff_plan(session=session, org="KS", year=YEAR) == []


def test_a_rewording_in_the_register_shows_as_a_changed_title(adopted, board, write):
    with write() as session:
        later = add_risk(
            session=session,
            org="KS",
            year=2026,
            title="Felaktiga löner",
            probability=1,
            significance=1,
        )
        assert later.id == board.loner
        edit_risk(
            session=session, risk_id=board.loner, year=2026, changes={"title": "Fel i lönerna"}
        )
    with write() as session:
        lines = diff_plan(session=session, org="KS", year=YEAR)
    assert lines == [
        DiffLine(
            "changed", board.loner, "Fel i lönerna", "title", "Felaktiga löner", "Fel i lönerna"
        )
    ]


def test_items_added_removed_and_edited_after_reopening(adopted, board, write):
    loner, ramavtal = adopted.items
    with write() as session:
        reopen_plan(session=session, org="KS", year=YEAR, reason="Ny bedömning")
        set_item(session=session, item_id=ramavtal.id, method="Egen granskning")
        remove_item(session=session, item_id=loner.id)
        add_item(session=session, risk_id=board.cyberhot, year=YEAR)
    with write() as session:
        lines = diff_plan(session=session, org="KS", year=YEAR)
    assert [(line.change, line.title, line.field) for line in lines] == [
        ("changed", "Ramavtal följs inte", "method"),
        ("added", "Cyberhot", ""),
        ("removed", "Felaktiga löner", ""),
    ]
    changed = lines[0]
    assert (changed.adopted, changed.now) == ("Stickprov på 20 inköp.", "Egen granskning")


def test_a_plan_never_adopted_has_nothing_to_compare_with(board, write):
    with write() as session:
        generate_plan(session=session, org="KS", year=YEAR)
    with pytest.raises(InvalidInput) as refused, write() as session:
        diff_plan(session=session, org="KS", year=YEAR)
    assert "it has never been adopted" in str(refused.value)
