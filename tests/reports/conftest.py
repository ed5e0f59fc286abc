"""Fixtures for the report tests: reports built from the example store, and the 2025 plan of
seed 003 (Bilaga 1) generated, given the seed's methods and adopted on the seed's date."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine

from riskctl.db import reading, writing
from riskctl.paths import examples_dir
from riskctl.services.reports.build import build_report
from riskctl.services.reports.model import Report

DECIDED_ON = date(2024, 12, 16)  # seed 003: "beslut 2024-12-16"
CASE_NUMBER = "2024.025 KS"  # seed 003: "dnr 2024.025 KS"

BuildReport = Callable[..., Report]


@pytest.fixture
def report(examples_store: Engine) -> BuildReport:
    """`report("analysis", 2025)` → the Swedish report of KS from the example store."""

    def build(
        kind: str, year: int, org: str = "KS", lang: str = "sv", period: str = "annual"
    ) -> Report:
        with reading(examples_store) as session:
            return build_report(
                session=session, kind=kind, year=year, org=org, lang=lang, period=period
            )

    return build


@pytest.fixture
def plan_2025(examples_store: Engine) -> Engine:
    """The example store with seed 003's internal control plan 2025, adopted."""
    from riskctl.services.plans.adoption import adopt_plan
    from riskctl.services.plans.generate import generate_plan
    from riskctl.services.plans.items import set_item

    with (examples_dir() / "kommunstyrelsen" / "analysis-2025.toml").open("rb") as fh:
        methods = {
            r["title"]: r["plan_method"] for r in tomllib.load(fh)["risk"] if "plan_method" in r
        }
    with writing(examples_store) as session:
        view = generate_plan(session=session, org="KS", year=2025).plan
        for item in view.items:
            set_item(session=session, item_id=item.id, method=methods[item.title])
        adopt_plan(session=session, org="KS", year=2025, decided_on=DECIDED_ON, ref=CASE_NUMBER)
    return examples_store
