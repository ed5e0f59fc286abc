"""Browsing a board-year's analysis a page at a time (the terminal UI's risk table): filter
(`AssessmentFilter`), count, order and read pages, fast on a board-year of 100,000 risks.

`order_assessments` counts what passes a filter and, when few pass, puts them in order at
once (read by id with `assessments_by_id`); else `page_assessments` reads a page at a time.
Both build on `_browse_query`, the ids that pass a filter, joined only to what it needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, literal_column
from sqlmodel import Session, col, select

from riskctl.errors import InvalidInput
from riskctl.i18n import _
from riskctl.models import Assessment, Org, Owner, Risk
from riskctl.services import validate
from riskctl.services.orgs import org_label, resolve_org, scale_of
from riskctl.services.risks import AssessmentView
from riskctl.services.text_search import risks_containing
from riskctl.vocabulary import band_key

SORT_KEYS = ("value", "id", "title", "probability", "significance", "band", "handling", "owner")


@dataclass(frozen=True)
class AssessmentFilter:
    """Which of a board-year's risks to show; the filters given are combined with AND."""

    search: str = ""
    """Part of the title or description, in any case."""
    band: str | None = None
    """A band key as in `AssessmentView.band`, e.g. "very high"."""
    handling: str | None = None
    owner: str | None = None
    """An owner role by name; "" for the risks that have no owner."""
    probability: int | None = None
    significance: int | None = None


def _browse_query(
    session: Session,
    org: Org,
    year: int,
    where: AssessmentFilter,
    sort: str = "value",
    *,
    whole_pass: bool = True,
) -> tuple[Any, bool]:
    """The ids of the board-year's assessments that pass `where`, in no particular order, and
    whether the search goes through the text index (its matches are then cheap to count).

    Only the ids, joined only to the tables that the filter or `sort` needs: narrow rows and
    no lookups to spare are what keep a board-year of 100,000 risks fast. The text index
    serves a query that reads the whole board-year (`whole_pass`); a page read in the
    analysis' order stops at its last row, and reads fewer rows than the index has matches.
    """
    query = select(Assessment.id).where(Assessment.org_id == org.id, Assessment.year == year)
    term = (where.search or "").strip()
    found, on_risks = (None, False)
    if term:
        assert org.id is not None
        found, on_risks = risks_containing(session, org.id, year, term, indexed=whole_pass)
    if on_risks or sort == "title":
        query = query.join(Risk, col(Risk.id) == Assessment.risk_id)
    if where.owner or sort == "owner":
        query = query.join(Owner, col(Owner.id) == Assessment.owner_id, isouter=True)
    if found is not None:
        query = query.where(found)
    query = _filtered(query, session, org, where)
    return query, found is not None and not on_risks


def _filtered(query: Any, session: Session, org: Org, where: AssessmentFilter) -> Any:
    """`query` with the conditions of `where` other than its search, each value checked."""
    value = col(Assessment.probability) * col(Assessment.significance)
    if where.band:
        low, high = _band_range(session, org, where.band)
        query = query.where(value >= low, value <= high)
    if where.handling:
        query = query.where(Assessment.handling == validate.handling(where.handling))
    if where.owner is not None:
        if where.owner == "":
            query = query.where(col(Assessment.owner_id).is_(None))
        else:
            query = query.where(Owner.name == where.owner)
    if where.probability is not None:
        query = query.where(
            Assessment.probability == validate.integer(where.probability, "probability")
        )
    if where.significance is not None:
        query = query.where(
            Assessment.significance == validate.integer(where.significance, "significance")
        )
    return query


def _band_range(session: Session, org: Org, band: str) -> tuple[int, int]:
    """The risk values of the board's band `band` (its key, any case), or a refusal that
    names the board's bands."""
    assert org.id is not None
    bands = scale_of(session=session, org_id=org.id).bands
    hits = [b for b in bands if band_key(b) == band.lower()]
    if not hits:
        keys = ", ".join(band_key(b) for b in bands)
        raise InvalidInput("band", band, _("use one of {choices}").format(choices=keys))
    return hits[0].min_value, hits[0].max_value


