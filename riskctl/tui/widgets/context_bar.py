"""The line at the top of every board screen: the board, the year and the three workspaces."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from riskctl.i18n import _
from riskctl.tui.context import BoardYear

MODES = ("analysis", "plan", "followup")


def mode_title(mode: str) -> str:
    return {"analysis": _("Analysis"), "plan": _("Plan"), "followup": _("Follow-up")}[mode]


class ContextBar(Static):
    """Shows and switches the board and year (click, or `b` / `y`) and the workspace (1–3).

    It holds no state of its own: the screen calls `show()` whenever the app's board-year
    changes.
    """

    def __init__(self, mode: str, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.mode = mode

    def show(self, context: BoardYear | None) -> None:
        parts = [Content.styled(" riskctl ", "bold")]
        if context is not None:
            parts.append(
                Content.from_markup("[@click=app.pick_board]$board ▾[/]", board=context.board.title)
            )
            parts.append(
                Content.from_markup("[@click=app.pick_year]$year ▾[/]", year=str(context.year))
            )
        tabs = []
        for n, mode in enumerate(MODES, start=1):
            label = f" {n} {mode_title(mode)} "
            style = "reverse bold" if mode == self.mode else ""
            tabs.append(
                Content.from_markup(
                    f"[{style} @click=app.switch_mode('{mode}')]$label[/]", label=label
                )
                if style
                else Content.from_markup(
                    f"[@click=app.switch_mode('{mode}')]$label[/]", label=label
                )
            )
        line = Content(" │ ").join(parts) + Content(" │ ") + Content("").join(tabs)
        self.update(line)
