"""The picker of one of a few values: the boards."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from riskctl.i18n import N_, _


class PickDialog(ModalScreen[str | None]):
    """Choose one of a few values (the boards); returns the value, or None on `escape`."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]
    """`enter` or a click chooses; `escape` leaves the choice as it was."""

    def __init__(self, title: str, options: list[tuple[str, str]], selected: str | None) -> None:
        super().__init__()
        self.title_text = title
        self.options = options
        self.selected = selected

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Static(self.title_text, classes="dialog-title")
            yield OptionList(*(Option(Text(label), id=value) for value, label in self.options))
            yield Static(_("enter chooses · escape cancels"), classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        for n, (value, _label) in enumerate(self.options):
            if value == self.selected:
                options.highlighted = n
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
