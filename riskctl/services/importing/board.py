"""What the store holds for a board and year, read once before an import checks its rows:
the board's scale, its risks by title, the year's assessments, the risks an adopted plan
holds, and the owners by name."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Table
from sqlalchemy import select as core_select
from sqlmodel import Session, SQLModel, col, select

from riskctl.models import Assessment, Org, Plan, PlanItem
from riskctl.services.orgs import scale_of
from riskctl.services.plans import locks as plan_locks


@dataclass
class Board:
    org: Org
    probability: set[int]
    significance: set[int]
    p_range: str
    s_range: str
    risks: dict[str, tuple[int, str]] = field(default_factory=dict)  # title → (id, description)
    assessed: dict[int, Assessment] = field(default_factory=dict)  # risk id → this year's
    year: int = 0
    locked: set[int] = field(default_factory=set)  # risks of the year's adopted plan
    seen: dict[str, int] = field(default_factory=dict)  # title → first row in the file


def load_board(session: Session, org: Org, year: int, *, lock: bool = False) -> Board:
    assert org.id is not None
    # A write locks the board's plan first (see `plans.locks`): which risks it holds and their
    # assessments are read as committed now.
    plan = (
        plan_locks.lock_board_year(session, org.id, year)
        if lock
        else session.exec(select(Plan).where(Plan.org_id == org.id, Plan.year == year)).first()
    )
    scale = scale_of(session=session, org_id=org.id)
    ps = [lv.level for lv in scale.probability]
    ss = [lv.level for lv in scale.significance]
    board = Board(org, set(ps), set(ss), f"{min(ps)}–{max(ps)}", f"{min(ss)}–{max(ss)}", year=year)
    risk = table("risk")
    for rid, title, description in session.execute(
        core_select(risk.c.id, risk.c.title, risk.c.description).where(risk.c.org_id == org.id)
    ).all():
        board.risks[title] = (rid, description)
    for a in session.exec(
        select(Assessment).where(Assessment.org_id == org.id, Assessment.year == year)
    ).all():
        board.assessed[a.risk_id] = a
    if plan is not None and plan.status == "adopted":
        board.locked.update(
            session.exec(
                select(PlanItem.risk_id).where(
                    PlanItem.plan_id == plan.id, col(PlanItem.removed).is_(False)
                )
            ).all()
        )
    return board


def table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


def owner_names(session: Session) -> dict[str, int]:
    owner = table("owner")
    rows = session.execute(core_select(owner.c.id, owner.c.name)).all()
    return {name: oid for oid, name in rows}
