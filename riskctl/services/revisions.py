"""The rule of a record kept with its history (a follow-up, a sample): recording again for the
same plan item and period retires the current record and adds revision n + 1; the earlier
revisions stay as they were, marked not current.

The record's table has `item_id`, `period`, `revision` and `current`, and a unique constraint
on (item_id, period, revision): two writers that both add the next revision cannot both commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from sqlmodel import Session, col, select

from riskctl.models import FollowUp, Sample

Revised = TypeVar("Revised", FollowUp, Sample)


def revisions(
    session: Session, model: type[Revised], item_id: int | None, period: str
) -> list[Revised]:
    """The item's records in `period`, newest revision first."""
    return list(
        session.exec(
            select(model)
            .where(model.item_id == item_id, model.period == period)
            .order_by(col(model.revision).desc())
        ).all()
    )


def supersede(session: Session, earlier: Sequence[Revised]) -> int:
    """Retire the current one of `earlier` (`revisions`, newest first) and return the number
    of the revision to add: 1 for the first record, else one more than the newest."""
    for old in earlier:
        if old.current:
            old.current = False
            session.add(old)
    return next_revision(earlier)


def next_revision(earlier: Sequence[Revised]) -> int:
    """1 for the first record, else one more than the newest of `earlier` (newest first)."""
    return earlier[0].revision + 1 if earlier else 1
