"""The board and year last used, per store, in a small JSON file in the user data directory.

Kept apart from the store on purpose: it is one user's view, not shared data. A missing or
damaged file is the same as a new user; nothing here ever stops the UI from starting.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from riskctl.paths import data_dir

FILE_NAME = "tui-state.json"


def default_path() -> Path:
    return data_dir() / FILE_NAME


@dataclass(frozen=True)
class LastUsed:
    org: str | None = None
    year: int | None = None


def _read(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def recall(store: str, path: Path | None = None) -> LastUsed:
    """What was last used on `store` (a URL without its password)."""
    entry = _read(path or default_path()).get("stores", {})
    entry = entry.get(store) if isinstance(entry, dict) else None
    if not isinstance(entry, dict):
        return LastUsed()
    org = entry.get("org")
    year = entry.get("year")
    return LastUsed(
        org=org if isinstance(org, str) else None,
        year=year if isinstance(year, int) and not isinstance(year, bool) else None,
    )


def remember(store: str, org: str, year: int, path: Path | None = None) -> None:
    """Record the board and year; written atomically, the directory created if needed."""
    path = path or default_path()
    data = _read(path)
    stores = data.get("stores")
    if not isinstance(stores, dict):
        stores = {}
    stores[store] = {"org": org, "year": year}
    data["stores"] = stores
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tui-state-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
        os.replace(tmp, path)
    except OSError:
        # Remembering is a convenience: a read-only home must not break the UI.
        return
