"""The analysis table: a board-year's risks, read from the store a page at a time.

A `DataTable` holds every row it shows; a board-year may have 100,000 risks. This widget draws
only the lines on screen (Textual's line API) and asks the store, in a thread worker, for the
pages those lines fall on (which page to read next is `page_scheduler`'s decision). Rows that
are still on their way show as a dim placeholder.

For each filter and order the store first counts the risks that pass (`order_assessments`);
when they are few it returns them all in order, and the pages are then read by id. A search
typed into a board of 100,000 risks so costs one pass over the board per query, not one per
page.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from sqlmodel import Session
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from riskctl.errors import RiskctlError
from riskctl.i18n import N_, _, pgettext
from riskctl.services.risk_browse import (
    AssessmentFilter,
    AssessmentOrder,
    assessments_by_id,
    order_assessments,
    page_assessments,
)
from riskctl.services.risks import AssessmentView
from riskctl.tui.context import BoardYear
from riskctl.tui.jobs import run_db
from riskctl.tui.text import sort_label
from riskctl.tui.widgets.page_scheduler import PAGE, PageScheduler, page_window
from riskctl.vocabulary import handling_label


@dataclass(frozen=True)
class TableQuery:
    """What the table shows: a board-year, filtered and sorted; its fields are the keyword
    arguments of `order_assessments` and `page_assessments`."""

    org: str
    year: int
    where: AssessmentFilter = field(default_factory=AssessmentFilter)
    sort: str = "value"
    descending: bool = True


@dataclass(frozen=True)
class Column:
    """A column of the table: the field it shows, its width in cells, its alignment."""

    key: str
    width: int
    align: str = "left"


@dataclass
class _Drawing:
    """What the lines of one drawing of the table share, worked out once, not per line."""

    width: int
    base: Style
    cursor: Style
    columns: list[Column]
    cells: dict[tuple[str, object], tuple[str, Style | None]] = field(default_factory=dict)
    """Cell texts and styles by column and value (band labels, colours, handlings)."""


class RiskTable(ScrollView, can_focus=True):
    """The risks of the board-year, sortable by any column; keyboard and mouse.

    Click a heading to sort by it (again to reverse); `enter` or a double click opens a risk.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", N_("Up"), show=False),
        Binding("down", "cursor(1)", N_("Down"), show=False),
        Binding("pageup", "page(-1)", N_("Page up"), show=False),
        Binding("pagedown", "page(1)", N_("Page down"), show=False),
        Binding("home", "first", N_("First risk"), show=False),
        Binding("end", "last", N_("Last risk"), show=False),
        Binding("enter", "open", N_("Open"), show=False),
    ]
    """Cursor keys move through the risks; `enter` opens the one under the cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "risk-table--header",
        "risk-table--sorted",
        "risk-table--cursor",
        "risk-table--cursor-blurred",
        "risk-table--placeholder",
        "risk-table--empty",
    }

    DEFAULT_CSS = """
    RiskTable {
        background: $surface;
        scrollbar-gutter: stable;
        & > .risk-table--header { text-style: bold; color: $text-accent; background: $panel; }
        & > .risk-table--sorted { text-style: bold underline; color: $text; background: $panel; }
        & > .risk-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .risk-table--cursor-blurred { background: $block-cursor-blurred-background; }
        & > .risk-table--placeholder { color: $text-disabled; }
        & > .risk-table--empty { color: $text-muted; text-style: italic; }
    }
    """

    cursor_row: reactive[int] = reactive(0, repaint=False)
    """The index of the highlighted risk in the current order."""

    class Highlighted(Message):
        """The cursor is on another risk (None while it is still being read, or no risks)."""

        def __init__(self, table: RiskTable, risk: AssessmentView | None) -> None:
            super().__init__()
            self.table = table
            self.risk = risk

    class Opened(Message):
        """The user opened a risk (`enter` or a double click)."""

        def __init__(self, table: RiskTable, risk: AssessmentView) -> None:
            super().__init__()
            self.table = table
            self.risk = risk

    class SortRequested(Message):
        """A column heading was clicked: sort by `key`."""

        def __init__(self, table: RiskTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

    class Counted(Message):
        """The store has said how many risks pass the filter."""

        def __init__(self, table: RiskTable, total: int) -> None:
            super().__init__()
            self.table = table
            self.total = total

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.table_query: TableQuery | None = None
        self.context: BoardYear | None = None
        self.total: int | None = None
        self.empty_text = ""
        self._scheduler = PageScheduler()
        self._id_width = 3
        self._announced: int | None = None
        self._drawing: _Drawing | None = None

    # --- what to show --------------------------------------------------------------------

    def show(self, context: BoardYear, query: TableQuery, *, keep_cursor: bool = False) -> None:
        """Show another board-year, filter or order; the cursor goes to the top unless kept."""
        self.context = context
        same = self.table_query == query
        self.table_query = query
        self._reset(keep_rows=same and keep_cursor)
        if not keep_cursor:
            self.cursor_row = 0
            self.scroll_to(y=0, animate=False)
        self._count()  # with the cursor where it will be: its page comes with the count

    def reload(self) -> None:
        """Read the rows again (after a change), keeping the cursor where it is."""
        if self.table_query is not None and self.context is not None:
            self._reset(keep_rows=True)
            self._count()

    def _reset(self, *, keep_rows: bool) -> None:
        self._scheduler.reset(keep_rows=keep_rows)
        self._announced = None
        if not keep_rows:
            self.total = None
        self._want_visible()
        # No repaint: the rows on screen stay until the count repaints them (a search typed
        # is one repaint per key, not two), and `row()` no longer returns them meanwhile.

    @property
    def loaded_rows(self) -> int:
        """How many rows the widget holds in memory now."""
        return self._scheduler.loaded_rows

    @property
    def reads(self) -> int:
        """How many pages have been read from the store (for tests and the curious)."""
        return self._scheduler.reads

    @property
    def highlighted(self) -> AssessmentView | None:
        """The risk under the cursor, if it has been read."""
        return self.row(self.cursor_row)

    def row(self, index: int) -> AssessmentView | None:
        return self._scheduler.row(index)

    # --- reading from the store ----------------------------------------------------------

    def _count(self) -> None:
        """Count the rows (and, when few, put them in order), and read the cursor's page in
        the same go: one trip to the store, one redraw. Other pages wait for the count."""
        query = self.table_query
        assert query is not None
        page = self.cursor_row // PAGE

        def work(session: Session) -> tuple[AssessmentOrder, list[AssessmentView] | None]:
            order = order_assessments(session=session, **vars(query))
            if page * PAGE >= order.total:
                return order, None
            return order, _read_page(session, query, order.ids, page)

        run_db(
            self,
            work,
            partial(self._counted, self._scheduler.generation, page),
            failed=partial(self._count_failed, self._scheduler.generation),
            group="risk-count",
            exclusive=True,
        )

    def _counted(
        self,
        generation: int,
        page: int,
        found: tuple[AssessmentOrder, list[AssessmentView] | None],
    ) -> None:
        if generation != self._scheduler.generation:
            return
        order, rows = found
        total = order.total
        self.total = total
        self._scheduler.order = order.ids
        if rows is not None:
            self._store_page(page, rows)
        # Ids are at least as long as the count is; widening later would shift the columns.
        self._id_width = max(self._id_width, len(str(total)))
        self.virtual_size = Size(self.scrollable_content_region.width, total + 1)
        if self.cursor_row >= total:
            self.cursor_row = max(0, total - 1)
        self._scheduler.drop_stale_past(total)
        self.post_message(self.Counted(self, total))
        self._want_visible()
        self.refresh()

    def _count_failed(self, generation: int, error: RiskctlError) -> None:
        if generation == self._scheduler.generation:
            self.refresh()  # no rows: the previous ones must not stay on screen
        self.app.notify(error.message, severity="error")

    def _want(self, *pages: int) -> None:
        """Ask for pages; they are read one at a time, the most needed first (see `_pump`)."""
        if self.table_query is None:
            return
        self._scheduler.want(pages, self.total)
        self._pump()

    def _pump(self) -> None:
        """Read the most wanted page (`PageScheduler.next_page`), one read at a time.

        One read at a time keeps the store's work, and the wait for the page on screen, short.
        """
        if self.table_query is None or self.total is None:
            return
        page = self._scheduler.next_page(self._visible_range(), self.cursor_row)
        if page is None:
            return
        query = self.table_query
        order = self._scheduler.order
        run_db(
            self,
            lambda session: _read_page(session, query, order, page),
            partial(self._paged, self._scheduler.generation, page),
            failed=partial(self._page_failed, self._scheduler.generation),
            group="risk-pages",
        )

    def _page_failed(self, generation: int, error: RiskctlError) -> None:
        if generation == self._scheduler.generation:
            self._scheduler.in_flight = None
        self.app.notify(error.message, severity="error")

    def _paged(self, generation: int, page: int, rows: list[AssessmentView]) -> None:
        if generation != self._scheduler.generation:
            return
        self._scheduler.in_flight = None
        self._store_page(page, rows)
        visible = self._visible_range()
        if page * PAGE < visible.stop and (page + 1) * PAGE > visible.start:
            self.refresh()
        self._pump()

    def _store_page(self, page: int, rows: list[AssessmentView]) -> None:
        self._scheduler.store(page, rows, self.scroll_y)
        if rows:
            self._id_width = max(self._id_width, *(len(str(r.id)) for r in rows))
        self._announce()

    def _visible_range(self) -> range:
        height = max(1, self.scrollable_content_region.height - 1)
        top = int(self.scroll_y)
        return range(top, top + height)

    def _want_visible(self) -> None:
        first, last = page_window(self._visible_range())
        self._want(*range(first, last + 1))

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._want_visible()

    # --- the cursor ----------------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        top = self.scroll_y
        self._scroll_to_cursor()
        if self.scroll_y == top:
            # Only the two rows change; a scroll redraws everything anyway.
            width = max(self.virtual_size.width, self.size.width)
            self.refresh(*(Region(0, int(row - top) + 1, width, 1) for row in (old, new)))
        else:
            self.refresh()
        self._announce()

    def _announce(self) -> None:
        risk = self.highlighted
        key = risk.id if risk else None
        if key != self._announced:
            self._announced = key
            self.post_message(self.Highlighted(self, risk))

    def _scroll_to_cursor(self) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        if self.cursor_row < self.scroll_y:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= self.scroll_y + height:
            self.scroll_to(y=self.cursor_row - height + 1, animate=False)

    def _move_to(self, index: int) -> None:
        if not self.total:
            return
        self.cursor_row = min(max(0, index), self.total - 1)

    def action_cursor(self, step: int) -> None:
        self._move_to(self.cursor_row + step)

    def action_page(self, step: int) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        self._move_to(self.cursor_row + step * height)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to((self.total or 1) - 1)

    def action_open(self) -> None:
        risk = self.highlighted
        if risk is not None:
            self.post_message(self.Opened(self, risk))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            key = self._column_at(offset.x)
            if key is not None:
                self.post_message(self.SortRequested(self, key))
            return
        index = int(self.scroll_y) + offset.y - 1
        if self.total is not None and index < self.total:
            self.cursor_row = index
            if event.chain >= 2:
                self.action_open()

    def on_resize(self, event: events.Resize) -> None:
        if self.total is not None:
            self.virtual_size = Size(self.scrollable_content_region.width, self.total + 1)
        self._want_visible()

    # --- drawing -------------------------------------------------------------------------

    def columns(self, width: int) -> list[Column]:
        """The columns that fit in `width`; the title takes what the others leave."""
        owner_width = 18
        handling_width = max(len(handling_label(k)) for k in ("control", "action", "accept"))
        band_width = 10
        if self.context is not None:
            band_width = max(
                (len(self.context.band_label(b.min_value)) for b in self.context.scale.bands),
                default=4,
            )
        fixed = [
            Column("id", self._id_width, "right"),
            Column("title", 0),
            Column("probability", 2, "right"),
            Column("significance", 2, "right"),
            Column("value", 7, "center"),
        ]
        optional = [
            Column("handling", handling_width),
            Column("owner", owner_width),
            Column("band", band_width + 2),
        ]
        chosen = list(fixed)
        for col in optional:
            used = sum(c.width + 1 for c in chosen if c.key != "title") + col.width + 1
            if width - used >= 24:
                chosen.append(col)
        order = ["id", "title", "probability", "significance", "value", "band", "handling", "owner"]
        chosen.sort(key=lambda c: order.index(c.key))
        rest = width - sum(c.width + 1 for c in chosen if c.key != "title") - 1
        return [replace(c, width=max(8, rest)) if c.key == "title" else c for c in chosen]

    def _column_at(self, x: int) -> str | None:
        left = 0
        for col in self.columns(self.scrollable_content_region.width):
            if left <= x < left + col.width + 1:
                return col.key
            left += col.width + 1
        return None

    def heading(self, key: str) -> str:
        return {
            "id": _("id"),
            "title": _("Risk"),
            "probability": pgettext("probability column", "P"),
            "significance": pgettext("significance column", "S"),
            "value": _("Value"),
            "band": _("Band"),
            "handling": _("Handling"),
            "owner": _("Owner"),
        }[key]

    def render_lines(self, crop: Region) -> list[Strip]:
        self._drawing = None  # styles, widths or the board may have changed since the last
        return super().render_lines(crop)

    def _draw(self) -> _Drawing:
        if self._drawing is None:
            width = self.scrollable_content_region.width
            base = self.rich_style
            name = "risk-table--cursor" if self.has_focus else "risk-table--cursor-blurred"
            self._drawing = _Drawing(
                width, base, base + self.get_component_rich_style(name), self.columns(width)
            )
        return self._drawing

    def render_line(self, y: int) -> Strip:
        drawing = self._draw()
        width, base = drawing.width, drawing.base
        if y == 0:
            return self._header(width, base)
        index = int(self.scroll_y) + y - 1
        if self.total == 0:
            if y == 2 and self.empty_text:
                style = base + self.get_component_rich_style("risk-table--empty")
                return Strip([Segment(f"  {self.empty_text}"[:width], style)]).extend_cell_length(
                    width, base
                )
            return Strip.blank(width, base)
        if self.total is not None and index >= self.total:
            return Strip.blank(width, base)
        risk = self.row(index)
        if risk is None:
            self._want(index // PAGE)
            if self.total is None and index > 0:
                return Strip.blank(width, base)
            style = base + self.get_component_rich_style("risk-table--placeholder")
            return Strip([Segment("  …"[:width], style)]).extend_cell_length(width, base)
        return self._row(risk, drawing, index == self.cursor_row)

    def _header(self, width: int, base: Style) -> Strip:
        header = base + self.get_component_rich_style("risk-table--header")
        sorted_style = base + self.get_component_rich_style("risk-table--sorted")
        query = self.table_query
        segments = []
        for col in self._draw().columns:
            text = self.heading(col.key)
            sort_key = "value" if query and query.sort == "band" and col.key == "band" else col.key
            is_sorted = query is not None and query.sort == sort_key
            if is_sorted and query is not None:
                text += " ▼" if query.descending else " ▲"
            segments.append(
                Segment(_fit(text, col.width, col.align), sorted_style if is_sorted else header)
            )
            segments.append(Segment(" ", header))
        return Strip(segments).adjust_cell_length(width, header)

    def _cell(self, drawing: _Drawing, col: Column, value: object) -> tuple[str, Style | None]:
        """The text and colour of a cell that depends on its value alone, worked out once."""
        key = (col.key, value)
        found = drawing.cells.get(key)
        if found is None:
            context = self.context
            if col.key == "value":
                assert isinstance(value, int)
                color = context.band_color(value) if context else "#9e9e9e"
                found = (
                    _fit(str(value), col.width, col.align),
                    Style(bgcolor=color, color="black", bold=True),
                )
            elif col.key == "band":
                assert isinstance(value, int)
                label = context.band_label(value) if context else ""
                color = context.band_color(value) if context else "#9e9e9e"
                found = (_fit(label, col.width - 2, "left"), Style(color=color))
            else:
                found = (_fit(handling_label(str(value)), col.width, col.align), None)
            drawing.cells[key] = found
        return found

    def _row(self, risk: AssessmentView, drawing: _Drawing, cursor: bool) -> Strip:
        style = drawing.cursor if cursor else drawing.base
        gap = Segment(" ", style)
        segments = []
        for col in drawing.columns:
            key = col.key
            if key == "value":
                text, color = self._cell(drawing, col, risk.value)
                segments += [Segment(text, style + color), gap]
                continue
            if key == "band":
                text, color = self._cell(drawing, col, risk.value)
                segments += [Segment("■ ", style + color), Segment(text, style), gap]
                continue
            if key == "handling":
                text, _color = self._cell(drawing, col, risk.handling)
                segments += [Segment(text, style), gap]
                continue
            if key == "id":
                text = str(risk.id)
            elif key == "title":
                text = risk.title
            elif key == "probability":
                text = str(risk.probability)
            elif key == "significance":
                text = str(risk.significance)
            else:
                text = risk.owner or "–"
            segments += [Segment(_fit(text, col.width, col.align), style), gap]
        return Strip(segments).adjust_cell_length(drawing.width, style)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def sort_description(self) -> str:
        query = self.table_query
        if query is None:
            return ""
        arrow = "↓" if query.descending else "↑"
        return f"{sort_label(query.sort)} {arrow}"


def _read_page(
    session: Session, query: TableQuery, order: tuple[int, ...] | None, page: int
) -> list[AssessmentView]:
    """Page `page` of the table: by id from the whole order when the store gave it."""
    if order is not None:
        ids = list(order[page * PAGE : (page + 1) * PAGE])
        return assessments_by_id(session=session, org=query.org, ids=ids)
    return page_assessments(session=session, **vars(query), offset=page * PAGE, limit=PAGE)


def _fit(text: str, width: int, align: str) -> str:
    """`text` cut with an ellipsis or padded to exactly `width` cells."""
    text = " ".join(text.split())
    if cell_len(text) > width:
        text = set_cell_size(text, max(0, width - 1)) + "…" if width > 1 else text[:width]
    pad = width - cell_len(text)
    if align == "right":
        return " " * pad + text
    if align == "center":
        return " " * (pad // 2) + text + " " * (pad - pad // 2)
    return text + " " * pad
