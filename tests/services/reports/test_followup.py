"""The follow-up of the plan as a function over a session."""

from __future__ import annotations

import pytest

from riskctl.errors import InvalidInput, NotFound
from riskctl.services.followups import record_followup
from riskctl.services.reports.followup import followup_report, report_confidence
from riskctl.services.sampling.bound import DEFAULT_CONFIDENCE
from riskctl.vocabulary import ASSESSMENT_COLORS

from .conftest import YEAR


def test_each_item_shows_its_recorded_assessment(adopted, items, write, read):
    ids = items()
    with write() as session:
        record_followup(
            session=session,
            item_id=ids["Felaktiga fakturor"],
            period="annual",
            assessment="near",
            result="Två av 30 fakturor saknade attest",
            action="Påminnelse till attestanterna",
        )
    with read() as session:
        report = followup_report(session=session, year=YEAR, org=adopted)
    rows = {r["title"]: r for r in report.table.rows}
    invoices = rows["Felaktiga fakturor"]
    assert (invoices["assessment"], invoices["assessment_text"]) == ("near", "Nära målvärde")
    assert invoices["result"] == "Två av 30 fakturor saknade attest"
    assert invoices["action"] == "Påminnelse till attestanterna"
    # An item with no follow-up is shown as not assessed, never left out.
    rights = rows["Bristande behörigheter"]
    assert (rights["assessment"], rights["assessment_text"]) == ("none", "Ingen bedömning")
    assert [f["assessment_text"] for f in report.table.fills] == [
        ASSESSMENT_COLORS["near"],
        ASSESSMENT_COLORS["none"],
    ]
    assert (report.meta["near"], report.meta["none"], report.meta["risks"]) == (1, 1, 2)


def test_a_later_record_replaces_the_earlier_in_the_report(adopted, items, write, read):
    item = items()["Bristande behörigheter"]
    with write() as session:
        for verdict in ("remark", "ok"):
            record_followup(
                session=session, item_id=item, period="interim", assessment=verdict, result="x"
            )
    with read() as session:
        report = followup_report(session=session, year=YEAR, org=adopted, period="interim")
        annual = followup_report(session=session, year=YEAR, org=adopted)
    rows = {r["title"]: r["assessment"] for r in report.table.rows}
    assert rows["Bristande behörigheter"] == "ok"
    # The interim follow-up is not the annual one.
    assert {r["assessment"] for r in annual.table.rows} == {"none"}
    assert report.title == "Uppföljning av internkontroll 2025 – delårsbokslut"


def test_the_legend_explains_the_four_levels_in_their_colours(adopted, read):
    with read() as session:
        report = followup_report(session=session, year=YEAR, org=adopted, lang="en")
    [legend] = report.legends
    assert [(e.color, e.label) for e in legend.entries] == [
        (ASSESSMENT_COLORS["ok"], "Without remarks"),
        (ASSESSMENT_COLORS["near"], "Close to target"),
        (ASSESSMENT_COLORS["remark"], "With remarks"),
        (ASSESSMENT_COLORS["none"], "Not assessed"),
    ]


def test_a_draft_plan_is_not_followed_up(draft, read):
    with read() as session, pytest.raises(InvalidInput) as caught:
        followup_report(session=session, year=YEAR, org=draft)
    assert "only an adopted plan is followed up" in str(caught.value)


def test_a_board_without_plan_is_refused(board, read):
    with read() as session, pytest.raises(NotFound) as caught:
        followup_report(session=session, year=YEAR, org=board)
    assert "TN has no adopted internal control plan for 2025" in str(caught.value)


def _sample(confidence: float | None) -> dict[str, object]:
    return {"confidence": confidence}


def test_one_confidence_for_the_report_when_the_samples_agree():
    assert report_confidence({1: _sample(0.9), 2: _sample(0.9), 3: _sample(None)}) == 0.9


def test_no_report_confidence_when_the_samples_differ():
    assert report_confidence({1: _sample(0.9), 2: _sample(0.95)}) is None


def test_the_default_confidence_when_no_sample_names_one():
    assert report_confidence({}) == DEFAULT_CONFIDENCE
    assert report_confidence({1: _sample(None)}) == DEFAULT_CONFIDENCE
