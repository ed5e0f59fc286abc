"""Boards and their scales."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from riskctl import scales as scale_data
from riskctl.errors import InvalidInput, NotFound
from riskctl.i18n import _
from riskctl.models import Assessment, Band, Org, Owner, ScaleLevel, limit, pk
from riskctl.services import validate
from riskctl.vocabulary import band_key, label_of

NAME_MAX = limit(Org.name)
CODE_MAX = limit(Org.code)


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
            allowed = _("use {low}–{high} ({labels})").format(
                low=levels[0].level, high=levels[-1].level, labels=names
            )
            raise InvalidInput(axis, value, allowed)
        return number

    def label(self, axis: str, level: int, lang: str = "sv") -> str:
        for lv in self.levels(axis):
            if lv.level == level:
                return label_of(lv, lang)
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
        return band_key(band) if band else ""


def _check_name_and_code(
    session: Session, name: str, code: str | None, org_id: int | None = None
) -> tuple[str, str | None]:
    name = validate.text(name, "name", NAME_MAX, required=True)
    code = validate.text(code, "code", CODE_MAX) or None
    if code is not None and not code.replace("-", "").replace("_", "").isalnum():
        raise InvalidInput("code", code, _("use letters, digits, - and _ only"))
    if code is not None and code.lower() == "all":
        raise InvalidInput("code", code, _("'all' stands for every board; choose another code"))
    if session.exec(select(Org).where(Org.name == name, Org.id != org_id)).first():
        raise InvalidInput("name", name, _("a board with that name exists already"))
    clash = select(Org).where(func.lower(Org.code) == (code or "").lower(), Org.id != org_id)
    if code and session.exec(clash).first():
        raise InvalidInput("code", code, _("a board with that code exists already"))
    return name, code


def add_org(
    *,
    session: Session,
    name: str,
    code: str | None = None,
    scale: scale_data.ScaleSet | None = None,
    threshold: int = 8,
) -> Org:
    name, code = _check_name_and_code(session, name, code)
    scale = scale or scale_data.default_scale()
    org = Org(name=name, code=code, threshold=_threshold(threshold, scale))
    session.add(org)
    session.flush()
    _set_scale(session, pk(org), scale)
    return org


def _threshold(value: object, scale: scale_data.ScaleSet | OrgScale) -> int:
    """A threshold the board's risk values can reach: from the smallest product of its scales'
    levels to the largest (1–16 on the 4×4 scale)."""
    number = validate.integer(value, "threshold")
    values = [p.level * s.level for p in scale.probability for s in scale.significance]
    if values and not min(values) <= number <= max(values):
        raise InvalidInput(
            "threshold",
            value,
            _("use a risk value of the board's scale, {low}–{high}").format(
                low=min(values), high=max(values)
            ),
        )
    return number


def _set_scale(session: Session, org_id: int, scale: scale_data.ScaleSet) -> None:
    for axis, levels in (("probability", scale.probability), ("significance", scale.significance)):
        for lv in levels:
            session.add(
                ScaleLevel(
                    org_id=org_id,
                    axis=axis,
                    level=lv.level,
                    label=lv.label,
                    label_en=lv.label_en,
                    description=lv.description,
                    description_en=lv.description_en,
                )
            )
    _set_bands(session, org_id, scale.bands)


def _set_bands(session: Session, org_id: int, bands: tuple[scale_data.BandSpec, ...]) -> None:
    for b in bands:
        session.add(
            Band(
                org_id=org_id,
                min_value=b.min_value,
                max_value=b.max_value,
                label=b.label,
                label_en=b.label_en,
                color=b.color,
            )
        )
    session.flush()


def set_org(
    *,
    session: Session,
    org: str,
    name: str | None = None,
    code: str | None = None,
    threshold: int | None = None,
    scale: scale_data.ScaleSet | None = None,
) -> Org:
    """Rename a board, change its code or threshold, or replace its scale and bands.

    A new scale must still hold every score the board has given. A scale of bands alone
    (`ScaleSet.bands_only`) replaces the bands and keeps the levels; the bands must cover
    every risk value of those levels.
    """
    the_org = resolve_org(session=session, ref=org)
    if code is not None and not code.strip():
        # Leaving a board without its code is no change a user means by `--code ''`.
        raise InvalidInput("--code", code, _("it must not be empty"))
    if name is not None or code is not None:
        the_org.name, the_org.code = _check_name_and_code(
            session,
            the_org.name if name is None else name,
            the_org.code if code is None else code,
            pk(the_org),
        )
    if threshold is not None:
        levels = scale if scale is not None and not scale.bands_only else None
        the_org.threshold = _threshold(
            threshold, levels or scale_of(session=session, org_id=pk(the_org))
        )
    if scale is not None and scale.bands_only:
        _replace_bands(session, the_org, scale.bands)
    elif scale is not None:
        _replace_scale(session, the_org, scale)
    session.add(the_org)
    session.flush()
    return the_org


def _replace_bands(session: Session, org: Org, bands: tuple[scale_data.BandSpec, ...]) -> None:
    """The board's bands replaced, its levels kept: the bands must cover those levels."""
    current = scale_of(session=session, org_id=pk(org))
    scale_data.check_bands(
        scale_data.ScaleSet(
            tuple(scale_data.Level(lv.level, lv.label) for lv in current.probability),
            tuple(scale_data.Level(lv.level, lv.label) for lv in current.significance),
            bands,
        )
    )
    for old_band in current.bands:
        session.delete(old_band)
    session.flush()
    _set_bands(session, pk(org), bands)


