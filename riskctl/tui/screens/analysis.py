"""The Analysis workspace: the board-year's risks, filters, and the heat map beside them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Input, Select, Static

from riskctl.i18n import N_, _
from riskctl.services.matrix import matrix
from riskctl.services.risk_browse import SORT_KEYS, AssessmentFilter
from riskctl.services.risks import AssessmentView, assessment_owners, remove_risk
from riskctl.tui.context import BoardYear
from riskctl.tui.jobs import run_db
from riskctl.tui.screens.base import BoardScreen
from riskctl.tui.text import count_risks, sort_label
from riskctl.tui.widgets.heat_map import BandLegend, HeatMap
from riskctl.tui.widgets.risk_table import RiskTable, TableQuery
from riskctl.vocabulary import band_key, handling_label, risk_value

NO_OWNER = "\x00none"
"""The owner filter's value for risks that have no owner (no role can be named this)."""
SORT_CYCLE = ("value", "title", "probability", "significance", "handling", "owner", "id")


class AnalysisScreen(BoardScreen):
    """The risks of the board-year in a table, with filters above it and the heat map beside.

    The user adds, edits, opens and removes risks, searches and sorts the table, and filters
    it by band, handling, owner or a cell of the heat map.
    """

    MODE = "analysis"
    GUIDE = N_(
        "Analysis: the risk and significance analysis of the year. Every risk has a "
        "probability and a significance on the board's scale; their product is the risk value, "
        "and its band gives the colour. The table is sorted by risk value, highest first, like "
        "the board's own table; click a heading or press s to sort by another column, S to "
        "reverse. Type in the search field (/) or choose a band, handling or owner to filter; "
        "choose a cell of the heat map to see only its risks. enter opens a risk with its "
        "scores in earlier years."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_risk", N_("New risk"), tooltip=N_("Add a risk to this year's analysis")),
        Binding("e", "edit_risk", N_("Edit"), tooltip=N_("Edit the risk under the cursor")),
        Binding(
            "delete",
            "remove_risk",
            N_("Remove"),
            tooltip=N_("Remove the risk from this year's analysis"),
        ),
        Binding(
            "d",
            "open_risk",
            N_("Details"),
            show=False,
            tooltip=N_("The risk with its scores in every year"),
        ),
        Binding("slash", "search", N_("Search"), tooltip=N_("Search titles and descriptions")),
        Binding("s", "sort_next", N_("Sort"), tooltip=N_("Sort by the next column")),
        Binding(
            "S",
            "sort_reverse",
            N_("Reverse order"),
            show=False,
            tooltip=N_("Reverse the order of the table"),
        ),
        Binding(
            "c",
            "clear_filters",
            N_("Clear filters"),
            show=False,
            tooltip=N_("Show every risk of the year"),
        ),
        Binding("m", "focus_map", N_("Heat map"), show=False, tooltip=N_("Move to the heat map")),
        Binding("t", "focus_table", N_("Table"), show=False, tooltip=N_("Move to the table")),
        Binding("escape", "leave_filter", N_("Back to the table"), show=False),
        Binding(
            "r",
            "app.rollover",
            N_("Roll over"),
            show=False,
            tooltip=N_("Start next year's analysis as a copy of this one"),
        ),
    ]
    """`n`, `e`, `delete` add, edit, remove a risk and `d` opens it; `/` searches, `s` and `S`
    sort, `c` clears the filters; `m` and `t` move to the heat map and the table, `escape`
    back to the table; `r` rolls the analysis over to a new year."""

    def __init__(self) -> None:
        super().__init__()
        self.where = AssessmentFilter()
        self.sort = "value"
        self.descending = True
        self._search_timer: Timer | None = None
        self.total: int | None = None
        self.loaded_for_board: Any = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="filters"):
            yield Input(placeholder=_("Search risks…"), id="search", compact=True)
            yield Select[str]([], prompt=_("Any band"), id="band", compact=True)
            yield Select[str]([], prompt=_("Any handling"), id="handling", compact=True)
            yield Select[str]([], prompt=_("Any owner"), id="owner", compact=True)
        with Horizontal(id="analysis-body"):
            yield RiskTable(id="risks")
            with Vertical(id="side"):
                yield Static(_("Heat map"), classes="panel-title")
                yield HeatMap(id="heat-map")
                yield Static("", id="cell-info")
                yield BandLegend(id="legend")
        yield Static("", id="status")

    def on_mount(self) -> None:
        self.query_one(RiskTable).focus()

    def on_resize(self) -> None:
        # A wide terminal gives the heat map room for the scale's labels.
        self.set_class(self.size.width >= 150, "-wide")

    # --- loading -------------------------------------------------------------------------

    def load(self, context: BoardYear) -> None:
        previous = self.loaded_for_board
        if previous is not None and previous != context.board:
            self.where = AssessmentFilter()
        self.loaded_for_board = context.board
        self._fill_static_filters(context)
        self._show_table(context, keep_cursor=False)
        self._load_side(context)

    def _fill_static_filters(self, context: BoardYear) -> None:
        """Set the filter fields to `self.where` without their change events firing."""
        with self.prevent(Select.Changed, Input.Changed):
            bands = self.query_one("#band", Select)
            band_options = []
            for band in context.scale.bands:
                key = band_key(band)
                label = Text.assemble(("■ ", band.color), context.band_label(band.min_value))
                band_options.append((label, key))
            bands.set_options(band_options)
            bands.value = self.where.band if self.where.band else Select.NULL
            handling = self.query_one("#handling", Select)
            handling.set_options([(handling_label(k), k) for k in ("control", "action", "accept")])
            handling.value = self.where.handling if self.where.handling else Select.NULL
            search = self.query_one("#search", Input)
            if search.value != self.where.search:
                search.value = self.where.search

    def _load_side(self, context: BoardYear) -> None:
        def read(session: Session) -> tuple[dict[tuple[int, int], int], list[str]]:
            grid = matrix(session=session, year=context.year, org=context.org)
            owners = assessment_owners(session=session, org=context.org, year=context.year)
            return grid.counts, owners

        run_db(self, read, partial(self._side_loaded, context), group="side", exclusive=True)

    def _side_loaded(
        self, context: BoardYear, found: tuple[dict[tuple[int, int], int], list[str]]
    ) -> None:
        counts, owners = found
        heat_map = self.query_one(HeatMap)
        heat_map.show(context, counts)
        heat_map.chosen = (
            (self.where.probability, self.where.significance)
            if self.where.probability is not None and self.where.significance is not None
            else None
        )
        options: list[tuple[Any, str]] = [(Text(name), name) for name in owners]
        options.append((Text(_("(no owner)"), style="italic"), NO_OWNER))
        wanted = NO_OWNER if self.where.owner == "" else self.where.owner
        known = wanted is not None and wanted in (value for _label, value in options)
        with self.prevent(Select.Changed):
            select = self.query_one("#owner", Select)
            select.set_options(options)
            select.value = wanted if known and wanted is not None else Select.NULL
        if self.where.owner is not None and not known:
            # The owner filtered by is not in this year: show the year unfiltered by owner.
            self.where = replace(self.where, owner=None)
            self._show_table(context, keep_cursor=False)
        self._show_legend(context)
        self._show_cell_info(heat_map.cursor if heat_map.has_focus else heat_map.chosen)

    def _show_table(self, context: BoardYear, *, keep_cursor: bool) -> None:
        table = self.query_one(RiskTable)
        filtered = self.where != AssessmentFilter()
        table.empty_text = (
            _("No risk matches the filters (c clears them).")
            if filtered
            else _("No risks in {year} yet: n adds one, r rolls over an earlier year.").format(
                year=context.year
            )
        )
        table.show(
            context,
            TableQuery(context.org, context.year, self.where, self.sort, self.descending),
            keep_cursor=keep_cursor,
        )
        self._show_status()

    def _requery(self) -> None:
        context = self.riskctl.context
        if context is not None:
            self._show_table(context, keep_cursor=False)

    def refresh_after_change(self) -> None:
        """Read the table and the heat map again after a risk was added, edited or removed."""
        context = self.riskctl.context
        if context is None:
            return
        self.query_one(RiskTable).reload()
        self._load_side(context)

    # --- the status line and the side panel ----------------------------------------------

    def _show_status(self) -> None:
        table = self.query_one(RiskTable)
        parts = []
        parts.append(count_risks(self.total) if self.total is not None else _("counting…"))
        parts.append(_("sorted by {column}").format(column=table.sort_description()))
        where = self.where
        active = []
        context = self.riskctl.context
        if where.search:
            active.append(f"“{where.search}”")
        if where.probability is not None and where.significance is not None and context:
            active.append(_("cell {p} × {s}").format(p=where.probability, s=where.significance))
        if where.band and context:
            band = next(
                (b for b in context.scale.bands if band_key(b) == where.band),
                None,
            )
            if band is not None:
                active.append(context.band_label(band.min_value))
        if where.handling:
            active.append(handling_label(where.handling))
        if where.owner is not None:
            active.append(where.owner or _("(no owner)"))
        if active:
            parts.append(_("filtered: {filters} (c clears)").format(filters=", ".join(active)))
        # One line, always (app.tcss): no layout to redo for a new count.
        self.query_one("#status", Static).update(Text(" · ".join(parts)), layout=False)

    def _show_legend(self, context: BoardYear) -> None:
        self.query_one(BandLegend).show(context)

    def _show_cell_info(self, cell: tuple[int, int] | None) -> None:
        context = self.riskctl.context
        info = self.query_one("#cell-info", Static)
        if context is None or cell is None:
            info.update(Text(_("Choose a cell to filter the table."), style="italic"))
            return
        p, s = cell
        n = self.query_one(HeatMap).counts.get(cell, 0)
        value = risk_value(p, s)
        info.update(
            Text.assemble(
                (
                    f"{context.level_label('probability', p)} × "
                    f"{context.level_label('significance', s)}",
                    "bold",
                ),
                "\n"
                + _("risk value {value} ({band}): {count}").format(
                    value=value, band=context.band_label(value), count=count_risks(n)
                ),
            )
        )

    # --- events --------------------------------------------------------------------------

    @on(RiskTable.Counted)
    def _counted(self, event: RiskTable.Counted) -> None:
        self.total = event.total
        self._show_status()
        self.refresh_keys(self._risk_keys())

    @on(RiskTable.Opened)
    def _opened(self, event: RiskTable.Opened) -> None:
        self._open(event.risk)

    @on(RiskTable.SortRequested)
    def _sort_requested(self, event: RiskTable.SortRequested) -> None:
        key = "value" if event.key == "band" else event.key
        if key == self.sort:
            self.descending = not self.descending
        else:
            self.sort = key
            self.descending = key in ("value", "band")
        self._requery()

    @on(HeatMap.CellChosen)
    def _cell_chosen(self, event: HeatMap.CellChosen) -> None:
        p, s = event.cell if event.cell is not None else (None, None)
        self.where = replace(self.where, probability=p, significance=s)
        self._show_cell_info(event.cell)
        self._requery()

    @on(HeatMap.CursorMoved)
    def _cursor_moved(self, event: HeatMap.CursorMoved) -> None:
        if event.heat_map.has_focus:
            self._show_cell_info(event.cell)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        # Wait for a pause in the typing before asking the store.
        self._search_timer = self.set_timer(0.25, self._apply_search)

    def _apply_search(self) -> None:
        text = self.query_one("#search", Input).value.strip()
        if text != self.where.search:
            self.where = replace(self.where, search=text)
            self._requery()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self._apply_search()
        self.query_one(RiskTable).focus()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        value = None if event.value is Select.NULL else str(event.value)
        if event.select.id == "band":
            where = replace(self.where, band=value)
        elif event.select.id == "handling":
            where = replace(self.where, handling=value)
        elif event.select.id == "owner":
            where = replace(self.where, owner="" if value == NO_OWNER else value)
        else:
            return
        if where != self.where:
            self.where = where
            self._requery()

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_risk", "remove_risk", "open_risk"):
            return self._risk_keys() or None
        return True

    def _risk_keys(self) -> bool:
        """Whether the keys that act on the risk under the cursor are offered: whenever the
        table may have risks. Not whether that risk has been read yet: the footer would be
        redrawn twice on every jump and every filter (the actions wait for the row)."""
        return self.query_one(RiskTable).total != 0

    @on(RiskTable.Highlighted)
    def _highlighted(self, event: RiskTable.Highlighted) -> None:
        self.refresh_keys(self._risk_keys())

    def action_new_risk(self) -> None:
        from riskctl.tui.dialogs.risk_form import RiskForm

        context = self.riskctl.context
        if context is not None:
            self.app.push_screen(RiskForm(context, None), self._saved)

    def action_edit_risk(self) -> None:
        from riskctl.tui.dialogs.risk_form import RiskForm

        context = self.riskctl.context
        risk = self.query_one(RiskTable).highlighted
        if context is not None and risk is not None:
            self.app.push_screen(RiskForm(context, risk), self._saved)

    def _saved(self, risk: AssessmentView | None) -> None:
        if risk is None:
            return
        self.refresh_after_change()
        context = self.riskctl.context
        if context is not None and context.year not in context.years:
            self.riskctl.refresh_context()

    def action_open_risk(self) -> None:
        risk = self.query_one(RiskTable).highlighted
        if risk is not None:
            self._open(risk)

    def _open(self, risk: AssessmentView) -> None:
        from riskctl.tui.screens.risk_detail import RiskDetail

        context = self.riskctl.context
        if context is not None:
            self.app.push_screen(RiskDetail(context, risk.id), self._saved)

    def action_remove_risk(self) -> None:
        from riskctl.tui.dialogs.confirm_dialog import ConfirmDialog

        context = self.riskctl.context
        risk = self.query_one(RiskTable).highlighted
        if context is None or risk is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            run_db(
                self,
                lambda session: remove_risk(session=session, risk_id=risk.id, year=context.year),
                self._removed,
                write=True,
            )

        question = _("Remove risk {id} ({title}) from the {year} analysis?").format(
            id=risk.id, title=risk.title, year=context.year
        )
        self.app.push_screen(ConfirmDialog(_("Remove risk"), question, _("Remove")), confirmed)

    def _removed(self, gone: AssessmentView) -> None:
        self.notify(_("Removed risk {id} ({title}).").format(id=gone.id, title=gone.title))
        self.refresh_after_change()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_map(self) -> None:
        self.query_one(HeatMap).focus()

    def action_focus_table(self) -> None:
        self.query_one(RiskTable).focus()

    def action_leave_filter(self) -> None:
        """`escape` in a filter field goes back to the table (the heat map has its own)."""
        self.query_one(RiskTable).focus()

    def action_sort_next(self) -> None:
        index = SORT_CYCLE.index(self.sort) if self.sort in SORT_CYCLE else -1
        self.sort_by(SORT_CYCLE[(index + 1) % len(SORT_CYCLE)])

    def sort_by(self, key: str, descending: bool | None = None) -> None:
        self.sort = key
        self.descending = key in ("value", "band") if descending is None else descending
        self._requery()

    def action_sort_reverse(self) -> None:
        self.descending = not self.descending
        self._requery()

    def action_clear_filters(self) -> None:
        self.where = AssessmentFilter()
        self.query_one(HeatMap).chosen = None
        context = self.riskctl.context
        if context is not None:
            self._fill_static_filters(context)
            with self.prevent(Select.Changed):
                self.query_one("#owner", Select).value = Select.NULL
            self._show_cell_info(None)
        self._requery()

    def extra_commands(self) -> Iterable[SystemCommand]:
        for key in SORT_KEYS:
            if key == "band":
                continue
            yield SystemCommand(
                _("Sort by {column}").format(column=sort_label(key)),
                _("Order the table by this column"),
                partial(self.sort_by, key),
            )
        for handling in ("control", "action", "accept"):
            yield SystemCommand(
                _("Show handling: {handling}").format(handling=handling_label(handling)),
                _("Only the risks with this handling"),
                partial(self._filter_handling, handling),
            )

    def _filter_handling(self, handling: str) -> None:
        self.query_one("#handling", Select).value = handling
