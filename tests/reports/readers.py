"""Read produced files back the way their readers do: HTML by a parser, DOCX by python-docx,
XLSX by openpyxl, CSV by the csv module."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any


@dataclass
class Cell:
    tag: str
    text: str
    style: str = ""
    classes: str = ""

    @property
    def background(self) -> str | None:
        for part in self.style.split(";"):
            name, _, value = part.partition(":")
            if name.strip() == "background":
                return value.strip().lower()
        return None


@dataclass
class HtmlTable:
    classes: str
    head: list[list[Cell]] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)

    def header(self) -> list[str]:
        return [c.text for c in self.head[-1]] if self.head else []

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.body]


class HtmlReader(HTMLParser):
    """Tables (with thead/tbody, cell text and inline style), headings, paragraphs, tags."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[HtmlTable] = []
        self.headings: list[tuple[str, str]] = []
        self.paragraphs: list[tuple[str, str]] = []  # (class, text)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.style = ""
        self._stack: list[str] = []
        self._section = ""
        self._row: list[Cell] | None = None
        self._cell: Cell | None = None
        self._text: list[str] | None = None
        self._para_class = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        self._stack.append(tag)
        if tag == "table":
            self.tables.append(HtmlTable(a.get("class") or ""))
        elif tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = Cell(tag, "", a.get("style") or "", a.get("class") or "")
            self._text = []
        elif tag == "br" and self._text is not None:
            self._text.append("\n")
        elif tag in ("h1", "h2", "h3", "p", "li") and self._cell is None:
            self._text = []
            self._para_class = a.get("class") or ""

    def handle_endtag(self, tag: str) -> None:
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._cell.text = "".join(self._text or []).strip()
            self._row.append(self._cell)
            self._cell, self._text = None, None
        elif tag == "p" and self._cell is not None and self._text is not None:
            self._text.append("\n\n")
        elif tag == "tr" and self._row is not None and self.tables:
            table = self.tables[-1]
            (table.head if self._section == "thead" else table.body).append(self._row)
            self._row = None
        elif tag in ("h1", "h2", "h3") and self._text is not None and self._cell is None:
            self.headings.append((tag, "".join(self._text).strip()))
            self._text = None
        elif tag in ("p", "li") and self._text is not None and self._cell is None:
            self.paragraphs.append((self._para_class, "".join(self._text).strip()))
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] == "style":
            self.style += data
        elif self._text is not None:
            self._text.append(data)


def csv_rows(text: str, delimiter: str = ";") -> list[list[str]]:
    return list(
        csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=delimiter)
    )


def docx_shading(cell: Any) -> str | None:
    """The fill colour of a python-docx table cell, as #rrggbb, or None."""
    from docx.oxml.ns import qn

    tc_pr = cell._tc.tcPr
    if tc_pr is None:
        return None
    shd = tc_pr.find(qn("w:shd"))
    return f"#{shd.get(qn('w:fill')).lower()}" if shd is not None else None


def docx_repeats_header(row: Any) -> bool:
    from docx.oxml.ns import qn

    tr_pr = row._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


def xlsx_fill(cell: Any) -> str | None:
    """The solid fill of an openpyxl cell as #rrggbb, or None."""
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    rgb = fill.fgColor.rgb
    return f"#{str(rgb)[-6:].lower()}" if isinstance(rgb, str) else None
