"""The numbers a result is given as: fractions, the bound and the suggestion."""

from __future__ import annotations

import pytest

from riskctl.errors import InvalidInput
from riskctl.services.sampling.bound import fraction, suggest, upper_bound


@pytest.mark.parametrize(("value", "number"), [("0.95", 0.95), ("95%", 0.95), (" 5 % ", 0.05)])
def test_a_fraction_may_be_given_as_a_percentage(value, number):
    assert fraction(value, "--confidence", 0.0, 1.0) == pytest.approx(number)


@pytest.mark.parametrize("value", ["1", "0", "nan", "150%"])
def test_a_fraction_outside_its_bounds_is_refused(value):
    with pytest.raises(InvalidInput) as caught:
        fraction(value, "--tolerable-rate", 0.0, 1.0)
    assert caught.value.allowed == "use a fraction greater than 0 and less than 1, e.g. 0.05"


def test_a_word_is_not_a_fraction():
    with pytest.raises(InvalidInput) as caught:
        fraction("hög", "--confidence", 0.5, 1.0)
    assert caught.value.allowed == "use a number such as 0.95"


def test_no_errors_in_59_is_just_below_five_percent_and_ok():
    bound = upper_bound(0, 59)
    assert bound < 0.05 and suggest(0.0, bound, 0.05) == "ok"
    assert suggest(0.02, upper_bound(1, 50), 0.05) == "near"
