"""The board's documents as plain data: what each exporter (Markdown, HTML, XLSX, DOCX, CSV,
JSON) lays out, in one language.

Four reports, modelled on the appendices a board adopts (Alingsås kommun, seeds 000, 002 and
003): the risk and significance analysis (Bilaga 2, with its scale explanation), the internal
control plan (Bilaga 1), the follow-up of the plan (with the summary sentence and the four
assessment colours) and the heat map. A `Report` holds a heading, paragraphs, the scale
explanation, one `Table`, an optional `HeatMap` and the legends; every text in it is
translated here, at call time, so that the exporters only lay it out.

`org="all"` gives the municipality-wide view: every board, with a board column.

Columns marked `document=False` are written only to the data formats (CSV, XLSX, JSON): the
analysis carries its handling decision (`Beslut`) and owner (`Ansvarig`) there, so that an
export imported into an empty store gives back the same analysis (see `importing`), while the
documents keep the seed's own six columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from riskctl.errors import InvalidInput, NotFound
from riskctl.i18n import _
from riskctl.models import Assessment, FollowUp, Org, Plan
from riskctl.services import validate
from riskctl.services.followups import summarise
from riskctl.services.orgs import OrgScale, list_orgs, org_label, resolve_org, scales_of
from riskctl.services.plan_seal import check_plan, summary
from riskctl.services.plan_seal import summary as seal_summary
from riskctl.services.plans import PlanView, decided_view
from riskctl.services.sampling.bound import DEFAULT_CONFIDENCE
from riskctl.services.sampling.summary import sample_summaries

KINDS = ("analysis", "plan", "followup", "matrix")
ALL = "all"

# The four assessment levels of seed 002, in the colours the board's reports use.
ASSESSMENT_COLORS = {"ok": "#4caf50", "near": "#ffd54f", "remark": "#e53935", "none": "#bdbdbd"}
HEADER_COLOR = "#d9d9d9"


def _decision_words(lang: str) -> dict[str, str]:
    """The handling decision as one word, as the `Beslut` column writes it (import reads it)."""
    return {
        "control": _("control", lang),
        "action": _("action", lang),
        "accept": _("accepted", lang),
    }


def decision_labels(lang: str) -> dict[str, str]:
    """The decision in a sentence-initial form, for a document cell with no handling note."""
    return {
        "control": _("Internal control", lang),
        "action": _("Action", lang),
        "accept": _("Accepted", lang),
    }


def assessment_labels(lang: str) -> dict[str, str]:
    """Short labels for a `Bedömning` cell: the colour says it, the word prints in grey too."""
    return {
        "ok": _("Without remarks", lang),
        "near": _("Close to target", lang),
        "remark": _("With remarks", lang),
        "none": _("Not assessed", lang),
    }


def assessment_legend(lang: str) -> list[LegendEntry]:
    """Seed 002's explanation of the four levels."""
    texts = {
        "ok": _(
            "The control has been carried out without remarks or with negligible remarks", lang
        ),
        "near": _("The control has been carried out with remarks close to the target value", lang),
        "remark": _("The control has been carried out with remarks", lang),
        "none": _("No assessment has been made", lang),
    }
    labels = assessment_labels(lang)
    return [LegendEntry(ASSESSMENT_COLORS[k], labels[k], texts[k]) for k in ASSESSMENT_COLORS]


@dataclass(frozen=True)
class Column:
    """A column of a report table.

    `kind` is text, number or assessment (a coloured cell); `width` is a width hint in
    characters; `strong` prints the cell in bold (the seeds' risk titles). `document=False`
    keeps a column out of the documents (HTML, DOCX, Markdown), `data=False` out of the data
    formats (CSV, XLSX).
    """

    key: str
    header: str
    kind: str = "text"
    width: int = 20
    strong: bool = False
    document: bool = True
    data: bool = True


Row = dict[str, Any]
Fills = dict[str, str]
BATCH = 2000  # rows fetched from the store at a time when a table is streamed


