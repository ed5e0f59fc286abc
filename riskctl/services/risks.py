"""The register and each year's analysis: add, list, show, edit and remove assessments."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from riskctl.errors import InvalidInput, Locked, NotFound
from riskctl.models import Assessment, Org, Owner, Plan, PlanItem, Risk, utcnow
from riskctl.services import validate
from riskctl.services.orgs import OrgScale, org_label, owner_id, resolve_org, scale_of


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
            "id": self.id, "org": self.org, "title": self.title,
            "description": self.description, "version": self.version,
            "years": [a.as_dict() for a in self.years],
        }


def value_of(a: Assessment) -> int:
    return a.probability * a.significance


def view(a: Assessment, risk: Risk, org: Org, scale: OrgScale, owner: str | None) -> AssessmentView:
    assert risk.id is not None
    value = value_of(a)
    return AssessmentView(
        id=risk.id, org=org_label(org), year=a.year, title=risk.title,
        description=risk.description, probability=a.probability, significance=a.significance,
        value=value, band=scale.band_key(value), handling=a.handling, note=a.note,
        owner=owner, version=a.version,
    )


def _value_order() -> tuple[Any, Any]:
    """Highest risk value first; ties in the order they were entered."""
    return (
        (col(Assessment.probability) * col(Assessment.significance)).desc(),
        col(Assessment.id).asc(),
    )


def list_assessments(*, session: Session, year: int, org: str | None = None,
                     min_value: int | None = None, handling: str | None = None,
                     ) -> list[AssessmentView]:
    year = validate.year(year)
    query = (
        select(Assessment, Risk, Org, Owner)
        .join(Risk, col(Risk.id) == Assessment.risk_id)
        .join(Org, col(Org.id) == Assessment.org_id)
        .join(Owner, col(Owner.id) == Assessment.owner_id, isouter=True)
        .where(Assessment.year == year)
    )
    if org is not None:
        query = query.where(Assessment.org_id == resolve_org(session=session, ref=org).id)
    if min_value is not None:
        threshold = validate.integer(min_value, "min-value")
        query = query.where(
            col(Assessment.probability) * col(Assessment.significance) >= threshold)
    if handling is not None:
        query = query.where(Assessment.handling == validate.handling(handling))
    if org is None:
        query = query.order_by(col(Org.name), *_value_order())
    else:
        query = query.order_by(*_value_order())
    scales: dict[int, OrgScale] = {}
    out = []
    for a, risk, o, owner in session.exec(query).all():
        if o.id not in scales:
            scales[o.id] = scale_of(session=session, org_id=o.id)
        out.append(view(a, risk, o, scales[o.id], owner.name if owner else None))
    return out


def _risk(session: Session, risk_id: Any) -> Risk:
    rid = validate.integer(risk_id, "id")
    risk = session.get(Risk, rid)
    if risk is None:
        raise NotFound("risk id", risk_id, "see `riskctl risk list` for the ids")
    return risk


def _assessment(session: Session, risk: Risk, year: int) -> Assessment:
    a = session.exec(
        select(Assessment).where(Assessment.risk_id == risk.id, Assessment.year == year)
    ).first()
    if a is None:
        years = session.exec(
            select(Assessment.year).where(Assessment.risk_id == risk.id)
            .order_by(col(Assessment.year))
        ).all()
        known = ", ".join(str(y) for y in years) or "none"
        raise NotFound("year", year, f"risk {risk.id} is assessed in: {known}")
    return a


def get_assessment(*, session: Session, risk_id: int, year: int) -> AssessmentView:
    risk = _risk(session, risk_id)
    a = _assessment(session, risk, validate.year(year))
    return _view_of(session, a, risk)


def _view_of(session: Session, a: Assessment, risk: Risk) -> AssessmentView:
    org = session.get(Org, risk.org_id)
    assert org is not None and org.id is not None
    owner = session.get(Owner, a.owner_id) if a.owner_id else None
    return view(a, risk, org, scale_of(session=session, org_id=org.id),
                owner.name if owner else None)


def ensure_unlocked(session: Session, risk: Risk, year: int) -> None:
    """Refuse to change a year's assessment of a risk in that year's adopted plan."""
    plan = session.exec(
        select(Plan).where(Plan.org_id == risk.org_id, Plan.year == year)
    ).first()
    if plan is None or plan.status != "adopted":
        return
    planned = session.exec(
        select(PlanItem.id).where(PlanItem.plan_id == plan.id, PlanItem.risk_id == risk.id,
                                  col(PlanItem.removed).is_(False))
    ).first()
    if planned is not None:
        raise Locked(
            f"risk {risk.id} is in the {year} internal control plan adopted on {plan.adopted_on}; "
            f"reopen the plan first (`riskctl plan reopen --year {year} --reason ...`)"
        )


def add_risk(*, session: Session, org: str, year: int, title: str, probability: Any,
             significance: Any, description: str = "", handling: str = "action",
             note: str = "", owner: str | None = None) -> AssessmentView:
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
    risk = session.exec(
        select(Risk).where(Risk.org_id == the_org.id, Risk.title == title)
    ).first()
    if risk is None:
        risk = Risk(org_id=the_org.id, title=title, description=description)
        session.add(risk)
        session.flush()
    else:
        existing = session.exec(
            select(Assessment.id).where(Assessment.risk_id == risk.id, Assessment.year == year)
        ).first()
        if existing is not None:
            raise InvalidInput("title", title,
                               f"risk {risk.id} has it already in {year}; use `riskctl risk edit`")
        if description and description != risk.description:
            risk.description = description
    assert risk.id is not None
    a = Assessment(risk_id=risk.id, org_id=the_org.id, year=year, probability=p,
                   significance=s, handling=how, note=note,
                   owner_id=owner_id(session=session, name=owner))
    session.add(a)
    session.flush()
    return _view_of(session, a, risk)


EDITABLE = ("title", "description", "probability", "significance", "handling", "note", "owner")


def edit_risk(*, session: Session, risk_id: Any, year: int, changes: dict[str, Any],
              if_version: int | None = None) -> AssessmentView:
    """Change a risk's fields in one year; title and description belong to the risk itself."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput("field", sorted(unknown)[0], "use one of " + ", ".join(EDITABLE))
    risk = _risk(session, risk_id)
    year = validate.year(year)
    a = _assessment(session, risk, year)
    if if_version is not None and a.version != if_version:
        from riskctl.errors import Conflict

        raise Conflict(f"risk {risk.id} in {year} is at version {a.version}, not {if_version}; "
                       "it was changed since you read it (last change "
                       f"{a.updated_at:%Y-%m-%d %H:%M} UTC); nothing was written")
    if not changes:
        return _view_of(session, a, risk)
    ensure_unlocked(session, risk, year)
    scale = scale_of(session=session, org_id=risk.org_id)
    if "title" in changes:
        title = validate.text(changes["title"], "title", validate.TITLE_MAX, required=True)
        clash = session.exec(
            select(Risk.id).where(Risk.org_id == risk.org_id, Risk.title == title,
                                  Risk.id != risk.id)
        ).first()
        if clash is not None:
            raise InvalidInput("title", title, f"risk {clash} of this board has that title")
        risk.title = title
    if "description" in changes:
        risk.description = validate.text(changes["description"], "description",
                                         validate.DESCRIPTION_MAX)
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
    risk = _risk(session, risk_id)
    year = validate.year(year)
    a = _assessment(session, risk, year)
    ensure_unlocked(session, risk, year)
    gone = _view_of(session, a, risk)
    items = session.exec(
        select(PlanItem).join(Plan, col(Plan.id) == PlanItem.plan_id)
        .where(PlanItem.risk_id == risk.id, Plan.year == year)
    ).all()
    if any(not item.removed for item in items):
        raise InvalidInput("id", risk.id, f"the risk is in the {year} plan; "
                           "remove it from the plan first (`riskctl plan remove ITEM`)")
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
        .where(Assessment.risk_id == risk.id).order_by(col(Assessment.year))
    ).all()
    return RiskView(id=risk.id, org=org_label(org), title=risk.title,
                    description=risk.description, version=risk.version,
                    years=[view(a, risk, org, scale, o.name if o else None) for a, o in rows])
