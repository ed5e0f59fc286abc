"""The yearly internal control plan: generate the draft, edit it, adopt, reopen and diff."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from riskctl.errors import InvalidInput, Locked, NotFound
from riskctl.models import (
    Assessment,
    FollowUp,
    Org,
    Owner,
    Plan,
    PlanEvent,
    PlanItem,
    Risk,
    pk,
)
from riskctl.services import validate
from riskctl.services.orgs import org_label, owner_id, resolve_org
from riskctl.services.risks import adopted_text
from riskctl.services.versions import check_version

METHOD_MAX = 4000
REF_MAX = 60
REASON_MAX = 2000

# Words that name how a risk is checked. A sentence with a strong one (a sample check, a
# survey) is the method itself; weaker ones are used only when no sentence has a strong one.
_STRONG = re.compile(r"stickprov|enkät|\bsamples?\b|\bsurvey", re.IGNORECASE)
_WEAK = re.compile(
    r"granskning|granska|kontroll|uppföljning|följas upp|följs upp|"
    r"\breview|\baudit|\binspect|\bchecks?\b|follow-up",
    re.IGNORECASE,
)
# "Risken ingår i kommunstyrelsens plan för internkontroll 2024." says where, not how.
_PLAN_MENTION = re.compile(
    r"ingår i .*plan för internkontroll|is part of .*control plan", re.IGNORECASE
)


def method_from_note(note: str) -> str:
    """The control method proposed by a handling note: its sentences that name a check."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", note or "") if s.strip()]
    sentences = [s for s in sentences if not _PLAN_MENTION.search(s)]
    for words in (_STRONG, _WEAK):
        chosen = [s for s in sentences if words.search(s)]
        if chosen:
            return " ".join(chosen)
    return (note or "").strip()


@dataclass
class ItemView:
    """A plan row: the risk, its risk value in the plan's year, method and owner."""

    id: int
    risk_id: int
    title: str
    description: str
    value: int
    method: str
    owner: str | None
    version: int
    probability: int = 0
    significance: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PlanView:
    id: int
    org: str
    org_name: str
    year: int
    status: str
    adopted_on: date | None
    ref: str | None
    fingerprint: str | None
    version: int
    items: list[ItemView] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "org": self.org,
            "year": self.year,
            "status": self.status,
            "adopted_on": self.adopted_on.isoformat() if self.adopted_on else None,
            "ref": self.ref,
            "fingerprint": self.fingerprint,
            "version": self.version,
            "items": [i.as_dict() for i in self.items],
        }


@dataclass
class GenerateResult:
    plan: PlanView
    added: int
    updated: int
    dropped: int
    warnings: list[str]


def _plan(session: Session, org: Org, year: int) -> Plan | None:
    return session.exec(select(Plan).where(Plan.org_id == org.id, Plan.year == year)).first()


def _require_plan(session: Session, org: Org, year: int) -> Plan:
    plan = _plan(session, org, year)
    if plan is None:
        raise NotFound(
            "plan",
            f"{org_label(org)} {year}",
            f"generate it first: riskctl plan generate --year {year} --org {org_label(org)}",
        )
    return plan


def _ensure_draft(plan: Plan, org: Org) -> None:
    if plan.status == "adopted":
        raise Locked(
            f"the {plan.year} plan of {org_label(org)} is {adopted_text(plan)} and "
            f"locked; reopen it first: riskctl plan reopen --year {plan.year} "
            f"--org {org_label(org)} --reason TEXT"
        )


def _analysis(session: Session, org: Org, year: int) -> list[Assessment]:
    return list(
        session.exec(
            select(Assessment)
            .where(Assessment.org_id == org.id, Assessment.year == year)
            .order_by(
                (col(Assessment.probability) * col(Assessment.significance)).desc(),
                col(Assessment.id),
            )
        ).all()
    )


