"""The yearly internal control plan: generate the draft, edit it, adopt, reopen and diff."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import case, insert
from sqlmodel import Session, col, select

from riskctl import audit, audit_chain
from riskctl.db import plain_rows
from riskctl.errors import InvalidInput, Locked, NotFound
from riskctl.i18n import _
from riskctl.models import (
    Assessment,
    Evidence,
    FollowUp,
    Org,
    Owner,
    Plan,
    PlanEvent,
    PlanItem,
    Risk,
    Sample,
    pk,
    utcnow,
)
from riskctl.services import plan_locks, validate
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


@lru_cache(maxsize=4096)
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
    # What `plan_seal.check_plan` found wrong with the seal; None where it was not checked.
    seal_problems: list[str] | None = None

    @property
    def seal_broken(self) -> bool:
        return bool(self.seal_problems)

    def as_dict(self) -> dict[str, Any]:
        seal = {}
        if self.seal_problems is not None:
            seal = {
                "seal": "broken" if self.seal_problems else "ok",
                "seal_problems": list(self.seal_problems),
            }
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
            **seal,
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
            _("generate it first: riskctl plan generate --year {year} --org {org}").format(
                year=year, org=org_label(org)
            ),
        )
    return plan


def _ensure_draft(plan: Plan, org: Org) -> None:
    if plan.status == "adopted":
        raise Locked(plan_locks.locked_text(plan, org))


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
        items=[view for _key, view in items],
    )


def decided_view(*, session: Session, plan: Plan, lang: str | None = None) -> PlanView:
    """The plan as the board decided it: an adopted plan's rows come from its fingerprinted
    snapshot, so that a later rewording in the register does not change what a report says
    was adopted; a draft is shown as it is now. Its seal is checked (`plan_seal`): a plan
    changed past riskctl says so in `seal_problems` (told in `lang`) instead of passing for
    the adopted one."""
    from riskctl.services.plan_seal import check_plan

    view = plan_view(session=session, plan=plan)
    view.seal_problems = check_plan(session, plan, current=view, lang=lang).problems
    event = _last_adoption(session, plan) if plan.status == "adopted" else None
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
    return decided_view(session=session, plan=_require_plan(session, the_org, validate.year(year)))


def previous_findings(*, session: Session, org: Org, year: int) -> dict[int, str]:
    """Risk id → the worst remark (`near`/`remark`) of its latest follow-up in `year`'s plan."""
    return findings_by_board(session=session, year=year, org_ids=[pk(org)]).get(pk(org), {})


def findings_by_board(
    *, session: Session, year: int, org_ids: list[int] | None = None
) -> dict[int, dict[int, str]]:
    """Board id → {risk id → `near`/`remark`} from the latest follow-ups of `year`'s plans."""
    query = (
        select(Plan.org_id, PlanItem.risk_id, FollowUp.period, FollowUp.assessment)
        .join(PlanItem, col(PlanItem.plan_id) == Plan.id)
        .join(FollowUp, col(FollowUp.item_id) == PlanItem.id)
        .where(Plan.year == year, col(FollowUp.current).is_(True), col(PlanItem.removed).is_(False))
    )
    if org_ids is not None:
        query = query.where(col(Plan.org_id).in_(org_ids))
    latest: dict[tuple[int, int], tuple[str, str]] = {}
    for org_id, risk_id, period, verdict in session.exec(query).all():
        # The annual follow-up supersedes the interim one.
        if (org_id, risk_id) not in latest or period == "annual":
            latest[(org_id, risk_id)] = (period, verdict)
    out: dict[int, dict[int, str]] = {}
    for (org_id, risk_id), (_period, verdict) in latest.items():
        if verdict in ("near", "remark"):
            out.setdefault(org_id, {})[risk_id] = verdict
    return out


@dataclass
class BoardGeneration:
    """What `plan generate` did for one board; `skipped` says why a board was left alone."""

    org: str
    plan_id: int | None
    added: int = 0
    updated: int = 0
    dropped: int = 0
    warnings: list[str] = field(default_factory=list)
    skipped: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def generate_plan(*, session: Session, org: str, year: int) -> GenerateResult:
    """Build or refresh one board's draft from the analysis (see `generate_plans`)."""
    the_org = resolve_org(session=session, ref=org)
    year = validate.year(year)
    [board] = generate_plans(session=session, year=year, org_ids=[pk(the_org)], strict=True)
    plan = session.get(Plan, board.plan_id)
    assert plan is not None
    return GenerateResult(
        plan=decided_view(session=session, plan=plan),
        added=board.added,
        updated=board.updated,
        dropped=board.dropped,
        warnings=board.warnings,
    )


