"""Dialogs for the problems a user must see before going on: a stale write, a failing store.

`ConflictDialog` says that somebody else changed what a form is saving (the service's one-line
message names who and when) and offers to read it again; `StoreErrorDialog` says that the store
cannot be reached or written. In both cases nothing was written: every write is one
transaction, and the refusal rolled it back.
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

from riskctl.i18n import _
from riskctl.tui.text import N_


def _one_line(message: str) -> str:
    return " ".join(message.split())


class ConflictDialog(ModalScreen[bool]):
    """A save was refused as stale; True if the user wants the current values read again."""

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
            yield Static(Text(_one_line(self.message)), id="problem-message", classes="question")
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


class StoreErrorDialog(ModalScreen[None]):
    """The store cannot be reached, opened or written: the message, and OK."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close")),
    ]
    """`escape`, `enter` or the button closes it."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm problem", id="store-error"):
            yield Static(_("The store cannot be used"), classes="dialog-title")
            yield Static(Text(_one_line(self.message)), id="problem-message", classes="question")
            yield Static(Text(_("Nothing was changed."), style="dim"), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(_("OK"), id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    @on(Button.Pressed)
    def _pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
