"""An adopted plan on the Plan screen is the plan the board decided: its fingerprinted
snapshot, as the reports show it, not the register's wording of today."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from riskctl.services.plans.adoption import adopt_plan, reopen_plan
from riskctl.services.plans.generate import generate_plan
from riskctl.services.risks import edit_risk
from riskctl.services.rollover import rollover
from riskctl.tui.screens.plan import PlanScreen
from tests.tui.helpers import settle

NEW_TITLE = "Välfärdsbrott mot kommunen"
NEW_DESCRIPTION = "Ny lydelse efter antagandet."


@pytest.fixture
def store_url(sqlite_examples_url: str) -> str:
    return sqlite_examples_url


def _text(screen: PlanScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_adopted_plan_shows_the_adopted_wording_after_the_register_is_reworded(
    make_app, write
):
    with write() as session:
        generate_plan(session=session, org="KS", year=2025)
        adopted = adopt_plan(
            session=session, org="KS", year=2025, decided_on="2024-12-16", ref="2024.025 KS"
        )
        first = adopted.items[0]
        # The 2025 plan is locked; the risk is reworded in next year's analysis.
        rollover(session=session, from_year=2025, to_year=2026, org="KS")
        edit_risk(
            session=session,
            risk_id=first.risk_id,
            year=2026,
            changes={"title": NEW_TITLE, "description": NEW_DESCRIPTION},
        )
    assert first.title != NEW_TITLE and first.description

    app = make_app(org="KS", year=2025)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlanScreen) and screen.adopted
        shown = screen.state.plan.items[0]
        assert (shown.id, shown.title, shown.description) == (
            first.id,
            first.title,
            first.description,
        )
        # The table, the Control tab and the header: the adopted wording, still ADOPTED.
        table = screen.query_one("#plan-items", DataTable)
        assert str(table.get_cell_at((0, 1))) == first.title
        detail = _text(screen, "#item-detail")
        assert first.title in detail and first.description in detail
        assert NEW_TITLE not in detail and NEW_DESCRIPTION not in detail
        assert "ADOPTED 2024-12-16" in _text(screen, "#plan-header")
        # The rewording is not lost: the Diff tab and the status line tell of it.
        assert ("title", first.title, NEW_TITLE) in {
            (d.field, d.adopted, d.now) for d in screen.state.diff
        }
        assert "changes since adoption" in _text(screen, "#status")
        assert "As adopted; changed in the register since (d)" in detail

        # Reopened, the plan is a draft again and shows the register as it is now.
        with write() as session:
            reopen_plan(session=session, org="KS", year=2025, reason="KS 2025-03-10 § 45")
        screen.reload()
        await settle(pilot)
        assert not screen.adopted
        assert (screen.state.plan.items[0].title, screen.state.plan.items[0].description) == (
            NEW_TITLE,
            NEW_DESCRIPTION,
        )
        assert str(table.get_cell_at((0, 1))) == NEW_TITLE
        assert NEW_TITLE in _text(screen, "#item-detail")
        assert "As adopted" not in _text(screen, "#item-detail")


async def test_a_plan_changed_past_riskctl_is_marked_seal_broken(make_app, engine):
    """A method rewritten in the database itself: the header says the seal is broken and
    what differs, instead of passing the plan off as the adopted one."""
    from sqlalchemy import text

    with engine.begin() as conn:
        item = conn.execute(
            text(
                "SELECT min(plan_item.id) FROM plan_item JOIN plan ON plan.id = plan_item.plan_id"
                " WHERE plan.year = 2024"
            )
        ).scalar_one()
        conn.execute(
            text("UPDATE plan_item SET method = 'Ingen kontroll' WHERE id = :i"), {"i": item}
        )
    app = make_app(org="KS", year=2024)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlanScreen)
        header = _text(screen, "#plan-header")
        assert "SEAL BROKEN" in header
        assert f"item {item} (risk " in header and "Ingen kontroll" in header
        # Its fingerprint no longer vouches for what is shown (`plan show` leaves it out too).
        assert "fingerprint" not in header


async def test_an_intact_adopted_plan_has_no_seal_warning(make_app):
    app = make_app(org="KS", year=2024)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        header = _text(app.screen, "#plan-header")
        assert "SEAL BROKEN" not in header and "fingerprint" in header


async def test_the_follow_up_workspace_marks_a_broken_seal_too(make_app, engine):
    """A plan set back to draft in the database itself is no ordinary draft in the
    Follow-up workspace either: its header says the seal is broken and why."""
    from sqlalchemy import text

    from riskctl.tui.screens.followup import FollowUpScreen

    with engine.begin() as conn:
        conn.execute(text("UPDATE plan SET status = 'draft' WHERE year = 2024"))
    app = make_app(org="KS", year=2024)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpScreen)
        header = _text(app.screen, "#followup-header")
        assert "SEAL BROKEN" in header
        assert "the plan is marked “draft”, but its last event is the adoption" in header
