"""The four-level follow-up assessment as a row of coloured choices."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from riskctl.i18n import N_
from riskctl.models import ASSESSMENTS
from riskctl.vocabulary import ASSESSMENT_COLORS, assessment_help, assessment_label


class AssessmentChoice(Widget, can_focus=True):
    """Green, yellow, red or grey: no remark, remark close to target, remark, not assessed.

    `left`/`right` or `1`–`4` choose with the keyboard; a click chooses with the mouse.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", N_("Previous level"), show=False),
        Binding("right", "step(1)", N_("Next level"), show=False),
        Binding("1", "pick(0)", N_("No remark"), show=False),
        Binding("2", "pick(1)", N_("Remark close to target"), show=False),
        Binding("3", "pick(2)", N_("Remark"), show=False),
        Binding("4", "pick(3)", N_("Not assessed"), show=False),
    ]
    """Arrows or the digits 1–4 choose a level."""

    DEFAULT_CSS = """
    AssessmentChoice {
        height: auto;
        min-height: 1;
        padding: 0 1;
        &:focus { background: $boost; }
    }
    """

    value: reactive[str | None] = reactive(None)
    """ok, near, remark or none; None until the user chooses."""

    class Changed(Message):
        """The user chose a level."""

        def __init__(self, choice: AssessmentChoice, value: str) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> AssessmentChoice:
            return self.choice

    def __init__(self, value: str | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(AssessmentChoice.value, value)
        self._spans: list[tuple[int, int, int, str]] = []

    def render(self) -> Text:
        width = self.content_region.width
        out = Text(no_wrap=False)
        self._spans = []
        x = y = 0
        for n, key in enumerate(ASSESSMENTS, start=1):
            color = ASSESSMENT_COLORS[key]
            chosen = key == self.value
            label = f" {'●' if chosen else '○'} {n} {assessment_label(key)} "
            if x and x + len(label) > width:
                out.append("\n")
                x, y = 0, y + 1
            style = Style(bgcolor=color, color="black", bold=True) if chosen else Style(color=color)
            out.append(label, style)
            self._spans.append((y, x, x + len(label), key))
            x += len(label)
            if x < width:
                out.append(" ")
                x += 1
        return out

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        lines, x = 1, 0
        for n, key in enumerate(ASSESSMENTS, start=1):
            size = len(f" ● {n} {assessment_label(key)} ") + 1
            if x and x + size - 1 > width:
                lines, x = lines + 1, 0
            x += size
        return lines

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        for y, start, end, key in self._spans:
            if y == offset.y and start <= offset.x < end:
                self._set(key)
                return

    def action_step(self, step: int) -> None:
        index = ASSESSMENTS.index(self.value) if self.value in ASSESSMENTS else -1
        self._set(ASSESSMENTS[(index + step) % len(ASSESSMENTS)])

    def action_pick(self, index: int) -> None:
        self._set(ASSESSMENTS[index])

    def _set(self, key: str) -> None:
        self.value = key
        self.tooltip = assessment_help(key)
        self.post_message(self.Changed(self, key))
