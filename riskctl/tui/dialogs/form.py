"""The base of the dialogs that write through one service call: `Form`, and `form_row`
for laying out one labelled field with the place for its error."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from riskctl.errors import RiskctlError, StoreError
from riskctl.i18n import N_, _
from riskctl.tui.jobs import run_db
from riskctl.tui.text import field_error

if TYPE_CHECKING:
    from riskctl.tui.app import RiskctlApp


class Form(ModalScreen[Any]):
    """A dialog that writes through one service call: the user fills in its fields and saves;
    a refusal is shown beside the field it names, or under the form."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save")),
        Binding("escape", "cancel", N_("Cancel"), tooltip=N_("Leave without writing anything")),
    ]
    """`ctrl+s` (or the button) writes; `escape` leaves and writes nothing."""

    FIELDS: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self.saving = False

    @property
    def riskctl(self) -> RiskctlApp:
        """The app as riskctl's own; a cast, as importing the app here would be a cycle."""
        return cast("RiskctlApp", self.app)

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
            self.riskctl.show_error(error)

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


def form_row(label: str, widget: Any, name: str) -> ComposeResult:
    with Horizontal(classes=f"form-row row-{name}"):
        yield Label(label, classes="form-label")
        yield widget
    yield Static("", id=f"error-{name}", classes="field-error")
