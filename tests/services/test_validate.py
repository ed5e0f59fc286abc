"""The checks of user input: each refusal names the field, echoes the value and says what
would be allowed."""

from __future__ import annotations

from datetime import date

import pytest

from riskctl.errors import InvalidInput
from riskctl.services import validate


def _refusal(call, *args, **kwargs) -> InvalidInput:
    with pytest.raises(InvalidInput) as error:
        call(*args, **kwargs)
    return error.value


def test_a_year_is_a_whole_number_from_1900_to_2200():
    assert validate.year(" 2025 ") == 2025
    assert validate.year(2200) == 2200
    refused = _refusal(validate.year, 2201, "--year")
    assert refused.field == "--year"
    assert refused.allowed == "use a year from 1900 to 2200"
    assert _refusal(validate.year, "nästa år").allowed == "use a whole number"


def test_a_whole_number_must_fit_the_store_and_is_never_a_boolean():
    assert validate.integer("-7", "id") == -7
    assert validate.integer(2**31 - 1, "id") == 2**31 - 1
    too_big = _refusal(validate.integer, 2**31, "id")
    assert too_big.allowed == "use a whole number from -2147483648 to 2147483647"
    assert _refusal(validate.integer, True, "id").allowed == "use a whole number"
    assert _refusal(validate.integer, "3.5", "id").allowed == "use a whole number"
    assert _refusal(validate.integer, 0, "limit", low=1, high=10).allowed == (
        "use a whole number from 1 to 10"
    )


def test_text_is_stripped_and_may_hold_tabs_and_line_breaks():
    assert validate.text("  Felaktiga utbetalningar \n", "title", 200) == "Felaktiga utbetalningar"
    assert validate.text("rad 1\nrad 2\tslut", "note", 200) == "rad 1\nrad 2\tslut"
    assert validate.text(None, "note", 200) == ""


def test_required_text_must_not_be_empty():
    refused = _refusal(validate.text, "   ", "title", 200, required=True)
    assert (refused.field, refused.allowed) == ("title", "it must not be empty")


@pytest.mark.parametrize("bad", ["a\x00b", "a\x1bb", "a\x7fb", "a\x85b", "a\udcffb"])
def test_text_with_control_characters_or_bytes_that_are_not_utf8_is_refused(bad):
    refused = _refusal(validate.text, bad, "description", 200)
    assert refused.allowed == "it must not contain control characters"


def test_text_over_its_limit_is_refused_with_the_count_and_only_its_start_echoed():
    refused = _refusal(validate.text, "x" * 201, "title", 200)
    assert refused.allowed == "use at most 200 characters (got 201)"
    assert refused.value == "x" * 30 + "…"
    assert validate.text("x" * 200, "title", 200) == "x" * 200


def test_a_choice_is_one_of_its_words_in_any_case():
    assert validate.handling(" Control ") == "control"
    assert validate.period("ANNUAL") == "annual"
    assert validate.assessment("near") == "near"
    refused = _refusal(validate.handling, "maybe")
    assert refused.field == "handling"
    assert refused.allowed == "use one of control, action, accept"


def test_a_day_is_an_iso_date():
    assert validate.day(" 2024-12-16 ") == date(2024, 12, 16)
    assert validate.day(date(2025, 2, 1)) == date(2025, 2, 1)
    refused = _refusal(validate.day, "16/12/2024", "--decided-on")
    assert (refused.field, refused.allowed) == ("--decided-on", "use a date as YYYY-MM-DD")
