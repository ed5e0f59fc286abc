"""Samples in the store: drawn for an adopted plan's item, replaced as revisions, verified
against their population, and concluded."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from riskctl.errors import InvalidInput, PopulationChanged, RiskctlError
from riskctl.models import Sample
from riskctl.services.sampling.draw import ALGORITHM, draw
from riskctl.services.sampling.population import read_population
from riskctl.services.sampling.store import (
    draw_sample,
    record_result,
    show_samples,
    verify_sample,
)

from .conftest import payroll


def _draw(write, item: int, path: Path, seed: int = 11, **kw):  # type: ignore[no-untyped-def]
    with write() as session:
        return draw_sample(
            session=session,
            item_id=item,
            population=read_population(path, "Verifikation"),
            size=kw.pop("size", 20),
            seed=seed,
            **kw,
        )


def test_a_draw_is_stored_with_what_reproduces_it(item, write, read, population):
    view = _draw(write, item, population, seed=2024)
    assert (view.item, view.period, view.revision, view.current) == (item, "annual", 1, True)
    assert (view.algorithm, view.seed, view.size, view.population_size) == (
        ALGORITHM,
        2024,
        20,
        300,
    )
    ids = read_population(population, "Verifikation").ids
    assert view.ids == draw(ids, 20, 2024)
    with read() as session:
        stored = session.exec(select(Sample)).one()
        assert stored.population_file == "loner-2024.csv" and stored.id_column == "Verifikation"


def test_a_sample_larger_than_the_population_is_refused(item, write, population, store_state):
    before = store_state()
    with pytest.raises(InvalidInput) as caught:
        _draw(write, item, population, size=301)
    assert caught.value.allowed == "use 1 to 300, the number of ids in loner-2024.csv"
    assert store_state() == before


def test_drawing_again_needs_replace_and_keeps_the_first_as_history(item, write, read, population):
    _draw(write, item, population, seed=1)
    with pytest.raises(InvalidInput, match="give --replace to draw a new one"):
        _draw(write, item, population, seed=2)
    second = _draw(write, item, population, seed=2, replace=True)
    assert (second.revision, second.current) == (2, True)
    with read() as session:
        history = show_samples(session=session, item_id=item, history=True)
        current = show_samples(session=session, item_id=item)
    assert [(s.revision, s.current, s.seed) for s in history] == [(2, True, 2), (1, False, 1)]
    assert [s.revision for s in current] == [2]
    # Another period is a sample of its own.
    assert _draw(write, item, population, period="interim").revision == 1


def test_verify_redraws_the_same_ids_from_the_same_file(item, write, read, population):
    drawn = _draw(write, item, population, seed=99)
    with read() as session:
        verified = verify_sample(session=session, item_id=item, path=population)
    assert verified.ids_match and verified.as_dict()["ok"] is True
    assert (verified.seed, verified.size, verified.population_sha256) == (
        99,
        20,
        drawn.population_sha256,
    )


def test_a_changed_population_is_refused_saying_whether_the_draw_still_holds(
    item, write, read, population, tmp_path
):
    drawn = _draw(write, item, population, seed=5)
    smaller = payroll(tmp_path / "loner-2024.csv", n=299)  # one payment less, same name
    with read() as session, pytest.raises(PopulationChanged) as caught:
        verify_sample(session=session, item_id=item, path=smaller)
    assert caught.value.exit_code == 2
    message = caught.value.message
    assert message.startswith("the population has changed: loner-2024.csv now has SHA-256 ")
    assert drawn.population_sha256[:12] in message
    assert message.endswith(
        "the same ids would still be drawn from it"
        if "L00300" not in drawn.ids
        else "a different sample would be drawn from it"
    )


def test_a_stored_sample_that_no_longer_reproduces_is_reported(item, write, read, population):
    _draw(write, item, population, seed=5)
    with write() as session:
        row = session.exec(select(Sample)).one()
        row.seed = 6
        session.add(row)
    with read() as session, pytest.raises(RiskctlError, match="may have been altered"):
        verify_sample(session=session, item_id=item, path=population)


def test_a_result_gives_the_rate_the_bound_and_the_suggestion(item, write, population):
    _draw(write, item, population, size=50)
    with write() as session:
        view = record_result(
            session=session, item_id=item, errors=2, tolerable_rate="5%", confidence="0.95"
        )
    assert (view.errors, view.error_rate, view.tolerable_rate) == (2, 0.04, 0.05)
    assert view.upper_bound == pytest.approx(0.1206, abs=1e-4)
    assert view.suggested_assessment == "near"  # the rate is below 5 %, the bound not
    with write() as session, pytest.raises(InvalidInput) as caught:
        record_result(session=session, item_id=item, errors=51)
    assert caught.value.allowed == "use 0 to 50, the sample's size"
