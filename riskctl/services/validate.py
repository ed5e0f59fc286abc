"""Checks of user input, each failing with an `InvalidInput` that names field, value and rule."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from riskctl.errors import InvalidInput
from riskctl.i18n import _
from riskctl.models import ASSESSMENTS, HANDLINGS, PERIODS, Assessment, Owner, Risk, limit

YEAR_MIN, YEAR_MAX = 1900, 2200
# The columns' limits, read once: an import checks them for every cell.
TITLE_MAX = limit(Risk.title)
DESCRIPTION_MAX = limit(Risk.description)
NOTE_MAX = limit(Assessment.note)
OWNER_MAX = limit(Owner.name)
# The store's integers are 32-bit (PostgreSQL's integer): a number beyond them is no id, score
# or year any row can hold, and the driver would fail on it ("integer out of range").
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
# Control characters other than tab, LF and CR (C0, DEL and C1, whose NEL breaks a line), and
# lone surrogates (bytes that were not UTF-8); one search is much cheaper than a loop over the
# characters when an import checks 100,000s of cells.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def year(value: Any, field: str = "year") -> int:
    number = integer(value, field)
    if not YEAR_MIN <= number <= YEAR_MAX:
        raise InvalidInput(
            field, value, _("use a year from {low} to {high}").format(low=YEAR_MIN, high=YEAR_MAX)
        )
    return number


def integer(value: Any, field: str, *, low: int = INT_MIN, high: int = INT_MAX) -> int:
    """`value` as a whole number from `low` to `high` (by default what the store holds)."""
    if isinstance(value, bool):
        raise InvalidInput(field, value, _("use a whole number"))
    if isinstance(value, int):
        number = value
    else:
        try:
            number = int(str(value).strip())
        except ValueError:
            raise InvalidInput(field, value, _("use a whole number")) from None
    if not low <= number <= high:
        raise InvalidInput(field, value, whole_number_range(low, high))
    return number


def whole_number_range(low: int = INT_MIN, high: int = INT_MAX) -> str:
    """'use a whole number from -2147483648 to 2147483647': by default what the store holds."""
    return _("use a whole number from {low} to {high}").format(low=low, high=high)


def text(value: Any, field: str, max_len: int, *, required: bool = False) -> str:
    cleaned = "" if value is None else str(value).strip()
    if required and not cleaned:
        raise InvalidInput(field, value if value is not None else "", _("it must not be empty"))
    if CONTROL_CHARACTERS.search(cleaned):
        raise InvalidInput(field, cleaned[:30], _("it must not contain control characters"))
    if len(cleaned) > max_len:
        shown = cleaned[:30] + "…"
        raise InvalidInput(
            field,
            shown,
            _("use at most {limit} characters (got {count})").format(
                limit=max_len, count=len(cleaned)
            ),
        )
    return cleaned


def choice(value: Any, field: str, allowed: tuple[str, ...]) -> str:
    word = str(value).strip().lower()
    if word not in allowed:
        raise InvalidInput(field, value, one_of(allowed))
    return word


def one_of(allowed: Sequence[str]) -> str:
    """'use one of control, action, accept': the words a user may type, untranslated."""
    return _("use one of {choices}").format(choices=", ".join(allowed))


def handling(value: Any) -> str:
    return choice(value, "handling", HANDLINGS)


def period(value: Any) -> str:
    return choice(value, "period", PERIODS)


def assessment(value: Any) -> str:
    return choice(value, "assessment", ASSESSMENTS)


def day(value: Any, field: str = "date") -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(field, value, _("use a date as YYYY-MM-DD")) from None
