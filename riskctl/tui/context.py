"""What the screens work on: one board and one year, and the board's scales."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from riskctl.i18n import language
from riskctl.models import Org
from riskctl.services.orgs import OrgScale, list_orgs, org_label, resolve_org, scale_of
from riskctl.services.risks import analysis_years
from riskctl.vocabulary import label_of


@dataclass(frozen=True)
class Board:
    """A board as the UI shows it."""

    id: int
    ref: str
    name: str
    code: str | None
    threshold: int

    @property
    def title(self) -> str:
        return f"{self.name} ({self.code})" if self.code else self.name


@dataclass(frozen=True)
class BoardYear:
    """The board and year every screen shows, with the board's scales and known years."""

    board: Board
    year: int
    scale: OrgScale
    years: tuple[int, ...]

    @property
    def org(self) -> str:
        """The reference the services take (code, else name)."""
        return self.board.ref

    def level_label(self, axis: str, level: int) -> str:
        """ "3 – Möjlig": the level with its label in the current language."""
        return f"{level} – {self.scale.label(axis, level, language())}"

    def band_label(self, value: int) -> str:
        band = self.scale.band(value)
        if band is None:
            return ""
        return label_of(band, language())

    def band_color(self, value: int) -> str:
        band = self.scale.band(value)
        return band.color if band else "#9e9e9e"


def board_of(org: Org) -> Board:
    assert org.id is not None
    return Board(
        id=org.id, ref=org_label(org), name=org.name, code=org.code, threshold=org.threshold
    )


def boards(session: Session) -> list[Board]:
    return [board_of(o) for o in list_orgs(session=session)]


def load_context(session: Session, org: str, year: int | None) -> BoardYear:
    """The board by code or name and the year; with no year, the board's newest analysis
    (this year if it has none)."""
    from datetime import date

    the_org = resolve_org(session=session, ref=org)
    board = board_of(the_org)
    years = analysis_years(session=session, org=board.ref)
    if year is None:
        year = years[-1] if years else date.today().year
    return BoardYear(
        board=board, year=year, scale=scale_of(session=session, org_id=board.id), years=tuple(years)
    )
