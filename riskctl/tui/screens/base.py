"""What the three workspaces share: the context bar, the footer, reloads and the palette."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from riskctl.i18n import _
from riskctl.tui.context import BoardYear
from riskctl.tui.widgets.context_bar import ContextBar
from riskctl.tui.widgets.footer import TranslatedFooter

if TYPE_CHECKING:
    from riskctl.tui.app import RiskctlApp


class BoardScreen(Screen[None]):
    """A workspace on the app's board-year: the context bar on top, the screen's body, the
    footer with its keys. It reloads when the board-year changes or the screen comes back.

    Every binding with a description is also a command in the palette, so that nothing can
    only be done by a key; `extra_commands` adds what has no key of its own.
    """

    MODE: ClassVar[str] = ""
    GUIDE: ClassVar[str] = ""
    """What the screen is for, shown by help (marked with N_, translated when shown)."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded_for: BoardYear | None = None

    @property
    def riskctl(self) -> RiskctlApp:
        """The app as riskctl's own; a cast, as importing the app here would be a cycle."""
        return cast("RiskctlApp", self.app)

    def compose(self) -> ComposeResult:
        yield ContextBar(self.MODE, id="context-bar")
        yield from self.compose_body()
        yield TranslatedFooter(compact=True)

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.watch(self.app, "context", self._context_changed, init=False)
        self._context_changed(self.riskctl.context)

    def _context_changed(self, context: BoardYear | None) -> None:
        self.query_one(ContextBar).show(context)
        if context is not None and self.is_current:
            self.loaded_for = context
            self.load(context)

    def on_screen_resume(self) -> None:
        context = self.riskctl.context
        if context is not None and context is not self.loaded_for:
            self.loaded_for = context
            self.query_one(ContextBar).show(context)
            self.load(context)

    def refresh_keys(self, *state: object) -> None:
        """Refresh the footer's keys if `state` (what their availability depends on) changed.

        Redrawing the footer is not free; a cursor moving between rows must not cost it.
        """
        if state != getattr(self, "_keys_state", None):
            self._keys_state = state
            self.refresh_bindings()

    def load(self, context: BoardYear) -> None:
        """Read what the screen shows for the board-year (in workers)."""

    def reload(self) -> None:
        context = self.riskctl.context
        if context is not None:
            self.load(context)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The screen's keyed actions (those enabled now) and its palette-only commands."""
        seen: set[str] = set()
        for binding in self._own_bindings():
            if not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            if self.check_action(binding.action.split("(")[0], ()) is not True:
                continue
            key = self.app.get_key_display(binding)
            yield SystemCommand(
                _(binding.description),
                _(binding.tooltip) + f" ({key})" if binding.tooltip else f"({key})",
                partial(self.run_action, binding.action),
            )
        yield from self.extra_commands()

    def _own_bindings(self) -> list[Binding]:
        return own_bindings(type(self))

    def extra_commands(self) -> Iterable[SystemCommand]:
        yield from ()


def own_bindings(cls: type) -> list[Binding]:
    """The bindings that riskctl's own classes in `cls`'s ancestry declare.

    Textual's bindings (focus next, copy text, a table's cursor keys) are left out: they are
    not riskctl's actions, and the palette and help would only be cluttered by them.
    """
    found: list[Binding] = []
    for klass in cls.__mro__:
        if not klass.__module__.startswith("riskctl."):
            continue
        for binding in klass.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding):
                found.append(binding)
    return found
