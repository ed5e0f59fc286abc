"""The plan's dialogs: edit a control, add a risk by hand, adopt, reopen."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from riskctl.errors import RiskctlError, StoreError
from riskctl.i18n import _
from riskctl.services.plans.adoption import adopt_plan, reopen_plan
from riskctl.services.plans.items import add_item, set_item
from riskctl.services.plans.views import ItemView, PlanView
from riskctl.services.risk_browse import AssessmentFilter, page_assessments
from riskctl.services.risks import AssessmentView
from riskctl.tui.context import BoardYear
from riskctl.tui.jobs import run_db
from riskctl.tui.text import N_, field_error


class _Form(ModalScreen[Any]):
    """A dialog that writes through one service call and shows its refusal inline."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save")),
        Binding("escape", "cancel", N_("Cancel"), tooltip=N_("Leave without writing anything")),
    ]
    """`ctrl+s` (or the button) writes; `escape` leaves and writes nothing."""

    FIELDS: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self.saving = False

    def error(self, error: RiskctlError | None) -> None:
        for name in self.FIELDS:
            self.query_one(f"#error-{name}", Static).remove_class("shown")
        field = getattr(error, "field", None) if error else None
        beside = field in self.FIELDS
        label = self.query_one(f"#error-{field}" if beside else "#error-form", Static)
        label.update(Text(field_error(error, beside)) if error else "")
        label.set_class(error is not None, "shown")
        if error is None:
            self.query_one("#error-form", Static).remove_class("shown")

    def write(self, work: Any) -> None:
        if self.saving:
            return
        self.saving = True
        self.error(None)
        run_db(self, work, self._done, write=True, failed=self._refused)

    def _done(self, result: Any) -> None:
        self.saving = False
        self.dismiss(result)

    def _refused(self, error: RiskctlError) -> None:
        self.saving = False
        self.error(error)
        if isinstance(error, StoreError):
            # The store cannot be reached or written: a dialog too, not only a line here.
            self.app.show_error(error)  # type: ignore[attr-defined]

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def buttons(self, save: str) -> ComposeResult:
        yield Static("", id="error-form", classes="field-error")
        with Horizontal(classes="buttons"):
            yield Button(save, id="save", variant="primary", compact=True)
            yield Button(_("Cancel"), id="cancel", compact=True)
            yield Static(_("ctrl+s saves · escape leaves without saving"), classes="dialog-hint")


def _row(label: str, widget: Any, name: str) -> ComposeResult:
    with Horizontal(classes=f"form-row row-{name}"):
        yield Label(label, classes="form-label")
        yield widget
    yield Static("", id=f"error-{name}", classes="field-error")


class ItemForm(_Form):
    """Edit a draft control's method and owner; `plan generate` keeps what is set here."""

    FIELDS = ("method", "owner")

    def __init__(self, item: ItemView) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(
                Text(_("Control: {title}").format(title=self.item.title)), classes="dialog-title"
            )
            yield from _row(
                _("Method"),
                TextArea(self.item.method, id="method", compact=True, soft_wrap=True),
                "method",
            )
            yield from _row(
                _("Owner"),
                Input(
                    self.item.owner or "",
                    id="owner",
                    compact=True,
                    placeholder=_("a role, e.g. Ekonomichef"),
                ),
                "owner",
            )
            yield from self.buttons(_("Save"))

    def on_mount(self) -> None:
        self.query_one("#method", TextArea).focus()

    def action_save(self) -> None:
        item = self.item
        method = self.query_one("#method", TextArea).text
        owner = self.query_one("#owner", Input).value
        changes: dict[str, Any] = {}
        if method != item.method:
            changes["method"] = method
        if owner.strip() != (item.owner or ""):
            changes["owner"] = owner
        if not changes:
            self.dismiss(None)
            return
        self.write(
            lambda session: set_item(
                session=session, item_id=item.id, if_version=item.version, **changes
            )
        )


