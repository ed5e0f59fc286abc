"""The seal under concurrency, on PostgreSQL (SQLite's writers are one at a time anyway):
writes that an adopted plan forbids and the adoption or reopening take turns on the plan, so
that the adopted snapshot always equals the locked plan; blind writes that meet another
writer are run again instead of failing."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from riskctl.db import is_sqlite, make_engine, reading, write_retrying, writing
from riskctl.errors import InvalidInput, Locked, RiskctlError
from riskctl.models import AuditEntry, FollowUp, Plan, PlanEvent
from riskctl.services.followups import record_followup
from riskctl.services.plans.adoption import adopt_plan, reopen_plan
from riskctl.services.plans.diff import diff_plan
from riskctl.services.plans.generate import generate_plan
from riskctl.services.plans.items import set_item
from riskctl.services.plans.seal import check_plan
from riskctl.services.risks import edit_risk

ROUNDS = 20
YEAR = 2025


@pytest.fixture
def board(examples_store: Engine, store_url: str) -> Iterator[tuple[Engine, Engine, Any]]:
    """The example store's engine, a second engine (another controller) and the KS draft
    plan of 2025."""
    if is_sqlite(examples_store):
        pytest.skip("on SQLite a write transaction keeps every other writer out")
    with writing(examples_store) as session:
        plan = generate_plan(session=session, org="KS", year=YEAR).plan
    other = make_engine(store_url)
    yield examples_store, other, plan
    other.dispose()


def _race(engines: list[Engine], works: list[Callable[[Session], Any]]) -> list[Any]:
    """Run each work in its own transaction on its own connection, all started at once;
    what each returned, or the RiskctlError it raised."""
    start = threading.Barrier(len(works))
    outcome: list[Any] = [None] * len(works)

    def run(n: int) -> None:
        start.wait()
        try:
            with writing(engines[n % len(engines)]) as session:
                outcome[n] = work_result(works[n](session))
        except RiskctlError as exc:
            outcome[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(works))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcome


def work_result(value: Any) -> Any:
    return True if value is None else value


def _sealed(engine: Engine) -> list[str]:
    """What differs between the adopted snapshot and the plan's rows (nothing, if sealed)."""
    with reading(engine) as session:
        plan = session.exec(select(Plan).where(Plan.year == YEAR)).one()
        problems = check_plan(session, plan).problems
        if plan.status == "adopted":
            problems += [str(d) for d in diff_plan(session=session, org="KS", year=YEAR)]
    return problems


def _reopen(engine: Engine, n: int) -> None:
    with writing(engine) as session:
        reopen_plan(session=session, org="KS", year=YEAR, reason=f"round {n}")


def _adopt(session: Session) -> Any:
    return adopt_plan(session=session, org="KS", year=YEAR, decided_on="2024-12-16")


def test_plan_set_racing_the_adoption_never_lands_after_the_snapshot(board):
    engine, other, plan = board
    item = plan.items[0]
    landed = refused = 0
    for n in range(ROUNDS):
        method = f"Stickprov omgång {n}"
        adopted, edited = _race(
            [engine, other],
            [_adopt, lambda s, m=method: set_item(session=s, item_id=item.id, method=m)],
        )
        assert not isinstance(adopted, RiskctlError), adopted
        assert edited is not None
        if isinstance(edited, RiskctlError):
            assert isinstance(edited, Locked), edited
            refused += 1
        else:
            landed += 1
            assert [i.method for i in adopted.items if i.id == item.id] == [method]
        assert _sealed(engine) == [], f"round {n}"
        _reopen(engine, n)
    assert landed + refused == ROUNDS


def test_risk_edit_racing_the_adoption_never_lands_after_the_snapshot(board):
    engine, other, plan = board
    risk = plan.items[0].risk_id
    for n in range(ROUNDS):
        p = 1 + n % 4
        adopted, edited = _race(
            [engine, other],
            [
                _adopt,
                lambda s, p=p: edit_risk(
                    session=s, risk_id=risk, year=YEAR, changes={"probability": p}
                ),
            ],
        )
        assert not isinstance(adopted, RiskctlError), adopted
        assert not isinstance(edited, RiskctlError) or isinstance(edited, Locked), edited
        assert _sealed(engine) == [], f"round {n}"
        _reopen(engine, n)


