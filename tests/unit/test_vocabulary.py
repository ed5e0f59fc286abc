"""The words of internal control: one risk value, one label rule, one table of handlings,
assessments and periods, one table of assessment colours for the screens and the documents."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from riskctl import vocabulary
from riskctl.vocabulary import (
    ASSESSMENT_COLORS,
    assessment_label,
    band_key,
    handling_label,
    handling_words,
    label_of,
    localised,
    period_label,
    period_title,
    risk_value,
)


@dataclass
class Band:
    label: str
    label_en: str


def test_the_risk_value_is_probability_times_significance():
    assert risk_value(3, 4) == 12
    assert risk_value(5, 5) == 25
    assert risk_value(1, 1) == 1


def test_a_label_is_swedish_unless_the_language_is_english():
    high = Band("Mycket hög", "Very high")
    assert label_of(high, "sv") == "Mycket hög"
    assert label_of(high, "en") == "Very high"


def test_in_english_a_label_with_no_english_text_is_the_swedish_one():
    own = Band("Egen nivå", "")
    assert label_of(own, "en") == "Egen nivå"
    assert localised("Beskrivning", "", "en") == "Beskrivning"
    assert localised("Beskrivning", "Description", "sv") == "Beskrivning"


def test_a_band_key_is_its_english_label_in_lower_case_in_any_language():
    assert band_key(Band("Mycket hög", "Very high")) == "very high"
    assert band_key(Band("Egen", "")) == "egen"


def test_handlings_are_named_in_both_languages():
    assert handling_label("control", "sv") == "internkontroll"
    assert handling_label("accept", "en") == "accept"
    # The analysis export's decision word, which an import reads back.
    assert handling_words("word", "sv") == {
        "control": "internkontroll",
        "action": "åtgärd",
        "accept": "accepteras",
    }
    assert handling_label("unknown", "sv") == "unknown"


def test_assessments_and_periods_are_named_in_both_languages():
    assert assessment_label("none", "sv") == "ingen bedömning"
    assert assessment_label("ok", "en") == "no remark"
    assert period_label("interim", "sv") == "delår"
    assert period_title("annual", "sv") == "årsbokslut"
    assert period_title("annual", "en") == "annual follow-up"


def test_every_level_period_and_handling_has_its_words():
    from riskctl.models import ASSESSMENTS, HANDLINGS, PERIODS

    assert tuple(vocabulary.ASSESSMENT_WORDS) == ASSESSMENTS
    assert tuple(ASSESSMENT_COLORS) == ASSESSMENTS
    assert set(vocabulary.HANDLING_WORDS) == set(HANDLINGS)
    assert set(vocabulary.PERIOD_WORDS) == set(PERIODS)


def test_the_documents_use_the_one_colour_table():
    from riskctl.services.reports.followup import assessment_legend

    assert [e.color for e in assessment_legend("sv")] == list(ASSESSMENT_COLORS.values())


@pytest.mark.parametrize(
    "module",
    [
        "riskctl.tui.screens.followup",
        "riskctl.tui.widgets.sample_panel",
        "riskctl.tui.widgets.assessment_choice",
    ],
)
def test_the_screens_use_the_one_colour_table(module: str):
    import importlib

    assert importlib.import_module(module).ASSESSMENT_COLORS is ASSESSMENT_COLORS


def test_the_screens_have_no_colour_table_of_their_own():
    import riskctl.tui.text

    assert not hasattr(riskctl.tui.text, "ASSESSMENT_COLORS")