def generate_plans(
    *, session: Session, year: int, org_ids: list[int] | None = None, strict: bool = False
) -> list[BoardGeneration]:
    """Build or refresh the year's draft plans: every risk whose handling is `control`.

    Rows already in a draft keep what the user edited; rows the user removed stay out;
    generated rows whose risk is no longer `control` leave the draft unless edited by hand.
    Set-based, so that all boards of a municipality or a country take a handful of queries.
    With `strict` (one board), an adopted plan or a missing analysis is an error; otherwise
    such boards are reported as skipped.
    """
    year = validate.year(year)
    org_query = select(Org.id, Org.code, Org.name, Org.threshold).order_by(col(Org.name))
    if org_ids is not None:
        org_query = org_query.where(col(Org.id).in_(org_ids))
    boards = {
        pk_: (code or name, threshold)
        for pk_, code, name, threshold in session.exec(org_query).all()
        if pk_ is not None
    }
    analysis_query = (
        select(  # type: ignore[call-overload]
            Assessment.org_id,
            Assessment.risk_id,
            Assessment.probability,
            Assessment.significance,
            Assessment.handling,
            # Only a controlled risk's note is read (for its method): notes are the bulk.
            case((col(Assessment.handling) == "control", col(Assessment.note)), else_=""),
            Assessment.owner_id,
            Risk.title,
            Assessment.id,
        )
        .join(Risk, col(Risk.id) == Assessment.risk_id)
        .where(Assessment.year == year)
    )
    # Locked (in one order, so that two refreshes never wait for each other): an adoption
    # waits for the refresh, or the refresh finds the plan adopted.
    plan_query = (
        select(Plan.org_id, Plan.id, Plan.status)
        .where(Plan.year == year)
        .order_by(col(Plan.id))
        .with_for_update()
    )
    if org_ids is not None:
        analysis_query = analysis_query.where(col(Assessment.org_id).in_(org_ids))
        plan_query = plan_query.where(col(Plan.org_id).in_(org_ids))
    # Plain rows through the session's connection: no ORM bookkeeping for 100,000s of rows.
    connection = session.connection()
    analysis: dict[int, list[Any]] = {}
    for row in plain_rows(connection, analysis_query):
        analysis.setdefault(row[0], []).append(row)
    for rows in analysis.values():
        # Highest risk value first, as the analysis lists them (sorting here is cheaper than
        # in SQL, which would sort the whole year of every board at once).
        rows.sort(key=lambda row: (-row[2] * row[3], row[8]))
    plans = {oid: (plan_id, status) for oid, plan_id, status in connection.execute(plan_query)}
    # A status changed past riskctl (a broken seal) leaves the plan as it is.
    implied = plan_locks.status_by_events(session, [plan_id for plan_id, _s in plans.values()])
    broken = {plan_id for plan_id, status in plans.values() if implied[plan_id] != status}
    results: dict[int, BoardGeneration] = {}
    for oid, (label, _threshold) in boards.items():
        plan = plans.get(oid)
        if oid not in analysis:
            if strict:
                raise NotFound(
                    "year",
                    year,
                    _("{board} has no risk analysis for {year}").format(board=label, year=year),
                )
            continue
        if plan is not None and plan[0] in broken:
            if strict:
                locked = session.get(Plan, plan[0])
                assert locked is not None
                plan_locks.refuse_broken_status(session, [locked])
            results[oid] = BoardGeneration(label, plan[0], skipped="broken")
            continue
        if plan is not None and plan[1] == "adopted":
            if strict:
                org, adopted = session.get(Org, oid), session.get(Plan, plan[0])
                assert org is not None and adopted is not None
                _ensure_draft(adopted, org)
            results[oid] = BoardGeneration(label, plan[0], skipped="adopted")
            continue
        results[oid] = BoardGeneration(label, plan[0] if plan else None)
    new_plans = [
        {"org_id": oid, "year": year, "status": "draft", "created_at": utcnow(), "version": 1}
        for oid, r in results.items()
        if r.plan_id is None
    ]
    if new_plans:
        created = session.execute(
            insert(Plan).returning(col(Plan.id), col(Plan.org_id)), new_plans
        ).all()
        for plan_id, oid in created:
            results[oid].plan_id = plan_id
        ids = {oid: plan_id for plan_id, oid in created}
        audit.record_created(
            session, "plan", [{**row, "id": ids[row["org_id"]]} for row in new_plans]
        )
    active = {r.plan_id: oid for oid, r in results.items() if not r.skipped}
    # Plain rows: only the items that change are loaded as objects (and so audited).
    items: dict[int, dict[int, Any]] = {oid: {} for oid in active.values()}
    plan_ids = list(active)
    for start in range(0, len(plan_ids), 5000):
        for row in connection.execute(
            select(  # type: ignore[call-overload]
                PlanItem.id,
                PlanItem.plan_id,
                PlanItem.risk_id,
                PlanItem.method,
                PlanItem.owner_id,
                PlanItem.method_edited,
                PlanItem.owner_edited,
                PlanItem.manual,
                PlanItem.removed,
            ).where(col(PlanItem.plan_id).in_(plan_ids[start : start + 5000]))
        ).all():
            items[active[row[1]]][row[2]] = row
    inserts: list[dict[str, Any]] = []
    changes: dict[int, dict[str, Any]] = {}
    drops: list[int] = []
    titles = _Titles(analysis)
    kept_edited = _("kept {title} (edited by hand) although its handling is no longer control")
    for plan_id, oid in active.items():
        result, existing = results[oid], items[oid]
        controlled = {row[1]: row for row in analysis[oid] if row[4] == "control"}
        for risk_id, row in controlled.items():
            item = existing.get(risk_id)
            method, owner = method_from_note(row[5]), row[6]
            if item is None:
                inserts.append(
                    {
                        "plan_id": plan_id,
                        "risk_id": risk_id,
                        "method": method,
                        "owner_id": owner,
                        "method_edited": False,
                        "owner_edited": False,
                        "manual": False,
                        "removed": False,
                        "version": 1,
                    }
                )
                result.added += 1
            elif not item.removed:
                change = {}
                if not item.method_edited and item.method != method:
                    change["method"] = method
                if not item.owner_edited and item.owner_id != owner:
                    change["owner_id"] = owner
                if change:
                    changes[item.id] = change
                    result.updated += 1
        for risk_id, item in existing.items():
            if item.removed or item.manual or risk_id in controlled:
                continue
            if item.method_edited or item.owner_edited:
                result.warnings.append(kept_edited.format(title=titles.of(oid, risk_id) or risk_id))
                continue
            drops.append(item.id)
            result.dropped += 1
    # An item that was followed up, sampled or has evidence stays: deleting it would delete
    # those records with it.
    kept = items_with_records(session, drops)
    kept_records = _(
        "kept {title}: it has follow-ups, samples or evidence, although its "
        "handling is no longer control"
    )
    for oid, result in results.items() if kept else ():
        for risk_id, item in items.get(oid, {}).items():
            if item.id in kept:
                result.dropped -= 1
                result.warnings.append(
                    kept_records.format(title=titles.of(oid, risk_id) or risk_id)
                )
    drops = [d for d in drops if d not in kept]
    touched = list(changes) + drops
    for start in range(0, len(touched), 5000):
        for loaded in session.exec(
            select(PlanItem).where(col(PlanItem.id).in_(touched[start : start + 5000]))
        ).all():
            if loaded.id in changes:
                for name, value in changes[pk(loaded)].items():
                    setattr(loaded, name, value)
            else:
                session.delete(loaded)
    if inserts:
        created_items = session.execute(
            insert(PlanItem).returning(
                col(PlanItem.id), col(PlanItem.plan_id), col(PlanItem.risk_id)
            ),
            inserts,
        ).all()
        ids = {(plan_id, risk_id): item_id for item_id, plan_id, risk_id in created_items}
        audit.record_created(
            session,
            "item",
            [{**row, "id": ids[(row["plan_id"], row["risk_id"])]} for row in inserts],
        )
    session.flush()
    _warn(session, year, boards, analysis, titles, results, items, inserts)
    return list(results.values())


