"""Year rollover: preview what will be copied into the new year, then copy it."""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Checkbox, DataTable, Input, Static

from riskctl.errors import RiskctlError
from riskctl.i18n import _, language
from riskctl.services import validate
from riskctl.services.rollover import RolloverResult, rollover
from riskctl.tui.context import BoardYear
from riskctl.tui.dialogs.form import Form, form_row
from riskctl.tui.jobs import run_db
from riskctl.tui.text import number
from riskctl.vocabulary import handling_label


class RolloverDialog(Form):
    """Start a year's analysis as a copy of an earlier one: the user gives the years (and
    whether every board), sees what would be copied, and copies it; returns the new year.

    The preview is the service's dry run; risks already in the new year are left alone, and
    risks whose follow-up found remarks are proposed for internal control.
    """

    FIELDS = ("from", "to")

    def __init__(self, context: BoardYear) -> None:
        super().__init__()
        self.context = context
        self.preview: RolloverResult | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        year = self.context.year
        with Vertical(classes="dialog form rollover"):
            yield Static(_("Roll over to a new year"), classes="dialog-title")
            yield from form_row(
                _("From year"), Input(str(year), id="from", compact=True, type="integer"), "from"
            )
            yield from form_row(
                _("To year"), Input(str(year + 1), id="to", compact=True, type="integer"), "to"
            )
            with Horizontal(classes="form-row"):
                yield Static("", classes="form-label")
                yield Checkbox(
                    _("every board, not only {board}").format(board=self.context.board.ref),
                    id="all-boards",
                    compact=True,
                )
            yield Static("", id="rollover-summary")
            table: DataTable[Any] = DataTable(id="rollover-preview", cursor_type="row")
            yield table
            yield from self.buttons(_("Copy"))

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Board"), key="org")
        table.add_column(_("Risk"), key="title")
        table.add_column(_("Value"), key="value")
        table.add_column(_("Handling"), key="handling")
        self.query_one("#to", Input).focus()
        self.refresh_preview()

    def _years(self) -> tuple[str, str, str | None]:
        every = self.query_one("#all-boards", Checkbox).value
        return (
            self.query_one("#from", Input).value,
            self.query_one("#to", Input).value,
            None if every else self.context.org,
        )

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.3, self.refresh_preview)

    def refresh_preview(self) -> None:
        from_year, to_year, org = self._years()
        lang = language()

        def read(session: Session) -> RolloverResult:
            return rollover(
                session=session,
                from_year=validate.year(from_year, "from"),
                to_year=validate.year(to_year, "to"),
                org=org,
                dry_run=True,
                lang=lang,
            )

        self.preview = None
        run_db(
            self,
            read,
            self._previewed,
            failed=self._preview_refused,
            group="preview",
            exclusive=True,
        )

    def _previewed(self, result: RolloverResult) -> None:
        self.error(None)
        self.preview = result
        proposed = sum(1 for c in result.copied if c.proposed)
        summary = Text()
        summary.append(
            _("Will copy {n} risks from {a} to {b}").format(
                n=number(len(result.copied)), a=result.from_year, b=result.to_year
            ),
            style="bold",
        )
        summary.append(
            "; "
            + _("{n} already in {b} are left alone").format(
                n=number(result.skipped), b=result.to_year
            )
        )
        if proposed:
            summary.append("; ")
            summary.append(
                _(
                    "{n} proposed for internal control (★) because their follow-up found remarks"
                ).format(n=proposed),
                style="#ffb300",
            )
        summary.append(".")
        self.query_one("#rollover-summary", Static).update(summary)
        table = self.query_one(DataTable)
        table.clear()
        for copied in result.copied[:500]:
            value = Text(
                f" {copied.value} ",
                Style(bgcolor=self.context.band_color(copied.value), color="black", bold=True),
            )
            mark = "★ " if copied.proposed else ""
            title = mark + copied.title
            title = title if len(title) <= 48 else title[:47] + "…"
            table.add_row(copied.org, Text(title), value, handling_label(copied.handling))
        if len(result.copied) > 500:
            table.add_row(
                "",
                Text(
                    _("… and {n} more").format(n=number(len(result.copied) - 500)), style="italic"
                ),
                "",
                "",
            )

    def _preview_refused(self, error: RiskctlError) -> None:
        self.preview = None
        self.query_one("#rollover-summary", Static).update("")
        self.query_one(DataTable).clear()
        self.error(error)

    def action_save(self) -> None:
        if self.preview is None:
            return
        if not self.preview.copied:
            self.dismiss(self.preview.to_year)
            return
        from_year, to_year, org = self._years()
        lang = language()

        def work(session: Session) -> RolloverResult:
            return rollover(
                session=session,
                from_year=validate.year(from_year, "from"),
                to_year=validate.year(to_year, "to"),
                org=org,
                lang=lang,
            )

        self.write(work)

    def _done(self, result: Any) -> None:
        assert isinstance(result, RolloverResult)
        self.notify(
            _("Copied {n} risks from {a} to {b}.").format(
                n=number(len(result.copied)), a=result.from_year, b=result.to_year
            )
        )
        self.saving = False
        self.dismiss(result.to_year)
