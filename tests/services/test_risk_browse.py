"""Browsing a board-year: which risks a filter keeps, in which order, counted alike by every
read (`page_assessments`, `order_assessments`, `count_assessments`)."""

from __future__ import annotations

import pytest

from riskctl.errors import InvalidInput
from riskctl.services.orgs import add_org
from riskctl.services.risk_browse import (
    AssessmentFilter,
    assessments_by_id,
    count_assessments,
    order_assessments,
    page_assessments,
)
from riskctl.services.risks import add_risk

# title, probability, significance, handling, owner, description
RISKS = [
    ("Felaktiga löneutbetalningar", 3, 3, "control", "Lönechef", ""),
    ("Jäv vid upphandling", 4, 4, "control", "Upphandlingschef", ""),
    ("Bristande introduktion", 2, 2, "action", None, "Nyanställda får ingen löneinformation"),
    ("Avbrott i IT-drift", 2, 4, "accept", "IT-chef", ""),
    ("Otydlig delegation", 1, 3, "action", None, ""),
]


@pytest.fixture
def analysis(write):
    with write() as session:
        add_org(session=session, name="Kommunstyrelsen", code="KS")
        add_org(session=session, name="Socialnämnden", code="SN")
        for title, p, s, how, owner, description in RISKS:
            add_risk(
                session=session,
                org="KS",
                year=2025,
                title=title,
                probability=p,
                significance=s,
                handling=how,
                owner=owner,
                description=description,
            )
        add_risk(session=session, org="SN", year=2025, title="Jäv", probability=4, significance=4)


def _titles(read, **kwargs) -> list[str]:
    with read() as session:
        return [a.title for a in page_assessments(session=session, org="KS", year=2025, **kwargs)]


def test_the_default_order_is_the_analysis_own_highest_value_first(analysis, read):
    assert _titles(read) == [
        "Jäv vid upphandling",
        "Felaktiga löneutbetalningar",
        "Avbrott i IT-drift",
        "Bristande introduktion",
        "Otydlig delegation",
    ]
    assert _titles(read, descending=False)[0] == "Otydlig delegation"


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (
            AssessmentFilter(search="löne"),
            ["Felaktiga löneutbetalningar", "Bristande introduktion"],
        ),
        (AssessmentFilter(band="Very High"), ["Jäv vid upphandling"]),
        (AssessmentFilter(band="high"), ["Felaktiga löneutbetalningar", "Avbrott i IT-drift"]),
        (AssessmentFilter(owner=""), ["Bristande introduktion", "Otydlig delegation"]),
        (AssessmentFilter(owner="IT-chef"), ["Avbrott i IT-drift"]),
        (AssessmentFilter(handling="Control", probability=4), ["Jäv vid upphandling"]),
        (AssessmentFilter(significance=3, owner=""), ["Otydlig delegation"]),
        (AssessmentFilter(search="jäv", band="low"), []),
    ],
)
def test_filters_keep_the_matching_risks_of_the_board_only(analysis, read, where, expected):
    assert _titles(read, where=where) == expected
    with read() as session:
        assert count_assessments(session=session, org="KS", year=2025, where=where) == len(expected)


def test_a_band_the_board_does_not_have_is_refused_with_its_bands(analysis, read):
    with pytest.raises(InvalidInput) as error, read() as session:
        page_assessments(session=session, org="KS", year=2025, where=AssessmentFilter(band="röd"))
    assert error.value.field == "band"
    assert error.value.allowed == "use one of low, medium, high, very high"


def test_sorting_by_a_column_keeps_the_analysis_order_among_equal_keys(analysis, read):
    assert _titles(read, sort="title") == sorted(t for t, *_ in RISKS)
    assert _titles(read, sort="handling") == [
        "Avbrott i IT-drift",
        "Bristande introduktion",
        "Otydlig delegation",
        "Jäv vid upphandling",
        "Felaktiga löneutbetalningar",
    ]
    assert _titles(read, sort="owner")[-2:] == ["Bristande introduktion", "Otydlig delegation"]
    with pytest.raises(InvalidInput) as error, read() as session:
        page_assessments(session=session, org="KS", year=2025, sort="colour")
    assert error.value.field == "sort"


def test_pages_follow_each_other(analysis, read):
    pages = [_titles(read, offset=n, limit=2) for n in (0, 2, 4, 6)]
    assert [t for page in pages for t in page] == _titles(read)
    assert pages[-1] == []


@pytest.mark.parametrize("sort", ["value", "id", "handling", "probability", "band"])
def test_a_filter_that_keeps_few_is_put_in_order_at_once_as_pages_would(analysis, read, sort):
    where = AssessmentFilter(handling="action")
    with read() as session:
        order = order_assessments(session=session, org="KS", year=2025, where=where, sort=sort)
        assert order.total == 2 and order.ids is not None
        views = assessments_by_id(session=session, org="KS", ids=list(order.ids))
        # Another board's ids are not this board's risks.
        assert assessments_by_id(session=session, org="SN", ids=list(order.ids)) == []
    assert [a.title for a in views] == _titles(read, where=where, sort=sort)


def test_a_filter_that_keeps_many_is_only_counted(analysis, read):
    where = AssessmentFilter(search="ing")  # two titles and one description
    with read() as session:
        order = order_assessments(session=session, org="KS", year=2025, where=where, whole=2)
        counted = count_assessments(session=session, org="KS", year=2025, where=where)
    assert (order.total, order.ids) == (3, None)
    assert counted == 3
