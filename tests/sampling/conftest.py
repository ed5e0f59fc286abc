"""Populations to sample from, and the items of the example board's adopted 2024 plan."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest


def write_csv(
    path: Path, rows: list[list[object]], *, delimiter: str = ";", bom: bool = True
) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def payroll(path: Path, n: int = 1200, **kwargs: object) -> Path:
    """A payroll extract: one row per payment, `Verifikation` is the id."""
    rows: list[list[object]] = [["Verifikation", "Belopp", "Mottagare"]]
    rows += [[f"L{i:05d}", 1000 + i, f"Anställd {i}"] for i in range(1, n + 1)]
    return write_csv(path, rows, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def population(tmp_path: Path) -> Path:
    return payroll(tmp_path / "loner-2024.csv")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in a directory of its own: the default sample list lands there."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


@pytest.fixture
def items(examples_store, cli) -> list[int]:  # type: ignore[no-untyped-def]
    """The item ids of the adopted 2024 plan of KS (9 items)."""
    out = cli("plan", "show", "--year", "2024", "--org", "KS", "--format", "json")
    assert out.exit_code == 0, out.stderr
    ids = [i["id"] for i in json.loads(out.stdout)["items"]]
    assert len(ids) == 9
    return ids


@pytest.fixture
def draft_item(examples_store, cli) -> int:  # type: ignore[no-untyped-def]
    """An item of the generated, not adopted, 2025 plan."""
    out = cli("plan", "generate", "--year", "2025", "--org", "KS", "--format", "json")
    assert out.exit_code == 0, out.stderr
    return int(json.loads(out.stdout)["items"][0]["id"])
