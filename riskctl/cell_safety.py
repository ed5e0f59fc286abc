"""Spreadsheet formula injection (OWASP "CSV injection"): neutralise text before it is written.

A text cell that starts with `=`, `+`, `-`, `@`, a tab, CR or LF may be run as a formula by
the spreadsheet that opens the file. Such text gets a leading apostrophe, which spreadsheets
show as text. Numbers are never touched: they stay numbers.

The import reverses it (`restore`), so that an exported register imported again gives back
the same texts. To keep that exact, a text that already starts with apostrophes followed by
one of those characters gets one more apostrophe, and `restore` takes exactly one away.
"""

from __future__ import annotations

from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
QUOTE = "'"


def needs_quote(text: str) -> bool:
    return text.lstrip(QUOTE).startswith(TRIGGERS)


def neutralise(value: Any) -> Any:
    """The value as it is safe to write to a CSV or XLSX cell; non-text values unchanged."""
    if isinstance(value, str) and needs_quote(value):
        return QUOTE + value
    return value


def restore(value: Any) -> Any:
    """Undo `neutralise` on a cell read from a file; other text is returned as it is."""
    if isinstance(value, str) and value.startswith(QUOTE) and needs_quote(value[1:]):
        return value[1:]
    return value
