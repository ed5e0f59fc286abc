"""The probability × significance heat map of a year's analysis."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from riskctl.errors import InvalidInput, NotFound
from riskctl.i18n import _
from riskctl.models import Assessment
from riskctl.services import validate
from riskctl.services.orgs import OrgScale, list_orgs, resolve_org, scale_of


@dataclass
class Matrix:
    """Counts per cell; `counts[(p, s)]`. Rows run from the highest probability down."""

    scale: OrgScale
    counts: dict[tuple[int, int], int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rows(self) -> list[tuple[int, list[tuple[int, int, str]]]]:
        """(probability, [(significance, count, colour)]) from the top row down."""
        out = []
        for p in reversed(self.scale.probability):
            cells = []
            for s in self.scale.significance:
                band = self.scale.band(p.level * s.level)
                cells.append(
                    (
                        s.level,
                        self.counts.get((p.level, s.level), 0),
                        band.color if band else "#ffffff",
                    )
                )
            out.append((p.level, cells))
        return out


def matrix(*, session: Session, year: int, org: str | None = None) -> Matrix:
    """The heat map of one board, or of every board when `org` is None (same scale needed)."""
    year = validate.year(year)
    query = (
        select(Assessment.probability, Assessment.significance, func.count())
        .where(Assessment.year == year)
        .group_by(col(Assessment.probability), col(Assessment.significance))
    )
    if org is not None:
        the_org = resolve_org(session=session, ref=org)
        assert the_org.id is not None
        scale = scale_of(session=session, org_id=the_org.id)
        query = query.where(Assessment.org_id == the_org.id)
    else:
        scale = _common_scale(session)
    return Matrix(scale=scale, counts={(p, s): n for p, s, n in session.exec(query).all()})


def _common_scale(session: Session) -> OrgScale:
    orgs = list_orgs(session=session)
    if not orgs:
        raise NotFound("org", "all", _("the store has no board yet"))
    scales = [scale_of(session=session, org_id=o.id) for o in orgs if o.id is not None]
    shape = {(len(sc.probability), len(sc.significance)) for sc in scales}
    if len(shape) > 1:
        raise InvalidInput("org", "all", _("the boards use different scales; name one with --org"))
    return scales[0]
