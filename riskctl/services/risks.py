"""The register and each year's analysis: add, list, show, edit and remove assessments."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, literal_column
from sqlmodel import Session, col, select

from riskctl.errors import InvalidInput, Locked, NotFound
from riskctl.i18n import _
from riskctl.models import Assessment, Org, Owner, Plan, PlanItem, Risk, pk, utcnow
from riskctl.services import validate
from riskctl.services.orgs import (
    OrgScale,
    org_label,
    owner_id,
    resolve_org,
    scale_of,
    scales_of,
)
from riskctl.services.plans import locks as plan_locks
from riskctl.services.plans.locks import adopted_text
from riskctl.services.text_search import risks_containing
from riskctl.services.versions import check_version
from riskctl.vocabulary import band_key, risk_value


@dataclass
class AssessmentView:
    """A risk as it stands in one year's analysis; `id` is the risk's stable id."""

    id: int
    org: str
    year: int
    title: str
    description: str
    probability: int
    significance: int
    value: int
    band: str
    handling: str
    note: str
    owner: str | None
    version: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RiskView:
    """A risk with its scores in every year, oldest first."""

    id: int
    org: str
    title: str
    description: str
    version: int
    years: list[AssessmentView] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "org": self.org,
            "title": self.title,
            "description": self.description,
            "version": self.version,
            "years": [a.as_dict() for a in self.years],
        }


def value_of(a: Assessment) -> int:
    return risk_value(a.probability, a.significance)


def view(a: Assessment, risk: Risk, org: Org, scale: OrgScale, owner: str | None) -> AssessmentView:
    assert risk.id is not None
    value = value_of(a)
    return AssessmentView(
        id=risk.id,
        org=org_label(org),
        year=a.year,
        title=risk.title,
        description=risk.description,
        probability=a.probability,
        significance=a.significance,
        value=value,
        band=scale.band_key(value),
        handling=a.handling,
        note=a.note,
        owner=owner,
        version=a.version,
    )


def _value_order() -> tuple[Any, Any]:
    """Highest risk value first; ties in the order they were entered."""
    return (
        (col(Assessment.probability) * col(Assessment.significance)).desc(),
        col(Assessment.id).asc(),
    )


def assessment_rows(
    *,
    year: int,
    org_id: int | None = None,
    min_value: int | None = None,
    handling: str | None = None,
) -> Any:
    """The query of a year's analysis as plain columns, highest risk value first (by board
    name first for every board): risk id, org id, probability, significance, handling, note,
    version, title, description, org code, org name and owner.

    Plain columns, not ORM objects: a national roll-up lists hundreds of thousands of rows,
    and the reports stream them (`yield_per`). `org_id=None` is every board.
    """
    query = (
        select(  # type: ignore[call-overload]
            Assessment.risk_id,
            Assessment.org_id,
            Assessment.probability,
            Assessment.significance,
            Assessment.handling,
            Assessment.note,
            Assessment.version,
            Risk.title,
            Risk.description,
            Org.code,
            Org.name,
            Owner.name,
        )
        .join(Risk, col(Risk.id) == Assessment.risk_id)
        .join(Org, col(Org.id) == Assessment.org_id)
        .join(Owner, col(Owner.id) == Assessment.owner_id, isouter=True)
        .where(Assessment.year == year)
    )
    if org_id is not None:
        query = query.where(Assessment.org_id == org_id)
    if min_value is not None:
        threshold = validate.integer(min_value, "min-value")
        query = query.where(col(Assessment.probability) * col(Assessment.significance) >= threshold)
    if handling is not None:
        query = query.where(Assessment.handling == validate.handling(handling))
    if org_id is None:
        return query.order_by(col(Org.name), *_value_order())
    return query.order_by(*_value_order())


def list_assessments(
    *,
    session: Session,
    year: int,
    org: str | None = None,
    min_value: int | None = None,
    handling: str | None = None,
) -> list[AssessmentView]:
    year = validate.year(year)
    org_id = None if org is None else resolve_org(session=session, ref=org).id
    query = assessment_rows(year=year, org_id=org_id, min_value=min_value, handling=handling)
    rows = session.exec(query).all()
    bands = {
        oid: {v: scale.band_key(v) for v in scale.values()}
        for oid, scale in scales_of(session=session, org_ids=[r[1] for r in rows]).items()
    }
    return [
        AssessmentView(
            id=rid,
            org=code or name,
            year=year,
            title=title,
            description=description,
            probability=p,
            significance=s,
            value=p * s,
            band=bands[oid].get(p * s, ""),
            handling=how,
            note=note,
            owner=owner,
            version=version,
        )
        for rid, oid, p, s, how, note, version, title, description, code, name, owner in rows
    ]


def _risk(session: Session, risk_id: Any) -> Risk:
    rid = validate.integer(risk_id, "id")
    risk = session.get(Risk, rid)
    if risk is None:
        raise NotFound("risk id", risk_id, _("see `riskctl risk list` for the ids"))
    return risk


def _lock_for_edit(session: Session, risk_id: Any, year: int) -> tuple[Risk, Assessment]:
    """For a write of the risk's year: the board's plan of that year locked first (see
    `plan_locks`), then the risk and its assessment, as committed now."""
    found = _risk(session, risk_id)
    plan_locks.lock_board_year(session, found.org_id, year)
    risk = session.exec(
        select(Risk)
        .where(Risk.id == found.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if risk is None:
        raise NotFound("risk id", risk_id, _("see `riskctl risk list` for the ids"))
    return risk, _assessment(session, risk, year, lock=True)


def _assessment(session: Session, risk: Risk, year: int, *, lock: bool = False) -> Assessment:
    query = select(Assessment).where(Assessment.risk_id == risk.id, Assessment.year == year)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    a = session.exec(query).first()
    if a is None:
        years = session.exec(
            select(Assessment.year)
            .where(Assessment.risk_id == risk.id)
            .order_by(col(Assessment.year))
        ).all()
        hint = (
            _("risk {id} is assessed in: {years}").format(
                id=risk.id, years=", ".join(str(y) for y in years)
            )
            if years
            else _("risk {id} is assessed in: none").format(id=risk.id)
        )
        raise NotFound("year", year, hint)
    return a


def get_assessment(*, session: Session, risk_id: int, year: int) -> AssessmentView:
    risk = _risk(session, risk_id)
    a = _assessment(session, risk, validate.year(year))
    return _view_of(session, a, risk)


def _view_of(session: Session, a: Assessment, risk: Risk) -> AssessmentView:
    org = session.get(Org, risk.org_id)
    assert org is not None and org.id is not None
    owner = session.get(Owner, a.owner_id) if a.owner_id else None
    return view(
        a, risk, org, scale_of(session=session, org_id=org.id), owner.name if owner else None
    )


def ensure_unlocked(session: Session, risk: Risk, year: int) -> None:
    """Refuse to change a year's assessment of a risk in that year's adopted plan.

    Title and description are the register's current wording; what the board adopted stays
    in the plan's fingerprinted snapshot, and `plan diff` shows any later rewording."""
    query = (
        select(Plan, Org)
        .join(PlanItem, col(PlanItem.plan_id) == Plan.id)
        .join(Org, col(Org.id) == Plan.org_id)
        .where(
            Plan.org_id == risk.org_id,
            Plan.status == "adopted",
            PlanItem.risk_id == risk.id,
            col(PlanItem.removed).is_(False),
        )
    )
    found = session.exec(query.where(Plan.year == year)).first()
    if found is not None:
        plan, org = found
        raise Locked(
            _(
                "risk {id} is in the {year} internal control plan, {adopted}; reopen the plan "
                "first (`riskctl plan reopen --year {year} --org {org} --reason ...`)"
            ).format(id=risk.id, year=plan.year, adopted=adopted_text(plan), org=org_label(org))
        )


