"""A draft's items edited by hand: set, add and remove."""

from __future__ import annotations

import pytest

from riskctl.errors import InvalidInput, NotFound
from riskctl.services.followups import record_followup
from riskctl.services.plans.adoption import adopt_plan, reopen_plan, show_plan
from riskctl.services.plans.generate import generate_plan
from riskctl.services.plans.items import (
    METHOD_MAX,
    add_item,
    find_item,
    remove_item,
    set_item,
)
from tests.services.plans.conftest import YEAR


@pytest.fixture
def draft(board, write):  # type: ignore[no-untyped-def]
    with write() as session:
        return generate_plan(session=session, org="KS", year=YEAR).plan


def test_set_changes_the_method_and_the_owner(draft, write):
    item = draft.items[0]
    with write() as session:
        edited = set_item(session=session, item_id=item.id, method="Egen granskning", owner="Ny")
    assert (edited.method, edited.owner) == ("Egen granskning", "Ny")


def test_a_method_must_not_be_empty_nor_too_long(draft, write, read):
    item = draft.items[0]
    with pytest.raises(InvalidInput) as refused, write() as session:
        set_item(session=session, item_id=item.id, method="  ")
    assert "it must not be empty" in str(refused.value)
    with pytest.raises(InvalidInput) as refused, write() as session:
        set_item(session=session, item_id=item.id, method="x" * (METHOD_MAX + 1))
    assert f"use at most {METHOD_MAX} characters" in str(refused.value)
    with read() as session:
        assert show_plan(session=session, org="KS", year=YEAR).items[0].method == item.method


def test_a_risk_is_added_by_hand_with_its_notes_method_and_owner(draft, board, write):
    with write() as session:
        added = add_item(session=session, risk_id=board.cyberhot, year=YEAR)
    assert (added.title, added.method, added.owner) == ("Cyberhot", "Utbildning.", "IT-chef")


def test_a_risk_in_the_plan_already_is_not_added_twice(draft, board, write):
    with pytest.raises(InvalidInput) as refused, write() as session:
        add_item(session=session, risk_id=board.loner, year=YEAR)
    assert f"it is in the plan already as item {draft.items[0].id}" in str(refused.value)


def test_a_risk_outside_the_years_analysis_cannot_be_added(draft, board, write):
    with pytest.raises(NotFound) as refused, write() as session:
        add_item(session=session, risk_id=board.loner, year=2026)
    assert f"risk {board.loner} is not in the 2026 analysis" in str(refused.value)


def test_a_removed_item_is_gone_and_can_be_added_back(draft, write, read):
    item = draft.items[0]
    with write() as session:
        remove_item(session=session, item_id=item.id)
    with read() as session:
        assert [i.id for i in show_plan(session=session, org="KS", year=YEAR).items] == [
            draft.items[1].id
        ]
        with pytest.raises(NotFound) as refused:
            find_item(session, item.id)
    assert "see `riskctl plan show` for the item ids" in str(refused.value)
    with write() as session:
        back = add_item(session=session, risk_id=item.risk_id, year=YEAR)
    assert back.id == item.id


def test_an_item_with_follow_ups_cannot_be_removed(draft, write):
    item = draft.items[0]
    with write() as session:
        adopt_plan(session=session, org="KS", year=YEAR, decided_on="2025-01-20")
        record_followup(
            session=session, item_id=item.id, period="interim", assessment="ok", result="Inga fel"
        )
        reopen_plan(session=session, org="KS", year=YEAR, reason="Ny bedömning")
    with pytest.raises(InvalidInput) as refused, write() as session:
        remove_item(session=session, item_id=item.id)
    assert "it has follow-ups, samples or evidence and cannot be removed" in str(refused.value)
