"""Words the screens share, translated when they are shown (never at import).

The handling, assessment and period words are those of `riskctl.vocabulary`, in the current
language. `N_` (from `riskctl.i18n`) marks a string for the catalog without translating it:
class-level texts such as binding descriptions are defined at import and translated where
they are drawn.
"""

from __future__ import annotations

from riskctl.i18n import N_, _, language

# Descriptions of Textual's own bindings that the footer shows, for the catalog.
TEXTUAL_WORDS = (N_("palette"),)


def sort_label(key: str) -> str:
    """A sort key of the risk table as its column is headed."""
    return {
        "id": _("id"),
        "title": _("risk"),
        "probability": _("probability"),
        "significance": _("significance"),
        "value": _("risk value"),
        "band": _("band"),
        "handling": _("handling"),
        "owner": _("owner"),
    }.get(key, key)


def count_risks(n: int) -> str:
    """'1 risk', '33 risks' in the current language."""
    from riskctl.i18n import ngettext

    return ngettext("%(n)s risk", "%(n)s risks", n) % {"n": number(n)}


def number(n: int) -> str:
    """A count with thousands grouped as the language writes them (100 000 / 100,000)."""
    grouped = f"{n:,}"
    return grouped.replace(",", "\u00a0") if language() == "sv" else grouped


def field_error(error: object, beside_field: bool) -> str:
    """A service's refusal, in one line, for showing in a form.

    Next to the field it names, an `InvalidInput` needs only its rule ("it must not be
    empty"): the label names the field and the field shows the value. Elsewhere the whole
    message is shown.
    """
    from riskctl.errors import InvalidInput

    if beside_field and isinstance(error, InvalidInput):
        text = error.allowed
    else:
        text = getattr(error, "message", str(error))
    return " ".join(str(text).split())


def one_line(message: str) -> str:
    """`message` with its line breaks and runs of spaces made single spaces."""
    return " ".join(message.split())
