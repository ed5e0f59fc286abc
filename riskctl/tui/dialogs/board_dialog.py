"""Create a board: name, code, scale size and threshold, as `riskctl org add` does."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from riskctl import scales
from riskctl.i18n import _
from riskctl.services import validate
from riskctl.services.orgs import add_org, org_label
from riskctl.tui.dialogs.form import Form, form_row


class BoardDialog(Form):
    """Create a board: its name, code, scale (the 4×4 of the Swedish model or a generic 5×5)
    and threshold; returns the new board's code (or name)."""

    FIELDS = ("name", "code", "threshold")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(_("New board"), classes="dialog-title")
            yield from form_row(
                _("Name"),
                Input("", id="name", compact=True, placeholder=_("e.g. Kommunstyrelsen")),
                "name",
            )
            yield from form_row(
                _("Code"), Input("", id="code", compact=True, placeholder=_("e.g. KS")), "code"
            )
            yield from form_row(
                _("Scale"),
                Select(
                    [(_("4 × 4 (Swedish model)"), 4), (_("5 × 5 (generic)"), 5)],
                    value=4,
                    allow_blank=False,
                    id="size",
                    compact=True,
                ),
                "size",
            )
            yield from form_row(
                _("Threshold"),
                Input("8", id="threshold", compact=True, type="integer"),
                "threshold",
            )
            yield Static(
                _(
                    "Risks from this risk value on should be controlled; generating the "
                    "plan warns about those that are not."
                ),
                classes="form-help",
            )
            yield from self.buttons(_("Create"))

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def action_save(self) -> None:
        name = self.query_one("#name", Input).value
        code = self.query_one("#code", Input).value or None
        size = self.query_one("#size", Select).value
        threshold = self.query_one("#threshold", Input).value
        scale = scales.default_scale(size if isinstance(size, int) else 4)

        def work(session: Any) -> str:
            org = add_org(
                session=session,
                name=name,
                code=code,
                scale=scale,
                threshold=validate.integer(threshold, "threshold"),
            )
            return org_label(org)

        self.write(work)
