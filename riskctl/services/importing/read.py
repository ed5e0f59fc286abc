"""Reading an import: a CSV or XLSX file as a `Sheet` (through `riskctl.tabular`, the one
reader of both), its header row found and its columns mapped to fields, and a cell as the
text or whole number the checks want."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from riskctl.cell_safety import restore
from riskctl.errors import InvalidInput
from riskctl.i18n import _
from riskctl.tabular import (
    IMPORT,
    Limits,
    cell_text,
    kind_of,
    parse_csv,
    parse_xlsx,
    read_bytes,
)

HEADER_SEARCH_ROWS = 10

# Column names (lower case, without a trailing "?" or ":" or a "(…)" note) → field.
ALIASES: dict[str, str] = {
    "risk": "title",
    "identifierad risk": "title",
    "identified risk": "title",
    "title": "title",
    "risk title": "title",
    "riskbeskrivning": "description",
    "beskrivning": "description",
    "description": "description",
    "risk description": "description",
    "sannolikhet": "probability",
    "probability": "probability",
    "likelihood": "probability",
    "väsentlighet": "significance",
    "significance": "significance",
    "konsekvens": "significance",
    "consequence": "significance",
    "riskvärde": "value",
    "risk value": "value",
    "value": "value",
    "hantering": "note",
    "handling": "note",
    "handling note": "note",
    "beslut": "decision",
    "decision": "decision",
    "handling decision": "decision",
    "ansvarig": "owner",
    "owner": "owner",
    "nämnd": "board",
    "styrelse": "board",
    "board": "board",
    "organisation": "board",
}
REQUIRED = ("title", "description", "probability", "significance")
REQUIRED_NAMES = {
    "sv": ("Risk", "Riskbeskrivning", "Sannolikhet", "Väsentlighet"),
    "en": ("Risk", "Description", "Probability", "Significance"),
}


@dataclass
class Sheet:
    """A table read from a file: the header row's number, its names, and numbered rows."""

    source: str
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[Any]]]


def normalise_header(name: Any) -> str:
    text = " ".join(str(name or "").replace("\ufeff", "").split()).lower()
    text = re.sub(r"\s*\(.*\)$", "", text)
    return text.rstrip("?:* ").strip()


def _is_header(cells: list[Any]) -> bool:
    names = {ALIASES.get(normalise_header(c)) for c in cells}
    return {"title", "probability", "significance"} <= names


def _find_header(rows: list[list[Any]]) -> int:
    for n, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _is_header(cells):
            return n
    return -1


def read_csv(path: Path, *, delimiter: str | None = None, limits: Limits = IMPORT) -> Sheet:
    """Read CSV by the rules of `riskctl.tabular`: UTF-8 (with or without BOM) or
    Windows-1252, `;`, `,` or tab (sniffed), within the limits of a register import."""
    data = read_bytes(path, field="FILE", limit=limits.max_bytes, what=_(limits.what))
    table = parse_csv(data, field="FILE", shown=str(path), limits=limits, delimiter=delimiter)
    return _sheet(str(path), table.rows)


def _sheet(source: str, records: list[list[Any]]) -> Sheet:
    at = _find_header(records)
    if at < 0:
        first = records[0] if records else []
        _missing_columns(source, [str(c) for c in first if c not in (None, "")])
    rows = [(at + 2 + n, r) for n, r in enumerate(records[at + 1 :])]
    return Sheet(source, at + 1, [str(h or "") for h in records[at]], rows)


def read_xlsx(path: Path, *, sheet: str | None = None, limits: Limits = IMPORT) -> Sheet:
    """Read the first sheet whose header names the required columns (or the named sheet).

    Formulas are not evaluated: a formula cell gives the value Excel last saved for it.
    """
    data = read_bytes(path, field="FILE", limit=limits.max_bytes, what=_(limits.what))
    table = parse_xlsx(
        data,
        field="FILE",
        shown=str(path),
        limits=limits,
        sheet=sheet,
        wanted=lambda head: _find_header(head) >= 0,
        head_rows=HEADER_SEARCH_ROWS,
    )
    if table.sheet is None:
        _missing_columns(str(path), [])
    return _sheet(f"{path} [{table.sheet}]", table.rows)


def read_file(
    path: Path,
    *,
    sheet: str | None = None,
    delimiter: str | None = None,
    limits: Limits = IMPORT,
) -> Sheet:
    kind = kind_of(path)
    if kind == "xlsx":
        return read_xlsx(path, sheet=sheet, limits=limits)
    if kind == "csv":
        return read_csv(path, delimiter=delimiter, limits=limits)
    if not path.exists():
        raise InvalidInput("FILE", str(path), _("no such file"))
    raise InvalidInput("FILE", str(path), _("give a .csv or .xlsx file"))


def _missing_columns(source: str, found: list[str]) -> NoReturn:
    raise InvalidInput(
        _("columns of {source}").format(source=source),
        ", ".join(found) or _("nothing"),
        _(
            "the header row must name Risk, Riskbeskrivning, Sannolikhet and "
            "Väsentlighet (or Risk, Description, Probability and Significance)"
        ),
    )


def map_columns(sheet: Sheet) -> tuple[dict[str, int], list[str]]:
    """Field → column index, and the names of the columns that are ignored."""
    mapping: dict[str, int] = {}
    ignored = []
    for index, name in enumerate(sheet.headers):
        key = ALIASES.get(normalise_header(name))
        if key is None:
            if str(name).strip():
                ignored.append(str(name).strip())
            continue
        if key in mapping:
            raise InvalidInput(
                _("column"),
                name,
                _("it appears twice (as {name}); keep one").format(
                    name=repr(sheet.headers[mapping[key]])
                ),
            )
        mapping[key] = index
    missing = [
        n for n, key in zip(REQUIRED_NAMES["sv"], REQUIRED, strict=True) if key not in mapping
    ]
    if missing:
        raise InvalidInput(
            _("columns of {source}").format(source=sheet.source),
            ", ".join(h for h in sheet.headers if h),
            _("missing {columns} (or {english})").format(
                columns=", ".join(missing),
                english=", ".join(
                    REQUIRED_NAMES["en"][REQUIRED_NAMES["sv"].index(m)] for m in missing
                ),
            ),
        )
    return mapping, ignored


# --- cells ---------------------------------------------------------------------------------------


def text_of(value: Any) -> str:
    """A cell as text (`riskctl.tabular.cell_text`): stripped, an export's neutralising
    apostrophe taken away."""
    if type(value) is not str:
        value = cell_text(value)
    return (restore(value) if value[:1] == "'" else value).strip()


def int_of(value: Any) -> int | None:
    """A whole number from a cell (3, 3.0, "3", " 3 ", "3,0"), else None."""
    if type(value) is int:
        return value
    if type(value) is str and value.isdecimal():
        return int(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = text_of(value)
    try:
        return int(text)
    except ValueError:
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return None
        return int(number) if number.is_integer() and number == number else None
