"""Words the screens share, translated when they are shown (never at import).

`N_` marks a string for the catalog without translating it: class-level texts such as binding
descriptions are defined at import and translated where they are drawn.
"""

from __future__ import annotations

from riskctl.i18n import _, language

ASSESSMENT_COLORS = {"ok": "#43a047", "near": "#fdd835", "remark": "#e53935", "none": "#9e9e9e"}
"""The four follow-up levels as the reports colour them (seed 002): green, yellow, red, grey."""


def N_(message: str) -> str:
    """Mark `message` for translation; `_()` translates it where it is shown."""
    return message


# Descriptions of Textual's own bindings that the footer shows, for the catalog.
TEXTUAL_WORDS = (N_("palette"),)


def pgettext(context: str, message: str) -> str:
    """A short message whose meaning needs a context (a one-letter column heading)."""
    from riskctl.i18n import translations

    return translations(language()).pgettext(context, message)


def handling_label(key: str) -> str:
    """control/action/accept in the current language."""
    return {
        "control": _("internal control"),
        "action": _("action"),
        "accept": _("accept"),
    }.get(key, key)


def handling_help(key: str) -> str:
    """What a handling decision means, for the form."""
    return {
        "control": _("the risk goes into the internal control plan"),
        "action": _("handled by measures outside the plan"),
        "accept": _("the risk is accepted; no further measures"),
    }.get(key, "")


def assessment_label(key: str) -> str:
    """The four follow-up levels in the current language."""
    return {
        "ok": _("no remark"),
        "near": _("remark close to target"),
        "remark": _("remark"),
        "none": _("not assessed"),
    }.get(key, key)


def assessment_help(key: str) -> str:
    """The level's wording in the reports."""
    return {
        "ok": _("The control was carried out without remark or with a negligible remark"),
        "near": _("The control was carried out with a remark close to the target value"),
        "remark": _("The control was carried out with a remark"),
        "none": _("No assessment has been made"),
    }.get(key, "")


def period_label(key: str) -> str:
    """interim/annual in the current language."""
    return {"interim": _("interim"), "annual": _("annual")}.get(key, key)


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