class AddItemDialog(_Form):
    """Put a risk of the year's analysis in the draft by hand: search, then choose."""

    FIELDS = ()
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]
    """Type to search the year's risks; `enter` on one adds it; `escape` leaves."""

    def __init__(self, context: BoardYear, present: set[int]) -> None:
        super().__init__()
        self.context = context
        self.present = present
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(_("Add a risk to the plan"), classes="dialog-title")
            yield Input(placeholder=_("Search the year's risks…"), id="find", compact=True)
            yield OptionList(id="candidates")
            yield Static("", id="error-form", classes="field-error")
            yield Static(_("enter adds the risk · escape leaves"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#find", Input).focus()
        self.search()

    @on(Input.Changed, "#find")
    def _typed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.2, self.search)

    @on(Input.Submitted, "#find")
    def _submitted(self) -> None:
        self.query_one(OptionList).focus()

    def search(self) -> None:
        context, text = self.context, self.query_one("#find", Input).value

        def read(session: Session) -> list[AssessmentView]:
            return page_assessments(
                session=session,
                org=context.org,
                year=context.year,
                where=AssessmentFilter(search=text),
                limit=60,
            )

        run_db(self, read, self._found, group="find", exclusive=True)

    def _found(self, risks: list[AssessmentView]) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        for risk in risks:
            if risk.id in self.present:
                continue
            options.add_option(
                Option(
                    Text.assemble(
                        (
                            f" {risk.value:>2} ",
                            Style(
                                bgcolor=self.context.band_color(risk.value),
                                color="black",
                                bold=True,
                            ),
                        ),
                        f" {risk.title}",
                    ),
                    id=str(risk.id),
                )
            )
        if options.option_count:
            options.highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        risk_id, year = int(event.option.id), self.context.year
        self.write(lambda session: add_item(session=session, risk_id=risk_id, year=year))

    def action_save(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            options.action_select()


class AdoptDialog(_Form):
    """Record the board's decision (date and case number) and lock the plan."""

    FIELDS = ("date", "ref")

    def __init__(self, context: BoardYear, plan: PlanView, today: date) -> None:
        super().__init__()
        self.context = context
        self.plan = plan
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form confirm-wide"):
            yield Static(
                _("Adopt the {year} plan of {board}").format(
                    year=self.context.year, board=self.context.board.name
                ),
                classes="dialog-title",
            )
            yield Static(
                _(
                    "{n} controls. Once adopted, the plan is locked and fingerprinted; "
                    "changing it takes a reopening with a reason."
                ).format(n=len(self.plan.items)),
                classes="question",
            )
            yield from _row(
                _("Decision date"),
                Input(self.today.isoformat(), id="date", compact=True, placeholder="YYYY-MM-DD"),
                "date",
            )
            yield from _row(
                _("Case number"),
                Input("", id="ref", compact=True, placeholder=_("e.g. KS2024/0123")),
                "ref",
            )
            yield from self.buttons(_("Adopt"))

    def on_mount(self) -> None:
        self.query_one("#date", Input).focus()

    def action_save(self) -> None:
        context = self.context
        day = self.query_one("#date", Input).value
        ref = self.query_one("#ref", Input).value
        if not day.strip():
            # The CLI insists on a date too (`plan adopt --date` is required).
            self.query_one("#error-date", Static).update(_("give the board's decision date"))
            self.query_one("#error-date", Static).add_class("shown")
            return
        self.write(
            lambda session: adopt_plan(
                session=session, org=context.org, year=context.year, decided_on=day, ref=ref
            )
        )

    def _done(self, result: Any) -> None:
        assert isinstance(result, PlanView)
        self.notify(
            _("Adopted the {year} plan ({n} controls); fingerprint {fp}.").format(
                year=result.year, n=len(result.items), fp=(result.fingerprint or "")[:12]
            )
        )
        super()._done(result)


class ReopenDialog(_Form):
    """Allow changes to an adopted plan again; the reason is kept in its history."""

    FIELDS = ("reason",)

    def __init__(self, context: BoardYear) -> None:
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(
                _("Reopen the {year} plan").format(year=self.context.year), classes="dialog-title"
            )
            yield Static(
                _(
                    "Why must the adopted plan change? (e.g. the board's decision "
                    "KS 2025-03-10 § 45)"
                ),
                classes="question",
            )
            yield from _row(
                _("Reason"), TextArea("", id="reason", compact=True, soft_wrap=True), "reason"
            )
            yield from self.buttons(_("Reopen"))

    def on_mount(self) -> None:
        self.query_one("#reason", TextArea).focus()

    def action_save(self) -> None:
        context = self.context
        reason = self.query_one("#reason", TextArea).text
        self.write(
            lambda session: reopen_plan(
                session=session, org=context.org, year=context.year, reason=reason
            )
        )

    def _done(self, result: Any) -> None:
        self.notify(
            _("Reopened the {year} plan; adopt it again when done.").format(year=self.context.year)
        )
        super()._done(result)
