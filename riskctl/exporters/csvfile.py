"""CSV as Swedish Excel opens it: UTF-8 with a byte-order mark, `;` between fields.

One table per file, header in row 1, every data column (the import reads them back). Text
cells are neutralised against formula injection; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from riskctl.exporters.safety import neutralise

if TYPE_CHECKING:
    from riskctl.services.reports import Report, Table

BOM = "\ufeff"


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    return neutralise(str(value))


def table_csv(table: Table, *, delimiter: str = ";", bom: bool = True) -> str:
    out = io.StringIO()
    if bom:
        out.write(BOM)
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    columns = table.data_columns()
    writer.writerow([neutralise(c.header) for c in columns])
    for row in table.rows:
        writer.writerow([_cell(row.get(c.key)) for c in columns])
    return out.getvalue()


def to_csv(report: Report, *, delimiter: str = ";") -> str:
    """The report's table (the heat map's grid for the matrix report)."""
    from riskctl.services.reports import heatmap_table

    table = report.table
    if table is None and report.heatmap is not None:
        table = heatmap_table(report.heatmap)
    if table is None:
        return BOM
    return table_csv(table, delimiter=delimiter)
