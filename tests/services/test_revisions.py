"""The rule follow-ups and samples share: recording again retires the current record of the
item and period and adds revision n + 1."""

from __future__ import annotations

from sqlmodel import col, select

from riskctl.models import FollowUp
from riskctl.services.revisions import next_revision, revisions, supersede
from tests.services.adopted import plan_items


def _add(session, item: int, period: str, result: str) -> FollowUp:  # type: ignore[no-untyped-def]
    revision = supersede(session, revisions(session, FollowUp, item, period))
    row = FollowUp(item_id=item, period=period, revision=revision, assessment="ok", result=result)
    session.add(row)
    session.flush()
    return row


def test_each_record_retires_the_current_one_and_is_the_next_revision(examples_store, write, read):
    with write() as session:
        item = plan_items(session)[0]
        assert [_add(session, item, "interim", t).revision for t in "abc"] == [1, 2, 3]
    with read() as session:
        rows = session.exec(
            select(FollowUp)
            .where(FollowUp.item_id == item, FollowUp.period == "interim")
            .order_by(col(FollowUp.revision))
        ).all()
        assert [(r.revision, r.current, r.result) for r in rows] == [
            (1, False, "a"),
            (2, False, "b"),
            (3, True, "c"),
        ]
        newest_first = revisions(session, FollowUp, item, "interim")
        assert [r.revision for r in newest_first] == [3, 2, 1]
        assert revisions(session, FollowUp, item, "no such period") == []


def test_the_first_record_is_revision_1():
    assert next_revision([]) == 1
    rows = [FollowUp(item_id=1, period="annual", revision=r, assessment="ok", result="x")
            for r in (4, 3)]  # fmt: skip
    assert next_revision(rows) == 5
