"""`plan verify`: an adopted plan changed past riskctl, in the database itself, is caught."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlmodel import select

from riskctl.models import Plan
from riskctl.services.plans.adoption import adopt_plan, show_plan
from riskctl.services.plans.generate import generate_plan
from riskctl.services.plans.seal import check_plan, fingerprint, verify_plans
from tests.services.plans.conftest import YEAR, sql


@pytest.fixture
def adopted(board, write):  # type: ignore[no-untyped-def]
    with write() as session:
        generate_plan(session=session, org="KS", year=YEAR)
        return adopt_plan(session=session, org="KS", year=YEAR, decided_on="2025-01-20")


def _snapshot(engine) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        event, stored = conn.execute(text("SELECT id, snapshot FROM plan_event")).one()
    return event, json.loads(stored)


def test_an_intact_plan_passes(adopted, read):
    with read() as session:
        [check] = verify_plans(session=session, org="KS")
    assert (check.ok, check.status, check.fingerprint) == (True, "adopted", adopted.fingerprint)


def test_a_tampered_snapshot_is_caught_and_never_shown_as_adopted(adopted, engine, read):
    event, snapshot = _snapshot(engine)
    snapshot["items"][0]["method"] = "Ingen kontroll behövs"
    sql(
        engine,
        "UPDATE plan_event SET snapshot = :s WHERE id = :e",
        s=json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
        e=event,
    )
    with read() as session:
        [check] = verify_plans(session=session, org="KS")
        shown = show_plan(session=session, org="KS", year=YEAR)
    assert not check.ok
    assert any(
        f"but its snapshot's SHA-256 is {fingerprint(snapshot)}: the snapshot or the "
        "fingerprint was changed" in problem
        for problem in check.problems
    )
    assert shown.seal_broken and shown.seal_problems == check.problems


def test_a_snapshot_rewritten_with_a_fingerprint_of_its_own_is_caught_by_the_trail(
    adopted, engine, read
):
    event, snapshot = _snapshot(engine)
    snapshot["items"][0]["method"] = "Ingen kontroll behövs"
    sql(
        engine,
        "UPDATE plan_event SET snapshot = :s, fingerprint = :f WHERE id = :e",
        s=json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
        f=fingerprint(snapshot),
        e=event,
    )
    with read() as session:
        plan = session.exec(select(Plan)).one()
        problems = check_plan(session, plan).problems
    assert any("but the audit trail recorded" in p for p in problems)
    # The plan's rows no longer match what the snapshot now says was adopted.
    assert any(
        "in the plan but “Ingen kontroll behövs” in the adopted snapshot" in p for p in problems
    )


def test_a_status_set_back_to_draft_in_the_database_is_caught(adopted, engine, read):
    sql(engine, "UPDATE plan SET status = 'draft'")
    with read() as session:
        [check] = verify_plans(session=session, org="KS")
    assert check.problems[0].startswith(
        "the plan is marked “draft”, but its last event is the adoption recorded "
    )


def test_an_adoption_with_no_event_is_caught(board, engine, write, read):
    with write() as session:
        generate_plan(session=session, org="KS", year=YEAR)
    sql(engine, "UPDATE plan SET status = 'adopted'")
    with read() as session:
        [check] = verify_plans(session=session, org="KS")
    assert check.problems == ["the plan is marked adopted, but no adoption of it is recorded"]


def test_a_changed_decision_date_is_caught(adopted, engine, read):
    sql(engine, "UPDATE plan SET adopted_on = '2025-03-01'")
    with read() as session:
        [check] = verify_plans(session=session, org="KS")
    assert any(
        p.startswith("the plan's decision date is “2025-03-01”, but the adoption recorded ")
        for p in check.problems
    )


def test_a_deleted_adopted_plan_is_caught(adopted, engine, read):
    sql(engine, "DELETE FROM plan_event")
    sql(engine, "DELETE FROM plan_item")
    sql(engine, "DELETE FROM plan")
    with read() as session:
        [check] = verify_plans(session=session, org="all")
    assert (check.status, check.org, check.year) == ("deleted", "KS", 2025)
    assert check.problems == [
        f"the audit trail recorded the adoption of plan {adopted.id}, but the plan is no "
        "longer in the store"
    ]
