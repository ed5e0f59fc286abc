"""The footer, with the binding descriptions translated when they are drawn."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

from riskctl.i18n import _


class TranslatedFooter(Footer):
    """Textual's footer, showing each key's description in the current language.

    Binding descriptions are class attributes, fixed at import; the catalog is consulted here,
    at the time the footer is composed, so that the language can follow `--lang`.
    """

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            # FooterKey is not public API: recognise it by its description.
            description = getattr(widget, "description", None)
            if isinstance(description, str) and description:
                widget.description = _(description)  # type: ignore[attr-defined]
            if isinstance(widget.tooltip, str) and widget.tooltip:
                widget.tooltip = _(widget.tooltip)
            yield widget
