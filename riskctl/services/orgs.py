"""Boards and their scales."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from riskctl import scales as scale_data
from riskctl.errors import InvalidInput, NotFound
from riskctl.models import Band, Org, Owner, ScaleLevel
from riskctl.services import validate

NAME_MAX = 120
CODE_MAX = 20


@dataclass(frozen=True)
class OrgScale:
    """A board's scales and bands, with the lookups the rest of riskctl needs."""

    probability: tuple[ScaleLevel, ...]
    significance: tuple[ScaleLevel, ...]
    bands: tuple[Band, ...]

    def levels(self, axis: str) -> tuple[ScaleLevel, ...]:
        return self.probability if axis == "probability" else self.significance

    def check(self, axis: str, value: object) -> int:
        """The score as an int, if the board's scale has it."""
        number = validate.integer(value, axis)
        levels = self.levels(axis)
        if not any(lv.level == number for lv in levels):
            names = ", ".join(f"{lv.level} {lv.label}" for lv in levels)
            raise InvalidInput(axis, value, f"use {levels[0].level}–{levels[-1].level} ({names})")
        return number

    def label(self, axis: str, level: int, lang: str = "sv") -> str:
        for lv in self.levels(axis):
            if lv.level == level:
                return (lv.label_en or lv.label) if lang == "en" else lv.label
        return str(level)

    def band(self, value: int) -> Band | None:
        for band in self.bands:
            if band.min_value <= value <= band.max_value:
                return band
        return None

    def values(self) -> set[int]:
        """Every risk value the scale can give."""
        return {p.level * s.level for p in self.probability for s in self.significance}

    def band_key(self, value: int) -> str:
        """The band's English label in lower case: stable for scripts ("very high")."""
        band = self.band(value)
        return (band.label_en or band.label).lower() if band else ""


def add_org(
    *,
    session: Session,
    name: str,
    code: str | None = None,
    scale: scale_data.ScaleSet | None = None,
    threshold: int = 8,
) -> Org:
    name = validate.text(name, "name", NAME_MAX, required=True)
    code = validate.text(code, "code", CODE_MAX) or None
    if code is not None and not code.replace("-", "").replace("_", "").isalnum():
        raise InvalidInput("code", code, "use letters, digits, - and _ only")
    if code is not None and code.lower() == "all":
        raise InvalidInput("code", code, "'all' stands for every board; choose another code")
    threshold = validate.integer(threshold, "threshold")
    if session.exec(select(Org).where(Org.name == name)).first():
        raise InvalidInput("name", name, "a board with that name exists already")
    if code and session.exec(select(Org).where(func.lower(Org.code) == code.lower())).first():
        raise InvalidInput("code", code, "a board with that code exists already")
    scale = scale or scale_data.default_scale()
    org = Org(name=name, code=code, threshold=threshold)
    session.add(org)
    session.flush()
    assert org.id is not None
    for axis, levels in (("probability", scale.probability), ("significance", scale.significance)):
        for lv in levels:
            session.add(
                ScaleLevel(
                    org_id=org.id,
                    axis=axis,
                    level=lv.level,
                    label=lv.label,
                    label_en=lv.label_en,
                    description=lv.description,
                    description_en=lv.description_en,
                )
            )
    for b in scale.bands:
        session.add(
            Band(
                org_id=org.id,
                min_value=b.min_value,
                max_value=b.max_value,
                label=b.label,
                label_en=b.label_en,
                color=b.color,
            )
        )
    session.flush()
    return org


def list_orgs(*, session: Session) -> list[Org]:
    return list(session.exec(select(Org).order_by(col(Org.name))).all())


def resolve_org(*, session: Session, ref: str) -> Org:
    """A board by its code (any case) or its exact name."""
    ref = str(ref).strip()
    org = session.exec(select(Org).where(func.lower(Org.code) == ref.lower())).first()
    org = org or session.exec(select(Org).where(Org.name == ref)).first()
    if org is None:
        known = ", ".join(o.code or o.name for o in list_orgs(session=session)) or "none yet"
        raise NotFound("org", ref, f"known boards: {known} (add one with `riskctl org add`)")
    return org


def org_label(org: Org) -> str:
    return org.code or org.name


def scale_of(*, session: Session, org_id: int) -> OrgScale:
    return scales_of(session=session, org_ids=[org_id])[org_id]


def scales_of(*, session: Session, org_ids: list[int]) -> dict[int, OrgScale]:
    """The scales of several boards in two queries."""
    wanted = sorted(set(org_ids))
    levels: dict[int, list[ScaleLevel]] = {oid: [] for oid in wanted}
    bands: dict[int, list[Band]] = {oid: [] for oid in wanted}
    for start in range(0, len(wanted), 5000):  # stay below the drivers' parameter limits
        chunk = wanted[start : start + 5000]
        for lv in session.exec(
            select(ScaleLevel)
            .where(col(ScaleLevel.org_id).in_(chunk))
            .order_by(col(ScaleLevel.level))
        ).all():
            levels[lv.org_id].append(lv)
        for band in session.exec(
            select(Band).where(col(Band.org_id).in_(chunk)).order_by(col(Band.min_value))
        ).all():
            bands[band.org_id].append(band)
    return {
        oid: OrgScale(
            probability=tuple(lv for lv in levels[oid] if lv.axis == "probability"),
            significance=tuple(lv for lv in levels[oid] if lv.axis == "significance"),
            bands=tuple(bands[oid]),
        )
        for oid in wanted
    }


def owner_id(*, session: Session, name: str | None) -> int | None:
    """The id of the owner role, created on first use; None for no owner."""
    cleaned = validate.text(name, "owner", validate.OWNER_MAX)
    if not cleaned:
        return None
    owner = session.exec(select(Owner).where(Owner.name == cleaned)).first()
    if owner is None:
        owner = Owner(name=cleaned)
        session.add(owner)
        session.flush()
    assert owner.id is not None
    return owner.id


def owner_names(*, session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(Owner).where(col(Owner.id).in_(ids))).all()
    return {o.id: o.name for o in rows if o.id is not None}
