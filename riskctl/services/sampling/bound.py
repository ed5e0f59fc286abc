"""The conclusion of a sample check.

The conclusion
    With k errors in a sample of n, the error rate is k/n and the exact one-sided upper bound
    at confidence c (Clopper–Pearson) is the error rate p at which seeing k or fewer errors
    would have had probability 1 - c: the c-quantile of Beta(k + 1, n - k), and 1 when k = n.
    It is computed here by bisection on the regularised incomplete beta function (a continued
    fraction), without SciPy. With k = 0 it is 1 - (1 - c)^(1/n).
"""

from __future__ import annotations

import math
from typing import Any

from riskctl.errors import InvalidInput
from riskctl.i18n import _

DEFAULT_CONFIDENCE = 0.95
DEFAULT_TOLERABLE_RATE = 0.05


def _betacf(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz's method)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 100_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        step = d * c
        h *= step
        if abs(step - 1.0) < 1e-15:
            return h
    raise ArithmeticError(f"the incomplete beta fraction did not converge (a={a}, b={b})")


def betainc(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b), for a, b > 0."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    # The fraction converges fast on the side of the mean; use the symmetry on the other.
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def upper_bound(errors: int, size: int, confidence: float = DEFAULT_CONFIDENCE) -> float:
    """The exact one-sided (Clopper–Pearson) upper bound of the error rate.

    The c-quantile of Beta(k + 1, n - k), found by bisection to double precision; 1 for k = n.
    """
    if size < 1 or not 0 <= errors <= size:
        raise ValueError(f"need 0 <= errors <= size and size >= 1, got {errors} of {size}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"need 0 < confidence < 1, got {confidence}")
    if errors == size:
        return 1.0
    a, b = errors + 1.0, float(size - errors)
    lo, hi = 0.0, 1.0
    while True:
        mid = (lo + hi) / 2.0
        if mid in (lo, hi):
            return hi
        if betainc(a, b, mid) < confidence:
            lo = mid
        else:
            hi = mid


def suggest(error_rate: float, bound: float, tolerable_rate: float) -> str:
    """`ok` if even the upper bound is below the tolerable rate, `near` if only the rate is,
    else `remark`."""
    if bound < tolerable_rate:
        return "ok"
    if error_rate < tolerable_rate:
        return "near"
    return "remark"


def fraction(value: Any, field: str, low: float, high: float) -> float:
    """A number strictly between `low` and `high` (a fraction; 95 % is 0.95)."""
    try:
        number = float(str(value).strip().rstrip("%")) / (100 if "%" in str(value) else 1)
    except ValueError:
        raise InvalidInput(field, value, _("use a number such as 0.95")) from None
    if not (math.isfinite(number) and low < number < high):
        raise InvalidInput(
            field,
            value,
            _("use a fraction greater than {low} and less than {high}, e.g. 0.05").format(
                low=f"{low:g}", high=f"{high:g}"
            ),
        )
    return number
