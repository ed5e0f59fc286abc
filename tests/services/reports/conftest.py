"""A small board built through the services, for the reports as functions over a session.

Tekniska nämnden (TN) on the default 4 × 4 scale has four risks in 2025: two it controls
(risk values 16 and 9), one it acts on (4) and one it accepts (3). Its plan holds the two
controlled risks; `adopted` adopts it on 2024-12-16.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from riskctl.services.orgs import add_org
from riskctl.services.plans.adoption import adopt_plan
from riskctl.services.plans.generate import generate_plan
from riskctl.services.risks import add_risk

YEAR = 2025
RISKS = [
    # title, probability, significance, handling, note, owner
    ("Sen rapportering", 2, 2, "action", "", None),
    ("Felaktiga fakturor", 4, 4, "control", "Stickprov av fakturor", "Ekonomichef"),
    ("Brand i förrådet", 1, 3, "accept", "", None),
    ("Bristande behörigheter", 3, 3, "control", "", "IT-chef"),
]


@pytest.fixture
def board(write) -> str:  # type: ignore[no-untyped-def]
    """The store with TN's 2025 analysis; its code."""
    with write() as session:
        add_org(session=session, name="Tekniska nämnden", code="TN")
        for title, p, s, handling, note, owner in RISKS:
            add_risk(
                session=session,
                org="TN",
                year=YEAR,
                title=title,
                probability=p,
                significance=s,
                handling=handling,
                note=note,
                owner=owner,
            )
    return "TN"


@pytest.fixture
def draft(board: str, write) -> str:  # type: ignore[no-untyped-def]
    """TN with a generated (draft) plan for 2025."""
    with write() as session:
        generate_plan(session=session, org=board, year=YEAR)
    return board


@pytest.fixture
def adopted(draft: str, write) -> str:  # type: ignore[no-untyped-def]
    """TN with its 2025 plan adopted on 2024-12-16, case no. 2024.031 TN."""
    with write() as session:
        adopt_plan(
            session=session, org=draft, year=YEAR, decided_on=date(2024, 12, 16), ref="2024.031 TN"
        )
    return draft


Items = Callable[[], dict[str, int]]


@pytest.fixture
def items(read) -> Items:  # type: ignore[no-untyped-def]
    """`items()` → the plan items' ids by risk title."""
    from riskctl.services.plans.adoption import show_plan

    def by_title() -> dict[str, int]:
        with read() as session:
            return {i.title: i.id for i in show_plan(session=session, org="TN", year=YEAR).items}

    return by_title
