"""What the terminal UI does when a write cannot be made: a stale form, a store that refuses.

A form saved over somebody else's change gets a dialog that names them and offers to reload;
a store that cannot be written gets a dialog, not a traceback, and the app goes on running.
In both cases the store holds what it held before the refused write.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select, TextArea

from riskctl.db import make_engine, reading, writing
from riskctl.services.risks import edit_risk, get_assessment, list_assessments
from riskctl.tui.app import RiskctlApp
from riskctl.tui.dialogs.conflict_dialog import ConflictDialog
from riskctl.tui.dialogs.risk_form import RiskForm
from riskctl.tui.dialogs.store_error_dialog import StoreErrorDialog
from riskctl.tui.screens.analysis import AnalysisScreen
from tests.conftest import dump
from tests.tui.conftest import TODAY
from tests.tui.helpers import settle


async def test_a_stale_edit_shows_who_changed_it_and_reloads(make_app, examples_store, read):
    app = make_app(org="KS", year=2025, user="anna")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RiskForm)
        assert form.risk is not None
        risk_id, read_version = form.risk.id, form.risk.version
        theirs = 1 if form.risk.probability != 1 else 2
        # Another user changes the probability while the form is open.
        with writing(examples_store, "bertil") as session:
            edit_risk(session=session, risk_id=risk_id, year=2025, changes={"probability": theirs})
        form.query_one("#note", TextArea).text = "Annas anteckning"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        assert "bertil" in str(dialog.query_one("#problem-message").render())
        assert "Changed by somebody else" in str(dialog.query_one(".dialog-title").render())
        # Nothing of the form was written: the store holds bertil's change only.
        with read() as session:
            stored = get_assessment(session=session, risk_id=risk_id, year=2025)
        assert stored.probability == theirs
        assert stored.note != "Annas anteckning"
        assert stored.version != read_version
        # Reload: the form shows the risk as it stands now, and the edits are gone.
        await pilot.click("#reload")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#probability", Select).value == theirs
        assert form.query_one("#note", TextArea).text == stored.note
        assert form.risk is not None and form.risk.version == stored.version
        assert any("discarded" in n.message for n in app._notifications)
        # Saving again now succeeds.
        form.query_one("#note", TextArea).text = "Annas anteckning"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AnalysisScreen)
    with read() as session:
        saved = get_assessment(session=session, risk_id=risk_id, year=2025)
    assert (saved.probability, saved.note) == (theirs, "Annas anteckning")


async def test_cancel_on_a_conflict_keeps_the_form_and_writes_nothing(
    make_app, examples_store, store_state
):
    app = make_app(org="KS", year=2025, user="anna")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RiskForm) and form.risk is not None
        with writing(examples_store, "bertil") as session:
            edit_risk(session=session, risk_id=form.risk.id, year=2025, changes={"note": "B"})
        before = store_state()
        form.query_one("#note", TextArea).text = "Annas anteckning"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("escape")
        await settle(pilot)
        # The form is still there with what was typed, and the refusal is shown in it.
        assert app.screen is form
        assert form.query_one("#note", TextArea).text == "Annas anteckning"
        assert "bertil" in str(form.query_one("#error-form").render())
    assert store_state() == before


async def test_a_store_that_refuses_writes_shows_a_dialog(
    sqlite_examples_url: str, memory_file: Path
):
    path = sqlite_examples_url.removeprefix("sqlite:///")
    plain = make_engine(sqlite_examples_url)
    before = dump(plain)
    read_only = make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    app = RiskctlApp(
        read_only, org="KS", year=2025, lang="en", memory_path=memory_file, today=TODAY
    )
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, AnalysisScreen)
            await pilot.press("n")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, RiskForm)
            await pilot.press(*"Ny risk")
            form.query_one("#probability", Select).value = 2
            form.query_one("#significance", Select).value = 3
            await pilot.pause()
            await pilot.press("ctrl+s")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, StoreErrorDialog)
            message = str(dialog.query_one("#problem-message").render())
            assert "read-only" in message or "readonly" in message
            # OK closes it; the form keeps what was typed, and the app is still running.
            await pilot.click("#ok")
            await settle(pilot)
            assert app.screen is form
            assert app.is_running
            assert app.unexpected == []
        assert dump(plain) == before
        with reading(plain) as session:
            titles = [a.title for a in list_assessments(session=session, year=2025, org="KS")]
        assert "Ny risk" not in titles
    finally:
        read_only.dispose()
        plain.dispose()