def _sort_args(sort: str, descending: bool | None) -> tuple[str, bool]:
    sort = validate.choice(sort, "sort", SORT_KEYS)
    return sort, sort in ("value", "band") if descending is None else bool(descending)


def _order(sort: str, descending: bool) -> list[Any]:
    """The ORDER BY of `sort`; the analysis' own order breaks ties."""
    value = col(Assessment.probability) * col(Assessment.significance)
    natural = [value.desc(), col(Assessment.id).asc()]
    if sort in ("value", "band"):
        return natural if descending else [value.asc(), col(Assessment.id).desc()]
    key = {
        "id": col(Assessment.risk_id),
        "title": func.lower(col(Risk.title)),
        "probability": col(Assessment.probability),
        "significance": col(Assessment.significance),
        "handling": col(Assessment.handling),
        "owner": col(Owner.name),
    }[sort]
    first = key.desc() if descending else key.asc()
    return [first.nulls_last() if sort == "owner" else first, *natural]


def _in_order(query: Any, sort: str, descending: bool) -> Any:
    if sort in ("value", "band"):
        # The condition of the partial index ix_assessment_value_order (true of every
        # assessment): it lets the store read a page off that index, in order, instead of
        # sorting the whole board-year for every page. The 0 must be in the SQL itself: SQLite
        # does not match a bound parameter against the index's condition.
        query = query.where(col(Assessment.probability) > literal_column("0"))
    return query.order_by(*_order(sort, descending))


def count_assessments(
    *, session: Session, org: str, year: int, where: AssessmentFilter | None = None
) -> int:
    """How many of the board-year's risks pass the filter."""
    the_org = resolve_org(session=session, ref=org)
    query = _browse_query(session, the_org, validate.year(year), where or AssessmentFilter())[0]
    return int(session.exec(select(func.count()).select_from(query.subquery())).one())


WHOLE_ORDER = 2_000
"""A filter that keeps at most this many risks is put in order at once (`order_assessments`)."""


@dataclass(frozen=True)
class AssessmentOrder:
    """How many of a board-year's risks pass a filter, and, when they are few, which."""

    total: int
    ids: tuple[int, ...] | None = None
    """The assessments (their ids, not the risks') in order, when there are at most `whole`:
    read their rows with `assessments_by_id`. None: read pages with `page_assessments`."""


def order_assessments(
    *,
    session: Session,
    org: str,
    year: int,
    where: AssessmentFilter | None = None,
    sort: str = "value",
    descending: bool | None = None,
    whole: int = WHOLE_ORDER,
) -> AssessmentOrder:
    """Count the board-year's risks that pass the filter; when few, put them in order too.

    A filter is first read without order, and the read stops as soon as more than `whole`
    risks have passed. A filter that keeps few (a search as it is typed) so costs one pass
    over the board-year for its count and its whole order, and each page is then read by id.
    One that keeps many stops early, and is counted; so is a board-year with no filter (an
    index range) and an order by title or owner (the store's collation decides those). Read
    those with `page_assessments`, a page at a time (`sort` and `descending` as there).
    """
    sort, descending = _sort_args(sort, descending)
    whole = max(0, validate.integer(whole, "whole"))
    where = where or AssessmentFilter()
    the_org = resolve_org(session=session, ref=org)
    # The keys in Python are the assessment's own columns: no join for the order's sake.
    query, indexed = _browse_query(session, the_org, validate.year(year), where)
    keys = _sort_columns(sort)
    conn = session.connection()  # plain rows: thousands of them, no ORM objects needed
    if keys is None or indexed or where == AssessmentFilter():
        # An index range, or the text index's matches: counting is cheap, and no filter
        # usually means many risks.
        total = int(conn.execute(select(func.count()).select_from(query.subquery())).scalar_one())
        if keys is None or total > whole:
            return AssessmentOrder(total)
        rows = list(conn.execute(query.add_columns(*keys)).all())
    else:
        # In the order of the board-year's index (by risk): the read stops where it is, and
        # the count goes on from there, so that the board-year is read once.
        risk = col(Assessment.risk_id)
        first = query.add_columns(*keys, risk).order_by(risk).limit(whole + 1)
        rows = list(conn.execute(first).all())
        if len(rows) > whole:
            rest = query.where(risk > rows[-1][-1])
            more = conn.execute(select(func.count()).select_from(rest.subquery())).scalar_one()
            return AssessmentOrder(len(rows) + int(more))
        total = len(rows)
    # As `_order` has the store sort: the analysis' own order (risk value, highest first,
    # then id), and first by the key, if any (a stable sort keeps the rest within it).
    rows.sort(key=lambda r: (-r[1], r[0]), reverse=sort in ("value", "band") and not descending)
    if sort not in ("value", "band"):
        rows.sort(key=lambda r: r[2], reverse=descending)
    return AssessmentOrder(total, tuple(r[0] for r in rows))