class RowSource:
    """A table's rows as the store gives them: (row, fills) pairs, read a batch at a time
    (`yield_per`), again at each iteration.

    Iterated while the session that built the report is still open, it reads in that session
    (the snapshot the rest of the report was read from); once that session has closed (the CLI
    closes it before it writes the file), in a read session of its own on the same store.
    """

    def __init__(self, session: Session, read: Callable[[Session], Iterator[tuple[Row, Fills]]]):
        self.session = session
        self.read = read

    def __iter__(self) -> Iterator[tuple[Row, Fills]]:
        from sqlalchemy import Engine

        from riskctl.db import reading

        bind = self.session.get_bind()
        if self.session.in_transaction() or not isinstance(bind, Engine):
            yield from self.read(self.session)
            return
        with reading(bind) as session:
            yield from self.read(session)


class Table:
    """Rows keyed by column key; `fills[i]` maps a column key of row i to its cell colour.

    A table is built in memory (append to `rows` and `fills`) or streamed from the store
    (`source`): then `stream()` reads the rows a batch at a time, so that the exporters that
    write row by row (XLSX, CSV) never hold more than a batch, and `palette` names every
    colour a column's cells may have (XLSX registers its styles before the first row). Reading
    `rows` or `fills` of a streamed table loads it into memory once, for the exporters that lay
    out a whole document (Markdown, HTML, DOCX, JSON).
    """

    def __init__(
        self,
        name: str,
        columns: list[Column],
        rows: list[Row] | None = None,
        fills: list[Fills] | None = None,
        *,
        source: Iterable[tuple[Row, Fills]] | None = None,
        palette: dict[str, list[str]] | None = None,
    ) -> None:
        self.name = name
        self.columns = columns
        self._rows: list[Row] = [] if rows is None else rows
        self._fills: list[Fills] = [] if fills is None else fills
        self.source = source
        self.palette = palette

    @property
    def streamed(self) -> bool:
        """Whether the rows are still in the store (not loaded into memory)."""
        return self.source is not None

    @property
    def rows(self) -> list[Row]:
        self._load()
        return self._rows

    @property
    def fills(self) -> list[Fills]:
        self._load()
        return self._fills

    def _load(self) -> None:
        if self.source is None:
            return
        rows: list[Row] = []
        fills: list[Fills] = []
        for row, fill in self.source:
            rows.append(row)
            fills.append(fill)
        self._rows, self._fills, self.source = rows, fills, None

    def stream(self) -> Iterator[tuple[Row, Fills]]:
        """(row, fills) pairs, from the store a batch at a time if the table is streamed."""
        if self.source is not None:
            return iter(self.source)
        return zip(self._rows, self._fills, strict=True)

    def fill_colors(self, key: str) -> set[str]:
        """The colours the cells of column `key` may have."""
        if self.palette is not None:
            return set(self.palette.get(key, ()))
        return {f[key] for f in self.fills if f.get(key)}

    def document_columns(self) -> list[Column]:
        return [c for c in self.columns if c.document]

    def data_columns(self) -> list[Column]:
        return [c for c in self.columns if c.data]


@dataclass(frozen=True)
class LegendEntry:
    color: str
    label: str
    text: str = ""


@dataclass
class Legend:
    title: str
    entries: list[LegendEntry]


@dataclass
class ScaleText:
    """One axis of the scale explanation: "Sannolikhet" and its levels (level, label, text)."""

    title: str
    levels: list[tuple[int, str, str]]


@dataclass
class HeatMap:
    """Counts per probability × significance cell; rows from the highest probability down."""

    title: str
    row_axis: str
    col_axis: str
    row_labels: list[str]
    col_labels: list[str]
    counts: list[list[int]]
    colors: list[list[str]]
    total: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Report:
    """A report in one language, ready for an exporter."""

    kind: str
    lang: str
    year: int
    board: str
    title: str
    heading: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    scale_title: str = ""
    scales: list[ScaleText] = field(default_factory=list)
    table: Table | None = None
    heatmap: HeatMap | None = None
    legends: list[Legend] = field(default_factory=list)
    landscape: bool = True
    labels: dict[str, str] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Everything, for JSON: rows keyed by the stable English column keys."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "lang": self.lang,
            "year": self.year,
            "board": self.board,
            "title": self.title,
            "heading": self.heading,
            "summary": self.summary,
            **self.meta,
        }
        if self.scales:
            out["scales"] = [
                {
                    "title": s.title,
                    "levels": [
                        {"level": n, "label": label, "description": text}
                        for n, label, text in s.levels
                    ],
                }
                for s in self.scales
            ]
        if self.table is not None:
            out["columns"] = [{"key": c.key, "header": c.header} for c in self.table.data_columns()]
            out["rows"] = self.table.rows
            out["colors"] = self.table.fills
        if self.heatmap is not None:
            out["heatmap"] = self.heatmap.as_dict()
        out["legends"] = [
            {"title": g.title, "entries": [asdict(e) for e in g.entries]} for g in self.legends
        ]
        return out


