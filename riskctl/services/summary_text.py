"""The sentence an annual report uses to sum up a plan's follow-up, in Swedish and English.

Modelled on Kommunstyrelsen's annual report 2024: "Planen omfattade totalt nio identifierade
risker … För tre av riskerna noterades inga anmärkningar vid uppföljningen. Fem risker visade
däremot på vissa avvikelser …". Numbers up to twelve are written as words, as in the report.
"""

from __future__ import annotations

from typing import Any

SV_NUMBERS = (
    "noll",
    "en",
    "två",
    "tre",
    "fyra",
    "fem",
    "sex",
    "sju",
    "åtta",
    "nio",
    "tio",
    "elva",
    "tolv",
)
EN_NUMBERS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


def number(n: int, lang: str) -> str:
    words = SV_NUMBERS if lang == "sv" else EN_NUMBERS
    return words[n] if 0 <= n < len(words) else str(n)


def _join(titles: list[str], lang: str) -> str:
    conj = " och " if lang == "sv" else " and "
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + conj + titles[-1]


def summary_sentence(s: Any, lang: str = "sv") -> str:
    """`s` has risks, ok, near, remark, none and remark_titles (see followups.Summary)."""
    return _sv(s) if lang == "sv" else _en(s)


def _sv(s: Any) -> str:
    n = number
    parts = [
        "Planen omfattade totalt en identifierad risk."
        if s.risks == 1
        else f"Planen omfattade totalt {n(s.risks, 'sv')} identifierade risker."
    ]
    if s.ok:
        parts.append(
            "För samtliga risker noterades inga anmärkningar vid uppföljningen."
            if s.ok == s.risks > 1
            else f"För {n(s.ok, 'sv')} av riskerna noterades inga anmärkningar vid uppföljningen."
        )
    # "däremot" (on the other hand) sets the deviations against the clean ones, as the report.
    but = " däremot" if s.ok else ""
    if s.near == 1:
        parts.append(
            f"En risk visade{but} på vissa avvikelser, vilket innebär att åtgärder "
            "behöver vidtas för att den ska anses som hanterad."
        )
    elif s.near:
        parts.append(
            f"{n(s.near, 'sv').capitalize()} risker visade{but} på vissa avvikelser, "
            "vilket innebär att åtgärder behöver vidtas för att de ska anses som "
            "hanterade."
        )
    if s.remark:
        noun = "risken" if s.remark == 1 else "riskerna"
        parts.append(
            f"Uppföljningen av {noun} {_join(s.remark_titles, 'sv')} visade på anmärkningar."
        )
    if s.none == 1:
        parts.append("För en risk har ingen bedömning genomförts.")
    elif s.none:
        parts.append(f"För {n(s.none, 'sv')} risker har ingen bedömning genomförts.")
    return " ".join(parts)


def _en(s: Any) -> str:
    n = number
    parts = [
        "The plan comprised one identified risk in total."
        if s.risks == 1
        else f"The plan comprised {n(s.risks, 'en')} identified risks in total."
    ]
    if s.ok:
        parts.append(
            "No remarks were noted for any of the risks at the follow-up."
            if s.ok == s.risks > 1
            else f"For {n(s.ok, 'en')} of the risks no remarks were noted at the follow-up."
        )
    if s.near == 1:
        parts.append(
            "One risk showed minor deviations, which means that action is needed "
            "before it can be considered handled."
        )
    elif s.near:
        parts.append(
            f"{n(s.near, 'en').capitalize()} risks showed minor deviations, which means "
            "that action is needed before they can be considered handled."
        )
    if s.remark:
        noun = "risk" if s.remark == 1 else "risks"
        parts.append(f"The follow-up of the {noun} {_join(s.remark_titles, 'en')} showed remarks.")
    if s.none == 1:
        parts.append("For one risk no assessment has been made.")
    elif s.none:
        parts.append(f"For {n(s.none, 'en')} risks no assessment has been made.")
    return " ".join(parts)
