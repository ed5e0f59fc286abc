"""The baseline for the TUI goal: a bare Textual app that fills a DataTable with every row.

    python bench/bare_datatable.py big.db BIG 2025

It reads the board-year's risks with sqlite3, in the analysis' order (highest risk value
first), and adds them all to a `DataTable` before the first screen: what a table of a
board-year costs when it holds every row.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import DataTable

COLUMNS = ("id", "Risk", "P", "S", "Value", "Handling", "Owner")


def read_rows(path: str, org: str, year: int) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT a.id, r.title, a.probability, a.significance, "
            "a.probability * a.significance, a.handling, coalesce(o.name, '–') "
            "FROM assessment a JOIN org g ON g.id = a.org_id "
            "JOIN risk r ON r.id = a.risk_id LEFT JOIN owner o ON o.id = a.owner_id "
            "WHERE g.code = ? AND a.year = ? "
            "ORDER BY a.probability * a.significance DESC, a.id",
            (org, year),
        ).fetchall()


class BareTable(App[None]):
    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        table.add_rows(self.rows)
        table.focus()


if __name__ == "__main__":
    BareTable(read_rows(sys.argv[1], sys.argv[2], int(sys.argv[3]))).run()
