"""The risk and significance analysis (seed 003, Bilaga 2): every risk of the year's analysis,
highest risk value first, with the scale explanation and, when the boards share a scale, the
heat map.

The data formats carry each risk's handling decision (`Beslut`) and owner (`Ansvarig`) too, so
that an export imported into an empty store gives back the same analysis (see `importing`),
while the documents keep the seed's own six columns.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlmodel import Session

from riskctl.errors import NotFound
from riskctl.i18n import _
from riskctl.services import validate
from riskctl.services.reports.matrix import heatmap
from riskctl.services.reports.model import BATCH, Column, Fills, Report, Row, RowSource, Table
from riskctl.services.reports.shared import (
    ALL,
    Boards,
    band_legend,
    board_column,
    cell_counts,
    common_scale,
    exporter_labels,
    heading,
    no_analysis,
    scale_texts,
)
from riskctl.vocabulary import handling_words, risk_value


def analysis_columns(lang: str) -> list[Column]:
    return [
        Column("title", _("Risk", lang), width=28, strong=True),
        Column("description", _("Risk description", lang), width=40),
        Column("probability", _("Probability", lang), "number", 16),
        Column("significance", _("Significance", lang), "number", 16),
        Column("value", _("Risk value", lang), "number", 13),
        # Documents show the note, or the decision when there is no note.
        Column("handling_text", _("Handling", lang), width=56, data=False),
        # The data formats carry the note and the decision apart, for an exact round trip.
        Column("note", _("Handling", lang), width=60, document=False),
        Column("decision", _("Decision", lang), width=14, document=False),
        Column("owner", _("Owner", lang), width=18, document=False),
    ]


def analysis_report(*, session: Session, year: int, org: str, lang: str = "sv") -> Report:
    """Seed 003, Bilaga 2: every risk of the year's analysis, highest risk value first.

    The table is streamed (see `RowSource`): its rows are read from the store when an
    exporter writes them, a batch at a time, so that a board of 100,000 risks is written to
    XLSX or CSV in flat memory. The heat map's counts come from an aggregate query.
    """
    year = validate.year(year)
    boards = Boards(session, org)
    counts = cell_counts(session, year, boards.org_id)
    if not counts:
        raise NotFound("year", year, no_analysis(boards, year))
    columns = analysis_columns(lang)
    if boards.all:
        columns.insert(0, board_column(lang))
    scales = boards.scales()
    colors = sorted({band.color for sc in scales for band in sc.bands})
    table = Table(
        _("Analysis", lang),
        columns,
        source=RowSource(session, lambda s: _analysis_rows(s, boards, year, lang)),
        palette={"value": colors},
    )
    first = scales[0]
    report = Report(
        kind="analysis",
        lang=lang,
        year=year,
        board=boards.name(lang),
        title=_("Risk and significance analysis {year}", lang).format(year=year),
        heading=heading(boards, lang),
        scale_title=_("Explanation", lang),
        scales=scale_texts(first, lang),
        table=table,
        legends=[band_legend(scales, lang)],
        labels=exporter_labels(lang),
        meta={"org": boards.ref or ALL},
    )
    common = common_scale(boards)
    if common is not None:
        report.heatmap = heatmap(common, counts, year, lang)
    return report


def _analysis_rows(
    session: Session, boards: Boards, year: int, lang: str
) -> Iterator[tuple[Row, Fills]]:
    """The analysis table's rows and fills, read from the store a batch at a time."""
    from riskctl.services.risks import assessment_rows

    words = handling_words("word", lang)
    labels = handling_words("title", lang)
    # Per board and risk value: its band key and fill, worked out once.
    looks: dict[tuple[int, int], tuple[str, Fills]] = {}
    query = assessment_rows(year=year, org_id=boards.org_id)
    rows = session.exec(query.execution_options(yield_per=BATCH))
    for _rid, oid, p, s, how, note, _version, title, description, _code, name, owner in rows:
        value = risk_value(p, s)
        look = looks.get((oid, value))
        if look is None:
            scale = boards.scale(oid)
            band = scale.band(value)
            key = scale.band_key(value) if value in scale.values() else ""
            look = looks[(oid, value)] = (key, {"value": band.color} if band else {})
        yield (
            {
                "board": name,
                "title": title,
                "description": description,
                "probability": p,
                "significance": s,
                "value": value,
                "handling_text": note or labels.get(how, how),
                "note": note,
                "decision": words.get(how, how),
                "owner": owner or "",
                "band": look[0],
                "handling": how,
            },
            # A copy: a caller that loads the rows may change one row's fills.
            dict(look[1]),
        )
