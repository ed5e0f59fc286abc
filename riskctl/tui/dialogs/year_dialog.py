"""The year picker: a year of the board's analyses, or another one typed in."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from riskctl.errors import InvalidInput
from riskctl.i18n import N_, _
from riskctl.services import validate
from riskctl.tui.text import field_error


class YearDialog(ModalScreen[int | None]):
    """Choose a year of the board's analyses, or type another one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]
    """`enter` or a click chooses; `escape` leaves the year as it was."""

    def __init__(self, years: list[int], current: int) -> None:
        super().__init__()
        self.years = years
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Static(_("Year"), classes="dialog-title")
            yield OptionList(*(Option(str(y), id=str(y)) for y in reversed(self.years)))
            yield Input(
                placeholder=_("another year, e.g. 2027"),
                id="other-year",
                compact=True,
                type="integer",
            )
            yield Static("", classes="field-error", id="year-error")
            yield Static(_("enter chooses · escape cancels"), classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        for n, year in enumerate(reversed(self.years)):
            if year == self.current:
                options.highlighted = n
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.dismiss(int(event.option.id))

    @on(Input.Submitted, "#other-year")
    def _typed(self, event: Input.Submitted) -> None:
        try:
            year = validate.year(event.value)
        except InvalidInput as exc:
            error = self.query_one("#year-error", Static)
            error.update(Text(field_error(exc, True)))
            error.add_class("shown")
            return
        self.dismiss(year)

    def action_cancel(self) -> None:
        self.dismiss(None)
