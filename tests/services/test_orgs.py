"""Boards: adding one, and what `set_org` allows (a name, a code, a threshold, a scale that
keeps every score given, bands that cover every risk value)."""

from __future__ import annotations

import pytest

from riskctl.errors import InvalidInput, NotFound
from riskctl.scales import BandSpec, ScaleSet, default_scale
from riskctl.services.orgs import add_org, list_orgs, resolve_org, scale_of, set_org
from riskctl.services.risks import add_risk


@pytest.fixture
def boards(write):
    with write() as session:
        add_org(session=session, name="Kommunstyrelsen", code="KS")
        add_org(session=session, name="Socialnämnden", code="SN")


def _refused(write, call) -> InvalidInput:
    with pytest.raises(InvalidInput) as error, write() as session:
        call(session)
    return error.value


def test_a_new_board_gets_the_default_scale_and_threshold(write, read):
    with write() as session:
        add_org(session=session, name=" Kultur- och fritidsnämnden ", code="KFN")
    with read() as session:
        board = resolve_org(session=session, ref="kfn")
        scale = scale_of(session=session, org_id=board.id)
        assert (board.name, board.threshold) == ("Kultur- och fritidsnämnden", 8)
        assert [lv.label for lv in scale.probability] == [
            "Osannolik",
            "Mindre sannolik",
            "Möjlig",
            "Sannolik",
        ]
        assert [b.label for b in scale.bands] == ["Låg", "Medel", "Hög", "Mycket hög"]


@pytest.mark.parametrize(
    ("name", "code", "field", "allowed"),
    [
        ("Kommunstyrelsen", "KS2", "name", "a board with that name exists already"),
        ("Ny nämnd", "ks", "code", "a board with that code exists already"),
        ("Ny nämnd", "All", "code", "'all' stands for every board; choose another code"),
        ("Ny nämnd", "K S", "code", "use letters, digits, - and _ only"),
        ("", "NY", "name", "it must not be empty"),
    ],
)
def test_a_board_that_clashes_or_has_a_bad_code_is_refused_and_nothing_is_stored(
    boards, write, store_state, name, code, field, allowed
):
    before = store_state()
    refused = _refused(write, lambda s: add_org(session=s, name=name, code=code))
    assert (refused.field, refused.allowed) == (field, allowed)
    assert store_state() == before


def test_a_board_is_found_by_its_code_in_any_case_or_its_exact_name(boards, read):
    with read() as session:
        assert resolve_org(session=session, ref=" sn ").name == "Socialnämnden"
        assert resolve_org(session=session, ref="Kommunstyrelsen").code == "KS"
        with pytest.raises(NotFound) as error:
            resolve_org(session=session, ref="BUN")
    assert error.value.allowed == "known boards: KS, SN (add one with `riskctl org add`)"


def test_a_board_is_renamed_and_given_another_code(boards, write, read):
    with write() as session:
        set_org(session=session, org="KS", name="Kommunstyrelsen i Alingsås", code="KSA")
    with read() as session:
        assert [(o.name, o.code) for o in list_orgs(session=session)] == [
            ("Kommunstyrelsen i Alingsås", "KSA"),
            ("Socialnämnden", "SN"),
        ]


@pytest.mark.parametrize(
    ("changes", "field", "allowed"),
    [
        ({"code": " "}, "--code", "it must not be empty"),
        ({"code": "SN"}, "code", "a board with that code exists already"),
        ({"name": "Socialnämnden"}, "name", "a board with that name exists already"),
        ({"threshold": 17}, "threshold", "use a risk value of the board's scale, 1–16"),
        ({"threshold": "hög"}, "threshold", "use a whole number"),
    ],
)
def test_a_change_the_rules_forbid_is_refused_and_nothing_is_stored(
    boards, write, store_state, changes, field, allowed
):
    before = store_state()
    refused = _refused(write, lambda s: set_org(session=s, org="KS", **changes))
    assert (refused.field, refused.allowed) == (field, allowed)
    assert store_state() == before


def test_a_threshold_is_checked_against_the_new_scale_given_with_it(boards, write, read):
    with write() as session:
        set_org(session=session, org="KS", scale=default_scale(5), threshold=25)
    with read() as session:
        board = resolve_org(session=session, ref="KS")
        assert board.threshold == 25
        assert len(scale_of(session=session, org_id=board.id).probability) == 5


def test_a_smaller_scale_that_would_lose_scores_is_refused(boards, write, store_state):
    with write() as session:
        add_risk(session=session, org="KS", year=2025, title="Jäv", probability=4, significance=2)
    four = default_scale(4)
    three = ScaleSet(
        four.probability[:3], four.significance[:3], (BandSpec(1, 9, "Alla", "All", "#00aa00"),)
    )
    before = store_state()
    refused = _refused(write, lambda s: set_org(session=s, org="KS", scale=three))
    assert (refused.field, refused.value) == ("--scale", "3×3")
    assert refused.allowed == "the board has scores up to 4×2; a smaller scale would lose them"
    assert store_state() == before


def test_bands_alone_replace_the_bands_and_keep_the_levels(boards, write, read):
    bands = (
        BandSpec(1, 6, "Grön", "Green", "#00aa00"),
        BandSpec(7, 16, "Röd", "Red", "#cc0000"),
    )
    with write() as session:
        set_org(session=session, org="KS", scale=ScaleSet((), (), bands))
    with read() as session:
        scale = scale_of(session=session, org_id=resolve_org(session=session, ref="KS").id)
        assert [(b.min_value, b.max_value, b.label) for b in scale.bands] == [
            (1, 6, "Grön"),
            (7, 16, "Röd"),
        ]
        assert scale.band_key(8) == "red"
        assert len(scale.probability) == len(scale.significance) == 4


def test_bands_that_leave_a_risk_value_out_are_refused(boards, write, store_state):
    before = store_state()
    gap = ScaleSet((), (), (BandSpec(1, 6, "Grön", "Green", "#00aa00"),))
    refused = _refused(write, lambda s: set_org(session=s, org="KS", scale=gap))
    assert refused.allowed == "every risk value must fall in exactly one band"
    assert store_state() == before
