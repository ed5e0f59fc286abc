"""The dialog for a save refused as stale: somebody else changed what a form is saving.

The service's one-line message names who and when; the dialog offers to read the current
values again. Nothing was written: every write is one transaction, and the refusal rolled it
back.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from riskctl.i18n import N_, _
from riskctl.tui.text import one_line


class ConflictDialog(ModalScreen[bool]):
    """Says who changed what a form was saving, and when; the user reloads the current values
    (True) or goes back to the form as it is (False)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", N_("Cancel")),
        Binding("r", "answer(True)", N_("Reload"), show=False),
    ]
    """`escape` keeps the form as it is; `r` or the button reloads it."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm problem", id="conflict"):
            yield Static(_("Changed by somebody else"), classes="dialog-title")
            yield Static(Text(one_line(self.message)), id="problem-message", classes="question")
            yield Static(
                Text(
                    _("Reload shows the current values; your unsaved changes are discarded."),
                    style="dim",
                ),
                classes="question",
            )
            with Horizontal(classes="buttons"):
                yield Button(_("Reload"), id="reload", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#reload", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "reload")

    def action_answer(self, reload: bool) -> None:
        self.dismiss(reload)
