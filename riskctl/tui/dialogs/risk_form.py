"""The risk form: add a risk to the year's analysis, or edit one.

The scores are chosen from the board's scale ("3 – Möjlig"); the risk value and its band
follow as they change. What the services refuse is shown next to the field it names, and
nothing is written: the write is one transaction that the refusal rolls back.
"""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from riskctl.errors import Conflict, InvalidInput, RiskctlError, StoreError
from riskctl.i18n import _
from riskctl.services import validate
from riskctl.services.risks import (
    AssessmentView,
    add_risk,
    assessment_owners,
    edit_risk,
    get_assessment,
)
from riskctl.tui.context import BoardYear
from riskctl.tui.dialogs.form import Form
from riskctl.tui.jobs import run_db
from riskctl.tui.text import field_error
from riskctl.vocabulary import handling_help, handling_label, risk_value

FIELDS = ("title", "description", "probability", "significance", "handling", "owner", "note")
LIMITS = {
    "title": (validate.TITLE_MAX, True),
    "description": (validate.DESCRIPTION_MAX, False),
    "note": (validate.NOTE_MAX, False),
    "owner": (validate.OWNER_MAX, False),
}


def field_label(name: str) -> str:
    return {
        "title": _("Title"),
        "description": _("Description"),
        "probability": _("Probability"),
        "significance": _("Significance"),
        "handling": _("Handling"),
        "owner": _("Owner"),
        "note": _("Handling note"),
    }[name]