class _Titles:
    """Risk titles by board, for warnings: built for a board only when it has one."""

    def __init__(self, analysis: dict[int, list[Any]]) -> None:
        self._analysis = analysis
        self._by_board: dict[int, dict[int, str]] = {}

    def of(self, oid: int, risk_id: int) -> str | None:
        if oid not in self._by_board:
            self._by_board[oid] = {row[1]: row[7] for row in self._analysis.get(oid, [])}
        return self._by_board[oid].get(risk_id)


def _warn(
    session: Session,
    year: int,
    boards: dict[int, tuple[str, int]],
    analysis: dict[int, list[Any]],
    titles: _Titles,
    results: dict[int, BoardGeneration],
    items: dict[int, dict[int, Any]],
    inserts: list[dict[str, Any]],
) -> None:
    """High risks not under control, and last year's remarks that are not in the plan."""
    added: dict[int, set[int]] = {}
    for row in inserts:
        added.setdefault(row["plan_id"], set()).add(row["risk_id"])
    findings = findings_by_board(session=session, year=year - 1, org_ids=list(results))
    not_under_control = _not_under_control_texts()
    remarks = {
        "near": _(
            "{title}: the {previous} follow-up found remarks close to target, "
            "but the risk is not in the {year} plan"
        ),
        "remark": _(
            "{title}: the {previous} follow-up found remarks, "
            "but the risk is not in the {year} plan"
        ),
    }
    for oid, result in results.items():
        if result.skipped:
            continue
        in_plan = {rid for rid, item in items.get(oid, {}).items() if not item.removed}
        in_plan |= added.get(result.plan_id or 0, set())
        threshold = boards[oid][1]
        for _org, risk_id, p, s, handling, _note, _owner, title, _id in analysis[oid]:
            if p * s >= threshold and risk_id not in in_plan:
                text = not_under_control.get(handling, not_under_control[""])
                result.warnings.append(
                    text.format(title=title, value=p * s, threshold=threshold, handling=handling)
                )
        for risk_id, verdict in findings.get(oid, {}).items():
            if risk_id not in in_plan:
                name = titles.of(oid, risk_id)
                if name is None:  # the risk is no longer in this year's analysis
                    risk = session.get(Risk, risk_id)
                    name = risk.title if risk is not None else str(risk_id)
                warning = remarks[verdict]
                result.warnings.append(warning.format(title=name, previous=year - 1, year=year))


