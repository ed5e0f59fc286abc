"""The riskctl terminal UI: the yearly cycle of one board in three workspaces.

`Analysis` (the risks of the year, the heat map), `Plan` (the internal control plan) and
`Follow-up` (the controls of an adopted plan) are Textual modes, one screen each, switched
with 1, 2 and 3. All of them show the app's board-year (`RiskctlApp.context`); switching the
board or the year reloads whichever screen is showing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import Engine
from sqlmodel import Session
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen

from riskctl.errors import RiskctlError, StoreError
from riskctl.i18n import N_, _, set_language
from riskctl.tui import memory
from riskctl.tui.context import BoardYear, boards, load_context
from riskctl.tui.jobs import run_db


class RiskctlApp(App[None]):
    """The terminal UI on one store; every read and write goes through `riskctl.services`."""

    CSS_PATH = "app.tcss"
    TITLE = "riskctl"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", N_("Quit"), priority=True),
        Binding("f1,question_mark", "help", N_("Help")),
        Binding("b", "pick_board", N_("Board"), show=False),
        Binding("y", "pick_year", N_("Year"), show=False),
        Binding("1", "switch_mode('analysis')", N_("Analysis"), show=False),
        Binding("2", "switch_mode('plan')", N_("Plan"), show=False),
        Binding("3", "switch_mode('followup')", N_("Follow-up"), show=False),
    ]
    """`ctrl+q` quits, `?`/`f1` helps; `b` and `y` switch board and year; 1–3 the workspace."""

    context: reactive[BoardYear | None] = reactive(None, always_update=True)
    """The board and year that the screens show."""

    def __init__(
        self,
        engine: Engine,
        *,
        org: str | None = None,
        year: int | None = None,
        lang: str | None = None,
        store_label: str = "",
        memory_path: Path | None = None,
        today: date | None = None,
        interim_due: str = "08-31",
        annual_due: str = "02-end",
        user: str | None = None,
    ) -> None:
        if lang is not None:
            set_language(lang)
        super().__init__()
        self.engine = engine
        self.requested_org = org
        self.requested_year = year
        self.store_label = store_label or engine.url.render_as_string(hide_password=True)
        self.memory_path = memory_path
        self.fixed_today = today
        self.interim_due = interim_due
        self.annual_due = annual_due
        self.user = user
        """Who the audit trail names for the changes made here (None: RISKCTL_USER, OS)."""
        self.unexpected: list[BaseException] = []
        self._freeze_garbage = False

    def run(self, **kwargs: Any) -> Any:
        """Run the app; in a terminal (not headless, as tests run it), what exists once the
        first screen is up (modules, styles, widgets) lives as long as the app: it is frozen
        out of the garbage collector, whose full passes over all of it would otherwise stall
        a keystroke now and then by 50 ms or more."""
        if not kwargs.get("headless"):
            gc.freeze()
            self._freeze_garbage = True
        return super().run(**kwargs)

    # --- start-up and the board-year -----------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        from riskctl.tui.screens.start import StartScreen

        return StartScreen()

    def on_mount(self) -> None:
        from riskctl.tui.screens.analysis import AnalysisScreen
        from riskctl.tui.screens.followup import FollowUpScreen
        from riskctl.tui.screens.plan import PlanScreen

        self.add_mode("analysis", AnalysisScreen)
        self.add_mode("plan", PlanScreen)
        self.add_mode("followup", FollowUpScreen)
        self.start()

    def start(self) -> None:
        """Open the board and year asked for, else the last used, else the first board."""
        last = memory.recall(self.store_label, self.memory_path)
        requested_org, requested_year = self.requested_org, self.requested_year

        def choose(session: Session) -> BoardYear | None:
            known = boards(session)
            if not known:
                return None
            if requested_org is not None:
                return load_context(session, requested_org, requested_year)
            refs = {b.ref for b in known}
            if last.org in refs and last.org is not None:
                return load_context(session, last.org, requested_year or last.year)
            return load_context(session, known[0].ref, requested_year)

        run_db(self, choose, self._started, failed=self._start_failed)

    def _started(self, context: BoardYear | None) -> None:
        if context is None:
            from riskctl.tui.screens.start import WelcomeScreen

            self.push_screen(WelcomeScreen())
            return
        self.set_context(context)
        self.switch_mode("analysis")
        if self._freeze_garbage:
            self.call_after_refresh(gc.freeze)

    def _start_failed(self, error: RiskctlError) -> None:
        from riskctl.tui.screens.start import StartScreen

        if isinstance(self.screen, StartScreen):
            self.screen.failed(error.message)
        self.show_error(error)

    def set_context(self, context: BoardYear) -> None:
        """Show another board-year everywhere, and remember it for next time."""
        self.context = context
        self.sub_title = f"{context.board.title} · {context.year}"
        memory.remember(self.store_label, context.board.ref, context.year, self.memory_path)

    def open_board_year(self, org: str, year: int | None = None) -> None:
        """Read a board's scales and years in a worker, then show it."""
        run_db(
            self,
            lambda session: load_context(session, org, year),
            self.set_context,
            group="context",
            exclusive=True,
        )

    def refresh_context(self) -> None:
        """Read the board-year again: a new year may have appeared (rollover, a new risk)."""
        if self.context is not None:
            self.open_board_year(self.context.org, self.context.year)

    def today(self) -> date:
        return self.fixed_today or date.today()

    # --- errors --------------------------------------------------------------------------

    def show_error(self, error: RiskctlError) -> None:
        """A service refused: say why, in one line, as the CLI would.

        A store that cannot be reached or written gets a dialog, not a passing toast: the
        user must know that their work is not being saved.
        """
        if isinstance(error, StoreError):
            from riskctl.tui.dialogs.store_error_dialog import StoreErrorDialog

            # Several workers may fail at once on a lost store: one dialog is enough.
            if not isinstance(self.screen, StoreErrorDialog):
                self.push_screen(StoreErrorDialog(error.message))
            return
        self.notify(
            " ".join(error.message.split()), title=_("Not done"), severity="error", timeout=8
        )

    def show_bug(self, error: BaseException) -> None:
        self.unexpected.append(error)
        self.log.error(repr(error))
        self.notify(
            _(
                "Unexpected error ({name}); nothing was changed. Set RISKCTL_DEBUG=1 to see "
                "the details."
            ).format(name=type(error).__name__),
            title=_("Not done"),
            severity="error",
            timeout=10,
        )

    # --- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Switching board, year or workspace: not from a dialog, and not before there is a
        # board to show.
        if action not in ("pick_board", "pick_year", "switch_mode", "rollover"):
            return True
        return not isinstance(self.screen, ModalScreen) and self.context is not None

    def action_help(self) -> None:
        from riskctl.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_pick_board(self) -> None:
        from riskctl.tui.dialogs.pick_dialog import PickDialog

        current = self.context

        def offer(session: Session) -> tuple[list[tuple[str, str]], dict[str, tuple[int, ...]]]:
            from riskctl.services.risks import analysis_years

            found = boards(session)
            years = {b.ref: tuple(analysis_years(session=session, org=b.ref)) for b in found}
            return [(b.ref, b.title) for b in found], years

        def ask(found: tuple[list[tuple[str, str]], dict[str, tuple[int, ...]]]) -> None:
            options, years = found

            def chosen(ref: str | None) -> None:
                if ref is None or (current is not None and ref == current.board.ref):
                    return
                keep = current.year if current is not None else None
                self.open_board_year(ref, keep if keep in years.get(ref, ()) else None)

            selected = current.board.ref if current is not None else None
            self.push_screen(PickDialog(_("Board"), options, selected), chosen)

        run_db(self, offer, ask)

    def action_pick_year(self) -> None:
        from riskctl.tui.dialogs.year_dialog import YearDialog

        context = self.context
        if context is None:
            return
        years = sorted({*context.years, context.year, self.today().year})

        def chosen(year: int | None) -> None:
            if year is not None and year != context.year:
                self.open_board_year(context.org, year)

        self.push_screen(YearDialog(years, context.year), chosen)

    def action_rollover(self) -> None:
        from riskctl.tui.dialogs.rollover_dialog import RolloverDialog

        if self.context is not None:
            self.push_screen(RolloverDialog(self.context), self._rolled_over)

    def _rolled_over(self, to_year: int | None) -> None:
        if to_year is not None and self.context is not None:
            self.open_board_year(self.context.org, to_year)

    def action_add_board(self) -> None:
        from riskctl.tui.dialogs.board_dialog import BoardDialog

        def added(ref: str | None) -> None:
            if ref is not None:
                self._enter(ref)

        self.push_screen(BoardDialog(), added)

    def action_load_examples(self) -> None:
        from riskctl.services.examples import load_examples

        def loaded(result: Any) -> None:
            if result.boards:
                self.notify(
                    _("Loaded the examples: {boards}").format(boards=", ".join(result.boards))
                )
                self._enter(result.boards[0])
            else:
                self.notify(_("The examples are in the store already."))

        run_db(self, lambda session: load_examples(session=session), loaded, write=True)

    def _enter(self, ref: str) -> None:
        """Leave the welcome screen (if showing) for the analysis of a board."""
        from riskctl.tui.screens.start import WelcomeScreen

        def opened(context: BoardYear) -> None:
            self.set_context(context)
            while isinstance(self.screen, WelcomeScreen):
                self.pop_screen()
            if self.current_mode != "analysis":
                self.switch_mode("analysis")

        run_db(self, lambda session: load_context(session, ref, None), opened)

    # --- the command palette -------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from riskctl.tui.screens.base import BoardScreen

        if isinstance(screen, BoardScreen):
            yield from screen.palette_commands()
        if self.context is not None and not isinstance(screen, ModalScreen):
            yield SystemCommand(
                _("Board…"), _("Switch to another board (b)"), self.action_pick_board
            )
            yield SystemCommand(_("Year…"), _("Switch to another year (y)"), self.action_pick_year)
            for mode, title, key in (
                ("analysis", _("Analysis"), "1"),
                ("plan", _("Plan"), "2"),
                ("followup", _("Follow-up"), "3"),
            ):
                yield SystemCommand(
                    _("Go to {workspace}").format(workspace=title),
                    _("Open the {workspace} workspace ({key})").format(workspace=title, key=key),
                    partial(self.switch_mode, mode),
                )
            yield SystemCommand(
                _("Roll over to a new year…"),
                _("Start next year's analysis as a copy of this year's"),
                self.action_rollover,
            )
        yield SystemCommand(
            _("Add board…"), _("Create a board with the default 4×4 scales"), self.action_add_board
        )
        yield SystemCommand(
            _("Load the examples"),
            _("Kommunstyrelsen, Alingsås kommun: analyses 2023–2025, plans 2023–2024"),
            self.action_load_examples,
        )
        yield SystemCommand(
            _("Help"), _("Keys and what this screen does (? or f1)"), self.action_help
        )
        yield SystemCommand(_("Theme"), _("Change the colours"), self.action_change_theme)
        yield SystemCommand(_("Quit"), _("Leave riskctl (ctrl+q)"), self.action_quit)
