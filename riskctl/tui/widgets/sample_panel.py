"""The sample check of a control in one period, with its bound, and the evidence kept for it.

`read_sample_panel` runs in a worker (it reads the store and re-hashes every kept file);
`SamplePanel.show` draws what it read, on the UI thread. The panel is hidden when the control
has neither a sample nor evidence in the period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.style import Style
from rich.text import Text
from sqlmodel import Session
from textual.widgets import Static

from riskctl import vocabulary
from riskctl.i18n import _, language, ngettext
from riskctl.services.evidence import EvidenceView, list_evidence
from riskctl.services.sampling.summary import sample_summary
from riskctl.tui.text import number
from riskctl.vocabulary import ASSESSMENT_COLORS, assessment_label

WARNING = "bold #e53935"
SHA_SHOWN = 12


@dataclass
class SamplePanelData:
    """An item's current sample in a period (None if none) and its evidence, oldest first."""

    item: int
    period: str
    sample: dict[str, Any] | None
    evidence: list[EvidenceView] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.sample is None and not self.evidence


def read_sample_panel(session: Session, item_id: int, period: str) -> SamplePanelData:
    return SamplePanelData(
        item=item_id,
        period=period,
        sample=sample_summary(session=session, item_id=item_id, period=period),
        evidence=list_evidence(session=session, item_id=item_id, period=period),
    )


def percent(value: float, decimals: int = 1) -> str:
    """12,1 % in Swedish, 12.1% in English (as the reports and `sample show` write it)."""
    return vocabulary.percent(value, language(), decimals)


def file_size(size: int) -> str:
    """A byte count the way a file manager shows it: 512 B, 12.3 kB, 4.5 MB."""
    if size < 1000:
        return f"{number(size)} B"
    value, unit = size / 1000, "kB"
    if value >= 1000:
        value, unit = value / 1000, "MB"
    text = f"{value:.1f}"
    return (text.replace(".", ",") if language() == "sv" else text) + f" {unit}"


def sample_lines(sample: dict[str, Any]) -> Text:
    """The sample's figures on one line, the seed and population fingerprint on the next."""
    text = Text()
    text.append(
        _("Sample: {size} of {population}").format(
            size=number(sample["size"]), population=number(sample["population_size"])
        ),
        style="bold",
    )
    errors = sample.get("errors")
    if errors is None:
        text.append(" · ")
        text.append(_("result not recorded"), style="italic")
    else:
        text.append(" · ")
        text.append(
            ngettext("{n} error ({rate})", "{n} errors ({rate})", errors).format(
                n=number(errors), rate=percent(sample["error_rate"])
            )
        )
        text.append(" · ")
        text.append(
            _("upper bound {bound} at {confidence}").format(
                bound=percent(sample["upper_bound"]), confidence=percent(sample["confidence"], 2)
            )
        )
        verdict = sample.get("suggested_assessment")
        if verdict:
            text.append(" · ")
            text.append(_("suggested: "))
            text.append(
                assessment_label(verdict),
                style=Style(color=ASSESSMENT_COLORS.get(verdict, "white"), bold=True),
            )
    text.append("\n")
    text.append(
        _("seed {seed} · population SHA-256 {sha}…").format(
            seed=sample["seed"], sha=str(sample["population_sha256"])[:SHA_SHOWN]
        ),
        style="dim",
    )
    return text


def evidence_lines(evidence: list[EvidenceView]) -> Text:
    text = Text()
    text.append(_("Evidence:"), style="bold")
    if not evidence:
        text.append(" ")
        text.append(_("none kept for this period"), style="dim")
    for view in evidence:
        text.append("\n")
        if view.verified:
            text.append("✓ ", style=Style(color=ASSESSMENT_COLORS["ok"], bold=True))
        else:
            text.append("✗ ", style=WARNING)
        text.append(view.file)
        text.append(f"  {file_size(view.size)}  {view.user}  {view.at[:10]}", style="dim")
        if not view.verified:
            text.append("  ")
            text.append(_("the stored content no longer has its SHA-256"), style=WARNING)
    return text


def render_panel(data: SamplePanelData) -> Text:
    text = Text()
    if data.sample is not None:
        text.append_text(sample_lines(data.sample))
        text.append("\n")
    text.append_text(evidence_lines(data.evidence))
    return text


class SamplePanel(Static):
    """The sample and the evidence of the highlighted control; hidden when it has neither."""

    DEFAULT_CSS = """
    SamplePanel { height: auto; margin-bottom: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.data: SamplePanelData | None = None
        self.display = False

    def show(self, data: SamplePanelData | None) -> None:
        self.data = data
        if data is None or data.empty:
            self.display = False
            self.update("")
            return
        self.update(render_panel(data))
        self.display = True