def _not_under_control_texts() -> dict[str, str]:
    """The warnings for a high risk that the plan leaves out, in words that fit its handling,
    translated once per run: a national roll-up can warn tens of thousands of times."""
    return {
        "action": _(
            "{title} has risk value {value} (threshold {threshold}) but its handling is action"
        ),
        "accept": _(
            "{title} has risk value {value} (threshold {threshold}) but its handling is accept"
        ),
        "": _(
            "{title} has risk value {value} (threshold {threshold}) but its handling is {handling}"
        ),
    }


def _item(session: Session, item_id: Any, *, lock: bool = False) -> tuple[PlanItem, Plan, Org]:
    """The item, its plan and board; with `lock` (a write), the plan row is locked first and
    both are read as committed now (see `plan_locks`)."""
    iid = validate.integer(item_id, "item")
    found: tuple[PlanItem | None, Plan | None]
    if lock:
        found = plan_locks.lock_item(session, iid) or (None, None)
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


def set_item(
    *,
    session: Session,
    item_id: Any,
    method: str | None = None,
    owner: str | None = None,
    if_version: int | None = None,
) -> ItemView:
    item, plan, org = _item(session, item_id, lock=True)
    check_version(
        session,
        entity="item",
        entity_id=pk(item),
        label=_("plan item {id}").format(id=item.id),
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
    plan = plan_locks.lock_board_year(session, pk(org), year)
    if plan is None:
        plan = Plan(org_id=pk(org), year=year)
        session.add(plan)
        session.flush()
    _ensure_draft(plan, org)
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


def remove_item(*, session: Session, item_id: Any) -> ItemView:
    """Take an item out of a draft; `plan generate` will not bring it back."""
    item, plan, org = _item(session, item_id, lock=True)
    _ensure_draft(plan, org)
    if items_with_records(session, [pk(item)]):
        raise InvalidInput(
            "item", item.id, _("it has follow-ups, samples or evidence and cannot be removed")
        )
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
    # Locked before the items are read: no change the adoption forbids can follow the
    # snapshot, and every one that began first is in it.
    plan = plan_locks.lock_plan(session, pk(_require_plan(session, the_org, year)))
    plan_locks.lock_assessments(session, plan)
    if plan.status == "adopted":
        raise Locked(
            _(
                "the {year} plan of {org} is {adopted} already; reopen it first to adopt it again"
            ).format(year=year, org=org_label(the_org), adopted=adopted_text(plan))
        )
    plan.status, plan.adopted_on, plan.ref = "adopted", day, ref
    session.add(plan)
    session.flush()
    view = plan_view(session=session, plan=plan)
    if not view.items:
        raise InvalidInput(
            "plan", f"{org_label(the_org)} {year}", _("a plan with no items cannot be adopted")
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
            # `audit verify` checks that this is still an entry of the trail.
            audit_head=audit_chain.head(session),
        )
    )
    session.flush()
    view.fingerprint = digest
    return view


def reopen_plan(*, session: Session, org: str, year: int, reason: str) -> PlanView:
    the_org = resolve_org(session=session, ref=org)
    year = validate.year(year)
    reason = validate.text(reason, "reason", REASON_MAX, required=True)
    plan = plan_locks.lock_plan(session, pk(_require_plan(session, the_org, year)))
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
        raise InvalidInput("plan", f"{org_label(the_org)} {year}", _("it has never been adopted"))
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