def test_followup_racing_the_reopening_never_lands_on_the_reopened_plan(board):
    engine, other, plan = board
    item = plan.items[0]
    with writing(engine) as session:
        _adopt(session)
    for n in range(ROUNDS):
        _reopened, recorded = _race(
            [engine, other],
            [
                lambda s, n=n: reopen_plan(session=s, org="KS", year=YEAR, reason=f"round {n}"),
                lambda s, n=n: record_followup(
                    session=s,
                    item_id=item.id,
                    period="interim",
                    assessment="ok",
                    result=f"omgång {n}",
                ),
            ],
        )
        assert not isinstance(recorded, RiskctlError) or isinstance(recorded, InvalidInput)
        with reading(engine) as session:
            reopened_at = session.exec(
                select(PlanEvent.at)
                .where(PlanEvent.kind == "reopen")
                .order_by(col(PlanEvent.id).desc())
            ).first()
            late = session.exec(
                select(FollowUp.result).where(
                    FollowUp.item_id == item.id, col(FollowUp.recorded_at) >= reopened_at
                )
            ).all()
        # A follow-up is recorded under the plan's lock, before the reopening can take it.
        assert late == [], f"round {n}"
        assert _sealed(engine) == [], f"round {n}"
        with writing(engine) as session:
            _adopt(session)


def _wait_for_lock(engine: Engine, thread: threading.Thread) -> bool:
    """Whether `thread` is waiting for a row lock (polled until it waits or ends)."""
    with engine.connect() as conn:
        for _ in range(200):
            waiting = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
            ).scalar()
            conn.rollback()  # the statistics are read once per transaction: read them anew
            if waiting:
                return True
            if not thread.is_alive():
                return False
            time.sleep(0.05)
    return False


def _in_thread(engine: Engine, work: Callable[[Session], Any]) -> tuple[threading.Thread, list]:
    outcome: list[Any] = []

    def run() -> None:
        try:
            with writing(engine) as session:
                outcome.append(work_result(work(session)))
        except RiskctlError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_an_adoption_waits_for_an_item_edit_that_began_first_and_includes_it(board):
    engine, other, plan = board
    item = plan.items[0]
    with writing(engine) as session:
        set_item(session=session, item_id=item.id, method="Ändrad före antagandet")
        session.flush()
        thread, outcome = _in_thread(other, _adopt)
        assert _wait_for_lock(other, thread), "the adoption did not wait for the edit"
    thread.join(timeout=30)
    [adopted] = outcome
    assert [i.method for i in adopted.items if i.id == item.id] == ["Ändrad före antagandet"]
    assert _sealed(engine) == []


def test_an_edit_that_comes_while_the_adoption_runs_waits_and_is_refused(board):
    engine, other, plan = board
    item = plan.items[0]
    for work in (
        lambda s: set_item(session=s, item_id=item.id, method="För sent"),
        lambda s: edit_risk(session=s, risk_id=item.risk_id, year=YEAR, changes={"note": "x"}),
    ):
        with writing(engine) as session:
            _adopt(session)
            session.flush()
            thread, outcome = _in_thread(other, work)
            waited = _wait_for_lock(other, thread)
            assert waited, f"the edit did not wait for the adoption: {outcome}"
        thread.join(timeout=30)
        [refused] = outcome
        assert isinstance(refused, Locked)
        assert _sealed(engine) == []
        _reopen(engine, 0)


def test_a_followup_under_way_holds_off_the_reopening_and_one_after_it_is_refused(board):
    engine, other, plan = board
    item = plan.items[0]

    def followup(session: Session) -> Any:
        return record_followup(
            session=session, item_id=item.id, period="interim", assessment="ok", result="klart"
        )

    with writing(engine) as session:
        _adopt(session)
    with writing(engine) as session:
        followup(session)
        session.flush()
        thread, outcome = _in_thread(
            other, lambda s: reopen_plan(session=s, org="KS", year=YEAR, reason="omtag")
        )
        assert _wait_for_lock(other, thread), "the reopening did not wait for the follow-up"
    thread.join(timeout=30)
    assert outcome == [outcome[0]] and not isinstance(outcome[0], RiskctlError)
    with writing(engine) as session:
        _adopt(session)
    with writing(engine) as session:
        reopen_plan(session=session, org="KS", year=YEAR, reason="omtag igen")
        session.flush()
        thread, outcome = _in_thread(other, followup)
        assert _wait_for_lock(other, thread), "the follow-up did not wait for the reopening"
    thread.join(timeout=30)
    [refused] = outcome
    assert isinstance(refused, InvalidInput) and "draft" in refused.message
    assert _sealed(engine) == []


