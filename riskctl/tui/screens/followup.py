"""The Follow-up workspace: record how each control of the adopted plan went."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Input, Label, Static, TextArea

from riskctl.errors import NotFound, RiskctlError
from riskctl.i18n import _, language
from riskctl.models import PERIODS
from riskctl.services.followups import (
    Due,
    FollowUpView,
    Summary,
    due_followups,
    list_followups,
    record_followup,
    summarise,
)
from riskctl.services.plans.adoption import show_plan
from riskctl.services.plans.views import ItemView, PlanView
from riskctl.tui.context import BoardYear
from riskctl.tui.jobs import run_db
from riskctl.tui.screens.base import BoardScreen
from riskctl.tui.screens.plan import seal_warning
from riskctl.tui.text import N_, field_error
from riskctl.tui.widgets.assessment_choice import AssessmentChoice
from riskctl.tui.widgets.sample_panel import SamplePanel, SamplePanelData, read_sample_panel
from riskctl.vocabulary import ASSESSMENT_COLORS, assessment_label, period_label

FORM_FIELDS = ("assessment", "checked", "result", "action", "date")


@dataclass
class FollowUpState:
    """The plan, the current follow-up of each item and period, the summary and what is due."""

    plan: PlanView | None
    recorded: dict[tuple[int, str], FollowUpView] = field(default_factory=dict)
    summary: Summary | None = None
    due: list[Due] = field(default_factory=list)


def read_followups(
    session: Session,
    context: BoardYear,
    period: str,
    today: date,
    interim_due: str,
    annual_due: str,
) -> FollowUpState:
    try:
        plan = show_plan(session=session, org=context.org, year=context.year)
    except NotFound:
        plan = None
    due = due_followups(
        session=session, on=today, org=context.org, interim_due=interim_due, annual_due=annual_due
    )
    if plan is None:
        return FollowUpState(None, due=due)
    recorded = {
        (f.item, f.period): f
        for f in list_followups(session=session, year=context.year, org=context.org)
    }
    summary = summarise(session=session, year=context.year, org=context.org, period=period)
    return FollowUpState(plan, recorded, summary, due)


class FollowUpScreen(BoardScreen):
    """The adopted plan's controls in a table, the summary and what is overdue below it, and
    beside it the form for the chosen control and period.

    The user records the assessment, what was checked, the result and the action, and
    switches between the interim and annual period.
    """

    MODE = "followup"
    GUIDE = N_(
        "Follow-up: how the controls of the adopted plan went, in the interim follow-up "
        "(August) and the annual one (February). Choose a control in the table, then its "
        "assessment: green (no remark), yellow (remark close to target), red (remark) or grey "
        "(not assessed); write what was checked, the result and the action, and save with "
        "ctrl+s. Recording again keeps the earlier version. p switches between the interim "
        "and annual period. The summary gives the sentence for the annual report; the list "
        "below it shows follow-ups that are overdue."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "p",
            "switch_period",
            N_("Period"),
            tooltip=N_("Switch between the interim and annual follow-up"),
        ),
        Binding("f", "focus_form", N_("Record"), tooltip=N_("Fill in the follow-up")),
        Binding("ctrl+s", "save", N_("Save"), tooltip=N_("Record the follow-up")),
        Binding(
            "t",
            "focus_table",
            N_("Controls"),
            show=False,
            tooltip=N_("Back to the table of controls"),
        ),
    ]
    """`p` switches the period; `f` goes to the form, `ctrl+s` records; `t` back to the table."""

    def __init__(self) -> None:
        super().__init__()
        self.period = "annual"
        self.state: FollowUpState | None = None
        self.shown_item: int | None = None
        # The (item, period) whose sample and evidence the panel shows or is reading.
        self.sample_for: tuple[int, str] | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="followup-header")
        with Horizontal(id="followup-body"):
            with Vertical(id="followup-left"):
                # The assessment dots keep their colour on the cursor row.
                table: DataTable[Any] = DataTable(
                    id="followup-items",
                    cursor_type="row",
                    zebra_stripes=True,
                    cursor_foreground_priority="renderable",
                )
                yield table
                with VerticalScroll(id="summary-box"):
                    yield Static("", id="summary")
                with VerticalScroll(id="due-box"):
                    yield Static("", id="due")
            with VerticalScroll(id="followup-side"):
                yield Static("", id="fu-message")
                with Vertical(id="followup-form"):
                    yield Static("", id="fu-item")
                    yield SamplePanel(id="fu-sample")
                    yield Label(_("Assessment"), classes="form-label")
                    yield AssessmentChoice(id="fu-assessment")
                    yield Static("", id="error-assessment", classes="field-error")
                    yield Label(_("What was checked"), classes="form-label")
                    yield TextArea("", id="fu-checked", compact=True, soft_wrap=True)
                    yield Static("", id="error-checked", classes="field-error")
                    yield Label(_("Result"), classes="form-label")
                    yield TextArea("", id="fu-result", compact=True, soft_wrap=True)
                    yield Static("", id="error-result", classes="field-error")
                    yield Label(_("Action"), classes="form-label")
                    yield TextArea("", id="fu-action", compact=True, soft_wrap=True)
                    yield Static("", id="error-action", classes="field-error")
                    yield Label(_("Date (YYYY-MM-DD)"), classes="form-label")
                    yield Input("", id="fu-date", compact=True, placeholder="YYYY-MM-DD")
                    yield Static("", id="error-date", classes="field-error")
                    yield Static("", id="error-form", classes="field-error")
                    with Horizontal(classes="buttons"):
                        yield Button(_("Save"), id="fu-save", variant="primary", compact=True)
                    yield Static("", id="fu-info")

    def on_mount(self) -> None:
        self.query_one("#followup-items", DataTable).focus()

    # --- loading -------------------------------------------------------------------------

    def load(self, context: BoardYear) -> None:
        app, period = self.riskctl, self.period
        run_db(
            self,
            lambda session: read_followups(
                session, context, period, app.today(), app.interim_due, app.annual_due
            ),
            self._loaded,
            group="followups",
            exclusive=True,
        )

    def _loaded(self, state: FollowUpState, fresh: bool = True) -> None:
        """Show what was read; `fresh` data also refills the form (a resize must not)."""
        self.state = state
        context = self.riskctl.context
        if context is None:
            return
        self._show_header(context, state)
        table = self.query_one("#followup-items", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_column(_("Interim"), key="interim")
        table.add_column(_("Annual"), key="annual")
        table.add_column(_("Risk"), key="title")
        due = {(d.item, d.period) for d in state.due if d.year == context.year}
        width = max(20, table.size.width - 20)
        for item in state.plan.items if state.plan else []:
            marks = [self._mark(state, item.id, p, (item.id, p) in due) for p in PERIODS]
            table.add_row(*marks, Text(_clip(item.title, width)), key=str(item.id))
        if state.plan and state.plan.items:
            table.move_cursor(row=min(row, len(state.plan.items) - 1))
        self._show_summary(state)
        self._show_due(context, state)
        if fresh:
            self.shown_item = None
            self.sample_for = None
        self._show_form()

    def on_resize(self) -> None:
        # The titles are cut to the table's width: cut them again once it has changed.
        if self.state is not None:
            self.call_after_refresh(self._loaded, self.state, False)

    def _mark(self, state: FollowUpState, item: int, period: str, due: bool) -> Text:
        found = state.recorded.get((item, period))
        if found is not None:
            color = ASSESSMENT_COLORS.get(found.assessment, "white")
            return Text("●", style=Style(color=color, bold=True), justify="center")
        if due:
            return Text("!", style="bold red", justify="center")
        return Text("○", style="dim", justify="center")

    def _show_header(self, context: BoardYear, state: FollowUpState) -> None:
        text = Text()
        text.append(
            _("Follow-up of the internal control plan {year}").format(year=context.year),
            style="bold",
        )
        text.append("   ")
        for period in PERIODS:
            label = f" {period_label(period).capitalize()} "
            if period == self.period:
                text.append(label, style="bold reverse")
            else:
                text.append(label, style="dim")
            text.append(" ")
        text.append(_("(p switches)"), style="dim")
        if state.plan is None:
            text.append("\n")
            text.append(
                _("No plan for {year}: make and adopt one in the Plan workspace (2).").format(
                    year=context.year
                ),
                style="italic",
            )
        elif state.plan.status != "adopted":
            text.append("\n")
            text.append(
                _("The {year} plan is a draft: only an adopted plan can be followed up.").format(
                    year=context.year
                ),
                style="italic #ffb300",
            )
        if state.plan is not None:
            seal_warning(text, state.plan)
        self.query_one("#followup-header", Static).update(text)

    def _show_summary(self, state: FollowUpState) -> None:
        widget = self.query_one("#summary", Static)
        summary = state.summary
        self.query_one("#summary-box").display = summary is not None
        if summary is None:
            widget.update("")
            return
        text = Text()
        text.append(
            _("Summary, {period} follow-up:").format(period=period_label(summary.period)),
            style="bold",
        )
        for key in ("ok", "near", "remark", "none"):
            text.append("  ● ", style=Style(color=ASSESSMENT_COLORS[key], bold=True))
            text.append(str(getattr(summary, key)))
        text.append("\n")
        text.append(summary.sentence(language()))
        widget.update(text)

    def _show_due(self, context: BoardYear, state: FollowUpState) -> None:
        widget = self.query_one("#due", Static)
        if not state.due:
            widget.update(
                Text(
                    _("Nothing overdue on {day}.").format(day=self.riskctl.today().isoformat()),
                    style="dim",
                )
            )
            return
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(
            _("Overdue on {day}:").format(day=self.riskctl.today().isoformat()), style="bold red"
        )
        for d in state.due:
            text.append("\n")
            text.append(f"! {d.year} {period_label(d.period)}", style="red")
            since = _("since {day}").format(day=d.deadline)
            text.append(f" ({since}) ", style="dim")
            text.append(d.title)
            if d.owner:
                text.append(f" ({d.owner})", style="dim")
        widget.update(text)

    # --- the form ------------------------------------------------------------------------

    def highlighted_item(self) -> ItemView | None:
        state = self.state
        if state is None or state.plan is None or not state.plan.items:
            return None
        index = self.query_one("#followup-items", DataTable).cursor_row
        items = state.plan.items
        return items[index] if 0 <= index < len(items) else None

    @property
    def can_record(self) -> bool:
        state = self.state
        return bool(
            state
            and state.plan
            and state.plan.status == "adopted"
            and self.highlighted_item() is not None
        )

    def _show_form(self) -> None:
        item = self.highlighted_item()
        state = self.state
        message = self.query_one("#fu-message", Static)
        form = self.query_one("#followup-form")
        self._clear_errors()
        if not self.can_record or item is None or state is None:
            form.display = False
            message.display = True
            if state is None or state.plan is None:
                message.update(
                    Text(_("Nothing to follow up: the year has no plan."), style="italic")
                )
            elif state.plan.status != "adopted":
                message.update(
                    Text(
                        _(
                            "The plan is a draft. Adopt it in the Plan workspace (2, "
                            "then a); then its controls can be followed up here."
                        ),
                        style="italic",
                    )
                )
            else:
                message.update(Text(_("The plan has no controls."), style="italic"))
            self.shown_item = None
            self._load_sample(None)
            self.refresh_keys(False)
            return
        form.display = True
        message.display = False
        text = Text()
        text.append(f"{item.title}", style="bold")
        text.append(f"  · {period_label(self.period)}\n", style="dim")
        if item.method:
            text.append(_("Method: "), style="dim")
            text.append(_clip(item.method, 300), style="dim")
        self.query_one("#fu-item", Static).update(text)
        if self.shown_item != item.id:
            self._fill(state.recorded.get((item.id, self.period)))
            self.shown_item = item.id
        self._load_sample(item.id)
        self.refresh_keys(True)

    def _load_sample(self, item_id: int | None) -> None:
        """Read the item's sample and evidence for the period shown, unless already read."""
        key = (item_id, self.period) if item_id is not None else None
        if key == self.sample_for:
            return
        self.sample_for = key
        panel = self.query_one(SamplePanel)
        if panel.data is None or (panel.data.item, panel.data.period) != key:
            panel.show(None)
        if key is None:
            return
        item, period = key
        run_db(
            self,
            lambda session: read_sample_panel(session, item, period),
            self._sample_loaded,
            group="sample",
            exclusive=True,
        )

    def _sample_loaded(self, data: SamplePanelData) -> None:
        if (data.item, data.period) == self.sample_for:
            self.query_one(SamplePanel).show(data)

    def _fill(self, found: FollowUpView | None) -> None:
        self.query_one(AssessmentChoice).value = found.assessment if found else None
        self.query_one("#fu-checked", TextArea).text = found.checked if found else ""
        self.query_one("#fu-result", TextArea).text = found.result if found else ""
        self.query_one("#fu-action", TextArea).text = found.action if found else ""
        self.query_one("#fu-date", Input).value = (found.date or "") if found else ""
        info = self.query_one("#fu-info", Static)
        if found:
            info.update(
                _("Revision {n}; saving records revision {m} and keeps this one.").format(
                    n=found.revision, m=found.revision + 1
                )
            )
        else:
            info.update(_("Nothing recorded for this period yet."))

    def _clear_errors(self) -> None:
        for name in (*FORM_FIELDS, "form"):
            self.query_one(f"#error-{name}", Static).remove_class("shown")

    @on(DataTable.RowHighlighted, "#followup-items")
    def _row_highlighted(self) -> None:
        self._show_form()

    @on(DataTable.RowSelected, "#followup-items")
    def _row_selected(self) -> None:
        self.action_focus_form()

    @on(Button.Pressed, "#fu-save")
    def _save_pressed(self) -> None:
        self.action_save()

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("save", "focus_form"):
            return True if self.can_record else None
        return True

    def action_switch_period(self) -> None:
        self.period = "interim" if self.period == "annual" else "annual"
        self.shown_item = None
        self.reload()

    def action_focus_form(self) -> None:
        if self.can_record:
            self.query_one(AssessmentChoice).focus()

    def action_focus_table(self) -> None:
        self.query_one("#followup-items", DataTable).focus()

    def action_save(self) -> None:
        item = self.highlighted_item()
        if item is None or not self.can_record:
            return
        self._clear_errors()
        verdict = self.query_one(AssessmentChoice).value
        if verdict is None:
            error = self.query_one("#error-assessment", Static)
            error.update(_("choose one of the four levels"))
            error.add_class("shown")
            return
        period = self.period
        checked = self.query_one("#fu-checked", TextArea).text
        result = self.query_one("#fu-result", TextArea).text
        action = self.query_one("#fu-action", TextArea).text
        day = self.query_one("#fu-date", Input).value
        run_db(
            self,
            lambda session: record_followup(
                session=session,
                item_id=item.id,
                period=period,
                assessment=verdict,
                result=result,
                checked=checked,
                action=action,
                done_on=day or None,
            ),
            self._recorded,
            write=True,
            failed=self._refused,
        )

    def _recorded(self, view: FollowUpView) -> None:
        self.notify(
            _("Recorded the {period} follow-up of {title}: {assessment}.").format(
                period=period_label(view.period),
                title=view.title,
                assessment=assessment_label(view.assessment),
            )
        )
        self.reload()

    def _refused(self, error: RiskctlError) -> None:
        field_name = getattr(error, "field", None)
        name = field_name if field_name in FORM_FIELDS else "form"
        label = self.query_one(f"#error-{name}", Static)
        label.update(Text(field_error(error, name != "form")))
        label.add_class("shown")


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