def plan_view(*, session: Session, plan: Plan) -> PlanView:
    """The plan with its items, highest risk value first, ties in the analysis' order."""
    org = session.get(Org, plan.org_id)
    assert org is not None and plan.id is not None
    rows = session.exec(
        select(PlanItem, Risk, Assessment, Owner)
        .join(Risk, col(Risk.id) == PlanItem.risk_id)
        .join(
            Assessment,
            (col(Assessment.risk_id) == PlanItem.risk_id) & (col(Assessment.year) == plan.year),
            isouter=True,
        )
        .join(Owner, col(Owner.id) == PlanItem.owner_id, isouter=True)
        .where(PlanItem.plan_id == plan.id, col(PlanItem.removed).is_(False))
    ).all()
    items = []
    for item, risk, a, owner in rows:
        assert item.id is not None and risk.id is not None
        items.append(
            (
                (-(a.probability * a.significance) if a else 0, a.id if a else 0, item.id),
                ItemView(
                    id=item.id,
                    risk_id=risk.id,
                    title=risk.title,
                    description=risk.description,
                    value=a.probability * a.significance if a else 0,
                    method=item.method,
                    owner=owner.name if owner else None,
                    version=item.version,
                    probability=a.probability if a else 0,
                    significance=a.significance if a else 0,
                ),
            )
        )
    items.sort(key=lambda pair: pair[0])
    return PlanView(
        id=plan.id,
        org=org_label(org),
        org_name=org.name,
        year=plan.year,
        status=plan.status,
        adopted_on=plan.adopted_on,
        ref=plan.ref,
        fingerprint=_last_adoption(session, plan).fingerprint if plan.status == "adopted" else None,
        version=plan.version,
        items=[view for _, view in items],
    )


def show_plan(*, session: Session, org: str, year: int) -> PlanView:
    the_org = resolve_org(session=session, ref=org)
    return plan_view(session=session, plan=_require_plan(session, the_org, validate.year(year)))


def previous_findings(*, session: Session, org: Org, year: int) -> dict[int, str]:
    """Risk id → the worst remark (`near`/`remark`) of its latest follow-up in `year`'s plan."""
    plan = _plan(session, org, year)
    if plan is None:
        return {}
    rows = session.exec(
        select(PlanItem.risk_id, FollowUp.period, FollowUp.assessment)
        .join(FollowUp, col(FollowUp.item_id) == PlanItem.id)
        .where(
            PlanItem.plan_id == plan.id,
            col(FollowUp.current).is_(True),
            col(PlanItem.removed).is_(False),
        )
    ).all()
    latest: dict[int, tuple[str, str]] = {}
    for risk_id, period, verdict in rows:
        # The annual follow-up supersedes the interim one.
        if risk_id not in latest or period == "annual":
            latest[risk_id] = (period, verdict)
    return {rid: verdict for rid, (_, verdict) in latest.items() if verdict in ("near", "remark")}


def generate_plan(*, session: Session, org: str, year: int) -> GenerateResult:
    """Build or refresh the draft from the analysis: every risk whose handling is `control`.

    Rows already in the draft keep what the user edited; rows the user removed stay out;
    generated rows whose risk is no longer `control` leave the draft unless edited by hand.
    """
    the_org = resolve_org(session=session, ref=org)
    year = validate.year(year)
    analysis = _analysis(session, the_org, year)
    if not analysis:
        raise NotFound("year", year, f"{org_label(the_org)} has no risk analysis for {year}")
    plan = _plan(session, the_org, year)
    if plan is None:
        plan = Plan(org_id=pk(the_org), year=year)
        session.add(plan)
        session.flush()
    _ensure_draft(plan, the_org)
    items = {
        i.risk_id: i
        for i in session.exec(select(PlanItem).where(PlanItem.plan_id == plan.id)).all()
    }
    controlled = [a for a in analysis if a.handling == "control"]
    added = updated = dropped = 0
    warnings: list[str] = []
    titles = {
        r.id: r.title for r in session.exec(select(Risk).where(Risk.org_id == the_org.id)).all()
    }
    for a in controlled:
        item = items.get(a.risk_id)
        method = method_from_note(a.note)
        if item is None:
            session.add(
                PlanItem(plan_id=pk(plan), risk_id=a.risk_id, method=method, owner_id=a.owner_id)
            )
            added += 1
            continue
        if item.removed:
            continue
        changed = False
        if not item.method_edited and item.method != method:
            item.method, changed = method, True
        if not item.owner_edited and item.owner_id != a.owner_id:
            item.owner_id, changed = a.owner_id, True
        if changed:
            session.add(item)
            updated += 1
    controlled_ids = {a.risk_id for a in controlled}
    for risk_id, item in items.items():
        if item.removed or item.manual or risk_id in controlled_ids:
            continue
        if item.method_edited or item.owner_edited:
            warnings.append(
                f"kept {titles.get(risk_id)!s} (edited by hand) although its "
                "handling is no longer control"
            )
            continue
        session.delete(item)
        dropped += 1
    session.flush()
    view = plan_view(session=session, plan=plan)
    in_plan = {i.risk_id for i in view.items}
    for a in analysis:
        value = a.probability * a.significance
        if value >= the_org.threshold and a.risk_id not in in_plan:
            warnings.append(
                f"{titles[a.risk_id]} has risk value {value} (threshold "
                f"{the_org.threshold}) but its handling is {a.handling}"
            )
    words = {"near": "remarks close to target", "remark": "remarks"}
    for risk_id, verdict in previous_findings(session=session, org=the_org, year=year - 1).items():
        if risk_id not in in_plan:
            warnings.append(
                f"{titles.get(risk_id, risk_id)!s}: the {year - 1} follow-up found "
                f"{words[verdict]}, but the risk is not in the {year} plan"
            )
    return GenerateResult(
        plan=view, added=added, updated=updated, dropped=dropped, warnings=warnings
    )


