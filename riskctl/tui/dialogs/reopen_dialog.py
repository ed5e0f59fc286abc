"""Reopen an adopted plan, with the reason kept in its history."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from riskctl.i18n import _
from riskctl.services.plans.adoption import reopen_plan
from riskctl.tui.context import BoardYear
from riskctl.tui.dialogs.form import Form, form_row


class ReopenDialog(Form):
    """The user writes why the adopted plan must change; saving reopens it for changes, and
    the reason is kept in its history."""

    FIELDS = ("reason",)

    def __init__(self, context: BoardYear) -> None:
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(
                _("Reopen the {year} plan").format(year=self.context.year), classes="dialog-title"
            )
            yield Static(
                _(
                    "Why must the adopted plan change? (e.g. the board's decision "
                    "KS 2025-03-10 § 45)"
                ),
                classes="question",
            )
            yield from form_row(
                _("Reason"), TextArea("", id="reason", compact=True, soft_wrap=True), "reason"
            )
            yield from self.buttons(_("Reopen"))

    def on_mount(self) -> None:
        self.query_one("#reason", TextArea).focus()

    def action_save(self) -> None:
        context = self.context
        reason = self.query_one("#reason", TextArea).text
        self.write(
            lambda session: reopen_plan(
                session=session, org=context.org, year=context.year, reason=reason
            )
        )

    def _done(self, result: Any) -> None:
        self.notify(
            _("Reopened the {year} plan; adopt it again when done.").format(year=self.context.year)
        )
        super()._done(result)
