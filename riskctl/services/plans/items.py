"""A draft plan's items edited by hand: set an item's method or owner, add a risk, remove an
item; and `find_item`, how every write under an item (its follow-ups, samples and evidence)
finds it and locks its plan.

An edit marks what it changed (`method_edited`, `owner_edited`, `manual`, `removed`), which
`plan generate` then leaves as it is (`reconcile`).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from riskctl.errors import InvalidInput, NotFound
from riskctl.i18n import _
from riskctl.models import Assessment, Org, Plan, PlanItem, Risk, limit, pk
from riskctl.services import validate
from riskctl.services.orgs import owner_id
from riskctl.services.plans import locks
from riskctl.services.plans.methods import method_from_note
from riskctl.services.plans.views import ItemView, plan_view
from riskctl.services.versions import check_version

METHOD_MAX = limit(PlanItem.method)


def find_item(session: Session, item_id: Any, *, lock: bool = False) -> tuple[PlanItem, Plan, Org]:
    """The item, its plan and board; with `lock` (a write), the plan row is locked first and
    both are read as committed now (see `locks`)."""
    iid = validate.integer(item_id, "item")
    found: tuple[PlanItem | None, Plan | None]
    if lock:
        found = locks.lock_item(session, iid) or (None, None)
    else:
        item = session.get(PlanItem, iid)
        found = (item, session.get(Plan, item.plan_id) if item is not None else None)
    item, plan = found
    if item is None or item.removed:
        raise NotFound("item", item_id, _("see `riskctl plan show` for the item ids"))
    assert plan is not None
    org = session.get(Org, plan.org_id)
    assert org is not None
    return item, plan, org


def _item_view(session: Session, plan: Plan, item_id: int | None) -> ItemView:
    for view in plan_view(session=session, plan=plan).items:
        if view.id == item_id:
            return view
    raise NotFound("item", item_id)


def set_item(
    *,
    session: Session,
    item_id: Any,
    method: str | None = None,
    owner: str | None = None,
    if_version: int | None = None,
) -> ItemView:
    """Change a draft's item by hand; what is changed stays through `plan generate`."""
    item, plan, org = find_item(session, item_id, lock=True)
    check_version(
        session,
        entity="item",
        entity_id=pk(item),
        label=_("plan item {id}").format(id=item.id),
        current=item.version,
        expected=if_version,
    )
    locks.ensure_draft(plan, org)
    if method is not None:
        item.method = validate.text(method, "method", METHOD_MAX, required=True)
        item.method_edited = True
    if owner is not None:
        item.owner_id = owner_id(session=session, name=owner)
        item.owner_edited = True
    session.add(item)
    session.flush()
    return _item_view(session, plan, item.id)


def add_item(
    *,
    session: Session,
    risk_id: Any,
    year: int,
    method: str | None = None,
    owner: str | None = None,
) -> ItemView:
    """Put a risk into its board's draft plan for `year` by hand."""
    rid = validate.integer(risk_id, "risk id")
    risk = session.get(Risk, rid)
    if risk is None:
        raise NotFound("risk id", risk_id, _("see `riskctl risk list` for the ids"))
    year = validate.year(year)
    org = session.get(Org, risk.org_id)
    assert org is not None
    a = session.exec(
        select(Assessment).where(Assessment.risk_id == rid, Assessment.year == year)
    ).first()
    if a is None:
        raise NotFound(
            "year", year, _("risk {id} is not in the {year} analysis").format(id=rid, year=year)
        )
    plan = locks.lock_board_year(session, pk(org), year)
    if plan is None:
        plan = Plan(org_id=pk(org), year=year)
        session.add(plan)
        session.flush()
    locks.ensure_draft(plan, org)
    item = session.exec(
        select(PlanItem).where(PlanItem.plan_id == plan.id, PlanItem.risk_id == rid)
    ).first()
    if item is not None and not item.removed:
        raise InvalidInput(
            "risk id", rid, _("it is in the plan already as item {id}").format(id=item.id)
        )
    if item is None:
        item = PlanItem(plan_id=pk(plan), risk_id=rid)
    item.removed = False
    item.manual = True
    item.method = validate.text(method, "method", METHOD_MAX) or method_from_note(a.note)
    item.method_edited = method is not None
    item.owner_id = owner_id(session=session, name=owner) if owner else a.owner_id
    item.owner_edited = owner is not None
    session.add(item)
    session.flush()
    return _item_view(session, plan, item.id)


def remove_item(*, session: Session, item_id: Any) -> ItemView:
    """Take an item out of a draft; `plan generate` will not bring it back."""
    item, plan, org = find_item(session, item_id, lock=True)
    locks.ensure_draft(plan, org)
    if locks.items_with_records(session, [pk(item)]):
        raise InvalidInput(
            "item", item.id, _("it has follow-ups, samples or evidence and cannot be removed")
        )
    gone = _item_view(session, plan, item.id)
    item.removed = True
    session.add(item)
    session.flush()
    return gone