def _labels(lang: str) -> dict[str, str]:
    """Small words the exporters print around the tables."""
    return {
        "legend_sheet": _("Legend", lang),
        "heatmap_sheet": _("Heat map", lang),
        "total": _("Total", lang),
        "generated": _("Produced with riskctl", lang),
    }


# --- shared pieces ---------------------------------------------------------------------------


class _Boards:
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

    def name(self, lang: str) -> str:
        return _("All boards", lang) if self.all else self.orgs[0].name


def _band_fill(scale: OrgScale, value: int) -> str | None:
    band = scale.band(value)
    return band.color if band else None


def _band_legend(scales: list[OrgScale], lang: str) -> Legend:
    entries: list[LegendEntry] = []
    seen = set()
    for sc in scales:
        for band in sc.bands:
            label = (band.label_en or band.label) if lang == "en" else band.label
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


def _scale_texts(scale: OrgScale, lang: str) -> list[ScaleText]:
    out = []
    for axis, title in (
        ("probability", _("Probability", lang)),
        ("significance", _("Significance", lang)),
    ):
        levels = []
        for lv in scale.levels(axis):
            label = (lv.label_en or lv.label) if lang == "en" else lv.label
            text = (lv.description_en or lv.description) if lang == "en" else lv.description
            levels.append((lv.level, label, text))
        out.append(ScaleText(title, levels))
    return out


def _board_column(lang: str) -> Column:
    return Column("board", _("Board", lang), width=18)


def _heading(boards: _Boards, lang: str) -> list[str]:
    return [boards.name(lang)]


def _common_scale(boards: _Boards) -> OrgScale | None:
    """The one scale of the boards, or None when they differ (no common heat map then)."""
    scales = [boards.scale(o.id) for o in boards.orgs if o.id is not None]
    shapes = {(len(s.probability), len(s.significance)) for s in scales}
    return scales[0] if len(shapes) == 1 and scales else None


# --- the risk and significance analysis ------------------------------------------------------


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
    boards = _Boards(session, org)
    counts = _cell_counts(session, year, boards.org_id)
    if not counts:
        raise NotFound("year", year, _no_analysis(boards, year))
    columns = analysis_columns(lang)
    if boards.all:
        columns.insert(0, _board_column(lang))
    scales = [boards.scale(o.id) for o in boards.orgs if o.id is not None]
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
        heading=_heading(boards, lang),
        scale_title=_("Explanation", lang),
        scales=_scale_texts(first, lang),
        table=table,
        legends=[_band_legend(scales, lang)],
        labels=_labels(lang),
        meta={"org": boards.ref or ALL},
    )
    common = _common_scale(boards)
    if common is not None:
        report.heatmap = _heatmap(common, counts, year, lang)
    return report


def _analysis_rows(
    session: Session, boards: _Boards, year: int, lang: str
) -> Iterator[tuple[Row, Fills]]:
    """The analysis table's rows and fills, read from the store a batch at a time."""
    from riskctl.services.risks import assessment_rows

    words = _decision_words(lang)
    labels = decision_labels(lang)
    # Per board and risk value: its band key and fill, worked out once.
    looks: dict[tuple[int, int], tuple[str, Fills]] = {}
    query = assessment_rows(year=year, org_id=boards.org_id)
    rows = session.exec(query.execution_options(yield_per=BATCH))
    for _rid, oid, p, s, how, note, _version, title, description, _code, name, owner in rows:
        value = p * s
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


def _cell_counts(session: Session, year: int, org_id: int | None) -> dict[tuple[int, int], int]:
    """The number of risks per (probability, significance) cell: an aggregate query."""
    query = (
        select(Assessment.probability, Assessment.significance, func.count())
        .where(Assessment.year == year)
        .group_by(col(Assessment.probability), col(Assessment.significance))
    )
    if org_id is not None:
        query = query.where(Assessment.org_id == org_id)
    return {(p, s): n for p, s, n in session.exec(query).all()}