def add_risk(
    *,
    session: Session,
    org: str,
    year: int,
    title: str,
    probability: Any,
    significance: Any,
    description: str = "",
    handling: str = "action",
    note: str = "",
    owner: str | None = None,
) -> AssessmentView:
    """Add a risk to a year's analysis; a title the register knows adds that risk's year."""
    the_org = resolve_org(session=session, ref=org)
    assert the_org.id is not None
    year = validate.year(year)
    title = validate.text(title, "title", validate.TITLE_MAX, required=True)
    description = validate.text(description, "description", validate.DESCRIPTION_MAX)
    scale = scale_of(session=session, org_id=the_org.id)
    p = scale.check("probability", probability)
    s = scale.check("significance", significance)
    how = validate.handling(handling)
    note = validate.text(note, "note", validate.NOTE_MAX)
    risk = session.exec(select(Risk).where(Risk.org_id == the_org.id, Risk.title == title)).first()
    if risk is None:
        risk = Risk(org_id=the_org.id, title=title, description=description)
        session.add(risk)
        session.flush()
    else:
        existing = session.exec(
            select(Assessment.id).where(Assessment.risk_id == risk.id, Assessment.year == year)
        ).first()
        if existing is not None:
            raise InvalidInput(
                "title",
                title,
                _("risk {id} has it already in {year}; use `riskctl risk edit`").format(
                    id=risk.id, year=year
                ),
            )
        if description and description != risk.description:
            risk.description = description
    assert risk.id is not None
    a = Assessment(
        risk_id=risk.id,
        org_id=the_org.id,
        year=year,
        probability=p,
        significance=s,
        handling=how,
        note=note,
        owner_id=owner_id(session=session, name=owner),
    )
    session.add(a)
    session.flush()
    return _view_of(session, a, risk)


EDITABLE = ("title", "description", "probability", "significance", "handling", "note", "owner")


