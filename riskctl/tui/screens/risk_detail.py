"""A risk with its texts and its scores in every year of the register."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from riskctl.i18n import N_, _
from riskctl.services.risks import AssessmentView, RiskView, show_risk
from riskctl.tui.context import BoardYear
from riskctl.tui.jobs import run_db
from riskctl.vocabulary import handling_label


class RiskDetail(ModalScreen[AssessmentView | None]):
    """The risk of the table's row: description, handling note, and the score history."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", N_("Close")),
        Binding("e", "edit", N_("Edit"), tooltip=N_("Edit the risk in this year")),
    ]
    """`e` edits the risk in the current year; `escape` closes."""

    def __init__(self, context: BoardYear, risk_id: int) -> None:
        super().__init__()
        self.context = context
        self.risk_id = risk_id
        self.risk: RiskView | None = None
        self.saved: AssessmentView | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog detail", id="risk-detail"):
            yield Static(
                _("Risk {id}").format(id=self.risk_id), classes="dialog-title", id="detail-title"
            )
            with VerticalScroll():
                yield Static(Text(_("Reading the store…"), style="italic"), id="detail-body")
                yield Static(_("Scores in every year"), classes="panel-title")
                yield Static("", id="history")
            yield Static(_("e edits · escape closes"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        risk_id = self.risk_id
        run_db(self, lambda session: show_risk(session=session, risk_id=risk_id), self._show)

    def _show(self, risk: RiskView) -> None:
        self.risk = risk
        context = self.context
        self.query_one("#detail-title", Static).update(Text(f"{risk.id} · {risk.title}"))
        body = Text()
        if risk.description:
            body.append(risk.description + "\n\n")
        now = self.current()
        if now is None:
            body.append(_("Not in the {year} analysis.").format(year=context.year), style="italic")
        else:
            body.append(_("In {year}: ").format(year=context.year), style="bold")
            body.append(
                _("probability {p}, significance {s}, ").format(
                    p=context.level_label("probability", now.probability),
                    s=context.level_label("significance", now.significance),
                )
            )
            body.append(
                f" {now.value} ",
                Style(bgcolor=context.band_color(now.value), color="black", bold=True),
            )
            body.append(f" {context.band_label(now.value)}\n")
            body.append(_("Handling:") + " ", style="bold")
            body.append(handling_label(now.handling))
            body.append(" · " + _("Owner:") + " ", style="bold")
            body.append(now.owner or "–")
            if now.note:
                body.append("\n\n")
                body.append(now.note)
        self.query_one("#detail-body", Static).update(body)
        table = Table(box=None, padding=(0, 1), expand=False, show_edge=False)
        for heading, justify in (
            (_("Year"), "right"),
            (_("Probability"), "left"),
            (_("Significance"), "left"),
            (_("Value"), "center"),
            (_("Handling"), "left"),
            (_("Owner"), "left"),
        ):
            table.add_column(heading, justify=justify)  # type: ignore[arg-type]
        for a in risk.years:
            style = "bold" if a.year == context.year else ""
            table.add_row(
                Text(str(a.year), style=style),
                context.level_label("probability", a.probability),
                context.level_label("significance", a.significance),
                Text(
                    f" {a.value} ",
                    Style(bgcolor=context.band_color(a.value), color="black", bold=True),
                ),
                handling_label(a.handling),
                Text(a.owner or "–"),
            )
        self.query_one("#history", Static).update(table)

    def current(self) -> AssessmentView | None:
        if self.risk is None:
            return None
        return next((a for a in self.risk.years if a.year == self.context.year), None)

    def action_edit(self) -> None:
        from riskctl.tui.dialogs.risk_form import RiskForm

        now = self.current()
        if now is None:
            self.notify(
                _("The risk is not in the {year} analysis.").format(year=self.context.year),
                severity="warning",
            )
            return

        def saved(view: AssessmentView | None) -> None:
            if view is not None:
                self.saved = view
                self.load()

        self.app.push_screen(RiskForm(self.context, now), saved)

    def action_close(self) -> None:
        self.dismiss(self.saved)
