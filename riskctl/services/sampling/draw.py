"""The draw of a sample, as published so that anyone can repeat it.

The draw (algorithm `sha256-rank-v1`)
    Every id of the population is given the key SHA-256("SEED:ID") — the seed as a decimal
    number, a colon and the id, encoded as UTF-8, hashed, written as 64 lowercase hex
    digits. The ids are sorted by that key, smallest first (ties, which SHA-256 makes
    practically impossible, by the id itself), and the first N are the sample, in that order.
    This is a simple random sample without replacement: each id's key is an independent,
    uniformly distributed number, so every set of N ids is equally likely. Anyone can repeat it
    with a few lines of any language that has SHA-256; nothing depends on riskctl, Python's
    random module or the order of the rows in the file.

    An id is the text of its cell without surrounding spaces; in an XLSX file a whole number
    is written without decimals (1001, not 1001.0) and a date as YYYY-MM-DD.
"""

from __future__ import annotations

import hashlib
import heapq
import secrets
from collections.abc import Iterable
from typing import Any

from riskctl.errors import InvalidInput
from riskctl.i18n import _
from riskctl.services import validate

ALGORITHM = "sha256-rank-v1"
SEED_MAX = 10**18 - 1
# A chosen seed: short enough to read out in a report, unpredictable before the draw.
CHOSEN_SEED_BELOW = 10**9


def rank_key(seed: int, item_id: str) -> str:
    """SHA-256 of "SEED:ID" (UTF-8) as 64 lowercase hex digits: the id's place in the draw."""
    return hashlib.sha256(f"{seed}:{item_id}".encode()).hexdigest()


def draw(ids: Iterable[str], size: int, seed: int) -> list[str]:
    """The `size` ids with the smallest rank keys, in draw order (see the module docstring)."""
    return heapq.nsmallest(size, ids, key=lambda i: (rank_key(seed, i), i))


def choose_seed() -> int:
    return secrets.randbelow(CHOSEN_SEED_BELOW)


def seed_value(seed: Any) -> int:
    number = validate.integer(seed, "--seed", low=0, high=SEED_MAX)
    if not 0 <= number <= SEED_MAX:
        raise InvalidInput(
            "--seed", seed, _("use a whole number from 0 to {max}").format(max=SEED_MAX)
        )
    return number
