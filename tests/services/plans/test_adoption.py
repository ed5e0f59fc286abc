"""Adopting a plan, the edits it forbids, reopening it, and the plan as the board decided it."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from riskctl.errors import InvalidInput, Locked
from riskctl.models import PlanEvent
from riskctl.services.plans.adoption import adopt_plan, reopen_plan, show_plan
from riskctl.services.plans.generate import generate_plan
from riskctl.services.plans.items import remove_item, set_item
from riskctl.services.plans.seal import fingerprint
from riskctl.services.risks import add_risk, edit_risk
from tests.services.plans.conftest import YEAR

LOCKED = (
    "the 2025 plan of KS is adopted on 2025-01-20 and locked; reopen it first: "
    "riskctl plan reopen --year 2025 --org KS --reason TEXT"
)


@pytest.fixture
def adopted(board, write):  # type: ignore[no-untyped-def]
    """The KS 2025 plan generated and adopted; its items."""
    with write() as session:
        generate_plan(session=session, org="KS", year=YEAR)
        view = adopt_plan(
            session=session, org="KS", year=YEAR, decided_on="2025-01-20", ref="KS 2025/12"
        )
    return view


def test_adoption_freezes_the_plan_as_a_fingerprinted_snapshot(adopted, read):
    assert adopted.status == "adopted"
    with read() as session:
        event = session.exec(select(PlanEvent).where(PlanEvent.kind == "adopt")).one()
    snapshot = json.loads(event.snapshot)
    assert event.fingerprint == adopted.fingerprint == fingerprint(snapshot)
    assert (snapshot["org"], snapshot["year"], snapshot["adopted_on"], snapshot["ref"]) == (
        "KS",
        2025,
        "2025-01-20",
        "KS 2025/12",
    )
    assert [i["title"] for i in snapshot["items"]] == ["Felaktiga löner", "Ramavtal följs inte"]


def test_an_adopted_plan_refuses_an_edit_of_its_items_and_risks(adopted, board, write):
    item = adopted.items[0]
    with pytest.raises(Locked) as refused, write() as session:
        set_item(session=session, item_id=item.id, method="Annan metod")
    assert str(refused.value) == LOCKED
    with pytest.raises(Locked) as refused, write() as session:
        remove_item(session=session, item_id=item.id)
    assert str(refused.value) == LOCKED
    with pytest.raises(Locked) as refused, write() as session:
        edit_risk(session=session, risk_id=board.loner, year=YEAR, changes={"probability": 1})
    assert str(refused.value) == (
        f"risk {board.loner} is in the 2025 internal control plan, adopted on 2025-01-20; "
        "reopen the plan first (`riskctl plan reopen --year 2025 --org KS --reason ...`)"
    )


def test_a_plan_is_adopted_once_until_it_is_reopened(adopted, write):
    with pytest.raises(Locked) as refused, write() as session:
        adopt_plan(session=session, org="KS", year=YEAR, decided_on="2025-02-01")
    assert str(refused.value) == (
        "the 2025 plan of KS is adopted on 2025-01-20 already; reopen it first to adopt it again"
    )


def test_reopening_allows_the_edit_again(adopted, write):
    with write() as session:
        reopened = reopen_plan(session=session, org="KS", year=YEAR, reason="Ny bedömning")
    assert (reopened.status, reopened.fingerprint) == ("draft", None)
    with write() as session:
        edited = set_item(session=session, item_id=adopted.items[0].id, method="Annan metod")
    assert edited.method == "Annan metod"


def test_only_an_adopted_plan_can_be_reopened(board, write):
    with write() as session:
        generate_plan(session=session, org="KS", year=YEAR)
    with pytest.raises(InvalidInput) as refused, write() as session:
        reopen_plan(session=session, org="KS", year=YEAR, reason="Fel")
    assert "only an adopted plan can be reopened; this one is a draft" in str(refused.value)


def test_a_plan_with_no_items_cannot_be_adopted(board, write):
    with write() as session:
        plan = generate_plan(session=session, org="KS", year=YEAR).plan
        for item in plan.items:
            remove_item(session=session, item_id=item.id)
    with pytest.raises(InvalidInput) as refused, write() as session:
        adopt_plan(session=session, org="KS", year=YEAR, decided_on="2025-01-20")
    assert "a plan with no items cannot be adopted" in str(refused.value)


def test_the_plan_shown_is_the_one_adopted_after_the_register_is_reworded(adopted, write):
    with write() as session:
        later = add_risk(
            session=session,
            org="KS",
            year=2026,
            title="Felaktiga löner",
            probability=4,
            significance=3,
        )
        edit_risk(session=session, risk_id=later.id, year=2026, changes={"title": "Fel i lönerna"})
    with write() as session:
        shown = show_plan(session=session, org="KS", year=YEAR)
    assert [i.title for i in shown.items] == ["Felaktiga löner", "Ramavtal följs inte"]
    assert shown.seal_problems == []