def _no_analysis(boards: _Boards, year: int) -> str:
    if boards.all:
        return _("no board has a risk analysis for {year}").format(year=year)
    return _("{board} has no risk analysis for {year}").format(
        board=org_label(boards.orgs[0]), year=year
    )


# --- the internal control plan ---------------------------------------------------------------


def plan_columns(lang: str) -> list[Column]:
    return [
        Column("title", _("Risk", lang), width=28, strong=True),
        Column("description", _("Risk description", lang), width=40),
        Column("value", _("Risk value", lang), "number", 13),
        Column("method", _("Method", lang), width=50),
        Column("owner", _("Owner", lang), width=18),
    ]


def _plans(session: Session, boards: _Boards, year: int) -> list[tuple[Org, Plan]]:
    out = []
    for the_org in boards.orgs:
        plan = session.exec(
            select(Plan).where(Plan.org_id == the_org.id, Plan.year == year)
        ).first()
        if plan is not None:
            out.append((the_org, plan))
    return out


def _decision_line(view: PlanView, lang: str) -> str:
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


def _seal_line(view: PlanView, board: str | None, lang: str) -> str:
    """The heading's warning for a plan whose seal does not hold (`plan_seal`): what it
    shows is not vouched for as the one the board adopted."""
    return _seal_text(view.seal_problems or [], board, lang)


def _seal_text(problems: list[str], board: str | None, lang: str) -> str:
    line = _(
        "SEAL BROKEN: the plan in the store differs from the one adopted ({problems}); "
        "check it with `riskctl plan verify`",
        lang,
    ).format(problems=summary(problems, lang))
    return f"{board}: {line}" if board else line


def plan_report(*, session: Session, year: int, org: str, lang: str = "sv") -> Report:
    """Seed 003, Bilaga 1: the controls of the year's plan, highest risk value first."""
    year = validate.year(year)
    boards = _Boards(session, org)
    plans = _plans(session, boards, year)
    if not plans:
        missing = (
            _("no board has an internal control plan for {year}; generate it with {command}")
            if boards.all
            else _("{board} has no internal control plan for {year}; generate it with {command}")
        )
        raise NotFound(
            "plan",
            year,
            missing.format(
                board=org_label(boards.orgs[0]),
                year=year,
                command=f"`riskctl plan generate --year {year} --org ORG`",
            ),
        )
    columns = plan_columns(lang)
    if boards.all:
        columns.insert(0, _board_column(lang))
    table = Table(_("Plan", lang), columns)
    heading = _heading(boards, lang)
    decisions = []
    for the_org, plan in plans:
        assert the_org.id is not None
        scale = boards.scale(the_org.id)
        view = decided_view(session=session, plan=plan, lang=lang)
        line = _decision_line(view, lang)
        heading.append(f"{the_org.name}: {line}" if boards.all else line)
        if view.seal_broken:
            heading.append(_seal_line(view, the_org.name if boards.all else None, lang))
        decisions.append(
            {
                "board": the_org.name,
                "status": view.status,
                "adopted_on": view.adopted_on,
                "ref": view.ref,
                "fingerprint": view.fingerprint,
                "seal": "broken" if view.seal_broken else "ok",
                "seal_problems": list(view.seal_problems or []),
            }
        )
        for item in view.items:
            table.rows.append(
                {
                    "board": the_org.name,
                    "title": item.title,
                    "description": item.description,
                    "value": item.value,
                    "method": item.method,
                    "owner": item.owner or "",
                }
            )
            fill = _band_fill(scale, item.value)
            table.fills.append({"value": fill} if fill else {})
    scales = [boards.scale(o.id) for o, _p in plans if o.id is not None]
    return Report(
        kind="plan",
        lang=lang,
        year=year,
        board=boards.name(lang),
        title=_("Internal control plan {year}", lang).format(year=year),
        heading=heading,
        table=table,
        legends=[_band_legend(scales, lang)],
        labels=_labels(lang),
        meta={"org": boards.ref or ALL, "plans": decisions},
    )


# --- the follow-up ---------------------------------------------------------------------------


def followup_columns(lang: str, period: str) -> list[Column]:
    """Seed 000 (annual) or seed 002 (interim), with the seeds' own column names."""
    if period == "annual":
        middle = [
            Column("description", _("Risk description", lang), width=34),
            Column("method", _("Follow-up", lang), width=34),
        ]
    else:
        middle = [
            Column("checked", _("What is checked?", lang), width=34),
            Column("method", _("Method", lang), width=30),
        ]
    return [
        Column("title", _("Identified risk", lang), width=24, strong=True),
        *middle,
        Column("assessment_text", _("Assessment", lang), "assessment", 19),
        Column("result", _("Result", lang), width=44),
        Column("action", _("Action", lang), width=40),
    ]


