"""A small board on a real store: KS with the 2025 analysis the plan tests start from."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, text

from riskctl.services.orgs import add_org
from riskctl.services.risks import add_risk

YEAR = 2025


@dataclass
class Board:
    """The board's risk ids by a short name."""

    ramavtal: int
    loner: int
    cyberhot: int
    lokaler: int


@pytest.fixture
def board(engine: Engine, write) -> Board:  # type: ignore[no-untyped-def]
    """KS (threshold 8): two risks under control, a high one with action, a low accepted one."""
    with write() as session:
        add_org(session=session, name="Kommunstyrelsen", code="KS")
        risks = [
            add_risk(
                session=session,
                org="KS",
                year=YEAR,
                title=title,
                probability=p,
                significance=s,
                handling=handling,
                note=note,
                owner=owner,
            ).id
            for title, p, s, handling, note, owner in (
                (
                    "Ramavtal följs inte",
                    3,
                    3,
                    "control",
                    "Stickprov på 20 inköp. Risken ingår i kommunstyrelsens plan för "
                    "internkontroll 2024.",
                    "Inköpschef",
                ),
                ("Felaktiga löner", 4, 3, "control", "Granskning av utbetalningar.", "HR-chef"),
                ("Cyberhot", 4, 2, "action", "Utbildning.", "IT-chef"),
                ("Lokaler", 1, 2, "accept", "", None),
            )
        ]
    return Board(*risks)


def sql(engine: Engine, statement: str, **params: object) -> None:
    """A change made past riskctl, in the database itself."""
    with engine.begin() as conn:
        conn.execute(text(statement), params)
