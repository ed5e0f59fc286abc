"""The heat map: how many risks in each probability × significance cell, in band colours."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from riskctl.i18n import N_, _, language
from riskctl.tui.context import BoardYear
from riskctl.vocabulary import risk_value


@dataclass(frozen=True)
class Layout:
    """Where the cells are: a label column, then one column per significance level."""

    label_width: int
    cell_width: int
    cell_height: int
    wide: bool


class HeatMap(Widget, can_focus=True):
    """Counts per probability × significance cell, coloured by the board's bands.

    Probability runs upwards, significance to the right, as in the board's documents. Choose a
    cell (click, or arrows and `enter`) to show only its risks in the table; choose it again,
    or press `escape`, to show all.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(1, 0)", N_("Higher probability"), show=False),
        Binding("down", "move(-1, 0)", N_("Lower probability"), show=False),
        Binding("left", "move(0, -1)", N_("Lower significance"), show=False),
        Binding("right", "move(0, 1)", N_("Higher significance"), show=False),
        Binding("enter,space", "choose", N_("Filter by cell")),
        Binding("escape", "clear", N_("Show all cells"), show=False),
    ]
    """Arrows move between cells; `enter` filters the table by the cell, `escape` clears it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"heat-map--axis", "heat-map--cursor"}

    DEFAULT_CSS = """
    HeatMap {
        height: auto;
        & > .heat-map--axis { color: $text-muted; }
        & > .heat-map--cursor { text-style: bold reverse; }
    }
    """

    cursor: reactive[tuple[int, int]] = reactive((1, 1))
    """The (probability, significance) cell the keyboard is on."""
    chosen: reactive[tuple[int, int] | None] = reactive(None)
    """The cell the table is filtered by, if any."""

    class CellChosen(Message):
        """The user chose a cell to filter by (None: show all cells again)."""

        def __init__(self, heat_map: HeatMap, cell: tuple[int, int] | None) -> None:
            super().__init__()
            self.heat_map = heat_map
            self.cell = cell

    class CursorMoved(Message):
        """The keyboard cursor is on another cell."""

        def __init__(self, heat_map: HeatMap, cell: tuple[int, int]) -> None:
            super().__init__()
            self.heat_map = heat_map
            self.cell = cell

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.context: BoardYear | None = None
        self.counts: dict[tuple[int, int], int] = {}

    def show(self, context: BoardYear, counts: dict[tuple[int, int], int]) -> None:
        """Show the counts of a board-year."""
        changed = self.context is None or self.context.board != context.board
        self.context = context
        self.counts = counts
        if changed:
            top = max((lv.level for lv in context.scale.probability), default=1)
            right = max((lv.level for lv in context.scale.significance), default=1)
            self.cursor = (top, right)
        self.refresh(layout=True)

    @property
    def levels(self) -> tuple[list[int], list[int]]:
        if self.context is None:
            return [], []
        return (
            [lv.level for lv in self.context.scale.probability],
            [lv.level for lv in self.context.scale.significance],
        )

    def layout_for(self, width: int) -> Layout:
        probabilities, significances = self.levels
        n = max(1, len(significances))
        wide = width >= 44 and self.context is not None
        if wide and self.context is not None:
            label_width = 2 + max((cell_len(self._row_label(p)) for p in probabilities), default=4)
        else:
            label_width = 4
        cell_width = max(3, min(16, (width - label_width) // n))
        cell_height = 1 if cell_width < 8 else (2 if cell_width < 12 else 3)
        return Layout(label_width, cell_width, cell_height, wide)

    def _row_label(self, p: int) -> str:
        assert self.context is not None
        return f"{p} {self.context.scale.label('probability', p, language())}"

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        probabilities, _significances = self.levels
        layout = self.layout_for(width)
        head = 2 if layout.wide else 1
        return head + layout.cell_height * max(1, len(probabilities)) + 1

    def render(self) -> Text:
        if self.context is None:
            return Text(_("Reading the store…"), style="italic")
        context = self.context
        width = self.content_region.width
        layout = self.layout_for(width)
        probabilities, significances = self.levels
        axis = self.get_component_rich_style("heat-map--axis")
        cursor_style = self.get_component_rich_style("heat-map--cursor")
        out = Text(no_wrap=True, overflow="crop")
        # The significance levels along the top.
        out.append(" " * layout.label_width)
        for s in significances:
            out.append(_center(str(s), layout.cell_width - 1) + " ", axis)
        out.append("\n")
        if layout.wide:
            out.append(" " * layout.label_width)
            for s in significances:
                label = context.scale.label("significance", s, language())
                # A label may use the gap between cells: "Negligible" needs every column.
                out.append(_center(label, layout.cell_width), axis)
            out.append("\n")
        for p in reversed(probabilities):
            for line in range(layout.cell_height):
                middle = line == layout.cell_height // 2
                if layout.wide:
                    label = self._row_label(p) if middle else ""
                    out.append(set_cell_size(f" {label}", layout.label_width - 1) + " ", axis)
                else:
                    label = f" {p} " if middle else "   "
                    out.append(label + " ", axis)
                for s in significances:
                    n = self.counts.get((p, s), 0)
                    text = " "
                    if middle:
                        text = str(n) if n else "·"
                        if self.chosen == (p, s):
                            text = f"›{text}‹"
                    style = Style(
                        bgcolor=context.band_color(risk_value(p, s)), color="black", bold=bool(n)
                    )
                    if self.has_focus and self.cursor == (p, s):
                        style += cursor_style
                    # A dark gap between cells keeps them apart without borders.
                    out.append(_center(text, layout.cell_width - 1), style)
                    out.append(" ")
                out.append("\n")
        out.append(
            Text(
                " " + _("↑ probability  → significance"),
                style=axis,
            )
        )
        return out

    def cell_at(self, x: int, y: int) -> tuple[int, int] | None:
        """The cell at a point of the content region, if there is one."""
        layout = self.layout_for(self.content_region.width)
        probabilities, significances = self.levels
        head = 2 if layout.wide else 1
        row = (y - head) // layout.cell_height if y >= head else -1
        column = (x - layout.label_width) // layout.cell_width if x >= layout.label_width else -1
        if not (0 <= row < len(probabilities) and 0 <= column < len(significances)):
            return None
        return list(reversed(probabilities))[row], significances[column]

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        cell = self.cell_at(offset.x, offset.y)
        if cell is not None:
            self.cursor = cell
            self._choose(cell)

    def watch_cursor(self, cell: tuple[int, int]) -> None:
        self.post_message(self.CursorMoved(self, cell))
        self.refresh()

    def watch_chosen(self) -> None:
        self.refresh()

    def action_move(self, dp: int, ds: int) -> None:
        probabilities, significances = self.levels
        if not probabilities or not significances:
            return
        p, s = self.cursor
        p = min(max(p + dp, probabilities[0]), probabilities[-1])
        s = min(max(s + ds, significances[0]), significances[-1])
        self.cursor = (p, s)

    def action_choose(self) -> None:
        self._choose(self.cursor)

    def action_clear(self) -> None:
        if self.chosen is not None:
            self.chosen = None
            self.post_message(self.CellChosen(self, None))

    def _choose(self, cell: tuple[int, int]) -> None:
        self.chosen = None if self.chosen == cell else cell
        self.post_message(self.CellChosen(self, self.chosen))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class BandLegend(Widget):
    """The board's bands with their colours and risk values, whole bands per line."""

    DEFAULT_CSS = """
    BandLegend { height: auto; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.context: BoardYear | None = None

    def show(self, context: BoardYear) -> None:
        self.context = context
        self.refresh(layout=True)

    def _entries(self) -> list[tuple[str, str]]:
        if self.context is None:
            return []
        out = []
        for band in self.context.scale.bands:
            span = (
                str(band.min_value)
                if band.min_value == band.max_value
                else f"{band.min_value}–{band.max_value}"
            )
            out.append((band.color, f"{self.context.band_label(band.min_value)} {span}"))
        return out

    def _lines(self, width: int) -> list[list[tuple[str, str]]]:
        lines: list[list[tuple[str, str]]] = [[]]
        used = 0
        for color, entry in self._entries():
            size = cell_len(entry) + 2
            # A band's label is never split from its range.
            if lines[-1] and used + 2 + size > width:
                lines.append([])
                used = 0
            used += size + (2 if lines[-1] else 0)
            lines[-1].append((color, entry))
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width)) if self.context is not None else 0

    def render(self) -> Text:
        out = Text()
        for n, line in enumerate(self._lines(self.content_region.width)):
            if n:
                out.append("\n")
            for m, (color, entry) in enumerate(line):
                if m:
                    out.append("  ")
                out.append("■ ", style=color)
                out.append(entry)
        return out


def _center(text: str, width: int) -> str:
    if cell_len(text) > width:
        return set_cell_size(text, width)
    pad = width - cell_len(text)
    return " " * (pad // 2) + text + " " * (pad - pad // 2)
