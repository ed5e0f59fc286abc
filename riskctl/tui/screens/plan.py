"""The Plan workspace: the year's internal control plan, from draft to adoption."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from riskctl.errors import NotFound
from riskctl.i18n import N_, _
from riskctl.models import PlanEvent
from riskctl.services.plans.adoption import show_plan
from riskctl.services.plans.diff import DiffLine, diff_plan
from riskctl.services.plans.generate import GenerateResult, generate_plan
from riskctl.services.plans.items import remove_item
from riskctl.services.plans.seal import summary
from riskctl.services.plans.views import ItemView, PlanView, plan_events
from riskctl.tui.context import BoardYear
from riskctl.tui.jobs import run_db
from riskctl.tui.screens.base import BoardScreen


@dataclass
class PlanState:
    """What the screen read: the plan (None if the year has none), its events and its diff.

    An adopted plan is the one the board decided (its snapshot, as the reports show it), not
    the register's wording of today; the diff tells what has changed since."""

    plan: PlanView | None
    events: list[PlanEvent] = field(default_factory=list)
    diff: list[DiffLine] | None = None


def read_plan(session: Session, org: str, year: int) -> PlanState:
    try:
        plan = show_plan(session=session, org=org, year=year)
    except NotFound:
        return PlanState(None)
    events = plan_events(session=session, org=org, year=year)
    diff = None
    if any(e.kind == "adopt" for e in events):
        diff = diff_plan(session=session, org=org, year=year)
    return PlanState(plan, events, diff)


def seal_warning(header: Text, plan: PlanView) -> None:
    """The red SEAL BROKEN line under a header, for a plan changed past riskctl: what the
    store holds is not vouched for as what the board adopted."""
    if not plan.seal_broken:
        return
    header.append("\n")
    header.append(
        " " + _("SEAL BROKEN") + " ", style=Style(bold=True, color="white", bgcolor="#c62828")
    )
    header.append("  ")
    header.append(
        _("the plan in the store differs from the one adopted: {problems}").format(
            problems=summary(plan.seal_problems or [])
        ),
        style="bold #ef5350",
    )


@dataclass(frozen=True)
class ItemWidths:
    """The widths of the plan table's columns; `wide` when Method and Owner fit beside."""

    wide: bool
    title: int
    method: int
    owner: int


def item_widths(table_width: int, owners: list[str | None]) -> ItemWidths:
    """The columns' widths for a table `table_width` cells wide.

    DataTable does not wrap: the columns get what the table's width allows, and the full
    texts are left to the Control tab beside it.
    """
    wide = table_width >= 70
    width = max(30, table_width - 2 - (8 if wide else 4))  # the cells' padding
    owner_width = min(22, max([len(_("Owner"))] + [len(owner or "–") for owner in owners]))
    rest = width - 5 - (owner_width if wide else 0)
    title_width = rest * 2 // 5 if wide else rest
    return ItemWidths(wide, title_width, rest - title_width, owner_width)


