"""The internal control plan as a function over a session."""

from __future__ import annotations

import pytest

from riskctl.errors import NotFound
from riskctl.services.reports.plan import plan_report

from .conftest import YEAR


def test_the_plan_lists_the_controlled_risks_highest_value_first(draft, read):
    with read() as session:
        report = plan_report(session=session, year=YEAR, org=draft)
    assert [(r["title"], r["value"]) for r in report.table.rows] == [
        ("Felaktiga fakturor", 16),
        ("Bristande behörigheter", 9),
    ]
    assert report.table.fills[0] == {"value": "#e53935"}


def test_a_draft_says_so_in_the_heading(draft, read):
    with read() as session:
        report = plan_report(session=session, year=YEAR, org=draft)
    assert report.heading == ["Tekniska nämnden", "Förslag, ej antagen"]
    assert report.meta["plans"][0]["status"] == "draft"


def test_an_adopted_plan_names_its_decision(adopted, read):
    with read() as session:
        report = plan_report(session=session, year=YEAR, org=adopted, lang="en")
    assert report.heading == ["Tekniska nämnden", "Adopted 2024-12-16, case no. 2024.031 TN"]
    assert report.meta["plans"][0]["seal"] == "ok"


def test_no_plan_is_refused_with_the_command_that_makes_one(board, read):
    with read() as session, pytest.raises(NotFound) as caught:
        plan_report(session=session, year=YEAR, org=board)
    assert "riskctl plan generate --year 2025 --org ORG" in str(caught.value)
