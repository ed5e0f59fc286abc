"""The pieces more than one report uses: the board(s) a report covers (`Boards`, with `org="all"`
for every board and a board column), the risk value bands and the scale explanation, the
plans of a year with their decision and seal lines, and the analysis's cell counts."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from riskctl.errors import NotFound
from riskctl.i18n import _
from riskctl.models import Assessment, Org, Plan
from riskctl.services.orgs import OrgScale, list_orgs, org_label, resolve_org, scales_of
from riskctl.services.plans.seal import summary
from riskctl.services.plans.views import PlanView
from riskctl.services.reports.model import Column, Legend, LegendEntry, ScaleText
from riskctl.vocabulary import label_of, localised

ALL = "all"


class Boards:
    """The board(s) a report covers, with their scales looked up once."""

    def __init__(self, session: Session, org: str) -> None:
        self.session = session
        self.all = str(org).strip().lower() == ALL
        if self.all:
            self.orgs = list_orgs(session=session)
            if not self.orgs:
                raise NotFound("org", org, _("the store has no board yet"))
            self.ref: str | None = None
        else:
            one = resolve_org(session=session, ref=org)
            self.orgs = [one]
            self.ref = org_label(one)
        # Every board's scale in two queries (one query per board is thousands for "all").
        self._scales = scales_of(
            session=session, org_ids=[o.id for o in self.orgs if o.id is not None]
        )

    @property
    def org_id(self) -> int | None:
        """The one board's id, or None for every board."""
        return None if self.all else self.orgs[0].id

    def scale(self, org_id: int) -> OrgScale:
        return self._scales[org_id]

    def scales(self) -> list[OrgScale]:
        """The scale of every board covered, in board order."""
        return [self.scale(o.id) for o in self.orgs if o.id is not None]

    def name(self, lang: str) -> str:
        return _("All boards", lang) if self.all else self.orgs[0].name


def exporter_labels(lang: str) -> dict[str, str]:
    """Small words the exporters print around the tables."""
    return {
        "legend_sheet": _("Legend", lang),
        "heatmap_sheet": _("Heat map", lang),
        "total": _("Total", lang),
        "generated": _("Produced with riskctl", lang),
    }


def band_fill(scale: OrgScale, value: int) -> str | None:
    band = scale.band(value)
    return band.color if band else None


def band_legend(scales: list[OrgScale], lang: str) -> Legend:
    """The risk value bands of the boards, each (label, colour, span) once."""
    entries: list[LegendEntry] = []
    seen = set()
    for sc in scales:
        for band in sc.bands:
            label = label_of(band, lang)
            span = (
                str(band.min_value)
                if band.min_value == band.max_value
                else f"{band.min_value}–{band.max_value}"
            )
            key = (label, band.color, span)
            if key in seen:
                continue
            seen.add(key)
            entries.append(
                LegendEntry(band.color, label, _("risk value {span}", lang).format(span=span))
            )
    return Legend(_("Risk value", lang), entries)


def scale_texts(scale: OrgScale, lang: str) -> list[ScaleText]:
    """The scale explanation: each axis's levels with their label and description."""
    out = []
    for axis, title in (
        ("probability", _("Probability", lang)),
        ("significance", _("Significance", lang)),
    ):
        levels = []
        for lv in scale.levels(axis):
            text = localised(lv.description, lv.description_en, lang)
            levels.append((lv.level, label_of(lv, lang), text))
        out.append(ScaleText(title, levels))
    return out


def board_column(lang: str) -> Column:
    return Column("board", _("Board", lang), width=18)


def heading(boards: Boards, lang: str) -> list[str]:
    return [boards.name(lang)]


def common_scale(boards: Boards) -> OrgScale | None:
    """The one scale of the boards, or None when they differ (no common heat map then)."""
    scales = boards.scales()
    shapes = {(len(s.probability), len(s.significance)) for s in scales}
    return scales[0] if len(shapes) == 1 and scales else None


# --- the analysis's cells --------------------------------------------------------------------


def cell_counts(session: Session, year: int, org_id: int | None) -> dict[tuple[int, int], int]:
    """The number of risks per (probability, significance) cell: an aggregate query."""
    query = (
        select(Assessment.probability, Assessment.significance, func.count())
        .where(Assessment.year == year)
        .group_by(col(Assessment.probability), col(Assessment.significance))
    )
    if org_id is not None:
        query = query.where(Assessment.org_id == org_id)
    return {(p, s): n for p, s, n in session.exec(query).all()}


def no_analysis(boards: Boards, year: int) -> str:
    if boards.all:
        return _("no board has a risk analysis for {year}").format(year=year)
    return _("{board} has no risk analysis for {year}").format(
        board=org_label(boards.orgs[0]), year=year
    )


# --- the plans of a year ---------------------------------------------------------------------


def plans_of(session: Session, boards: Boards, year: int) -> list[tuple[Org, Plan]]:
    """Each board's plan of `year`, for the boards that have one."""
    out = []
    for the_org in boards.orgs:
        plan = session.exec(
            select(Plan).where(Plan.org_id == the_org.id, Plan.year == year)
        ).first()
        if plan is not None:
            out.append((the_org, plan))
    return out


def decision_line(view: PlanView, lang: str) -> str:
    """'Antagen 2024-12-16, dnr 2024.025 KS' or 'Förslag, ej antagen'."""
    if view.status != "adopted":
        return _("Draft, not adopted", lang)
    if view.adopted_on is not None:
        line = _("Adopted {date}", lang).format(date=view.adopted_on.isoformat())
    else:
        line = _("Adopted (decision date not recorded)", lang)
    if view.ref:
        line += ", " + _("case no. {ref}", lang).format(ref=view.ref)
    return line


def seal_line(view: PlanView, board: str | None, lang: str) -> str:
    """The heading's warning for a plan whose seal does not hold (`plans.seal`): what it
    shows is not vouched for as the one the board adopted."""
    return seal_text(view.seal_problems or [], board, lang)


def seal_text(problems: list[str], board: str | None, lang: str) -> str:
    line = _(
        "SEAL BROKEN: the plan in the store differs from the one adopted ({problems}); "
        "check it with `riskctl plan verify`",
        lang,
    ).format(problems=summary(problems, lang))
    return f"{board}: {line}" if board else line
