"""The population file of a draw: a CSV or XLSX file (read by `riskctl.tabular`, the one
reader of both) with a header row and one row per item, each with a unique id."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from riskctl import tabular
from riskctl.errors import InvalidInput
from riskctl.i18n import _
from riskctl.tabular import POPULATION

COLUMNS_SHOWN = 12


@dataclass
class Population:
    """A population file read for a draw: its SHA-256, header and rows keyed by id."""

    name: str
    sha256: str
    header: list[str]
    id_column: str
    ids: list[str]
    rows: dict[str, list[str]] = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.ids)


def read_bytes(path: str | os.PathLike[str], opt: str = "--population") -> bytes:
    """The population file's content, by the rules of `riskctl.tabular.read_bytes`."""
    return tabular.read_bytes(path, field=opt, limit=POPULATION.max_bytes, what=_(POPULATION.what))


def read_population(
    path: str | os.PathLike[str], id_column: str, *, limits: tabular.Limits = POPULATION
) -> Population:
    """Read a population from a CSV or XLSX file; every row needs a unique id."""
    data = tabular.read_bytes(
        path, field="--population", limit=limits.max_bytes, what=_(limits.what)
    )
    return parse_population(data, Path(path).name, id_column, shown=str(path), limits=limits)


def parse_population(
    data: bytes,
    name: str,
    id_column: str,
    *,
    shown: str | None = None,
    limits: tabular.Limits = POPULATION,
) -> Population:
    """Parse a population file's content; `name` is the file's name (its kind, and in
    messages), `shown` the path as the user gave it."""
    shown = shown or name
    table = _records(data, name, shown, limits)
    header = [h.strip() for h in table[0]]
    wanted = (id_column or "").strip()
    at = _id_at(header, wanted, id_column, name)
    ids, rows = _rows_by_id(table, header, at, wanted, shown)
    return Population(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        header=header,
        id_column=wanted,
        ids=ids,
        rows=rows,
    )


def _records(data: bytes, name: str, shown: str, limits: tabular.Limits) -> list[list[str]]:
    """The file's rows as text, by its kind; refused if it has not even a header row."""
    kind = tabular.kind_of(name)
    if kind == "csv":
        table = tabular.parse_csv(data, field="--population", shown=shown, limits=limits).rows
    elif kind == "xlsx":
        table = tabular.parse_xlsx(data, field="--population", shown=shown, limits=limits).rows
    else:
        raise InvalidInput(
            "--population",
            shown,
            _("use a .csv file (UTF-8, ; or , between columns) or an .xlsx"),
        )
    if not table:
        raise InvalidInput("--population", shown, _("the file is empty; it needs a header row"))
    return table


def _id_at(header: list[str], wanted: str, id_column: str, name: str) -> int:
    """The index of the id column: the one header that is `wanted`."""
    where = [n for n, h in enumerate(header) if h == wanted]
    if not where:
        names = [h for h in header if h][:COLUMNS_SHOWN]
        more = ", …" if len([h for h in header if h]) > COLUMNS_SHOWN else ""
        raise InvalidInput(
            "--id-column",
            id_column,
            _("{name} has no such column; its columns are: {columns}").format(
                name=name, columns=", ".join(names) + more
            ),
        )
    if len(where) > 1:
        raise InvalidInput(
            "--id-column",
            id_column,
            _("{name} has that column twice; rename one of them").format(name=name),
        )
    return where[0]


def _rows_by_id(
    table: list[list[str]], header: list[str], at: int, wanted: str, shown: str
) -> tuple[list[str], dict[str, list[str]]]:
    """The ids in file order and each id's row (padded to the header); empty rows are
    skipped, a row without an id or with an id seen before is refused."""
    ids: list[str] = []
    rows: dict[str, list[str]] = {}
    first_row: dict[str, int] = {}
    for number, raw in enumerate(table[1:], start=2):
        if not any(c.strip() for c in raw):
            continue
        cells = [*raw, *[""] * (len(header) - len(raw))]
        key = cells[at].strip()
        if not key:
            raise InvalidInput(
                "--population",
                shown,
                _("row {row} has no id in column {column}; every row needs one").format(
                    row=number, column=repr(wanted)
                ),
            )
        if key in rows:
            raise InvalidInput(
                "--population",
                shown,
                _(
                    "the id {id} occurs twice in column {column} (rows {first} and {second}); "
                    "the ids must be unique"
                ).format(id=repr(key), column=repr(wanted), first=first_row[key], second=number),
            )
        ids.append(key)
        rows[key] = cells
        first_row[key] = number
    if not ids:
        raise InvalidInput("--population", shown, _("the file has no rows below its header"))
    return ids, rows