class RiskForm(Form):
    """The fields of a risk of the board-year, its risk value shown as the scores change; the
    user saves it as a new risk (`risk` None) or as the edited one. Returns the saved risk."""

    def __init__(self, context: BoardYear, risk: AssessmentView | None) -> None:
        super().__init__()
        self.context = context
        self.risk = risk

    # --- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        context, risk = self.context, self.risk
        if risk is None:
            heading = _("New risk · {board} · {year}").format(
                board=context.board.title, year=context.year
            )
        else:
            heading = _("Risk {id} · {board} · {year}").format(
                id=risk.id, board=context.board.title, year=context.year
            )
        with Vertical(classes="dialog form", id="risk-form"):
            yield Static(Text(heading), classes="dialog-title")
            with VerticalScroll():
                yield from self._row(
                    "title", Input(risk.title if risk else "", id="title", compact=True)
                )
                yield from self._row(
                    "description",
                    TextArea(
                        risk.description if risk else "",
                        id="description",
                        compact=True,
                        soft_wrap=True,
                        show_line_numbers=False,
                    ),
                )
                yield from self._row("probability", self._scale_select("probability"))
                yield from self._row("significance", self._scale_select("significance"))
                with Horizontal(classes="form-row"):
                    yield Label(_("Risk value"), classes="form-label")
                    yield Static("", id="value")
                yield from self._row(
                    "handling",
                    Select(
                        [(handling_label(k), k) for k in ("control", "action", "accept")],
                        value=risk.handling if risk else "action",
                        allow_blank=False,
                        id="handling",
                        compact=True,
                    ),
                )
                yield Static("", id="handling-help", classes="form-help")
                yield from self._row(
                    "owner",
                    Input(
                        (risk.owner or "") if risk else "",
                        id="owner",
                        compact=True,
                        placeholder=_("a role, e.g. Ekonomichef"),
                    ),
                )
                yield from self._row(
                    "note",
                    TextArea(
                        risk.note if risk else "",
                        id="note",
                        compact=True,
                        soft_wrap=True,
                        show_line_numbers=False,
                    ),
                )
            yield Static("", id="error-form", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), id="save", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)
                yield Static(
                    _("ctrl+s saves · escape leaves without saving"), classes="dialog-hint"
                )

    def _row(self, name: str, widget: Any) -> ComposeResult:
        with Horizontal(classes=f"form-row row-{name}"):
            yield Label(field_label(name), classes="form-label")
            yield widget
        yield Static("", id=f"error-{name}", classes="field-error")

    def _scale_select(self, axis: str) -> Select[int]:
        levels = self.context.scale.levels(axis)
        options = [(self.context.level_label(axis, lv.level), lv.level) for lv in levels]
        current = getattr(self.risk, axis) if self.risk else None
        return Select(
            options,
            value=current if current is not None else Select.NULL,
            prompt=_("choose…"),
            id=axis,
            compact=True,
        )

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        self._show_value()
        self._show_handling_help()
        context = self.context
        run_db(
            self,
            lambda session: assessment_owners(session=session, org=context.org, year=context.year),
            self._owners_read,
            group="owners",
        )

    def _owners_read(self, owners: list[str]) -> None:
        self.query_one("#owner", Input).suggester = SuggestFromList(owners, case_sensitive=False)

    # --- live feedback -------------------------------------------------------------------

    def _scores(self) -> tuple[int | None, int | None]:
        p = self.query_one("#probability", Select).value
        s = self.query_one("#significance", Select).value
        return (p if isinstance(p, int) else None, s if isinstance(s, int) else None)

    def _show_value(self) -> None:
        p, s = self._scores()
        value = self.query_one("#value", Static)
        if p is None or s is None:
            value.update(Text("–", style="dim"))
            return
        n = risk_value(p, s)
        value.update(
            Text.assemble(
                (f" {n} ", Style(bgcolor=self.context.band_color(n), color="black", bold=True)),
                f"  {self.context.band_label(n)}",
                (f"  ({p} × {s})", "dim"),
            )
        )

    def _show_handling_help(self) -> None:
        handling = self.query_one("#handling", Select).value
        self.query_one("#handling-help", Static).update(
            Text(handling_help(str(handling)), style="italic")
        )

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        if event.select.id in ("probability", "significance"):
            self._error(event.select.id, None)
            self._show_value()
        elif event.select.id == "handling":
            self._show_handling_help()

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _text_changed(self, event: Input.Changed | TextArea.Changed) -> None:
        widget = event.input if isinstance(event, Input.Changed) else event.text_area
        name = widget.id or ""
        if name not in LIMITS:
            return
        # The same checks the services make, as the user types.
        limit, required = LIMITS[name]
        try:
            validate.text(self._text(name), name, limit, required=required)
        except InvalidInput as exc:
            self._error(name, exc)
        else:
            self._error(name, None)

    def _text(self, name: str) -> str:
        widget = self.query_one(f"#{name}")
        return widget.text if isinstance(widget, TextArea) else str(getattr(widget, "value", ""))

    def _error(self, name: str | None, error: RiskctlError | None) -> None:
        beside = name in FIELDS
        label = self.query_one(f"#error-{name}" if beside else "#error-form", Static)
        label.update(Text(field_error(error, beside)) if error else "")
        label.set_class(error is not None, "shown")

    # --- saving --------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        p, s = self._scores()
        owner = self._text("owner").strip()
        return {
            "title": self._text("title"),
            "description": self._text("description"),
            "probability": p,
            "significance": s,
            "handling": str(self.query_one("#handling", Select).value),
            "owner": owner or None,
            "note": self._text("note"),
        }

    def action_save(self) -> None:
        if self.saving:
            return
        for name in (*FIELDS, None):
            self._error(name, None)
        values = self.values()
        missing = [axis for axis in ("probability", "significance") if values[axis] is None]
        for axis in missing:
            label = self.query_one(f"#error-{axis}", Static)
            label.update(_("choose a level of the board's scale"))
            label.add_class("shown")
        if missing:
            self.query_one(f"#{missing[0]}").focus()
            return
        context, risk = self.context, self.risk
        if risk is None:

            def work(session: Session) -> AssessmentView:
                return add_risk(session=session, org=context.org, year=context.year, **values)
        else:
            before = {
                "title": risk.title,
                "description": risk.description,
                "probability": risk.probability,
                "significance": risk.significance,
                "handling": risk.handling,
                "owner": risk.owner or None,
                "note": risk.note,
            }
            changes = {k: v for k, v in values.items() if v != before[k]}
            if "owner" in changes and changes["owner"] is None:
                changes["owner"] = ""
            if not changes:
                self.dismiss(None)
                return

            def work(session: Session) -> AssessmentView:
                return edit_risk(
                    session=session,
                    risk_id=risk.id,
                    year=context.year,
                    changes=changes,
                    if_version=risk.version,
                )

        self.saving = True
        run_db(self, work, self._saved, write=True, failed=self._refused)

    def _saved(self, risk: AssessmentView) -> None:
        self.saving = False
        message = (
            _("Added risk {id} ({title}).")
            if self.risk is None
            else _("Saved risk {id} ({title}).")
        )
        self.notify(message.format(id=risk.id, title=risk.title))
        self.dismiss(risk)

    def _refused(self, error: RiskctlError) -> None:
        self.saving = False
        if isinstance(error, Conflict) and self.risk is not None:
            # Somebody else saved this risk since the form read it: say who, offer to reload.
            from riskctl.tui.dialogs.conflict_dialog import ConflictDialog

            self._error(None, error)
            self.app.push_screen(ConflictDialog(error.message), self._conflict_answered)
            return
        if isinstance(error, StoreError):
            # The store cannot be reached or written: a dialog, and the form keeps its values.
            self._error(None, error)
            self.riskctl.show_error(error)
            return
        field = getattr(error, "field", None)
        name = field if field in FIELDS else None
        self._error(name, error)
        if name is not None:
            self.query_one(f"#{name}").focus()

    # --- a stale form -------------------------------------------------------------------

    def _conflict_answered(self, reload: bool | None) -> None:
        if reload and self.risk is not None:
            self.reload()

    def reload(self) -> None:
        """Read the risk as it stands now and show it, discarding what was typed."""
        risk, year = self.risk, self.context.year
        if risk is None or self.saving:
            return
        self.saving = True
        run_db(
            self,
            lambda session: get_assessment(session=session, risk_id=risk.id, year=year),
            self._reloaded,
            failed=self._refused,
            group="reload",
        )

    def _reloaded(self, risk: AssessmentView) -> None:
        self.saving = False
        self.risk = risk
        self.query_one("#title", Input).value = risk.title
        self.query_one("#description", TextArea).text = risk.description
        self.query_one("#probability", Select).value = risk.probability
        self.query_one("#significance", Select).value = risk.significance
        self.query_one("#handling", Select).value = risk.handling
        self.query_one("#owner", Input).value = risk.owner or ""
        self.query_one("#note", TextArea).text = risk.note
        for name in (*FIELDS, None):
            self._error(name, None)
        self._show_value()
        self._show_handling_help()
        self.notify(
            _(
                "Reloaded risk {id} as it stands now (version {version}); your unsaved "
                "changes were discarded."
            ).format(id=risk.id, version=risk.version),
            severity="warning",
        )