def sample_columns(lang: str) -> list[Column]:
    """The sample check's figures, after the result: only in a report with a sample."""
    return [
        Column("sample_size", _("Sample (n)", lang), "number", 10),
        Column("sample_errors", _("Errors", lang), "number", 7),
        Column("upper_bound_text", _("Upper bound", lang), "number", 10),
    ]


def _sample_cells(
    found: dict[str, Any] | None, lang: str, confidence: float | None
) -> dict[str, Any]:
    """An item's sample figures for its row: the cells, and the raw numbers for JSON.

    `confidence` is that of every result in the report; when they differ (None), each bound
    names its own.
    """
    from riskctl.services.sampling.summary import _percent

    if found is None:
        return {"sample_size": None, "sample_errors": None, "upper_bound_text": ""}
    bound = found["upper_bound"]
    text = ""
    if bound is not None:
        text = _percent(bound, lang)
        if confidence is None:
            text += f" ({_percent(found['confidence'], lang, 2)})"
    return {
        "sample_size": found["size"],
        "sample_errors": found["errors"],
        "upper_bound_text": text,
        "sample": {
            k: found[k]
            for k in (
                "size",
                "population_size",
                "population_sha256",
                "seed",
                "errors",
                "error_rate",
                "upper_bound",
                "confidence",
                "tolerable_rate",
                "suggested_assessment",
            )
        },
    }


def _sample_note(confidence: float | None, lang: str) -> str:
    """What the sample columns mean, for the board: a paragraph under the summary."""
    from riskctl.services.sampling.summary import _percent

    if confidence is None:
        return _(
            "Sample (n) is the number of items checked, Errors the errors found in them and "
            "Upper bound the error rate of the whole population that is not exceeded with "
            "the confidence given in brackets.",
            lang,
        )
    return _(
        "Sample (n) is the number of items checked, Errors the errors found in them and "
        "Upper bound the error rate of the whole population that is not exceeded with "
        "{confidence} confidence.",
        lang,
    ).format(confidence=_percent(confidence, lang, 2))


