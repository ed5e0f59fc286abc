"""The Analysis workspace: sorting, filtering, the heat map, switching, the risk's history.

These test the screen, not the store, so they run on SQLite only (the workflows that write
run on both backends, in test_workflows.py).
"""

from __future__ import annotations

import pytest
from sqlmodel import select
from textual.widgets import Input, Select

from riskctl.models import Assessment
from riskctl.services.orgs import add_org
from riskctl.services.risks import add_risk
from riskctl.tui import memory
from riskctl.tui.dialogs.pick_dialog import PickDialog
from riskctl.tui.dialogs.risk_form import RiskForm
from riskctl.tui.dialogs.year_dialog import YearDialog
from riskctl.tui.screens.analysis import AnalysisScreen
from riskctl.tui.screens.help import HelpScreen
from riskctl.tui.screens.risk_detail import RiskDetail
from riskctl.tui.widgets.heat_map import HeatMap
from riskctl.tui.widgets.risk_table import RiskTable
from tests.tui.helpers import settle, table_titles


@pytest.fixture
def store_url(sqlite_examples_url: str) -> str:
    return sqlite_examples_url


@pytest.fixture
def examples_store(engine):
    return engine


async def test_sort_by_any_column_with_the_mouse_and_the_keyboard(make_app, examples_store):
    app = make_app(org="KS", year=2025)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        table = screen.query_one(RiskTable)
        assert table_titles(app)[:3] == [
            "Välfärdsbrottslighet",
            "Energibrist/effektbrist",
            "Cyberhot",
        ]
        # A click on the "Risk" heading sorts by title; a second click reverses.
        x = table.columns(table.scrollable_content_region.width)[0].width + 2
        await pilot.click(RiskTable, offset=(x, 0))
        await settle(pilot)
        assert (screen.sort, screen.descending) == ("title", False)
        titles = table_titles(app)
        assert titles == sorted(titles, key=str.lower) and len(titles) == 33
        await pilot.click(RiskTable, offset=(x, 0))
        await settle(pilot)
        assert table_titles(app)[0] == "Välfärdsbrottslighet"
        # s moves on to the next column, S reverses.
        await pilot.press("s")
        await settle(pilot)
        assert screen.sort == "probability"
        await pilot.press("S")
        await settle(pilot)
        assert (screen.sort, screen.descending) == ("probability", True)
        assert "sorted by probability ↓" in str(screen.query_one("#status").render())


async def test_filter_by_text_band_handling_and_owner(make_app, examples_store):
    app = make_app(org="KS", year=2025)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("slash", *"löne", "enter")
        await settle(pilot)
        assert table_titles(app) == ["Felaktiga löneutbetalningar"]
        assert screen.query_one(RiskTable).has_focus
        screen.query_one("#search", Input).value = ""
        await pilot.press("slash", "enter")
        await settle(pilot)
        screen.query_one("#band", Select).value = "high"
        await settle(pilot)
        assert table_titles(app) == ["Energibrist/effektbrist", "Cyberhot"]
        screen.query_one("#handling", Select).value = "control"
        await settle(pilot)
        assert table_titles(app) == ["Energibrist/effektbrist"]
        await pilot.press("c")
        await settle(pilot)
        assert len(table_titles(app)) == 33
        screen.query_one("#owner", Select).value = "Ekonomichef"
        await settle(pilot)
        assert len(table_titles(app)) == 3
        assert "filtered: Ekonomichef" in str(screen.query_one("#status").render())


