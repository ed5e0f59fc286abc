"""Starting the UI: an empty store, the board and year asked for or last used, help."""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import Input

from riskctl.models import Org
from riskctl.tui.screens.analysis import AnalysisScreen
from riskctl.tui.screens.start import WelcomeScreen
from tests.tui.helpers import settle, table_titles


@pytest.fixture
def store_url(sqlite_url: str) -> str:
    return sqlite_url


async def test_empty_store_offers_the_examples_and_loads_them(make_app, read):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.click("#load-examples")
        await settle(pilot)
        assert isinstance(app.screen, AnalysisScreen)
        assert app.context is not None and app.context.board.ref == "KS"
        assert app.context.year == 2025
        assert table_titles(app)[0] == "Välfärdsbrottslighet"
    with read() as session:
        assert [o.code for o in session.exec(select(Org)).all()] == ["KS"]


async def test_empty_store_creates_a_board_after_an_invalid_try(make_app, read, store_state):
    before = store_state()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.click("#add-board")
        await settle(pilot)
        app.screen.query_one("#name", Input).value = "Socialnämnden"
        await pilot.press("tab", *"all", "ctrl+s")
        await settle(pilot)
        # The service refuses the code; the dialog says so next to it, and nothing is written.
        error = app.screen.query_one("#error-code")
        assert "'all' stands for every board" in str(error.render())
        assert store_state() == before
        app.screen.query_one("#code", Input).value = "SN"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AnalysisScreen)
        assert app.context is not None and app.context.board.ref == "SN"
    with read() as session:
        org = session.exec(select(Org)).one()
        assert (org.name, org.code, org.threshold) == ("Socialnämnden", "SN", 8)