def _sort_columns(sort: str) -> list[Any] | None:
    """The risk value and `sort`'s key, when Python orders them as the store does (numbers,
    and handlings, which are ASCII words); None for titles and owner names."""
    value = col(Assessment.probability) * col(Assessment.significance)
    key = {
        "value": None,
        "band": None,
        "id": col(Assessment.risk_id),
        "probability": col(Assessment.probability),
        "significance": col(Assessment.significance),
        "handling": col(Assessment.handling),
    }
    if sort not in key:
        return None
    found = key[sort]
    return [value] if found is None else [value, found]


def page_assessments(
    *,
    session: Session,
    org: str,
    year: int,
    where: AssessmentFilter | None = None,
    sort: str = "value",
    descending: bool | None = None,
    offset: int = 0,
    limit: int = 100,
) -> list[AssessmentView]:
    """One page of a board-year's analysis, filtered and sorted, for scrolling through.

    The default order is the analysis' own (highest risk value first, ties in the order
    entered); another sort key keeps that order among equal keys. `descending` defaults to
    True for the risk value and band, False for the rest.
    """
    sort, descending = _sort_args(sort, descending)
    offset = max(0, validate.integer(offset, "offset"))
    limit = min(max(1, validate.integer(limit, "limit")), 10_000)
    the_org = resolve_org(session=session, ref=org)
    year = validate.year(year)
    where = where or AssessmentFilter()
    query = _browse_query(session, the_org, year, where, sort, whole_pass=False)[0]
    ids = list(session.exec(_in_order(query, sort, descending).offset(offset).limit(limit)).all())
    return _views(session, the_org, ids)


def assessments_by_id(*, session: Session, org: str, ids: list[int]) -> list[AssessmentView]:
    """The board's assessments `ids` (as from `order_assessments`), in that order; any that
    are gone, or are another board's, are left out."""
    return _views(session, resolve_org(session=session, ref=org), list(ids))


def _views(session: Session, org: Org, ids: list[int]) -> list[AssessmentView]:
    if not ids:
        return []
    assert org.id is not None
    scale = scale_of(session=session, org_id=org.id)
    label = org_label(org)
    # Plain columns, not ORM objects: a page is read for every screen scrolled. The rows by
    # their primary key alone (a condition on the board would have SQLite scan its index).
    found = session.exec(
        select(  # type: ignore[call-overload]
            Assessment.id,
            Assessment.org_id,
            Risk.id,
            Assessment.year,
            Risk.title,
            Risk.description,
            Assessment.probability,
            Assessment.significance,
            Assessment.handling,
            Assessment.note,
            Owner.name,
            Assessment.version,
        )
        .join(Risk, col(Risk.id) == Assessment.risk_id)
        .join(Owner, col(Owner.id) == Assessment.owner_id, isouter=True)
        .where(col(Assessment.id).in_(ids))
    ).all()
    rows = {row[0]: row for row in found if row[1] == org.id}
    views = []
    for i in ids:
        if i not in rows:
            continue
        _id, _org, risk_id, year, title, description, p, s, handling, note, owner, version = rows[i]
        views.append(
            AssessmentView(
                id=risk_id,
                org=label,
                year=year,
                title=title,
                description=description,
                probability=p,
                significance=s,
                value=p * s,
                band=scale.band_key(p * s),
                handling=handling,
                note=note,
                owner=owner,
                version=version,
            )
        )
    return views
