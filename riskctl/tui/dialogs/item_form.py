"""Edit a draft plan control's method and owner."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static, TextArea

from riskctl.i18n import _
from riskctl.services.plans.items import set_item
from riskctl.services.plans.views import ItemView
from riskctl.tui.dialogs.form import Form, form_row


class ItemForm(Form):
    """Edit a draft control's method and owner; `plan generate` keeps what is set here."""

    FIELDS = ("method", "owner")

    def __init__(self, item: ItemView) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(
                Text(_("Control: {title}").format(title=self.item.title)), classes="dialog-title"
            )
            yield from form_row(
                _("Method"),
                TextArea(self.item.method, id="method", compact=True, soft_wrap=True),
                "method",
            )
            yield from form_row(
                _("Owner"),
                Input(
                    self.item.owner or "",
                    id="owner",
                    compact=True,
                    placeholder=_("a role, e.g. Ekonomichef"),
                ),
                "owner",
            )
            yield from self.buttons(_("Save"))

    def on_mount(self) -> None:
        self.query_one("#method", TextArea).focus()

    def action_save(self) -> None:
        item = self.item
        method = self.query_one("#method", TextArea).text
        owner = self.query_one("#owner", Input).value
        changes: dict[str, Any] = {}
        if method != item.method:
            changes["method"] = method
        if owner.strip() != (item.owner or ""):
            changes["owner"] = owner
        if not changes:
            self.dismiss(None)
            return
        self.write(
            lambda session: set_item(
                session=session, item_id=item.id, if_version=item.version, **changes
            )
        )