def edit_risk(
    *,
    session: Session,
    risk_id: Any,
    year: int,
    changes: dict[str, Any],
    if_version: int | None = None,
) -> AssessmentView:
    """Change a risk's fields in one year; title and description belong to the risk itself."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput("field", sorted(unknown)[0], validate.one_of(EDITABLE))
    year = validate.year(year)
    risk, a = _lock_for_edit(session, risk_id, year)
    check_version(
        session,
        entity="risk",
        entity_id=pk(risk),
        label=_("risk {id} in {year}").format(id=risk.id, year=year),
        current=a.version,
        expected=if_version,
    )
    if not changes:
        return _view_of(session, a, risk)
    ensure_unlocked(session, risk, year)
    scale = scale_of(session=session, org_id=risk.org_id)
    if "title" in changes:
        title = validate.text(changes["title"], "title", validate.TITLE_MAX, required=True)
        clash = session.exec(
            select(Risk.id).where(
                Risk.org_id == risk.org_id, Risk.title == title, Risk.id != risk.id
            )
        ).first()
        if clash is not None:
            raise InvalidInput(
                "title", title, _("risk {id} of this board has that title").format(id=clash)
            )
        risk.title = title
    if "description" in changes:
        risk.description = validate.text(
            changes["description"], "description", validate.DESCRIPTION_MAX
        )
    if "probability" in changes:
        a.probability = scale.check("probability", changes["probability"])
    if "significance" in changes:
        a.significance = scale.check("significance", changes["significance"])
    if "handling" in changes:
        a.handling = validate.handling(changes["handling"])
    if "note" in changes:
        a.note = validate.text(changes["note"], "note", validate.NOTE_MAX)
    if "owner" in changes:
        a.owner_id = owner_id(session=session, name=changes["owner"])
    # The assessment's version stands for the record as a user sees it, title included.
    a.updated_at = utcnow()
    session.add_all([risk, a])
    session.flush()
    return _view_of(session, a, risk)


def remove_risk(*, session: Session, risk_id: Any, year: int) -> AssessmentView:
    """Remove a risk from one year's analysis; a risk left with no year leaves the register."""
    year = validate.year(year)
    risk, a = _lock_for_edit(session, risk_id, year)
    ensure_unlocked(session, risk, year)
    gone = _view_of(session, a, risk)
    items = session.exec(
        select(PlanItem)
        .join(Plan, col(Plan.id) == PlanItem.plan_id)
        .where(PlanItem.risk_id == risk.id, Plan.year == year)
    ).all()
    if any(not item.removed for item in items) or plan_locks.items_with_records(
        session, [pk(item) for item in items]
    ):
        raise InvalidInput(
            "id",
            risk.id,
            _(
                "the risk is in the {year} plan; "
                "remove it from the plan first (`riskctl plan remove ITEM`)"
            ).format(year=year),
        )
    for item in items:
        session.delete(item)
    session.delete(a)
    session.flush()
    others = session.exec(
        select(func.count()).select_from(Assessment).where(Assessment.risk_id == risk.id)
    ).one()
    if not others:
        session.delete(risk)
        session.flush()
    return gone


def show_risk(*, session: Session, risk_id: Any) -> RiskView:
    risk = _risk(session, risk_id)
    org = session.get(Org, risk.org_id)
    assert org is not None and org.id is not None and risk.id is not None
    scale = scale_of(session=session, org_id=org.id)
    rows = session.exec(
        select(Assessment, Owner)
        .join(Owner, col(Owner.id) == Assessment.owner_id, isouter=True)
        .where(Assessment.risk_id == risk.id)
        .order_by(col(Assessment.year))
    ).all()
    return RiskView(
        id=risk.id,
        org=org_label(org),
        title=risk.title,
        description=risk.description,
        version=risk.version,
        years=[view(a, risk, org, scale, o.name if o else None) for a, o in rows],
    )


# --- paged browsing of a year's analysis (the terminal UI's risk table) -------------------

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
    value = col(Assessment.probability) * col(Assessment.significance)
    if found is not None:
        query = query.where(found)
    if where.band:
        assert org.id is not None
        bands = scale_of(session=session, org_id=org.id).bands
        hits = [b for b in bands if band_key(b) == where.band.lower()]
        if not hits:
            keys = ", ".join(band_key(b) for b in bands)
            raise InvalidInput("band", where.band, _("use one of {choices}").format(choices=keys))
        query = query.where(value >= hits[0].min_value, value <= hits[0].max_value)
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
    return query, found is not None and not on_risks


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


def assessment_owners(*, session: Session, org: str, year: int) -> list[str]:
    """The owner roles that the board-year's risks name, in alphabetical order."""
    the_org = resolve_org(session=session, ref=org)
    names = session.exec(
        select(Owner.name)
        .join(Assessment, col(Assessment.owner_id) == Owner.id)
        .where(Assessment.org_id == the_org.id, Assessment.year == validate.year(year))
        .distinct()
    ).all()
    return sorted(names, key=str.lower)


def analysis_years(*, session: Session, org: str) -> list[int]:
    """The years in which the board has an analysis, oldest first."""
    the_org = resolve_org(session=session, ref=org)
    return list(
        session.exec(
            select(Assessment.year)
            .where(Assessment.org_id == the_org.id)
            .distinct()
            .order_by(col(Assessment.year))
        ).all()
    )