async def test_choosing_a_heat_map_cell_filters_the_table(make_app, examples_store):
    app = make_app(org="KS", year=2025)
    messages: list[object] = []
    async with app.run_test(size=(100, 30), message_hook=messages.append) as pilot:
        await settle(pilot)
        heat_map = app.screen.query_one(HeatMap)
        assert heat_map.counts[(3, 2)] == 9 and heat_map.counts[(3, 4)] == 1
        layout = heat_map.layout_for(heat_map.content_region.width)
        # Probability 3 is the second row from the top, significance 2 the second column.
        x = layout.label_width + layout.cell_width + 1
        y = 1 + layout.cell_height * 1
        await pilot.click(HeatMap, offset=(x, y))
        await settle(pilot)
        assert heat_map.chosen == (3, 2)
        chosen = [m.cell for m in messages if isinstance(m, HeatMap.CellChosen)]
        assert chosen == [(3, 2)]
        assert len(table_titles(app)) == 9
        assert "cell 3 × 2" in str(app.screen.query_one("#status").render())
        # The keyboard: up to probability 4, enter; escape shows every cell again.
        await pilot.press("m", "right", "right", "enter")
        await settle(pilot)
        assert heat_map.chosen == (3, 4)
        assert table_titles(app) == ["Välfärdsbrottslighet"]
        await pilot.press("escape")
        await settle(pilot)
        assert heat_map.chosen is None and len(table_titles(app)) == 33


async def test_switch_the_year_and_the_board(make_app, examples_store, write):
    with write() as session:
        add_org(session=session, name="Socialnämnden", code="SN")
        add_risk(
            session=session,
            org="SN",
            year=2025,
            title="Felaktiga utbetalningar av försörjningsstöd",
            probability=3,
            significance=3,
        )
    app = make_app(org="KS", year=2025)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, YearDialog)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.context is not None and app.context.year == 2024
        assert len(table_titles(app)) == 9
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, PickDialog)
        await pilot.press("down", "enter")
        await settle(pilot)
        # Socialnämnden has no 2024 analysis: its newest year opens.
        assert app.context is not None and (app.context.board.ref, app.context.year) == ("SN", 2025)
        assert table_titles(app) == ["Felaktiga utbetalningar av försörjningsstöd"]


async def test_a_risk_shows_its_scores_in_every_year(make_app, examples_store):
    app = make_app(org="KS", year=2025)
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, RiskDetail)
        assert detail.risk is not None and detail.risk.title == "Cyberhot"
        assert [(a.year, a.value, a.handling) for a in detail.risk.years] == [
            (2023, 8, "control"),
            (2024, 8, "control"),
            (2025, 8, "action"),
        ]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AnalysisScreen)


async def test_a_risk_in_an_adopted_plan_cannot_be_changed(make_app, examples_store, read):
    app = make_app(org="KS", year=2024)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RiskForm)
        form.query_one("#probability", Select).value = 4
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RiskForm)
        assert "reopen the plan first" in str(form.query_one("#error-form").render())
    with read() as session:
        values = {
            a.probability
            for a in session.exec(select(Assessment).where(Assessment.year == 2024)).all()
        }
    assert 4 not in values


async def test_opens_the_board_and_year_asked_for_and_remembers_them(
    make_app, examples_store, memory_file, engine
):
    app = make_app(org="KS", year=2024)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.context is not None and app.context.year == 2024
        assert len(table_titles(app)) == 9
    store = engine.url.render_as_string(hide_password=True)
    assert memory.recall(store, memory_file) == memory.LastUsed("KS", 2024)
    # Next time, with no board or year asked for, the last used ones open.
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.context is not None and again.context.year == 2024


async def test_help_and_every_key_in_the_command_palette(make_app, examples_store):
    app = make_app(year=2024)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "risk and significance analysis" in text
        assert ("n", "New risk") in app.screen.keys_shown
        await pilot.press("escape")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        # Every key a workspace offers is also a command of the palette.
        for mode in ("analysis", "plan", "followup"):
            app.switch_mode(mode)
            await settle(pilot)
            screen = app.screen
            titles = {c.title for c in app.get_system_commands(screen)}
            for binding in screen._own_bindings():
                if (
                    binding.description
                    and screen.check_action(binding.action.split("(")[0], ()) is True
                ):
                    assert binding.description in titles, (mode, binding.description)
            assert {"Board…", "Year…", "Roll over to a new year…", "Quit"} <= titles
