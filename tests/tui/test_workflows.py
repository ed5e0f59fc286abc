"""The yearly cycle done in the terminal UI, on SQLite and PostgreSQL: what ends up in the store.

Each test drives the app with keys and clicks as a controller would and then reads the store
through the services, never through the screen.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import select
from textual.widgets import Input, Select, TextArea

from riskctl.models import Assessment, AuditEntry, FollowUp, Plan, PlanEvent, PlanItem
from riskctl.services.followups import list_followups, summarise
from riskctl.services.plans.adoption import show_plan
from riskctl.services.risks import list_assessments
from riskctl.tui.dialogs.adopt_dialog import AdoptDialog
from riskctl.tui.dialogs.item_form import ItemForm
from riskctl.tui.dialogs.reopen_dialog import ReopenDialog
from riskctl.tui.dialogs.risk_form import RiskForm
from riskctl.tui.dialogs.rollover_dialog import RolloverDialog
from riskctl.tui.screens.analysis import AnalysisScreen
from riskctl.tui.screens.followup import FollowUpScreen
from riskctl.tui.screens.plan import PlanScreen
from riskctl.tui.widgets.assessment_choice import AssessmentChoice
from riskctl.tui.widgets.risk_table import RiskTable
from tests.tui.helpers import settle, table_titles


async def test_add_a_risk(make_app, examples_store, read):
    app = make_app(org="KS", year=2025, user="anna")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RiskForm)
        # Typing goes to the title, which has the focus.
        await pilot.press(*"IT-säkerhet")
        form.query_one("#title", Input).value = "Bristande IT-säkerhet i skolan"
        # The scores are chosen on the board's scale, by its labels.
        options = [str(label) for label, _ in form.query_one("#probability", Select)._options]
        assert options[1:] == ["1 – Unlikely", "2 – Less likely", "3 – Possible", "4 – Likely"]
        form.query_one("#probability", Select).value = 3
        form.query_one("#significance", Select).value = 4
        await pilot.pause()
        # The risk value and its band follow the scores.
        assert "12" in str(form.query_one("#value").render())
        assert "Very high" in str(form.query_one("#value").render())
        form.query_one("#handling", Select).value = "control"
        form.query_one("#owner", Input).value = "IT-chef"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AnalysisScreen)
        # Two risks of value 12 now; the new one was entered last.
        assert table_titles(app)[:2] == ["Välfärdsbrottslighet", "Bristande IT-säkerhet i skolan"]
    with read() as session:
        added = [
            a
            for a in list_assessments(session=session, year=2025, org="KS")
            if a.title == "Bristande IT-säkerhet i skolan"
        ]
    assert len(added) == 1
    risk = added[0]
    assert (risk.probability, risk.significance, risk.value, risk.band) == (3, 4, 12, "very high")
    assert (risk.handling, risk.owner) == ("control", "IT-chef")
    # The audit trail names who made the change in the UI.
    with read() as session:
        users = set(
            session.exec(
                select(AuditEntry.user).where(
                    AuditEntry.entity == "risk", AuditEntry.entity_id == risk.id
                )
            ).all()
        )
    assert users == {"anna"}


async def test_an_invalid_edit_shows_its_error_and_writes_nothing(
    make_app, examples_store, store_state
):
    before = store_state()
    app = make_app(org="KS", year=2025)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(RiskTable).highlighted.title == "Välfärdsbrottslighet"
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RiskForm)
        # Another risk of the board has this title: the service refuses, the form says why.
        title = form.query_one("#title", Input)
        title.value = "Cyberhot"
        form.query_one("#significance", Select).value = 2
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RiskForm)
        error = form.query_one("#error-title")
        assert error.has_class("shown")
        assert str(error.render()) == "risk 4 of this board has that title"
        # An empty title is refused as it is typed, with the services' own words.
        title.value = ""
        await pilot.pause()
        assert "it must not be empty" in str(form.query_one("#error-title").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RiskForm)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AnalysisScreen)
    assert store_state() == before


async def test_generate_adopt_reopen_and_diff_a_plan(make_app, examples_store, read):
    app = make_app(org="KS", year=2025)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlanScreen)
        assert screen.state is not None and screen.state.plan is None
        await pilot.press("g")
        await settle(pilot)
        assert [i.title for i in screen.state.plan.items][:2] == [
            "Välfärdsbrottslighet",
            "Energibrist/effektbrist",
        ]
        assert len(screen.state.plan.items) == 7
        # The warnings of the generation: Cyberhot (8) is not under control.
        assert any(w.startswith("Cyberhot has risk value 8") for w in screen.warnings)
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AdoptDialog)
        dialog.query_one("#date", Input).value = "2024-12-16"
        dialog.query_one("#ref", Input).value = "2024.025 KS"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and screen.adopted
        # Locked: the draft's keys are gone, reopening is offered.
        assert screen.check_action("edit_item", ()) is False
        assert screen.check_action("reopen", ()) is True
        with read() as session:
            plan = session.exec(select(Plan).where(Plan.year == 2025)).one()
            assert (plan.status, plan.adopted_on, plan.ref) == (
                "adopted",
                date(2024, 12, 16),
                "2024.025 KS",
            )
            adoption = session.exec(select(PlanEvent).where(PlanEvent.plan_id == plan.id)).one()
            assert adoption.kind == "adopt" and adoption.fingerprint
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReopenDialog)
        app.screen.query_one("#reason", TextArea).text = "KS 2025-03-10 § 45"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.adopted
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ItemForm)
        form.query_one("#method", TextArea).text = "Stickprov på 20 avtal"
        await pilot.press("ctrl+s")
        await settle(pilot)
        diff = screen.state.diff
        assert [(d.change, d.title, d.field, d.now) for d in diff] == [
            ("changed", "Välfärdsbrottslighet", "method", "Stickprov på 20 avtal")
        ]
    with read() as session:
        plan = show_plan(session=session, org="KS", year=2025)
        assert plan.status == "draft"
        assert plan.items[0].method == "Stickprov på 20 avtal"
        events = session.exec(select(PlanEvent).order_by(PlanEvent.id)).all()
        assert [e.kind for e in events if e.plan_id == plan.id] == ["adopt", "reopen"]
        assert events[-1].reason == "KS 2025-03-10 § 45"


async def test_record_a_follow_up(make_app, examples_store, read):
    app = make_app(org="KS", year=2024)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FollowUpScreen)
        assert screen.period == "annual"
        # The summary says what `followup summary` says.
        with read() as session:
            expected = summarise(session=session, year=2024, org="KS").sentence("en")
        assert expected in str(screen.query_one("#summary").render())
        # What is overdue on the day: the 2023 plan's annual follow-ups were never recorded.
        assert {(d.year, d.period) for d in screen.state.due} == {(2023, "annual")}
        assert "Overdue on 2025-09-15" in str(screen.query_one("#due").render())
        await pilot.press("p")
        await settle(pilot)
        assert screen.period == "interim"
        item = screen.highlighted_item()
        await pilot.press("f", "3")
        assert screen.query_one(AssessmentChoice).value == "remark"
        await pilot.press("tab", *"30 st")
        assert screen.query_one("#fu-checked", TextArea).text == "30 st"
        screen.query_one("#fu-checked", TextArea).text = "30 stickprov"
        screen.query_one("#fu-result", TextArea).text = "3 fel"
        screen.query_one("#fu-action", TextArea).text = "Utbildning"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.state is not None
        assert screen.state.recorded[(item.id, "interim")].assessment == "remark"
    with read() as session:
        found = [
            f
            for f in list_followups(session=session, year=2024, org="KS", period="interim")
            if f.item == item.id
        ]
        assert [(f.assessment, f.checked, f.result, f.action, f.revision) for f in found] == [
            ("remark", "30 stickprov", "3 fel", "Utbildning", 1)
        ]
        rows = session.exec(select(FollowUp).join(PlanItem).where(PlanItem.id == item.id)).all()
        assert {(r.period, r.current) for r in rows} == {("annual", True), ("interim", True)}


async def test_roll_over_to_the_next_year(make_app, examples_store, read):
    app = make_app(org="KS", year=2025)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RolloverDialog)
        assert dialog.preview is not None
        assert (dialog.preview.to_year, len(dialog.preview.copied)) == (2026, 33)
        assert "Will copy 33 risks from 2025 to 2026" in str(
            dialog.query_one("#rollover-summary").render()
        )
        with read() as session:
            assert not session.exec(select(Assessment).where(Assessment.year == 2026)).all()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AnalysisScreen)
        assert app.context is not None and app.context.year == 2026
        assert app.screen.query_one(RiskTable).total == 33
    with read() as session:
        copied = list_assessments(session=session, year=2026, org="KS")
    assert len(copied) == 33
    # Cyberhot's 2024 follow-up found remarks, but it was not in the 2025 plan, so nothing
    # in 2025 proposes it: the 2025 handling is copied as it is.
    assert {a.title: a.handling for a in copied}["Cyberhot"] == "action"
