"""The heat map: the probability × significance counts of the year's analysis, coloured by
risk value band, with the scale explanation; as a table too, for CSV and JSON."""

from __future__ import annotations

from sqlmodel import Session

from riskctl.errors import InvalidInput, NotFound
from riskctl.i18n import _
from riskctl.services import validate
from riskctl.services.orgs import OrgScale
from riskctl.services.reports.model import Column, HeatMap, Report, Table
from riskctl.services.reports.shared import (
    ALL,
    Boards,
    band_legend,
    cell_counts,
    common_scale,
    exporter_labels,
    heading,
    no_analysis,
    scale_texts,
)


def heatmap(scale: OrgScale, counts: dict[tuple[int, int], int], year: int, lang: str) -> HeatMap:
    """The heat map of `counts` on `scale`, its axes labelled in `lang`."""
    from riskctl.services.matrix import Matrix

    grid = Matrix(scale=scale, counts=counts)
    rows = grid.rows()
    return HeatMap(
        title=_("Risk matrix {year}", lang).format(year=year),
        row_axis=_("Probability", lang),
        col_axis=_("Significance", lang),
        row_labels=[f"{p} {scale.label('probability', p, lang)}" for p, _c in rows],
        col_labels=[
            f"{lv.level} {scale.label('significance', lv.level, lang)}" for lv in scale.significance
        ],
        counts=[[n for _s, n, _color in cells] for _p, cells in rows],
        colors=[[color for _s, _n, color in cells] for _p, cells in rows],
        total=grid.total,
    )


def heatmap_table(heat: HeatMap) -> Table:
    """The heat map as a table (for CSV and JSON): a row per probability level."""
    head = f"{heat.row_axis} \\ {heat.col_axis}"
    columns = [Column("level", head, width=22, strong=True)] + [
        Column(f"c{i}", label, "number", 14) for i, label in enumerate(heat.col_labels, 1)
    ]
    table = Table(heat.title, columns)
    for label, counts, colors in zip(heat.row_labels, heat.counts, heat.colors, strict=True):
        table.rows.append({"level": label, **{f"c{i}": n for i, n in enumerate(counts, 1)}})
        table.fills.append({f"c{i}": c for i, c in enumerate(colors, 1)})
    return table


def matrix_report(*, session: Session, year: int, org: str, lang: str = "sv") -> Report:
    """The probability × significance heat map of the year's analysis, coloured by band."""
    year = validate.year(year)
    boards = Boards(session, org)
    scale = common_scale(boards)
    if scale is None:
        raise InvalidInput("org", org, _("the boards use different scales; name one with --org"))
    heat = heatmap(scale, cell_counts(session, year, boards.org_id), year, lang)
    if heat.total == 0:
        raise NotFound("year", year, no_analysis(boards, year))
    return Report(
        kind="matrix",
        lang=lang,
        year=year,
        board=boards.name(lang),
        title=heat.title,
        heading=heading(boards, lang),
        scale_title=_("Explanation", lang),
        scales=scale_texts(scale, lang),
        table=heatmap_table(heat),
        heatmap=heat,
        legends=[band_legend([scale], lang)],
        landscape=False,
        labels=exporter_labels(lang),
        meta={"org": boards.ref or ALL},
    )
