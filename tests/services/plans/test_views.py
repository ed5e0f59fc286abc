"""The plan as it is now, its events, and what last year's follow-ups found."""

from __future__ import annotations

import pytest

from riskctl.errors import NotFound
from riskctl.services.followups import record_followup
from riskctl.services.orgs import resolve_org
from riskctl.services.plans.adoption import adopt_plan, reopen_plan, show_plan
from riskctl.services.plans.generate import generate_plan
from riskctl.services.plans.views import findings_by_board, plan_events, previous_findings
from tests.services.plans.conftest import YEAR


def test_a_board_year_with_no_plan_says_how_to_make_one(board, read):
    with pytest.raises(NotFound) as refused, read() as session:
        show_plan(session=session, org="KS", year=YEAR)
    assert "generate it first: riskctl plan generate --year 2025 --org KS" in str(refused.value)


def test_the_events_are_the_adoptions_and_reopenings_oldest_first(board, write, read):
    with write() as session:
        generate_plan(session=session, org="KS", year=YEAR)
        adopt_plan(session=session, org="KS", year=YEAR, decided_on="2025-01-20", ref="KS 1")
        reopen_plan(session=session, org="KS", year=YEAR, reason="Ny bedömning")
    with read() as session:
        events = plan_events(session=session, org="KS", year=YEAR)
    assert [(e.kind, e.ref, e.reason) for e in events] == [
        ("adopt", "KS 1", None),
        ("reopen", None, "Ny bedömning"),
    ]


def test_the_latest_follow_up_with_remarks_is_the_finding(board, write, read):
    with write() as session:
        plan = generate_plan(session=session, org="KS", year=YEAR).plan
        adopt_plan(session=session, org="KS", year=YEAR, decided_on="2025-01-20")
        loner, ramavtal = plan.items
        for item, period, verdict in (
            (loner, "interim", "remark"),
            (loner, "annual", "near"),  # the annual follow-up supersedes the interim one
            (ramavtal, "interim", "ok"),
        ):
            record_followup(
                session=session, item_id=item.id, period=period, assessment=verdict, result="x"
            )
    with read() as session:
        org = resolve_org(session=session, ref="KS")
        assert previous_findings(session=session, org=org, year=YEAR) == {loner.risk_id: "near"}
        assert findings_by_board(session=session, year=YEAR) == {org.id: {loner.risk_id: "near"}}
        assert findings_by_board(session=session, year=2024) == {}
