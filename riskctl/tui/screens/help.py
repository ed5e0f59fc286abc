"""Help: what the screen underneath is for, and its keys."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from riskctl.i18n import N_, _
from riskctl.tui.screens.base import own_bindings

GENERAL = N_(
    "riskctl follows the yearly cycle of a board's internal control: the risk analysis "
    "(scores and handling of every risk), the internal control plan selected from it, and the "
    "follow-up of the plan's controls in the interim and annual reports.\n\n"
    "1, 2 and 3 switch between the Analysis, Plan and Follow-up workspaces; b and y switch "
    "the board and the year; ctrl+p opens the command palette, where every action can be "
    "found by name."
)


class HelpScreen(ModalScreen[None]):
    """The keys of the screen it was opened on, with what that screen is for."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "dismiss", N_("Close")),
    ]
    """Any of `escape`, `f1`, `?` or `q` closes help."""

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self.under = under
        # Read now: once help is showing, the keys of the screen under it are not active.
        self.bindings = list(under.active_bindings.values())
        self.keys_shown: list[tuple[str, str]] = []
        """The (key, description) rows shown."""

    def compose(self) -> ComposeResult:
        guide = getattr(self.under, "GUIDE", "")
        seen: set[str] = set()
        # The screen's keys first, then those of the widget in focus, then the app's; only
        # riskctl's own (Textual's focus and cursor keys need no explaining here).
        bindings = list(self.bindings)
        order: dict[object, int] = {self.under: 0, self.app: 2}
        bindings.sort(key=lambda entry: order.get(entry[0], 1))
        rows: list[tuple[Text, Text]] = []
        for node, binding, enabled, _tooltip in bindings:
            ours = {(b.action, b.description) for b in own_bindings(type(node))}
            if (binding.action, binding.description) not in ours or binding.action in seen:
                continue
            if not binding.description or (node not in order and not binding.show):
                continue
            seen.add(binding.action)
            style = "" if enabled else "dim"
            key = self.app.get_key_display(binding)
            self.keys_shown.append((key, _(binding.description)))
            rows.append(
                (Text(key, style=f"bold {style}"), Text(_(binding.description), style=style))
            )
        palette = Binding("ctrl+p", "command_palette")
        rows.append((Text(self.app.get_key_display(palette), style="bold"), Text(_("Commands"))))
        # Two columns of keys, so that a screen's keys fit in a small terminal.
        keys = Table.grid(padding=(0, 2))
        for _n in range(4):
            keys.add_column()
        half = (len(rows) + 1) // 2
        for left, right in zip(rows[:half], [*rows[half:], (Text(""), Text(""))], strict=False):
            keys.add_row(*left, *right)
        with Vertical(id="help"):
            yield Static(_("Help"), classes="dialog-title")
            with VerticalScroll():
                if guide:
                    yield Static(_(guide), classes="help-guide")
                yield Static(keys, classes="help-keys")
                yield Static(_(GENERAL), classes="help-guide")
            yield Static(_("escape closes this help"), classes="dialog-hint")
