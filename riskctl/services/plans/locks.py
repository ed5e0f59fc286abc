"""What an adopted plan forbids, decided under a lock on the plan's row.

Every write that an adopted plan forbids (its items, that year's assessments of its risks,
its follow-ups, samples and evidence) and the adoption and reopening themselves begin by
locking the plan row and reading its status again under that lock. So they take turns per
plan: an adoption's snapshot is never followed by a change it forbids, and a change that
started first is in the snapshot. PostgreSQL locks the row (`SELECT … FOR UPDATE`, held to
the end of the transaction); SQLite's writers are one at a time already (BEGIN IMMEDIATE),
where the clause is left out.

The order is always the plan row first, then the rows under it (items, assessments), so two
guarded writes never wait for each other in a circle.

The status column alone does not unlock a plan: it must agree with the plan's events (adopted
after an adoption, a draft after a reopening or before any adoption). A plan whose status was
changed past riskctl, in the database, has a broken seal (`plans.seal`), and every guarded
write refuses it, so that nobody edits or adopts again what was adopted under cover of a
status set back to draft.

The words of a refusal (`adopted_text`, `locked_text`) and which items may never be deleted
(`items_with_records`) are here too, for the risks' writes (`services.risks`) as much as for
the plan's own: this module imports nothing of the plans' other modules or of the risks', so
both can lean on it.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from riskctl.errors import Locked
from riskctl.i18n import _
from riskctl.models import Assessment, Evidence, FollowUp, Org, Plan, PlanEvent, PlanItem, Sample
from riskctl.services.orgs import org_label


def lock_plan(session: Session, plan_id: int) -> Plan:
    """The plan row as committed now, locked until the transaction ends; refused (`Locked`)
    when its status disagrees with its events."""
    plan = session.exec(
        select(Plan)
        .where(Plan.id == plan_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    refuse_broken_status(session, [plan])
    return plan


def lock_board_year(session: Session, org_id: int, year: int) -> Plan | None:
    """The board's plan for `year`, locked, or None when it has none (see `lock_plan`)."""
    plan = session.exec(
        select(Plan)
        .where(Plan.org_id == org_id, Plan.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if plan is not None:
        refuse_broken_status(session, [plan])
    return plan


def status_by_events(session: Session, plan_ids: list[int]) -> dict[int, str]:
    """Plan id → the status its events give: `adopted` after an adoption, else `draft`."""
    newest = (
        select(PlanEvent.plan_id, PlanEvent.kind)
        .where(col(PlanEvent.plan_id).in_(plan_ids))
        .order_by(col(PlanEvent.id))
    )
    last: dict[int, str] = {}
    for plan_id, kind in session.exec(newest).all() if plan_ids else ():
        last[plan_id] = kind
    return {pid: "adopted" if last.get(pid) == "adopt" else "draft" for pid in plan_ids}


def broken_status(session: Session, plans: list[Plan]) -> list[Plan]:
    """The plans whose status is not the one their events give."""
    implied = status_by_events(session, [p.id for p in plans if p.id is not None])
    return [p for p in plans if p.id is not None and implied[p.id] != p.status]


def refuse_broken_status(session: Session, plans: list[Plan]) -> None:
    for plan in broken_status(session, plans):
        org = session.get(Org, plan.org_id)
        assert org is not None
        raise Locked(
            _(
                "the {year} plan of {org} is marked {status}, but its events say otherwise: "
                "its seal is broken, and riskctl changes nothing of it; see riskctl plan verify"
            ).format(year=plan.year, org=org_label(org), status=plan.status)
        )


def lock_item(session: Session, item_id: int) -> tuple[PlanItem, Plan] | None:
    """An item and its plan, the plan locked first, both as committed now; None if there is
    no such item. Every writer of an item holds its plan's lock, so the item read after the
    lock is the latest."""
    plan_id = session.exec(select(PlanItem.plan_id).where(PlanItem.id == item_id)).first()
    if plan_id is None:
        return None
    plan = lock_plan(session, plan_id)
    item = session.exec(
        select(PlanItem).where(PlanItem.id == item_id).execution_options(populate_existing=True)
    ).first()
    if item is None:
        return None
    return item, plan


def lock_assessments(session: Session, plan: Plan) -> None:
    """Hold the assessments of the plan's risks in its year still while they are read for
    the snapshot: an edit that began before the plan was locked (when the board had no plan
    yet) is waited for, and one that comes later waits and then finds the plan adopted."""
    risks = select(PlanItem.risk_id).where(
        PlanItem.plan_id == plan.id, col(PlanItem.removed).is_(False)
    )
    session.exec(
        select(Assessment.id)
        .where(col(Assessment.risk_id).in_(risks), Assessment.year == plan.year)
        .with_for_update(read=True)
    ).all()


def adopted_text(plan: Plan) -> str:
    """'adopted on 2024-12-16', or 'adopted' when the decision date is not recorded."""
    if plan.adopted_on:
        return _("adopted on {date}").format(date=plan.adopted_on)
    return _("adopted")


def locked_text(plan: Plan, org: Org) -> str:
    return _(
        "the {year} plan of {org} is {adopted} and locked; reopen it first: "
        "riskctl plan reopen --year {year} --org {org} --reason TEXT"
    ).format(year=plan.year, org=org_label(org), adopted=adopted_text(plan))


def ensure_draft(plan: Plan, org: Org) -> None:
    """Refuse (`Locked`) a change to an adopted plan."""
    if plan.status == "adopted":
        raise Locked(locked_text(plan, org))


def items_with_records(session: Session, item_ids: list[int]) -> set[int]:
    """The items that have follow-ups, samples or evidence: those are never deleted."""
    found: set[int] = set()
    for table in (FollowUp, Sample, Evidence):
        for start in range(0, len(item_ids), 5000):
            chunk = item_ids[start : start + 5000]
            found.update(
                session.exec(
                    select(table.item_id).where(col(table.item_id).in_(chunk)).distinct()
                ).all()
            )
    return found
