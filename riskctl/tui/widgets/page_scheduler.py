"""The risk table's page scheduler: which pages of rows it holds, wants and reads next.

The table (`riskctl.tui.widgets.risk_table`) reads the store a page at a time, in a thread
worker; this module keeps the pages read so far and decides, without touching the store or
the screen, which page is worth reading next and which pages to forget.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from riskctl.services.risks import AssessmentView

PAGE = 100
"""Rows per read from the store."""
KEEP_PAGES = 40
"""Pages kept in memory; the ones farthest from the view are dropped first."""


def page_window(visible: range) -> tuple[int, int]:
    """The pages worth reading: those on screen, and those a screen up or down."""
    return max(0, visible.start - len(visible)) // PAGE, (visible.stop + len(visible)) // PAGE


@dataclass
class PageScheduler:
    """The pages of one table's current filter and order, and the reads still to do.

    A new filter or order starts a new `generation`: a page read for an older one is
    thrown away when it arrives.
    """

    generation: int = 0
    pages: dict[int, list[AssessmentView]] = field(default_factory=dict)
    stale: dict[int, list[AssessmentView]] = field(default_factory=dict)
    """Pages of the previous generation, shown until their new version is read."""
    wanted: set[int] = field(default_factory=set)
    in_flight: int | None = None
    """The page being read now; one read at a time."""
    order: tuple[int, ...] | None = None
    """The whole order, when the store gave it (few rows pass the filter)."""
    reads: int = 0
    """How many pages have been read from the store (for tests and the curious)."""

    def reset(self, *, keep_rows: bool) -> None:
        """Start a new generation; with `keep_rows` the pages held stay on screen meanwhile."""
        self.generation += 1
        self.stale = {**self.stale, **self.pages} if keep_rows else {}
        self.pages = {}
        self.wanted = set()
        self.in_flight = None
        self.order = None

    @property
    def loaded_rows(self) -> int:
        """How many rows are held in memory now (stale pages aside)."""
        return sum(len(rows) for rows in self.pages.values())

    def row(self, index: int) -> AssessmentView | None:
        """Row `index` of the order, if its page (or its stale version) is held."""
        page = self.pages.get(index // PAGE) or self.stale.get(index // PAGE)
        if page is None or index % PAGE >= len(page):
            return None
        return page[index % PAGE]

    def want(self, pages: tuple[int, ...], total: int | None) -> None:
        """Ask for pages not held yet and not past the end (when the count is known)."""
        for page in pages:
            if page < 0 or page in self.pages:
                continue
            if total is not None and page * PAGE >= max(total, 1):
                continue
            self.wanted.add(page)

    def next_page(self, visible: range, cursor_row: int) -> int | None:
        """The page to read now, marked in flight; None while one is read or none is wanted.

        The cursor's page comes first, then the pages on screen, then the nearest to the
        cursor; pages the view has left behind (a fast scroll, a dragged scrollbar) are
        dropped unread.
        """
        if self.in_flight is not None:
            return None
        here = (visible.start // PAGE, max(visible.start, visible.stop - 1) // PAGE)
        cursor = cursor_row // PAGE
        window = page_window(visible)
        self.wanted = {p for p in self.wanted if window[0] <= p <= window[1] or p == cursor}
        self.wanted -= set(self.pages)
        if not self.wanted:
            return None
        page = min(
            self.wanted,
            key=lambda p: (p != cursor, not here[0] <= p <= here[1], abs(p - cursor)),
        )
        self.wanted.discard(page)
        self.in_flight = page
        return page

    def store(self, page: int, rows: list[AssessmentView], scroll_y: float) -> None:
        """Keep a page read; the pages farthest from `scroll_y` go past `KEEP_PAGES`."""
        self.reads += 1
        self.pages[page] = rows
        self.stale.pop(page, None)
        if len(self.pages) <= KEEP_PAGES:
            return
        here = scroll_y // PAGE
        for far in sorted(self.pages, key=lambda p: -abs(p - here))[: len(self.pages) - KEEP_PAGES]:
            del self.pages[far]

    def drop_stale_past(self, total: int) -> None:
        """Forget stale rows past the end of a shrunken result, that they do not linger."""
        self.stale = {p: rows for p, rows in self.stale.items() if p * PAGE < total}