def _item(session: Session, item_id: Any) -> tuple[PlanItem, Plan, Org]:
    iid = validate.integer(item_id, "item")
    item = session.get(PlanItem, iid)
    if item is None or item.removed:
        raise NotFound("item", item_id, "see `riskctl plan show` for the item ids")
    plan = session.get(Plan, item.plan_id)
    assert plan is not None
    org = session.get(Org, plan.org_id)
    assert org is not None
    return item, plan, org


def set_item(
    *,
    session: Session,
    item_id: Any,
    method: str | None = None,
    owner: str | None = None,
    if_version: int | None = None,
) -> ItemView:
    item, plan, org = _item(session, item_id)
    check_version(
        session,
        entity="item",
        entity_id=pk(item),
        label=f"plan item {item.id}",
        current=item.version,
        expected=if_version,
    )
    _ensure_draft(plan, org)
    if method is not None:
        item.method = validate.text(method, "method", METHOD_MAX, required=True)
        item.method_edited = True
    if owner is not None:
        item.owner_id = owner_id(session=session, name=owner)
        item.owner_edited = True
    session.add(item)
    session.flush()
    return _item_view(session, plan, item.id)


def _item_view(session: Session, plan: Plan, item_id: int | None) -> ItemView:
    for view in plan_view(session=session, plan=plan).items:
        if view.id == item_id:
            return view
    raise NotFound("item", item_id)


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
        raise NotFound("risk id", risk_id, "see `riskctl risk list` for the ids")
    year = validate.year(year)
    org = session.get(Org, risk.org_id)
    assert org is not None
    a = session.exec(
        select(Assessment).where(Assessment.risk_id == rid, Assessment.year == year)
    ).first()
    if a is None:
        raise NotFound("year", year, f"risk {rid} is not in the {year} analysis")
    plan = _plan(session, org, year)
    if plan is None:
        plan = Plan(org_id=pk(org), year=year)
        session.add(plan)
        session.flush()
    _ensure_draft(plan, org)
    item = session.exec(
        select(PlanItem).where(PlanItem.plan_id == plan.id, PlanItem.risk_id == rid)
    ).first()
    if item is not None and not item.removed:
        raise InvalidInput("risk id", rid, f"it is in the plan already as item {item.id}")
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
    item, plan, org = _item(session, item_id)
    _ensure_draft(plan, org)
    followed = session.exec(
        select(func.count()).select_from(FollowUp).where(FollowUp.item_id == item.id)
    ).one()
    if followed:
        raise InvalidInput("item", item.id, "it has recorded follow-ups and cannot be removed")
    gone = _item_view(session, plan, item.id)
    item.removed = True
    session.add(item)
    session.flush()
    return gone


def _snapshot(view: PlanView) -> dict[str, Any]:
    return {
        "org": view.org,
        "year": view.year,
        "adopted_on": view.adopted_on.isoformat() if view.adopted_on else None,
        "ref": view.ref,
        "items": [{k: v for k, v in i.as_dict().items() if k != "version"} for i in view.items],
    }


