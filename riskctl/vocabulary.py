"""The words of internal control, in one place for the services, the reports, the CLI and the
TUI: what a risk value is, how a scale's label is chosen for a language, how handlings,
assessments and periods are named, and the colours of the four assessment levels.

The tables hold the English message ids (marked with `N_`); the functions translate them at
call time, in `lang` or the current language. Pure: no store, no Textual, no Typer.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

from riskctl.i18n import N_, _


def risk_value(probability: int, significance: int) -> int:
    """A risk's value: probability × significance (1–25 on the seeds' 5 × 5 scale)."""
    return probability * significance


# --- localised labels --------------------------------------------------------------------------


def localised(text: str, text_en: str | None, lang: str) -> str:
    """A board's own text in `lang`: the English text in English when the board gave one,
    else the Swedish text (a scale or band label, a level's description)."""
    return (text_en or text) if lang == "en" else text


class Labelled(Protocol):
    """A scale level or a band: a Swedish label and an optional English one."""

    @property
    def label(self) -> str: ...

    @property
    def label_en(self) -> str: ...


def label_of(thing: Labelled, lang: str) -> str:
    """A scale level's or band's label in `lang` (see `localised`)."""
    return localised(thing.label, thing.label_en, lang)


def band_key(band: Labelled) -> str:
    """A band's English label in lower case: the key scripts and filters name it by
    ("very high"), whatever the language."""
    return label_of(band, "en").lower()


# --- handlings ---------------------------------------------------------------------------------


class HandlingWords(NamedTuple):
    word: str  # the `Beslut` column of an analysis export, one word (import reads it back)
    title: str  # a document cell with no handling note, sentence-initial
    label: str  # the screens' label
    help: str  # what the decision means, for the risk form


HANDLING_WORDS: dict[str, HandlingWords] = {
    "control": HandlingWords(
        N_("control"),
        N_("Internal control"),
        N_("internal control"),
        N_("the risk goes into the internal control plan"),
    ),
    "action": HandlingWords(
        N_("action"), N_("Action"), N_("action"), N_("handled by measures outside the plan")
    ),
    "accept": HandlingWords(
        N_("accepted"),
        N_("Accepted"),
        N_("accept"),
        N_("the risk is accepted; no further measures"),
    ),
}
"""The three handling decisions of an analysis, in the ways riskctl names them."""


def handling_words(form: str, lang: str | None = None) -> dict[str, str]:
    """Every handling's `form` (word, title, label or help) in `lang`."""
    return {key: _(getattr(words, form), lang) for key, words in HANDLING_WORDS.items()}


def handling_label(key: str, lang: str | None = None) -> str:
    """A handling as the screens name it; an unknown key as it is."""
    words = HANDLING_WORDS.get(key)
    return _(words.label, lang) if words else key


def handling_help(key: str, lang: str | None = None) -> str:
    """What a handling decision means, for the risk form; nothing for an unknown key."""
    words = HANDLING_WORDS.get(key)
    return _(words.help, lang) if words else ""


# --- assessments -------------------------------------------------------------------------------


class AssessmentWords(NamedTuple):
    label: str  # a report's `Bedömning` cell (seed 002)
    text: str  # a report's legend (seed 002's explanation of the level)
    short: str  # the screens' label
    help: str  # the screens' explanation


ASSESSMENT_WORDS: dict[str, AssessmentWords] = {
    "ok": AssessmentWords(
        N_("Without remarks"),
        N_("The control has been carried out without remarks or with negligible remarks"),
        N_("no remark"),
        N_("The control was carried out without remark or with a negligible remark"),
    ),
    "near": AssessmentWords(
        N_("Close to target"),
        N_("The control has been carried out with remarks close to the target value"),
        N_("remark close to target"),
        N_("The control was carried out with a remark close to the target value"),
    ),
    "remark": AssessmentWords(
        N_("With remarks"),
        N_("The control has been carried out with remarks"),
        N_("remark"),
        N_("The control was carried out with a remark"),
    ),
    "none": AssessmentWords(
        N_("Not assessed"),
        N_("No assessment has been made"),
        N_("not assessed"),
        N_("No assessment has been made"),
    ),
}
"""The four assessment levels of a follow-up (seed 002), in the ways riskctl names them."""

ASSESSMENT_COLORS = {"ok": "#4caf50", "near": "#ffd54f", "remark": "#e53935", "none": "#bdbdbd"}
"""The four assessment levels in the colours of the board's documents (seed 002): green,
yellow, red, grey. The screens show the same colours."""


def assessment_words(form: str, lang: str | None = None) -> dict[str, str]:
    """Every assessment level's `form` (label, text, short or help) in `lang`."""
    return {key: _(getattr(words, form), lang) for key, words in ASSESSMENT_WORDS.items()}


def assessment_label(key: str, lang: str | None = None) -> str:
    """An assessment level as the screens name it; an unknown key as it is."""
    words = ASSESSMENT_WORDS.get(key)
    return _(words.short, lang) if words else key


def assessment_help(key: str, lang: str | None = None) -> str:
    """An assessment level explained, for the screens; nothing for an unknown key."""
    words = ASSESSMENT_WORDS.get(key)
    return _(words.help, lang) if words else ""


# --- periods -----------------------------------------------------------------------------------


class PeriodWords(NamedTuple):
    label: str  # the screens' label
    title: str  # a follow-up report's title


PERIOD_WORDS: dict[str, PeriodWords] = {
    "interim": PeriodWords(N_("interim"), N_("interim follow-up")),
    "annual": PeriodWords(N_("annual"), N_("annual follow-up")),
}
"""The two follow-up periods of a year."""


def period_label(key: str, lang: str | None = None) -> str:
    """A period as the screens name it; an unknown key as it is."""
    words = PERIOD_WORDS.get(key)
    return _(words.label, lang) if words else key


def period_title(key: str, lang: str | None = None) -> str:
    """A period as a follow-up report's title names it ("annual follow-up")."""
    return _(PERIOD_WORDS[key].title, lang)


def percent(value: float, lang: str, decimals: int = 1) -> str:
    """A share as the language writes it: "2,5 %" in Swedish, "2.5%" in English; trailing
    zeros dropped, at most `decimals` decimals."""
    text = f"{value * 100:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return (text.replace(".", ",") + " %") if lang == "sv" else text + "%"
