"""The exact (Clopper–Pearson) upper bound and the suggested assessment, without SciPy."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from riskctl.services.sampling.bound import betainc, suggest, upper_bound

# scipy.stats.beta.ppf(c, k + 1, n - k) (SciPy 1.17.1), to 12 significant digits.
KNOWN = [
    (2, 50, 0.95, 0.120614155422),
    (0, 50, 0.95, 0.0581550791170),
    (0, 59, 0.95, 0.0495076098882),
    (1, 25, 0.95, 0.176120710605),
    (3, 100, 0.95, 0.0757107937498),
    (1, 60, 0.95, 0.0766399949345),
    (1, 93, 0.95, 0.0499939783880),
]


@pytest.mark.parametrize(("k", "n", "c", "expected"), KNOWN)
def test_the_bound_matches_known_values(k, n, c, expected):
    assert upper_bound(k, n, c) == pytest.approx(expected, rel=1e-10)


def test_two_errors_in_fifty_gives_about_twelve_percent():
    assert round(upper_bound(2, 50, 0.95), 4) == 0.1206


def test_no_errors_has_the_closed_form():
    for n in (1, 5, 50, 59, 200, 3000):
        for c in (0.8, 0.9, 0.95, 0.99):
            assert upper_bound(0, n, c) == pytest.approx(1 - (1 - c) ** (1 / n), rel=1e-12)


def test_fifty_nine_is_the_smallest_clean_sample_that_shows_less_than_five_percent():
    assert upper_bound(0, 59, 0.95) < 0.05
    assert upper_bound(0, 58, 0.95) > 0.05


def test_all_in_error_gives_one():
    assert upper_bound(50, 50, 0.95) == 1.0
    assert upper_bound(1, 1, 0.99) == 1.0


def _binomial_cdf(k: int, n: int, p: Fraction) -> Fraction:
    return sum((math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(k + 1)), Fraction(0))


@pytest.mark.parametrize(("k", "n"), [(0, 10), (1, 20), (2, 50), (5, 60), (9, 40), (19, 20)])
@pytest.mark.parametrize("c", [0.9, 0.95, 0.99])
def test_the_bound_is_where_k_or_fewer_errors_have_probability_one_minus_c(k, n, c):
    """The definition itself, in exact rational arithmetic."""
    bound = upper_bound(k, n, c)
    assert float(_binomial_cdf(k, n, Fraction(bound))) == pytest.approx(1 - c, abs=1e-12)


def test_the_bound_is_above_the_rate_and_moves_the_right_way():
    previous = 0.0
    for k in range(0, 11):
        bound = upper_bound(k, 50, 0.95)
        assert bound > k / 50
        assert bound > previous
        previous = bound
    assert upper_bound(2, 100, 0.95) < upper_bound(2, 50, 0.95)
    assert upper_bound(2, 50, 0.99) > upper_bound(2, 50, 0.95) > upper_bound(2, 50, 0.90)


def _binomial_cdf_float(k: int, n: int, p: float) -> float:
    return math.fsum(
        math.exp(
            math.lgamma(n + 1)
            - math.lgamma(j + 1)
            - math.lgamma(n - j + 1)
            + j * math.log(p)
            + (n - j) * math.log1p(-p)
        )
        for j in range(k + 1)
    )


def test_large_samples_stay_exact():
    bound = upper_bound(50, 20_000, 0.95)
    assert _binomial_cdf_float(50, 20_000, bound) == pytest.approx(0.05, abs=1e-8)


def test_the_incomplete_beta_function():
    assert betainc(1, 1, 0.3) == pytest.approx(0.3)
    assert betainc(2, 3, 0.0) == 0.0
    assert betainc(2, 3, 1.0) == 1.0
    # I_x(a, b) = 1 - I_{1-x}(b, a)
    assert betainc(3, 48, 0.1) == pytest.approx(1 - betainc(48, 3, 0.9), abs=1e-14)
    # I_x(1, b) = 1 - (1 - x)^b
    assert betainc(1, 7, 0.2) == pytest.approx(1 - 0.8**7, rel=1e-13)


@pytest.mark.parametrize(
    ("k", "n", "rate", "expected"),
    [
        (0, 59, 0.05, "ok"),  # bound 4.95 % < 5 %
        (0, 50, 0.05, "near"),  # rate 0 < 5 %, bound 5.8 % is not
        (2, 50, 0.05, "near"),  # rate 4 %, bound 12.1 %
        (2, 50, 0.15, "ok"),
        (3, 50, 0.05, "remark"),  # rate 6 %
        (5, 100, 0.05, "remark"),  # rate equal to the tolerable rate
    ],
)
def test_the_suggested_assessment(k, n, rate, expected):
    assert suggest(k / n, upper_bound(k, n, 0.95), rate) == expected


@pytest.mark.parametrize(
    ("k", "n", "c"), [(-1, 50, 0.95), (51, 50, 0.95), (0, 0, 0.95), (1, 5, 1.0)]
)
def test_impossible_arguments_are_refused(k, n, c):
    with pytest.raises(ValueError):
        upper_bound(k, n, c)
