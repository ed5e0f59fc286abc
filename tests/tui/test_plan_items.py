"""The plan's controls edited by hand: add a risk of the analysis, take a control out."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from riskctl.services.plans.adoption import show_plan
from riskctl.tui.dialogs.add_item_dialog import AddItemDialog
from riskctl.tui.dialogs.confirm_dialog import ConfirmDialog
from riskctl.tui.screens.plan import PlanScreen
from tests.tui.helpers import settle


@pytest.fixture
def store_url(sqlite_examples_url: str) -> str:
    return sqlite_examples_url


async def test_add_and_remove_controls_by_hand(make_app, read):
    app = make_app(org="KS", year=2025)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2", "g")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlanScreen)
        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AddItemDialog)
        dialog.query_one("#find", Input).value = "cyber"
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert "Cyberhot" in [i.title for i in screen.state.plan.items]
        # The cursor is on the first control; delete asks, then takes it out.
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
    with read() as session:
        titles = [i.title for i in show_plan(session=session, org="KS", year=2025).items]
    assert "Cyberhot" in titles and "Välfärdsbrottslighet" not in titles
    assert len(titles) == 7
