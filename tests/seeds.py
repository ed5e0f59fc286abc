"""The seed documents' tables, read from `../shared/seeds` when that folder is beside the repo.

They are the specification the example data must reproduce; tests that need them skip in a
clone that has no `shared/` beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
BUDGET_2025 = "003_9f157569a4d25656.txt"
ANNUAL_2024 = "000_faf41e4b4c903c87.txt"


@dataclass
class Row:
    title: str
    cells: list[str]


def _text(name: str) -> str:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"seed {name} is not beside the repository")
    return path.read_text(encoding="utf-8")


def _rows(section: str) -> list[Row]:
    rows = []
    for line in section.splitlines():
        if line.startswith("<b>"):
            cells = line.split("\t")
            rows.append(Row(re.sub(r"</?b>", "", cells[0]).strip(), cells[1:]))
    return rows


def analysis_2025() -> list[Row]:
    """Bilaga 2: Risk, Riskbeskrivning, Sannolikhet, Väsentlighet, Riskvärde, Hantering."""
    text = _text(BUDGET_2025)
    return _rows(text[text.index("## Bilaga 2") :])


def plan_2025() -> list[Row]:
    """Bilaga 1: Risk, Riskbeskrivning, Riskvärde, Metod, Ansvarig."""
    text = _text(BUDGET_2025)
    return _rows(text[text.index("## Bilaga 1") : text.index("## Bilaga 2")])


def annual_report_2024() -> str:
    return " ".join(_text(ANNUAL_2024).split())


def unhyphenate(text: str) -> str:
    """'Ekonomi- chef' in the PDF text is 'Ekonomichef'."""
    return re.sub(r"(\w)- (\w)", r"\1\2", text).strip()
