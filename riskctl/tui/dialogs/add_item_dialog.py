"""Put a risk of the year's analysis in the draft plan by hand."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from riskctl.i18n import N_, _
from riskctl.services.plans.items import add_item
from riskctl.services.risk_browse import AssessmentFilter, page_assessments
from riskctl.services.risks import AssessmentView
from riskctl.tui.context import BoardYear
from riskctl.tui.dialogs.form import Form
from riskctl.tui.jobs import run_db


class AddItemDialog(Form):
    """Put a risk of the year's analysis in the draft by hand: search, then choose."""

    FIELDS = ()
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]
    """Type to search the year's risks; `enter` on one adds it; `escape` leaves."""

    def __init__(self, context: BoardYear, present: set[int]) -> None:
        super().__init__()
        self.context = context
        self.present = present
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(_("Add a risk to the plan"), classes="dialog-title")
            yield Input(placeholder=_("Search the year's risks…"), id="find", compact=True)
            yield OptionList(id="candidates")
            yield Static("", id="error-form", classes="field-error")
            yield Static(_("enter adds the risk · escape leaves"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#find", Input).focus()
        self.search()

    @on(Input.Changed, "#find")
    def _typed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.2, self.search)

    @on(Input.Submitted, "#find")
    def _submitted(self) -> None:
        self.query_one(OptionList).focus()

    def search(self) -> None:
        context, text = self.context, self.query_one("#find", Input).value

        def read(session: Session) -> list[AssessmentView]:
            return page_assessments(
                session=session,
                org=context.org,
                year=context.year,
                where=AssessmentFilter(search=text),
                limit=60,
            )

        run_db(self, read, self._found, group="find", exclusive=True)

    def _found(self, risks: list[AssessmentView]) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        for risk in risks:
            if risk.id in self.present:
                continue
            options.add_option(
                Option(
                    Text.assemble(
                        (
                            f" {risk.value:>2} ",
                            Style(
                                bgcolor=self.context.band_color(risk.value),
                                color="black",
                                bold=True,
                            ),
                        ),
                        f" {risk.title}",
                    ),
                    id=str(risk.id),
                )
            )
        if options.option_count:
            options.highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        risk_id, year = int(event.option.id), self.context.year
        self.write(lambda session: add_item(session=session, risk_id=risk_id, year=year))

    def action_save(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            options.action_select()
