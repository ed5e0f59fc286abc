"""The items of the example board's adopted plan, read from the store (for the tests of
follow-ups, samples and their revisions)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from riskctl.models import Org, Plan, PlanItem


def plan_items(session: Session, year: int = 2024, org: str = "KS") -> list[int]:
    """The ids of the items of the board's plan of `year`, in id order."""
    query = (
        select(PlanItem.id)
        .join(Plan, col(Plan.id) == PlanItem.plan_id)
        .join(Org, col(Org.id) == Plan.org_id)
        .where(Org.code == org, Plan.year == year, col(PlanItem.removed).is_(False))
        .order_by(col(PlanItem.id))
    )
    return [i for i in session.exec(query).all() if i is not None]
