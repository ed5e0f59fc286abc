"""A store with one empty board (KS, the default 4×4 scale) to import into, and CSV files."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

HEADER = "Risk;Riskbeskrivning;Sannolikhet;Väsentlighet;Riskvärde;Hantering\n"


def write_csv(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8-sig"))
    return path


@pytest.fixture
def board(engine: Engine, write) -> Engine:  # type: ignore[no-untyped-def]
    from riskctl.services.orgs import add_org

    with write() as session:
        add_org(session=session, name="Kommunstyrelsen", code="KS")
    return engine
