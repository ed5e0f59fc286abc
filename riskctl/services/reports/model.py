"""What a report is, as the exporters (`riskctl.exporters`) read it: a `Report` with a heading,
paragraphs, the scale explanation, one `Table` of `Column`s (built in memory or streamed from
the store), an optional `HeatMap` and the `Legend`s. Every text in it is already translated,
so that the exporters only lay it out.

Columns marked `document=False` are written only to the data formats (CSV, XLSX, JSON);
`data=False` keeps a column out of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlmodel import Session

HEADER_COLOR = "#d9d9d9"
"""The background of a table's header row in the documents."""


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
