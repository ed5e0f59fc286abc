"""What an adopted plan forbids, and a plan whose status was changed past riskctl."""

from __future__ import annotations

import pytest
from sqlmodel import select

from riskctl.errors import InvalidInput, Locked
from riskctl.models import Plan
from riskctl.services.followups import record_followup
from riskctl.services.plans import locks
from riskctl.services.plans.adoption import adopt_plan, reopen_plan
from riskctl.services.plans.generate import generate_plan, generate_plans
from riskctl.services.plans.items import add_item, set_item
from riskctl.services.risks import remove_risk
from tests.services.plans.conftest import YEAR, sql

BROKEN = (
    "the 2025 plan of KS is marked draft, but its events say otherwise: its seal is broken, "
    "and riskctl changes nothing of it; see riskctl plan verify"
)


@pytest.fixture
def adopted(board, write):  # type: ignore[no-untyped-def]
    with write() as session:
        generate_plan(session=session, org="KS", year=YEAR)
        return adopt_plan(session=session, org="KS", year=YEAR, decided_on="2025-01-20")


def test_a_plan_set_back_to_draft_past_riskctl_refuses_every_guarded_write(
    adopted, board, engine, write
):
    sql(engine, "UPDATE plan SET status = 'draft'")
    for write_it in (
        lambda s: set_item(session=s, item_id=adopted.items[0].id, method="Ingen kontroll"),
        lambda s: add_item(session=s, risk_id=board.cyberhot, year=YEAR),
        lambda s: adopt_plan(session=s, org="KS", year=YEAR, decided_on="2025-02-01"),
        lambda s: generate_plan(session=s, org="KS", year=YEAR),
    ):
        with pytest.raises(Locked) as refused, write() as session:
            write_it(session)
        assert str(refused.value) == BROKEN
    with write() as session:
        [skipped] = generate_plans(session=session, year=YEAR)
    assert skipped.skipped == "broken"


def test_the_refusal_names_the_decision_date_when_it_is_known(adopted, read):
    with read() as session:
        plan = session.exec(select(Plan)).one()
        assert locks.adopted_text(plan) == "adopted on 2025-01-20"
        plan.adopted_on = None
        assert locks.adopted_text(plan) == "adopted"


def test_items_with_follow_ups_are_never_deleted_with_their_risk(adopted, board, write):
    item = adopted.items[0]
    with write() as session:
        record_followup(
            session=session, item_id=item.id, period="interim", assessment="ok", result="Inga fel"
        )
        reopen_plan(session=session, org="KS", year=YEAR, reason="Ny bedömning")
    with write() as session:
        assert locks.items_with_records(session, [i.id for i in adopted.items]) == {item.id}
    with pytest.raises(InvalidInput) as refused, write() as session:
        remove_risk(session=session, risk_id=item.risk_id, year=YEAR)
    assert "the risk is in the 2025 plan; remove it from the plan first" in str(refused.value)
