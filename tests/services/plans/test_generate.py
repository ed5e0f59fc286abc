"""`plan generate` over a real store: the draft it builds, what survives a regeneration, and
what it warns about."""

from __future__ import annotations

import pytest

from riskctl.errors import Locked, NotFound
from riskctl.services.followups import record_followup
from riskctl.services.plans.adoption import adopt_plan, reopen_plan
from riskctl.services.plans.generate import generate_plan, generate_plans
from riskctl.services.plans.items import remove_item, set_item
from riskctl.services.risks import edit_risk
from tests.services.plans.conftest import YEAR


def _generate(write):  # type: ignore[no-untyped-def]
    with write() as session:
        return generate_plan(session=session, org="KS", year=YEAR)


def test_the_draft_holds_the_controlled_risks_highest_value_first(board, write):
    result = _generate(write)
    assert result.added == 2
    assert [(i.title, i.value, i.owner) for i in result.plan.items] == [
        ("Felaktiga löner", 12, "HR-chef"),
        ("Ramavtal följs inte", 9, "Inköpschef"),
    ]
    # The method is the note's sentence that names a check, not where the risk is planned.
    assert result.plan.items[1].method == "Stickprov på 20 inköp."
    assert result.plan.status == "draft"


def test_a_high_risk_left_out_is_warned_about(board, write):
    result = _generate(write)
    assert result.warnings == ["Cyberhot has risk value 8 (threshold 8) but its handling is action"]


def test_regenerating_keeps_hand_edits_and_leaves_removed_items_out(board, write):
    plan = _generate(write).plan
    loner, ramavtal = plan.items
    with write() as session:
        set_item(session=session, item_id=ramavtal.id, method="Egen granskning")
        remove_item(session=session, item_id=loner.id)
    again = _generate(write)
    assert (again.added, again.updated, again.dropped) == (0, 0, 0)
    assert [(i.title, i.method) for i in again.plan.items] == [
        ("Ramavtal följs inte", "Egen granskning")
    ]


def test_an_unedited_item_follows_its_risk_out_of_control(board, write):
    _generate(write)
    with write() as session:
        edit_risk(session=session, risk_id=board.loner, year=YEAR, changes={"handling": "accept"})
    again = _generate(write)
    assert again.dropped == 1
    assert [i.title for i in again.plan.items] == ["Ramavtal följs inte"]


def test_an_edited_item_stays_when_its_risk_leaves_control_and_is_reported(board, write):
    plan = _generate(write).plan
    with write() as session:
        set_item(session=session, item_id=plan.items[0].id, owner="Ekonomichef")
        edit_risk(session=session, risk_id=board.loner, year=YEAR, changes={"handling": "action"})
    again = _generate(write)
    assert again.dropped == 0
    assert [i.title for i in again.plan.items] == ["Felaktiga löner", "Ramavtal följs inte"]
    assert again.warnings[0] == (
        "kept Felaktiga löner (edited by hand) although its handling is no longer control"
    )


def test_an_item_with_follow_ups_stays_when_its_risk_leaves_control(board, write):
    plan = _generate(write).plan
    with write() as session:
        adopt_plan(session=session, org="KS", year=YEAR, decided_on="2025-01-20")
        record_followup(
            session=session,
            item_id=plan.items[0].id,
            period="interim",
            assessment="ok",
            result="Inga fel",
        )
        reopen_plan(session=session, org="KS", year=YEAR, reason="Ny bedömning")
        edit_risk(session=session, risk_id=board.loner, year=YEAR, changes={"handling": "action"})
    again = _generate(write)
    assert again.dropped == 0
    assert [i.title for i in again.plan.items] == ["Felaktiga löner", "Ramavtal följs inte"]
    assert again.warnings[0] == (
        "kept Felaktiga löner: it has follow-ups, samples or evidence, although its "
        "handling is no longer control"
    )


def test_an_adopted_plan_is_refused_for_one_board_and_skipped_for_all(board, write):
    _generate(write)
    with write() as session:
        adopt_plan(session=session, org="KS", year=YEAR, decided_on="2025-01-20")
    with pytest.raises(Locked) as refused:
        _generate(write)
    assert str(refused.value) == (
        "the 2025 plan of KS is adopted on 2025-01-20 and locked; reopen it first: "
        "riskctl plan reopen --year 2025 --org KS --reason TEXT"
    )
    with write() as session:
        [skipped] = generate_plans(session=session, year=YEAR)
    assert (skipped.org, skipped.skipped, skipped.added) == ("KS", "adopted", 0)


def test_a_year_with_no_analysis_is_refused(board, write):
    with pytest.raises(NotFound) as refused, write() as session:
        generate_plan(session=session, org="KS", year=2026)
    assert "KS has no risk analysis for 2026" in str(refused.value)
    with write() as session:
        assert generate_plans(session=session, year=2026) == []
