"""Year rollover as a function over a real store: next year's analysis starts as a copy of
this year's, never twice, and a risk whose follow-up found remarks comes back under control."""

from __future__ import annotations

import pytest
from sqlmodel import select

from riskctl.errors import InvalidInput
from riskctl.models import Assessment, PlanItem
from riskctl.services.followups import record_followup
from riskctl.services.orgs import add_org
from riskctl.services.plans.adoption import adopt_plan
from riskctl.services.plans.generate import generate_plan
from riskctl.services.risks import add_risk
from riskctl.services.rollover import proposal, rollover


@pytest.fixture
def board(write) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """KS 2025: a controlled risk (adopted plan), an accepted one and one with actions."""
    with write() as session:
        add_org(session=session, name="Kommunstyrelsen", code="KS")
        ids = {
            title: add_risk(
                session=session,
                org="KS",
                year=2025,
                title=title,
                probability=p,
                significance=s,
                handling=handling,
                note=note,
            ).id
            for title, p, s, handling, note in (
                ("Felaktiga löner", 4, 3, "control", "Granskning av utbetalningar."),
                ("Lokaler", 1, 2, "accept", ""),
                ("Cyberhot", 2, 3, "action", "Utbildning."),
            )
        }
    with write() as session:
        generate_plan(session=session, org="KS", year=2025)
        adopt_plan(session=session, org="KS", year=2025, decided_on="2024-12-16", ref="KS 1")
    return ids


def _year(read, year: int) -> dict[int, Assessment]:  # type: ignore[no-untyped-def]
    with read() as session:
        rows = session.exec(select(Assessment).where(Assessment.year == year)).all()
        return {a.risk_id: a for a in rows}


def test_rollover_copies_each_score_handling_and_note_once(board, write, read):
    with write() as session:
        first = rollover(session=session, from_year=2025, to_year=2026)
    assert {c.title for c in first.copied} == set(board)
    assert first.skipped == 0
    before, after = _year(read, 2025), _year(read, 2026)
    assert {r: (a.probability, a.significance, a.handling, a.note) for r, a in after.items()} == {
        r: (a.probability, a.significance, a.handling, a.note) for r, a in before.items()
    }
    with write() as session:
        again = rollover(session=session, from_year=2025, to_year=2026)
    assert again.copied == []
    assert again.skipped == 3
    assert len(_year(read, 2026)) == 3


def test_a_remark_in_the_annual_follow_up_brings_the_risk_under_control(board, write, read):
    with read() as session:
        item_id = session.exec(
            select(PlanItem.id).where(PlanItem.risk_id == board["Felaktiga löner"])
        ).one()
    with write() as session:
        record_followup(
            session=session,
            item_id=item_id,
            period="annual",
            assessment="remark",
            result="Två utbetalningar saknade attest.",
            done_on="2025-11-30",
        )
    with write() as session:
        result = rollover(session=session, from_year=2025, to_year=2026, lang="sv")
    proposed = {c.title for c in result.copied if c.proposed}
    assert proposed == {"Felaktiga löner"}
    moved = _year(read, 2026)[board["Felaktiga löner"]]
    assert moved.handling == "control"
    assert moved.note.startswith(proposal("remark", 2025, "sv"))
    assert moved.note.endswith("Granskning av utbetalningar.")
    # The others keep their decision.
    assert _year(read, 2026)[board["Lokaler"]].handling == "accept"


def test_a_dry_run_says_what_it_would_copy_and_stores_nothing(board, write, read):
    with write() as session:
        result = rollover(session=session, from_year=2025, to_year=2026, dry_run=True)
    assert len(result.copied) == 3
    assert _year(read, 2026) == {}


@pytest.mark.parametrize("to_year", [2025, 2024])
def test_a_target_year_not_after_the_source_is_refused_and_nothing_stored(
    board, write, read, to_year
):
    with pytest.raises(InvalidInput) as error, write() as session:
        rollover(session=session, from_year=2025, to_year=to_year)
    assert error.value.field == "to"
    assert "use a year after 2025" in error.value.message
    assert set(_year(read, 2024)) == set()
    assert len(_year(read, 2025)) == 3
