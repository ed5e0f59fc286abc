"""Which delimiter a CSV file uses: Swedish Excel writes `;`, most other programs `,`."""

from __future__ import annotations

import csv
import io

DELIMITERS = (",", ";", "\t")


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first row into the most columns, quotes respected
    (`"Belopp, kr";Id` is two columns split by `;`); `,` when none splits it."""

    def columns(delimiter: str) -> int:
        return len(next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), []))

    return max(DELIMITERS, key=columns)