def followup_report(
    *, session: Session, year: int, org: str, lang: str = "sv", period: str = "annual"
) -> Report:
    """Seeds 000 and 002: each control of an adopted plan with its assessment as a colour,
    the summary sentence of the annual report and the legend of the four levels."""
    year = validate.year(year)
    period = validate.period(period)
    boards = _Boards(session, org)
    known = _plans(session, boards, year)
    plans = [(o, p) for o, p in known if p.status == "adopted"]
    # A plan set back to draft past riskctl is no ordinary draft: it is named, never left out.
    unsealed = [
        (o, seal.problems)
        for o, p in known
        if p.status != "adopted" and not (seal := check_plan(session, p, lang=lang)).ok
    ]
    if not plans:
        if unsealed:
            the_org, problems = unsealed[0]
            reason = _(
                "it is marked a draft, but its seal is broken ({problems}); "
                "see `riskctl plan verify`"
            ).format(problems=seal_summary(problems, lang))
            raise InvalidInput("plan", f"{org_label(the_org)} {year}", reason)
        if not boards.all and known:
            raise InvalidInput(
                "plan",
                f"{org_label(boards.orgs[0])} {year}",
                _("it is a draft; only an adopted plan is followed up"),
            )
        missing = (
            _("no board has an adopted internal control plan for {year}")
            if boards.all
            else _("{board} has no adopted internal control plan for {year}")
        )
        raise NotFound("plan", year, missing.format(board=org_label(boards.orgs[0]), year=year))
    columns = followup_columns(lang, period)
    if boards.all:
        columns.insert(0, _board_column(lang))
    table = Table(_("Follow-up", lang), columns)
    labels = assessment_labels(lang)
    summary: list[str] = []
    counts = {k: 0 for k in ("risks", "ok", "near", "remark", "none")}
    heading = _heading(boards, lang)
    heading += [_seal_text(problems, the_org.name, lang) for the_org, problems in unsealed]
    views = [
        (the_org, decided_view(session=session, plan=plan, lang=lang)) for the_org, plan in plans
    ]
    samples = sample_summaries(
        session=session, item_ids=[i.id for _o, v in views for i in v.items], period=period
    )
    confidences = {s["confidence"] for s in samples.values() if s["confidence"] is not None}
    # One confidence for the whole report (the note names it), or None: each bound says its own.
    confidence = None if len(confidences) > 1 else min(confidences, default=DEFAULT_CONFIDENCE)
    if samples:
        at = next(n for n, c in enumerate(table.columns) if c.key == "result") + 1
        table.columns[at:at] = sample_columns(lang)
    for the_org, view in views:
        if not boards.all:
            heading.append(_decision_line(view, lang))
        if view.seal_broken:
            heading.append(_seal_line(view, the_org.name if boards.all else None, lang))
        rows = session.exec(
            select(FollowUp).where(
                col(FollowUp.item_id).in_([i.id for i in view.items]),
                FollowUp.period == period,
                col(FollowUp.current).is_(True),
            )
        ).all()
        found = {f.item_id: f for f in rows}
        for item in view.items:
            f = found.get(item.id)
            verdict = f.assessment if f else "none"
            table.rows.append(
                {
                    "board": the_org.name,
                    "title": item.title,
                    "description": item.description,
                    "checked": (f.checked if f else "") or item.title,
                    "method": item.method,
                    "assessment": verdict,
                    "assessment_text": labels[verdict],
                    "result": f.result if f else "",
                    "action": f.action if f else "",
                    "date": f.done_on if f else None,
                    **(_sample_cells(samples.get(item.id), lang, confidence) if samples else {}),
                }
            )
            table.fills.append({"assessment_text": ASSESSMENT_COLORS[verdict]})
        s = summarise(session=session, year=year, org=org_label(the_org), period=period)
        sentence = s.sentence(lang)
        summary.append(f"{the_org.name}: {sentence}" if boards.all else sentence)
        for k, v in s.counts().items():
            counts[k] += v
    if samples:
        summary.append(_sample_note(confidence, lang))
    periods = {"annual": _("annual follow-up", lang), "interim": _("interim follow-up", lang)}
    return Report(
        kind="followup",
        lang=lang,
        year=year,
        board=boards.name(lang),
        title=_("Follow-up of internal control {year}", lang).format(year=year)
        + f" – {periods[period]}",
        heading=heading,
        summary=summary,
        table=table,
        legends=[Legend(_("Assessment", lang), assessment_legend(lang))],
        labels=_labels(lang),
        meta={"org": boards.ref or ALL, "period": period, **counts, "samples": len(samples)},
    )


# --- the heat map ----------------------------------------------------------------------------


def _heatmap(scale: OrgScale, counts: dict[tuple[int, int], int], year: int, lang: str) -> HeatMap:
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
    boards = _Boards(session, org)
    scale = _common_scale(boards)
    if scale is None:
        raise InvalidInput("org", org, _("the boards use different scales; name one with --org"))
    heat = _heatmap(scale, _cell_counts(session, year, boards.org_id), year, lang)
    if heat.total == 0:
        raise NotFound("year", year, _no_analysis(boards, year))
    return Report(
        kind="matrix",
        lang=lang,
        year=year,
        board=boards.name(lang),
        title=heat.title,
        heading=_heading(boards, lang),
        scale_title=_("Explanation", lang),
        scales=_scale_texts(scale, lang),
        table=heatmap_table(heat),
        heatmap=heat,
        legends=[_band_legend([scale], lang)],
        landscape=False,
        labels=_labels(lang),
        meta={"org": boards.ref or ALL},
    )


def build_report(
    *, session: Session, kind: str, year: int, org: str, lang: str = "sv", period: str = "annual"
) -> Report:
    """The report of `kind` (analysis, plan, followup or matrix)."""
    lang = lang if lang in ("sv", "en") else "en"
    if kind == "analysis":
        return analysis_report(session=session, year=year, org=org, lang=lang)
    if kind == "plan":
        return plan_report(session=session, year=year, org=org, lang=lang)
    if kind == "followup":
        return followup_report(session=session, year=year, org=org, lang=lang, period=period)
    if kind == "matrix":
        return matrix_report(session=session, year=year, org=org, lang=lang)
    raise InvalidInput("report", kind, _("use one of {choices}").format(choices=", ".join(KINDS)))
