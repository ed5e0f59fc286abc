"""CSV as Swedish Excel opens it: UTF-8 with a byte-order mark, `;` between fields.

One table per file, header in row 1, every data column (the import reads them back). Text
cells are neutralised against formula injection; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from riskctl.cell_safety import neutralise

if TYPE_CHECKING:
    from riskctl.services.reports.model import Report, Table

BOM = "\ufeff"


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    return neutralise(str(value))


def csv_chunks(
    table: Table, *, delimiter: str = ";", bom: bool = True, chunk: int = 2000
) -> Iterator[str]:
    """The table as CSV text, `chunk` rows at a time: a streamed table is read from the store
    a batch at a time and never held whole."""
    out = io.StringIO()
    if bom:
        out.write(BOM)
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    columns = table.data_columns()
    writer.writerow([neutralise(c.header) for c in columns])
    for n, (row, _fills) in enumerate(table.stream(), start=1):
        writer.writerow([_cell(row.get(c.key)) for c in columns])
        if n % chunk == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def table_csv(table: Table, *, delimiter: str = ";", bom: bool = True) -> str:
    return "".join(csv_chunks(table, delimiter=delimiter, bom=bom))


def report_csv_chunks(report: Report, *, delimiter: str = ";") -> Iterator[str]:
    """The report's table (the heat map's grid for the matrix report), a chunk at a time."""
    from riskctl.services.reports.matrix import heatmap_table

    table = report.table
    if table is None and report.heatmap is not None:
        table = heatmap_table(report.heatmap)
    if table is None:
        yield BOM
        return
    yield from csv_chunks(table, delimiter=delimiter)


def to_csv(report: Report, *, delimiter: str = ";") -> str:
    """The report's table (the heat map's grid for the matrix report)."""
    return "".join(report_csv_chunks(report, delimiter=delimiter))
