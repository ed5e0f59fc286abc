"""The screen shown while the store opens, and the welcome screen of an empty store."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from riskctl.i18n import N_, _
from riskctl.tui.widgets.footer import TranslatedFooter

if TYPE_CHECKING:
    from riskctl.tui.app import RiskctlApp


class StartScreen(Screen[None]):
    """Shown for the moment it takes to open the store and find the board to show."""

    def compose(self) -> ComposeResult:
        yield Static(_("Opening the store…"), id="opening")
        yield TranslatedFooter(compact=True)

    def failed(self, message: str) -> None:
        """The store could not be read: say so, instead of opening for ever."""
        self.query_one("#opening", Static).update(
            Text.assemble(
                (_("The store could not be read:"), "bold"),
                "\n",
                " ".join(message.split()),
                "\n\n",
                (_("ctrl+q quits"), "dim"),
            )
        )


class WelcomeScreen(Screen[None]):
    """Shown on an empty store: which store it is, and a choice between loading the examples
    and creating a board."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "app.load_examples", N_("Load the examples")),
        Binding("n", "app.add_board", N_("New board")),
    ]
    """`e` loads the shipped examples; `n` creates a board."""

    @property
    def riskctl(self) -> RiskctlApp:
        """The app as riskctl's own; a cast, as importing the app here would be a cycle."""
        return cast("RiskctlApp", self.app)

    def compose(self) -> ComposeResult:
        store = self.riskctl.store_label
        with Center(), Vertical(id="welcome"):
            yield Static(_("Welcome to riskctl"), id="welcome-title")
            yield Static(
                _("The store has no board yet:\n{store}").format(store=store),
                id="welcome-store",
                markup=False,
            )
            yield Static(
                _(
                    "Start with the examples (Kommunstyrelsen of Alingsås kommun: the analyses "
                    "2023–2025, the plans 2023 and 2024 and their follow-ups), or create your "
                    "own board."
                ),
                id="welcome-text",
            )
            yield Button(_("Load the examples"), id="load-examples", variant="primary")
            yield Button(_("Create a board"), id="add-board")
        yield TranslatedFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#load-examples", Button).focus()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "load-examples":
            await self.app.run_action("load_examples")
        elif event.button.id == "add-board":
            await self.app.run_action("add_board")
