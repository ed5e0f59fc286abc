"""The published draw: anyone repeats it from the seed and the ids alone."""

from __future__ import annotations

import hashlib

import pytest

from riskctl.errors import InvalidInput
from riskctl.services.sampling.draw import SEED_MAX, draw, rank_key, seed_value

IDS = [f"L{i:05d}" for i in range(1, 301)]


def test_an_ids_key_is_sha256_of_seed_colon_id():
    assert rank_key(42, "L00001") == hashlib.sha256(b"42:L00001").hexdigest()


def test_the_draw_is_the_ids_with_the_smallest_keys_in_key_order():
    expected = sorted(IDS, key=lambda i: hashlib.sha256(f"7:{i}".encode()).hexdigest())[:20]
    assert draw(IDS, 20, 7) == expected


def test_the_same_seed_draws_the_same_sample_whatever_the_order_of_the_rows():
    assert draw(IDS, 25, 2024) == draw(list(reversed(IDS)), 25, 2024)
    assert draw(IDS, 25, 2024) != draw(IDS, 25, 2025)


def test_a_larger_sample_from_the_same_seed_extends_the_smaller_one():
    assert draw(IDS, 30, 5)[:10] == draw(IDS, 10, 5)


@pytest.mark.parametrize("seed", [-1, SEED_MAX + 1, "x"])
def test_a_seed_outside_0_to_the_maximum_is_refused(seed):
    with pytest.raises(InvalidInput) as caught:
        seed_value(seed)
    assert caught.value.field == "--seed"


def test_a_seed_may_be_given_as_text():
    assert seed_value("20250301") == 20250301
    assert seed_value(SEED_MAX) == SEED_MAX
