"""The register and each year's analysis: add, list, show, edit and remove assessments.

Browsing a board-year a page at a time, filtered and sorted (the terminal UI's risk table),
is in `riskctl.services.risk_browse`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func
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
from riskctl.services.versions import check_version
from riskctl.vocabulary import risk_value


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
    `plans.locks`), then the risk and its assessment, as committed now."""
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