def _at_once(works: list[Callable[[], Any]]) -> list[RiskctlError]:
    """Run the works in threads started together; the errors they raised."""
    start = threading.Barrier(len(works))
    failed: list[RiskctlError] = []

    def run(work: Callable[[], Any]) -> None:
        start.wait()
        try:
            work()
        except RiskctlError as exc:
            failed.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return failed


def test_blind_writes_that_meet_another_writers_new_row_are_run_again(board):
    """Controllers give risks of a year without a plan the same new owner at once: each
    makes the role, so all but one meet another's new row; none asked for a version check,
    so every one lands."""
    from riskctl.services.risks import list_assessments
    from riskctl.services.rollover import rollover

    engine, other, _plan = board
    with writing(engine) as session:
        rollover(session=session, from_year=YEAR, to_year=YEAR + 1, org="KS")
    with reading(engine) as session:
        risks = [a.id for a in list_assessments(session=session, org="KS", year=YEAR + 1)][:8]
    assert len(risks) >= 4
    for n in range(5):
        role = f"Ny roll {n}"
        failed = _at_once(
            [
                lambda r=r, e=(engine, other)[k % 2], role=role: write_retrying(
                    e,
                    lambda s: edit_risk(
                        session=s, risk_id=r, year=YEAR + 1, changes={"owner": role}
                    ),
                    blind=True,
                )
                for k, r in enumerate(risks)
            ]
        )
        assert failed == []
        with reading(engine) as session:
            owners = {
                a.id: a.owner for a in list_assessments(session=session, org="KS", year=YEAR + 1)
            }
        assert {owners[r] for r in risks} == {role}


def test_eight_blind_writers_of_one_risk_all_land(board):
    engine, other, plan = board
    risk = plan.items[0].risk_id
    notes = [f"skrivare {w} ändring {k}" for w in range(8) for k in range(10)]

    def writer(w: int) -> None:
        for k in range(10):
            write_retrying(
                (engine, other)[w % 2],
                lambda s, k=k: edit_risk(
                    session=s,
                    risk_id=risk,
                    year=YEAR,
                    changes={"note": f"skrivare {w} ändring {k}"},
                ),
                blind=True,
            )

    assert _at_once([lambda w=w: writer(w) for w in range(8)]) == []
    with reading(engine) as session:
        written = session.exec(
            select(AuditEntry.new).where(
                AuditEntry.field == f"note[{YEAR}]", col(AuditEntry.new).in_(notes)
            )
        ).all()
    # Every one of the 80 edits landed, each as its own change in the audit trail.
    assert sorted(written) == sorted(notes)


def test_a_checked_write_that_meets_another_writer_still_fails_with_exit_3(board):
    engine, _other, plan = board
    item = plan.items[0]
    with writing(engine) as session:
        set_item(session=session, item_id=item.id, method="Först")
    calls = []

    def stale(session: Session) -> Any:
        calls.append(1)
        return set_item(session=session, item_id=item.id, method="Sist", if_version=item.version)

    with pytest.raises(RiskctlError) as refused:
        write_retrying(engine, stale, blind=False)
    assert refused.value.exit_code == 3 and len(calls) == 1


def test_plan_verify_sees_one_moment_while_the_plan_is_reopened(board):
    """A check that reads the plan before a reopening commits and its events after it would
    call the seal broken (exit 1) although nobody went past riskctl: a read sees one moment."""
    from sqlalchemy import event

    from riskctl.services.plans.seal import verify_plans

    engine, other, _plan = board
    with writing(engine) as session:
        _adopt(session)
    reopened = []

    def reopen_before_the_events_are_read(_conn, _cursor, statement, *_args) -> None:
        # Another controller's reopening commits between the plan's row and its events.
        if "FROM plan_event" in statement and not reopened:
            reopened.append(1)
            _reopen(other, 0)

    event.listen(engine, "before_cursor_execute", reopen_before_the_events_are_read)
    try:
        with reading(engine) as session:
            during = verify_plans(session=session, org="KS", year=YEAR)
    finally:
        event.remove(engine, "before_cursor_execute", reopen_before_the_events_are_read)
    assert reopened
    assert [(c.status, c.problems) for c in during] == [("adopted", [])]
    with reading(engine) as session:
        after = verify_plans(session=session, org="KS", year=YEAR)
    assert [(c.status, c.problems) for c in after] == [("draft", [])]
