"""The board's decision: adopt a plan (freeze it as a fingerprinted snapshot), reopen it, and
read it back as it was decided (`decided_view`, `show_plan`).

The decided view checks the plan's seal (`seal.check_plan`), which is why it lives here and
not with the plan as it is now (`views`): the seal reads that view, and this reads the seal.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import fields
from typing import Any

from sqlmodel import Session

from riskctl import audit_chain
from riskctl.errors import InvalidInput, Locked
from riskctl.i18n import _
from riskctl.models import Plan, PlanEvent, limit, pk
from riskctl.services import validate
from riskctl.services.orgs import org_label, resolve_org
from riskctl.services.plans import locks
from riskctl.services.plans.seal import check_plan, fingerprint
from riskctl.services.plans.views import (
    ItemView,
    PlanView,
    last_adoption,
    plan_view,
    require_plan,
)

REF_MAX = limit(PlanEvent.ref)
REASON_MAX = limit(PlanEvent.reason)


def snapshot(view: PlanView) -> dict[str, Any]:
    """What an adoption freezes of the plan: the decision and the rows (their versions are
    the store's bookkeeping, not the board's decision)."""
    return {
        "org": view.org,
        "year": view.year,
        "adopted_on": view.adopted_on.isoformat() if view.adopted_on else None,
        "ref": view.ref,
        "items": [{k: v for k, v in i.as_dict().items() if k != "version"} for i in view.items],
    }


def adopt_plan(
    *, session: Session, org: str, year: int, decided_on: Any = None, ref: str | None = None
) -> PlanView:
    """Record the board's decision and freeze the plan as a fingerprinted snapshot."""
    the_org = resolve_org(session=session, ref=org)
    year = validate.year(year)
    # The CLI insists on a date; older plans loaded from files may not know theirs.
    day = validate.day(decided_on) if decided_on not in (None, "") else None
    ref = validate.text(ref, "ref", REF_MAX) or None
    # Locked before the items are read: no change the adoption forbids can follow the
    # snapshot, and every one that began first is in it.
    plan = locks.lock_plan(session, pk(require_plan(session, the_org, year)))
    locks.lock_assessments(session, plan)
    if plan.status == "adopted":
        raise Locked(
            _(
                "the {year} plan of {org} is {adopted} already; reopen it first to adopt it again"
            ).format(year=year, org=org_label(the_org), adopted=locks.adopted_text(plan))
        )
    plan.status, plan.adopted_on, plan.ref = "adopted", day, ref
    session.add(plan)
    session.flush()
    view = plan_view(session=session, plan=plan)
    if not view.items:
        raise InvalidInput(
            "plan", f"{org_label(the_org)} {year}", _("a plan with no items cannot be adopted")
        )
    snap = snapshot(view)
    digest = fingerprint(snap)
    session.add(
        PlanEvent(
            plan_id=pk(plan),
            kind="adopt",
            decided_on=day,
            ref=ref,
            snapshot=json.dumps(snap, ensure_ascii=False, sort_keys=True),
            fingerprint=digest,
            # `audit verify` checks that this is still an entry of the trail.
            audit_head=audit_chain.head(session),
        )
    )
    session.flush()
    view.fingerprint = digest
    return view


def reopen_plan(*, session: Session, org: str, year: int, reason: str) -> PlanView:
    """Make an adopted plan a draft again, with the reason recorded as its event."""
    the_org = resolve_org(session=session, ref=org)
    year = validate.year(year)
    reason = validate.text(reason, "reason", REASON_MAX, required=True)
    plan = locks.lock_plan(session, pk(require_plan(session, the_org, year)))
    if plan.status != "adopted":
        raise InvalidInput(
            "plan",
            f"{org_label(the_org)} {year}",
            _("only an adopted plan can be reopened; this one is a draft"),
        )
    plan.status = "draft"
    session.add(plan)
    session.add(PlanEvent(plan_id=pk(plan), kind="reopen", reason=reason))
    session.flush()
    return plan_view(session=session, plan=plan)


def decided_view(*, session: Session, plan: Plan, lang: str | None = None) -> PlanView:
    """The plan as the board decided it: an adopted plan's rows come from its fingerprinted
    snapshot, so that a later rewording in the register does not change what a report says
    was adopted; a draft is shown as it is now. Its seal is checked (`seal`): a plan changed
    past riskctl says so in `seal_problems` (told in `lang`) instead of passing for the
    adopted one."""
    view = plan_view(session=session, plan=plan)
    view.seal_problems = check_plan(session, plan, current=view, lang=lang).problems
    event = last_adoption(session, plan) if plan.status == "adopted" else None
    if event is None or event.snapshot is None:
        return view
    versions = {item.id: item.version for item in view.items}
    names = {f.name for f in fields(ItemView)} - {"version"}
    # A snapshot broken past reading: the rows as they are, under the seal's warning.
    with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):
        view.items = [
            ItemView(
                **{k: v for k, v in item.items() if k in names},
                version=versions.get(item["id"], 0),
            )
            for item in json.loads(event.snapshot)["items"]
        ]
    return view


def show_plan(*, session: Session, org: str, year: int) -> PlanView:
    """The board-year's plan as the board decided it: an adopted plan from its snapshot
    (`decided_view`), a draft as it is now."""
    the_org = resolve_org(session=session, ref=org)
    return decided_view(session=session, plan=require_plan(session, the_org, validate.year(year)))
