"""Populations to sample from, and the items of the example board's adopted 2024 plan."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.services.adopted import plan_items


def payroll(path: Path, n: int = 300) -> Path:
    """A payroll extract, `Verifikation` the id: UTF-8 with BOM, `;` between columns."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["Verifikation", "Belopp", "Mottagare"])
        writer.writerows([f"L{i:05d}", 1000 + i, f"Anställd {i}"] for i in range(1, n + 1))
    return path


@pytest.fixture
def population(tmp_path: Path) -> Path:
    return payroll(tmp_path / "loner-2024.csv")


@pytest.fixture
def item(examples_store, read) -> int:  # type: ignore[no-untyped-def]
    """An item of the adopted 2024 plan of KS."""
    with read() as session:
        return plan_items(session)[0]
