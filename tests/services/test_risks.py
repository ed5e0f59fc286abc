"""The register and a year's analysis: what `add_risk`, `edit_risk` and `remove_risk` store,
and what they refuse (the field named, nothing stored)."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from riskctl.errors import Conflict, InvalidInput, Locked, NotFound
from riskctl.models import Plan, PlanItem
from riskctl.services.orgs import add_org
from riskctl.services.risks import (
    add_risk,
    edit_risk,
    get_assessment,
    list_assessments,
    remove_risk,
    show_risk,
)


@pytest.fixture
def board(write):
    """An empty board KS with the default 4×4 scale."""
    with write() as session:
        add_org(session=session, name="Kommunstyrelsen", code="KS")
    return "KS"


def _add(write, title: str, p: int = 2, s: int = 3, year: int = 2025, **more):
    with write() as session:
        return add_risk(
            session=session, org="KS", year=year, title=title, probability=p, significance=s, **more
        )


def test_a_risk_is_stored_with_its_value_band_and_owner(board, write, read):
    added = _add(write, " Felaktiga utbetalningar ", 2, 3, owner="Ekonomichef", note="Stickprov")
    assert (added.title, added.value, added.band) == ("Felaktiga utbetalningar", 6, "medium")
    assert (added.handling, added.owner, added.note) == ("action", "Ekonomichef", "Stickprov")
    with read() as session:
        stored = get_assessment(session=session, risk_id=added.id, year=2025)
    assert stored == added


@pytest.mark.parametrize(
    ("given", "field", "allowed"),
    [
        ({"probability": 5}, "probability", "use 1–4 (1 Osannolik"),
        ({"significance": 0}, "significance", "use 1–4"),
        ({"probability": "hög"}, "probability", "use a whole number"),
        ({"handling": "maybe"}, "handling", "use one of control, action, accept"),
        ({"title": "  "}, "title", "it must not be empty"),
        ({"year": 1800}, "year", "use a year from 1900 to 2200"),
        ({"note": "rad\x1b[31m"}, "note", "it must not contain control characters"),
        ({"owner": "o" * 121}, "owner", "use at most 120 characters"),
    ],
)
def test_a_risk_with_a_bad_value_is_refused_naming_the_field_and_nothing_is_stored(
    board, write, store_state, given, field, allowed
):
    before = store_state()
    values = {"title": "Bristande kontroll", "probability": 2, "significance": 2, **given}
    with pytest.raises(InvalidInput) as error, write() as session:
        add_risk(session=session, org="KS", year=values.pop("year", 2025), **values)
    assert error.value.field == field
    assert error.value.allowed.startswith(allowed)
    assert store_state() == before


def test_a_title_the_register_knows_adds_that_risk_s_year_and_only_once(board, write, read):
    first = _add(write, "Jäv vid upphandling", year=2024)
    again = _add(write, "Jäv vid upphandling", 4, 4, year=2025)
    assert again.id == first.id
    with pytest.raises(InvalidInput) as error, write() as session:
        add_risk(
            session=session,
            org="KS",
            year=2025,
            title="Jäv vid upphandling",
            probability=1,
            significance=1,
        )
    assert error.value.allowed.startswith(f"risk {first.id} has it already in 2025")
    with read() as session:
        years = show_risk(session=session, risk_id=first.id).years
    assert [(a.year, a.value) for a in years] == [(2024, 6), (2025, 16)]


def test_an_edit_is_stored_and_moves_the_version_on(board, write, read):
    risk = _add(write, "Otydlig delegation")
    with write() as session:
        edited = edit_risk(
            session=session,
            risk_id=risk.id,
            year=2025,
            changes={"probability": 4, "handling": "control", "owner": "Kanslichef"},
            if_version=risk.version,
        )
    assert (edited.value, edited.band, edited.handling) == (12, "very high", "control")
    # Past the version read (by two here: creating the new owner flushes the edit half-way).
    assert edited.version > risk.version
    with read() as session:
        assert get_assessment(session=session, risk_id=risk.id, year=2025).owner == "Kanslichef"


def test_an_edit_of_a_stale_version_is_a_conflict_and_writes_nothing(board, write, store_state):
    risk = _add(write, "Otydlig delegation")
    with write() as session:
        edit_risk(session=session, risk_id=risk.id, year=2025, changes={"note": "Ny"})
    before = store_state()
    with pytest.raises(Conflict) as error, write() as session:
        edit_risk(
            session=session,
            risk_id=risk.id,
            year=2025,
            changes={"note": "Min ändring"},
            if_version=risk.version,
        )
    assert error.value.exit_code == 3
    assert f"is at version {risk.version + 1}, not {risk.version}" in error.value.message
    assert store_state() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"colour": "red"}, "field"),
        ({"significance": 7}, "significance"),
        ({"title": "Den andra risken"}, "title"),
        ({"title": ""}, "title"),
    ],
)
def test_a_bad_edit_is_refused_naming_the_field_and_nothing_is_stored(
    board, write, store_state, changes, field
):
    risk = _add(write, "Den första risken")
    _add(write, "Den andra risken")
    before = store_state()
    with pytest.raises(InvalidInput) as error, write() as session:
        edit_risk(session=session, risk_id=risk.id, year=2025, changes=changes)
    assert error.value.field == field
    assert store_state() == before


def test_removing_a_risk_s_last_year_removes_it_from_the_register(board, write, read):
    kept = _add(write, "Två år", year=2024)
    _add(write, "Två år", year=2025)
    gone = _add(write, "Ett år")
    with write() as session:
        remove_risk(session=session, risk_id=kept.id, year=2025)
        remove_risk(session=session, risk_id=gone.id, year=2025)
    with read() as session:
        assert [a.year for a in show_risk(session=session, risk_id=kept.id).years] == [2024]
        with pytest.raises(NotFound) as error:
            show_risk(session=session, risk_id=gone.id)
    assert error.value.field == "risk id"


def test_a_risk_of_an_adopted_plan_is_locked_in_that_year(examples_store, write, store_state):
    with write() as session:
        risk_id = session.exec(
            select(PlanItem.risk_id)
            .join(Plan, col(Plan.id) == PlanItem.plan_id)
            .where(Plan.year == 2024, Plan.status == "adopted", col(PlanItem.removed).is_(False))
        ).first()
    before = store_state()
    for change in (
        lambda s: edit_risk(session=s, risk_id=risk_id, year=2024, changes={"note": "Ändrad"}),
        lambda s: remove_risk(session=s, risk_id=risk_id, year=2024),
    ):
        with pytest.raises(Locked) as error, write() as session:
            change(session)
        assert f"risk {risk_id} is in the 2024 internal control plan" in error.value.message
        assert "reopen the plan first" in error.value.message
    assert store_state() == before


def test_the_analysis_lists_the_highest_value_first_and_filters(board, write, read):
    for title, p, s in [("Låg", 1, 2), ("Hög", 4, 4), ("Medel", 2, 3), ("Också medel", 3, 2)]:
        _add(write, title, p, s, handling="control" if title == "Medel" else "action")
    with read() as session:
        every = list_assessments(session=session, year=2025, org="KS")
        high = list_assessments(session=session, year=2025, org="KS", min_value=6)
        controlled = list_assessments(session=session, year=2025, handling="control")
    assert [a.title for a in every] == ["Hög", "Medel", "Också medel", "Låg"]
    assert [a.title for a in high] == ["Hög", "Medel", "Också medel"]
    assert [a.title for a in controlled] == ["Medel"]