class PlanScreen(BoardScreen):
    """The plan's controls (risk, value, method, owner) in a table, its status above it, and
    tabs beside: the chosen control, the last generation's warnings, the diff, the history.

    The user generates the draft, edits, adds and removes its controls, adopts the plan and
    reopens it.
    """

    MODE = "plan"
    GUIDE = N_(
        "Plan: the internal control plan of the year. g generates the draft from the year's "
        "analysis: every risk whose handling is internal control, highest risk value first; "
        "generating again keeps what you edited by hand. e edits the method and owner of a "
        "control, n adds a risk of the analysis by hand, delete takes a control out. a adopts "
        "the plan with the board's decision date and case number: an adopted plan is locked "
        "and fingerprinted. r reopens it with a reason; the Diff tab then shows what differs "
        "from the adopted plan."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "g",
            "generate",
            N_("Generate"),
            tooltip=N_("Build or refresh the draft from the year's analysis"),
        ),
        Binding("e", "edit_item", N_("Edit"), tooltip=N_("Edit the control's method and owner")),
        Binding("n", "add_item", N_("Add"), tooltip=N_("Put a risk of the analysis in the plan")),
        Binding(
            "delete", "remove_item", N_("Remove"), tooltip=N_("Take the control out of the draft")
        ),
        Binding(
            "a", "adopt", N_("Adopt"), tooltip=N_("Record the board's decision and lock the plan")
        ),
        Binding("r", "reopen", N_("Reopen"), tooltip=N_("Allow changes to the adopted plan")),
        Binding(
            "d",
            "show_tab('diff')",
            N_("Diff"),
            show=False,
            tooltip=N_("What differs from the adopted plan"),
        ),
        Binding(
            "w",
            "show_tab('warnings')",
            N_("Warnings"),
            show=False,
            tooltip=N_("What the last generation warned about"),
        ),
        Binding(
            "h",
            "show_tab('history')",
            N_("History"),
            show=False,
            tooltip=N_("Adoptions and reopenings"),
        ),
    ]
    """`g` generates the draft; `e`, `n`, `delete` edit, add, remove a control; `a` adopts and
    `r` reopens the plan; `d`, `w`, `h` show the Diff, Warnings and History tabs."""

    def __init__(self) -> None:
        super().__init__()
        self.state: PlanState | None = None
        self.warnings: list[str] = []
        self.warned_for: tuple[str, int] | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="plan-header")
        with Horizontal(id="plan-body"):
            table: DataTable[Any] = DataTable(
                id="plan-items", cursor_type="row", zebra_stripes=True
            )
            yield table
            with TabbedContent(id="plan-side"):
                with TabPane(_("Control"), id="detail"), VerticalScroll():
                    yield Static("", id="item-detail")
                with TabPane(_("Warnings"), id="warnings"), VerticalScroll():
                    yield Static("", id="warning-list")
                with TabPane(_("Diff"), id="diff"), VerticalScroll():
                    yield Static("", id="diff-list")
                with TabPane(_("History"), id="history"), VerticalScroll():
                    yield Static("", id="event-list")
        yield Static("", id="status")

    def on_mount(self) -> None:
        self.query_one("#plan-items", DataTable).focus()

    # --- loading -------------------------------------------------------------------------

    def load(self, context: BoardYear) -> None:
        if self.warned_for != (context.org, context.year):
            self.warnings = []
        run_db(
            self,
            lambda session: read_plan(session, context.org, context.year),
            self._loaded,
            group="plan",
            exclusive=True,
        )

    def _loaded(self, state: PlanState) -> None:
        self.state = state
        context = self.riskctl.context
        if context is None:
            return
        plan = state.plan
        self.set_class(plan is not None and plan.status == "adopted", "-locked")
        self._show_header(context, plan)
        self._show_items(context, plan)
        self._show_item(self.highlighted_item())
        self._show_warnings()
        self._show_diff(state)
        self._show_events(state)
        self._show_status(plan)
        self._refresh_keys()

    def _show_items(self, context: BoardYear, plan: PlanView | None) -> None:
        """Fill the table of controls again, the cursor kept on the row it was on."""
        table = self.query_one("#plan-items", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        items = plan.items if plan else []
        widths = item_widths(table.size.width, [i.owner for i in items])
        table.add_column(_("Value"), key="value")
        table.add_column(_("Risk"), key="title")
        if widths.wide:
            table.add_column(_("Method"), key="method")
            table.add_column(_("Owner"), key="owner")
        for item in items:
            cells: list[Any] = [
                Text(
                    f" {item.value} ",
                    Style(bgcolor=context.band_color(item.value), color="black", bold=True),
                    justify="center",
                ),
                Text(_clip(item.title, widths.title)),
            ]
            if widths.wide:
                cells.append(Text(_clip(item.method, widths.method)))
                cells.append(Text(_clip(item.owner or "–", widths.owner)))
            table.add_row(*cells, key=str(item.id))
        if items:
            table.move_cursor(row=min(row, len(items) - 1))

    def on_resize(self) -> None:
        # The columns are cut to the table's width: cut them again once it has changed.
        if self.state is not None:
            self.call_after_refresh(self._loaded, self.state)

    def _show_header(self, context: BoardYear, plan: PlanView | None) -> None:
        header = Text()
        header.append(_("Internal control plan {year}").format(year=context.year), style="bold")
        header.append(f" · {context.board.name}")
        if plan is None:
            header.append("\n")
            header.append(
                _("No plan for {year} yet: g generates the draft from the analysis.").format(
                    year=context.year
                ),
                style="italic",
            )
        elif plan.status == "adopted":
            header.append("\n")
            when = plan.adopted_on.isoformat() if plan.adopted_on else _("date not recorded")
            header.append(
                " " + _("ADOPTED {date}").format(date=when) + " ",
                style=Style(bold=True, color="black", bgcolor="#ffb300"),
            )
            if plan.ref:
                header.append("  " + _("case {ref}").format(ref=plan.ref))
            header.append("  ")
            header.append(_("locked: r reopens it"), style="bold #ffb300")
            if plan.fingerprint and not plan.seal_broken:
                header.append(
                    "  " + _("fingerprint {fp}").format(fp=plan.fingerprint[:8]), style="dim"
                )
        else:
            header.append("\n")
            header.append(
                " " + _("DRAFT") + " ", style=Style(bold=True, color="black", bgcolor="#90caf9")
            )
            header.append("  ")
            header.append(
                _("a adopts it with the board's decision date and case number"), style="dim"
            )
        if plan is not None:
            seal_warning(header, plan)
        self.query_one("#plan-header", Static).update(header)

    def _show_status(self, plan: PlanView | None) -> None:
        from riskctl.i18n import ngettext

        if plan is None:
            text = _("no plan")
        else:
            n = len(plan.items)
            text = ngettext("%(n)s control", "%(n)s controls", n) % {"n": n}
            if self.warnings:
                text += " · " + ngettext(
                    "%(n)s warning (w)", "%(n)s warnings (w)", len(self.warnings)
                ) % {"n": len(self.warnings)}
            if self.state and self.state.diff:
                text += " · " + ngettext(
                    "%(n)s change since adoption (d)",
                    "%(n)s changes since adoption (d)",
                    len(self.state.diff),
                ) % {"n": len(self.state.diff)}
        self.query_one("#status", Static).update(text)

    def highlighted_item(self) -> ItemView | None:
        if self.state is None or self.state.plan is None or not self.state.plan.items:
            return None
        table = self.query_one("#plan-items", DataTable)
        index = table.cursor_row
        items = self.state.plan.items
        return items[index] if 0 <= index < len(items) else None

    def _show_item(self, item: ItemView | None) -> None:
        detail = self.query_one("#item-detail", Static)
        context = self.riskctl.context
        if item is None or context is None:
            detail.update(Text(_("No control chosen."), style="italic"))
            return
        text = Text()
        text.append(f"{item.title}\n", style="bold")
        if item.description:
            text.append(f"{item.description}\n")
        diff = (self.state.diff if self.state else None) or []
        if self.adopted and any(d.change == "changed" and d.risk_id == item.risk_id for d in diff):
            text.append(_("As adopted; changed in the register since (d)") + "\n", style="dim")
        text.append("\n" + _("Risk value:") + " ", style="bold")
        text.append(
            f" {item.value} ",
            Style(bgcolor=context.band_color(item.value), color="black", bold=True),
        )
        if item.probability:
            text.append(
                f" ({item.probability} × {item.significance}, {context.band_label(item.value)})"
            )
        text.append("\n" + _("Owner:") + " ", style="bold")
        text.append(item.owner or "–")
        text.append("\n\n" + _("Method") + "\n", style="bold")
        text.append(item.method or "–")
        detail.update(text)

    def _show_warnings(self) -> None:
        widget = self.query_one("#warning-list", Static)
        if not self.warnings:
            widget.update(Text(_("No warnings from the last generation (g)."), style="italic"))
            return
        text = Text()
        text.append(_("From the last generation (g):") + "\n", style="dim")
        for warning in self.warnings:
            text.append("⚠ ", style="bold #ffb300")
            text.append(warning + "\n")
        widget.update(text)

    def _show_diff(self, state: PlanState) -> None:
        widget = self.query_one("#diff-list", Static)
        if state.diff is None:
            widget.update(
                Text(_("The plan has not been adopted: nothing to compare with."), style="italic")
            )
            return
        if not state.diff:
            widget.update(Text(_("No differences from the adopted plan."), style="italic"))
            return
        text = Text()
        words = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}
        marks = {"added": ("+", "green"), "removed": ("−", "red"), "changed": ("~", "yellow")}
        for line in state.diff:
            mark, color = marks.get(line.change, ("?", ""))
            text.append(f"{mark} ", style=f"bold {color}")
            text.append(f"{line.title}", style="bold")
            text.append(f" ({words.get(line.change, line.change)}")
            text.append(f": {_field_label(line.field)})\n" if line.field else ")\n")
            if line.change == "changed":
                text.append("    " + _("adopted:") + " ", style="dim")
                text.append(f"{line.adopted}\n", style="red")
                text.append("    " + _("now:") + " ", style="dim")
                text.append(f"{line.now}\n", style="green")
        widget.update(text)

    def _show_events(self, state: PlanState) -> None:
        widget = self.query_one("#event-list", Static)
        if not state.events:
            widget.update(Text(_("Neither adopted nor reopened yet."), style="italic"))
            return
        table = Table(box=None, padding=(0, 1), show_header=True, expand=True)
        table.add_column(_("Event"))
        table.add_column(_("When"))
        table.add_column(_("Details"), ratio=1)
        for event in state.events:
            kind = _("adopted") if event.kind == "adopt" else _("reopened")
            when = (
                event.decided_on.isoformat() if event.decided_on else event.at.strftime("%Y-%m-%d")
            )
            details = event.ref or "" if event.kind == "adopt" else event.reason or ""
            table.add_row(kind, when, Text(details))
        widget.update(table)

    @on(DataTable.RowHighlighted, "#plan-items")
    def _row_highlighted(self) -> None:
        self._show_item(self.highlighted_item())
        self._refresh_keys()

    def _refresh_keys(self) -> None:
        plan = self.state.plan if self.state else None
        self.refresh_keys(
            plan is not None,
            self.adopted,
            bool(plan and plan.items),
            self.highlighted_item() is not None,
        )

    @on(DataTable.RowSelected, "#plan-items")
    def _row_selected(self) -> None:
        self.action_edit_item()

    # --- actions -------------------------------------------------------------------------

    @property
    def adopted(self) -> bool:
        return bool(self.state and self.state.plan and self.state.plan.status == "adopted")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that cannot apply to the plan as it stands are hidden (False); keys that need
        a control chosen are shown dimmed until there is one (None)."""
        if action not in ("generate", "edit_item", "add_item", "remove_item", "adopt", "reopen"):
            return True
        if self.state is None:
            return None
        plan = self.state.plan
        if action == "reopen":
            return self.adopted
        if self.adopted:
            return False
        if action in ("generate", "add_item"):
            return True
        if action in ("edit_item", "remove_item"):
            return plan is not None and (True if self.highlighted_item() else None)
        # adopt
        return plan is not None and (True if plan.items else None)

    def _locked(self) -> bool:
        if self.adopted:
            self.notify(_("The plan is adopted and locked; r reopens it."), severity="warning")
            return True
        return False

    def action_generate(self) -> None:
        context = self.riskctl.context
        if context is None or self._locked():
            return
        run_db(
            self,
            lambda session: generate_plan(session=session, org=context.org, year=context.year),
            self._generated,
            write=True,
        )

    def _generated(self, result: GenerateResult) -> None:
        context = self.riskctl.context
        self.warnings = result.warnings
        self.warned_for = (context.org, context.year) if context else None
        self.notify(
            _("Draft generated: {added} added, {updated} updated, {dropped} dropped.").format(
                added=result.added, updated=result.updated, dropped=result.dropped
            )
        )
        if result.warnings:
            self.query_one(TabbedContent).active = "warnings"
        self.reload()

    def action_edit_item(self) -> None:
        from riskctl.tui.dialogs.item_form import ItemForm

        item = self.highlighted_item()
        if item is None or self._locked():
            return
        self.app.push_screen(ItemForm(item), self._changed)

    def action_add_item(self) -> None:
        from riskctl.tui.dialogs.add_item_dialog import AddItemDialog

        context = self.riskctl.context
        if context is None or self._locked():
            return
        present = (
            {i.risk_id for i in self.state.plan.items} if self.state and self.state.plan else set()
        )
        self.app.push_screen(AddItemDialog(context, present), self._changed)

    def action_remove_item(self) -> None:
        from riskctl.tui.dialogs.confirm_dialog import ConfirmDialog

        item = self.highlighted_item()
        if item is None or self._locked():
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                run_db(
                    self,
                    lambda session: remove_item(session=session, item_id=item.id),
                    self._changed,
                    write=True,
                )

        self.app.push_screen(
            ConfirmDialog(
                _("Remove control"),
                _("Take {title} out of the draft? Generating again will not bring it back.").format(
                    title=item.title
                ),
                _("Remove"),
            ),
            confirmed,
        )

    def action_adopt(self) -> None:
        from riskctl.tui.dialogs.adopt_dialog import AdoptDialog

        context = self.riskctl.context
        plan = self.state.plan if self.state else None
        if context is None or plan is None:
            return
        if self._locked():
            return
        self.app.push_screen(AdoptDialog(context, plan, self.riskctl.today()), self._changed)

    def action_reopen(self) -> None:
        from riskctl.tui.dialogs.reopen_dialog import ReopenDialog

        context = self.riskctl.context
        if context is None or not self.adopted:
            return
        self.app.push_screen(ReopenDialog(context), self._changed)

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def _changed(self, result: object) -> None:
        if result is not None and result is not False:
            self.reload()


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _field_label(name: str) -> str:
    """A field of a plan's diff as the screen labels it."""
    return {
        "title": _("Title"),
        "description": _("Description"),
        "value": _("Risk value"),
        "method": _("Method"),
        "owner": _("Owner"),
    }.get(name, name)
