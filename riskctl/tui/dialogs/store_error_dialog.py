"""The dialog for a store that cannot be reached, opened or written.

Nothing was written: every write is one transaction, and the refusal rolled it back.
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


class StoreErrorDialog(ModalScreen[None]):
    """Says that the store cannot be reached, opened or written, and that nothing was changed;
    the user closes it with OK."""

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
            yield Static(Text(one_line(self.message)), id="problem-message", classes="question")
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
