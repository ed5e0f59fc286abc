"""Follow-ups of adopted plans over a real store: recorded as revisions, listed, refused."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from riskctl.errors import InvalidInput
from riskctl.models import FollowUp, Org, Plan, PlanItem, Risk
from riskctl.services.followups import list_followups, record_followup, summarise
from tests.services.adopted import plan_items


def _record(write, item: int, **kw):  # type: ignore[no-untyped-def]
    values = {"period": "interim", "assessment": "ok", "result": "Inga avvikelser"} | kw
    with write() as session:
        return record_followup(session=session, item_id=item, **values)


def _stored(read, item: int, period: str) -> list[tuple[int, bool, str]]:  # type: ignore[no-untyped-def]
    with read() as session:
        rows = session.exec(
            select(FollowUp)
            .where(FollowUp.item_id == item, FollowUp.period == period)
            .order_by(col(FollowUp.revision))
        ).all()
        return [(f.revision, f.current, f.result) for f in rows]


@pytest.fixture
def item(examples_store, read) -> int:  # type: ignore[no-untyped-def]
    with read() as session:
        return plan_items(session)[0]


def test_recording_twice_keeps_revision_1_retired_and_revision_2_current(item, write, read):
    first = _record(write, item, result="Första")
    assert (first.revision, first.period, first.assessment) == (1, "interim", "ok")
    second = _record(write, item, result="Andra", assessment="remark", done_on="2024-09-01")
    assert (second.revision, second.date) == (2, "2024-09-01")
    assert _stored(read, item, "interim") == [(1, False, "Första"), (2, True, "Andra")]


def test_each_period_has_revisions_of_its_own(item, write, read):
    annual = _stored(read, item, "annual")  # the examples follow the 2024 plan up
    assert annual == [(1, True, annual[0][2])]
    assert _record(write, item, period="interim").revision == 1
    assert _record(write, item, period="annual").revision == 2
    assert [r[:2] for r in _stored(read, item, "annual")] == [(1, False), (2, True)]


def test_the_list_shows_the_current_follow_up_and_with_history_the_earlier(item, write, read):
    _record(write, item, result="Första")
    _record(write, item, result="Andra")
    with read() as session:
        current = list_followups(session=session, year=2024, org="KS", period="interim")
        every = list_followups(session=session, year=2024, org="KS", period="interim", history=True)
    assert [(f.item, f.revision, f.result) for f in current] == [(item, 2, "Andra")]
    assert [(f.item, f.revision) for f in every] == [(item, 2), (item, 1)]


def test_the_summary_counts_the_current_verdicts(item, write, read):
    _record(write, item, assessment="remark")
    _record(write, item, assessment="ok")  # the later one counts
    with read() as session:
        summary = summarise(session=session, year=2024, org="KS", period="interim")
    assert (summary.ok, summary.remark, summary.none) == (1, 0, summary.risks - 1)


def test_a_draft_plans_item_cannot_be_followed_up(examples_store, write, store_state):
    with write() as session:
        org = session.exec(select(Org).where(Org.code == "KS")).one()
        risk = session.exec(select(Risk).where(Risk.org_id == org.id)).first()
        assert org.id is not None and risk is not None and risk.id is not None
        plan = Plan(org_id=org.id, year=2031)
        session.add(plan)
        session.flush()
        assert plan.id is not None
        draft = PlanItem(plan_id=plan.id, risk_id=risk.id)
        session.add(draft)
        session.flush()
        draft_id = draft.id
    assert draft_id is not None
    before = store_state()
    with pytest.raises(InvalidInput) as caught:
        _record(write, draft_id)
    assert caught.value.allowed == (
        "the 2031 plan of KS is a draft; only an adopted plan can be followed up"
    )
    assert store_state() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"period": "q3"}, "period"),
        ({"assessment": "bra"}, "assessment"),
        ({"result": " "}, "result"),
    ],
)
def test_a_bad_follow_up_is_refused_and_nothing_is_stored(item, write, store_state, changes, field):
    before = store_state()
    with pytest.raises(InvalidInput) as caught:
        _record(write, item, **changes)
    assert caught.value.field == field
    assert store_state() == before
