"""The paged, filtered and sorted reads that the risk table is built on (services.risks)."""

from __future__ import annotations

import pytest

from riskctl.errors import InvalidInput
from riskctl.services.risk_browse import (
    SORT_KEYS,
    AssessmentFilter,
    assessments_by_id,
    count_assessments,
    order_assessments,
    page_assessments,
)
from riskctl.services.risks import analysis_years, assessment_owners, list_assessments


def _all_pages(session, size: int, **kwargs):
    out, offset = [], 0
    while True:
        page = page_assessments(
            session=session, org="KS", year=2025, offset=offset, limit=size, **kwargs
        )
        if not page:
            return out
        out.extend(page)
        offset += size


def test_pages_follow_the_analysis_order_and_owners_and_years(examples_store, read):
    with read() as session:
        whole = [a.id for a in list_assessments(session=session, year=2025, org="KS")]
        paged = [a.id for a in _all_pages(session, 7)]
        assert count_assessments(session=session, org="KS", year=2025) == 33
    assert paged == whole
    with read() as session:
        assert assessment_owners(session=session, org="KS", year=2025) == [
            "Biträdande kommundirektör",
            "Ekonomichef",
            "IT-chef",
        ]
        assert analysis_years(session=session, org="KS") == [2023, 2024, 2025]


SORTS = [
    ("title", False, "Anställdas missbruk upptäcks inte"),
    ("title", True, "Välfärdsbrottslighet"),
    ("value", False, "Bristande introduktion för nyanställda"),
    ("owner", False, "Energibrist/effektbrist"),
    ("id", False, "Avsaknad av redundant IT-infrastruktur"),
]


def test_any_column_sorts_pages_agree_and_filters_combine(examples_store, read):
    with read() as session:
        for sort, descending, first in SORTS:
            one = page_assessments(
                session=session, org="KS", year=2025, sort=sort, descending=descending, limit=100
            )
            paged = _all_pages(session, 5, sort=sort, descending=descending)
            assert [a.id for a in paged] == [a.id for a in one], sort
            assert one[0].title.startswith(first), sort
            if sort == "owner":
                # Risks without an owner come last.
                assert one[-1].owner is None and one[0].owner is not None

        def titles(**where):
            f = AssessmentFilter(**where)
            found = page_assessments(session=session, org="KS", year=2025, where=f)
            assert count_assessments(session=session, org="KS", year=2025, where=f) == len(found)
            return [a.title for a in found]

        assert titles(search="LÖNE") == ["Felaktiga löneutbetalningar"]
        assert titles(search="välfärd") == ["Välfärdsbrottslighet"]
        assert titles(search="100%") == []
        assert titles(band="very high") == ["Välfärdsbrottslighet"]
        assert len(titles(handling="control")) == 7
        assert titles(owner="IT-chef") == ["Avsaknad av helhetstänk vid införskaffande av system"]
        assert len(titles(owner="")) == 26
        assert titles(probability=2, significance=4) == ["Energibrist/effektbrist", "Cyberhot"]
        assert titles(handling="control", probability=3, significance=2, owner="Ekonomichef") == [
            "Bristande service mot förvaltningar och företag i upphandlingsfrågor",
            "Ramavtal följs inte",
        ]
        with pytest.raises(InvalidInput, match="band: 'purple'"):
            titles(band="purple")
        with pytest.raises(InvalidInput, match="sort"):
            page_assessments(session=session, org="KS", year=2025, sort="colour")


FILTERS = [
    AssessmentFilter(),
    AssessmentFilter(search="e"),
    AssessmentFilter(search="LÖNE"),
    AssessmentFilter(search="zzz"),
    AssessmentFilter(handling="action"),
    AssessmentFilter(owner=""),
    AssessmentFilter(search="a", probability=3, significance=2),
]


def test_the_whole_order_of_a_filter_is_the_order_of_its_pages(examples_store, read, write):
    """The table reads a filtered board-year by id from `order_assessments` when few risks
    pass, and page by page otherwise: either way, the same risks in the same order."""
    from riskctl.services.orgs import add_org

    with write() as session:
        add_org(session=session, name="Socialnämnden", code="SN")
    with read() as session:
        for where in FILTERS:
            for sort in SORT_KEYS:
                for descending in (False, True):
                    kwargs = {"where": where, "sort": sort, "descending": descending}
                    paged = [a.id for a in _all_pages(session, 7, **kwargs)]
                    for whole in (0, 5, 2_000):
                        order = order_assessments(
                            session=session, org="KS", year=2025, whole=whole, **kwargs
                        )
                        assert order.total == len(paged), (where, sort, whole)
                        if order.ids is None:
                            # Only the count: too many, unfiltered, or the store's collation.
                            assert (
                                len(paged) > whole
                                or where == AssessmentFilter()
                                or sort in ("title", "owner")
                            )
                            continue
                        views = assessments_by_id(session=session, org="KS", ids=[*order.ids])
                        assert [a.id for a in views] == paged, (where, sort, descending)
        # A search that keeps few risks comes whole, in the analysis' order.
        few = order_assessments(
            session=session, org="KS", year=2025, where=AssessmentFilter(search="e")
        )
        assert few.ids is not None and len(few.ids) == few.total > 1
        # Another board's assessments are not read through this one.
        assert assessments_by_id(session=session, org="SN", ids=[*few.ids]) == []