def _replace_scale(session: Session, org: Org, scale: scale_data.ScaleSet) -> None:
    """The board's levels and bands replaced; refused if it would lose a score given."""
    top_p, top_s = session.exec(
        select(func.max(Assessment.probability), func.max(Assessment.significance)).where(
            Assessment.org_id == org.id
        )
    ).one()
    if (top_p or 0) > len(scale.probability) or (top_s or 0) > len(scale.significance):
        raise InvalidInput(
            "--scale",
            f"{len(scale.probability)}×{len(scale.significance)}",
            _(
                "the board has scores up to {probability}×{significance}; "
                "a smaller scale would lose them"
            ).format(probability=top_p, significance=top_s),
        )
    for old in session.exec(select(ScaleLevel).where(ScaleLevel.org_id == org.id)).all():
        session.delete(old)
    for old_band in session.exec(select(Band).where(Band.org_id == org.id)).all():
        session.delete(old_band)
    session.flush()
    _set_scale(session, pk(org), scale)


def list_orgs(*, session: Session) -> list[Org]:
    return list(session.exec(select(Org).order_by(col(Org.name))).all())


def resolve_org(*, session: Session, ref: str) -> Org:
    """A board by its code (any case) or its exact name."""
    ref = str(ref).strip()
    org = session.exec(select(Org).where(func.lower(Org.code) == ref.lower())).first()
    org = org or session.exec(select(Org).where(Org.name == ref)).first()
    if org is None:
        raise NotFound("org", ref, _known_boards(session, ref))
    return org


SHOWN_BOARDS = 12
"""An unknown board's error lists the known ones up to this many; beyond, the nearest."""


def _known_boards(session: Session, ref: str) -> str:
    known = [o.code or o.name for o in list_orgs(session=session)]
    if len(known) <= SHOWN_BOARDS:
        return _("known boards: {known} (add one with `riskctl org add`)").format(
            known=", ".join(known) or _("none yet")
        )
    import difflib

    near = difflib.get_close_matches(ref, known, n=5) or known[:5]
    return _("{count} boards, e.g. {some} (`riskctl org list` lists them all)").format(
        count=len(known), some=", ".join(near)
    )


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