def fingerprint(snapshot: dict[str, Any]) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def adopt_plan(
    *, session: Session, org: str, year: int, decided_on: Any = None, ref: str | None = None
) -> PlanView:
    """Record the board's decision and freeze the plan as a fingerprinted snapshot."""
    the_org = resolve_org(session=session, ref=org)
    year = validate.year(year)
    # The CLI insists on a date; older plans loaded from files may not know theirs.
    day = validate.day(decided_on) if decided_on not in (None, "") else None
    ref = validate.text(ref, "ref", REF_MAX) or None
    plan = _require_plan(session, the_org, year)
    if plan.status == "adopted":
        raise Locked(
            f"the {year} plan of {org_label(the_org)} is {adopted_text(plan)} "
            "already; reopen it first to adopt it again"
        )
    plan.status, plan.adopted_on, plan.ref = "adopted", day, ref
    session.add(plan)
    session.flush()
    view = plan_view(session=session, plan=plan)
    if not view.items:
        raise InvalidInput(
            "plan", f"{org_label(the_org)} {year}", "a plan with no items cannot be adopted"
        )
    snap = _snapshot(view)
    digest = fingerprint(snap)
    session.add(
        PlanEvent(
            plan_id=pk(plan),
            kind="adopt",
            decided_on=day,
            ref=ref,
            snapshot=json.dumps(snap, ensure_ascii=False, sort_keys=True),
            fingerprint=digest,
        )
    )
    session.flush()
    view.fingerprint = digest
    return view


def reopen_plan(*, session: Session, org: str, year: int, reason: str) -> PlanView:
    the_org = resolve_org(session=session, ref=org)
    year = validate.year(year)
    reason = validate.text(reason, "reason", REASON_MAX, required=True)
    plan = _require_plan(session, the_org, year)
    if plan.status != "adopted":
        raise InvalidInput(
            "plan",
            f"{org_label(the_org)} {year}",
            "only an adopted plan can be reopened; this one is a draft",
        )
    plan.status = "draft"
    session.add(plan)
    session.add(PlanEvent(plan_id=pk(plan), kind="reopen", reason=reason))
    session.flush()
    return plan_view(session=session, plan=plan)


def _last_adoption(session: Session, plan: Plan) -> PlanEvent:
    event = session.exec(
        select(PlanEvent)
        .where(PlanEvent.plan_id == plan.id, PlanEvent.kind == "adopt")
        .order_by(col(PlanEvent.id).desc())
    ).first()
    return event or PlanEvent(plan_id=pk(plan), kind="adopt")


def plan_events(*, session: Session, org: str, year: int) -> list[PlanEvent]:
    the_org = resolve_org(session=session, ref=org)
    plan = _require_plan(session, the_org, validate.year(year))
    return list(
        session.exec(
            select(PlanEvent).where(PlanEvent.plan_id == plan.id).order_by(col(PlanEvent.id))
        ).all()
    )


@dataclass
class DiffLine:
    change: str  # added | removed | changed
    risk_id: int
    title: str
    field: str = ""
    adopted: Any = None
    now: Any = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


DIFF_FIELDS = ("title", "description", "value", "method", "owner")


def diff_plan(*, session: Session, org: str, year: int) -> list[DiffLine]:
    """What differs between the plan now and its last adopted snapshot."""
    the_org = resolve_org(session=session, ref=org)
    plan = _require_plan(session, the_org, validate.year(year))
    event = _last_adoption(session, plan)
    if event.snapshot is None:
        raise InvalidInput("plan", f"{org_label(the_org)} {year}", "it has never been adopted")
    adopted = {i["risk_id"]: i for i in json.loads(event.snapshot)["items"]}
    now = {i.risk_id: i.as_dict() for i in plan_view(session=session, plan=plan).items}
    lines = []
    for rid, item in now.items():
        if rid not in adopted:
            lines.append(DiffLine("added", rid, item["title"]))
            continue
        for name in DIFF_FIELDS:
            if adopted[rid].get(name) != item.get(name):
                lines.append(
                    DiffLine(
                        "changed", rid, item["title"], name, adopted[rid].get(name), item.get(name)
                    )
                )
    lines.extend(
        DiffLine("removed", rid, item["title"]) for rid, item in adopted.items() if rid not in now
    )
    return lines
