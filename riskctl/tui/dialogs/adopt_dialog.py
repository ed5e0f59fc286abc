"""Adopt the plan: the board's decision date and case number; the plan is then locked."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from riskctl.i18n import _
from riskctl.services.plans.adoption import adopt_plan
from riskctl.services.plans.views import PlanView
from riskctl.tui.context import BoardYear
from riskctl.tui.dialogs.form import Form, form_row


class AdoptDialog(Form):
    """The user gives the board's decision date and case number; saving adopts the plan and
    locks it."""

    FIELDS = ("date", "ref")

    def __init__(self, context: BoardYear, plan: PlanView, today: date) -> None:
        super().__init__()
        self.context = context
        self.plan = plan
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form confirm-wide"):
            yield Static(
                _("Adopt the {year} plan of {board}").format(
                    year=self.context.year, board=self.context.board.name
                ),
                classes="dialog-title",
            )
            yield Static(
                _(
                    "{n} controls. Once adopted, the plan is locked and fingerprinted; "
                    "changing it takes a reopening with a reason."
                ).format(n=len(self.plan.items)),
                classes="question",
            )
            yield from form_row(
                _("Decision date"),
                Input(self.today.isoformat(), id="date", compact=True, placeholder="YYYY-MM-DD"),
                "date",
            )
            yield from form_row(
                _("Case number"),
                Input("", id="ref", compact=True, placeholder=_("e.g. KS2024/0123")),
                "ref",
            )
            yield from self.buttons(_("Adopt"))

    def on_mount(self) -> None:
        self.query_one("#date", Input).focus()

    def action_save(self) -> None:
        context = self.context
        day = self.query_one("#date", Input).value
        ref = self.query_one("#ref", Input).value
        if not day.strip():
            # The CLI insists on a date too (`plan adopt --date` is required).
            self.query_one("#error-date", Static).update(_("give the board's decision date"))
            self.query_one("#error-date", Static).add_class("shown")
            return
        self.write(
            lambda session: adopt_plan(
                session=session, org=context.org, year=context.year, decided_on=day, ref=ref
            )
        )

    def _done(self, result: Any) -> None:
        assert isinstance(result, PlanView)
        self.notify(
            _("Adopted the {year} plan ({n} controls); fingerprint {fp}.").format(
                year=result.year, n=len(result.items), fp=(result.fingerprint or "")[:12]
            )
        )
        super()._done(result)
