"""An adopted plan's seal: the fingerprint of its snapshot (`fingerprint`), and `plan
verify`'s checks of its fingerprints, its rows and its status (`check_plan`, `verify_plans`).

Nothing in riskctl changes an adopted plan or its snapshot (`locks`), so a difference
found here was made past riskctl, in the database itself, or by a fault. Three things hold
for a plan whose seal is intact:

- every adoption's SHA-256 is the fingerprint of its snapshot, and the snapshot names the
  plan's year and the decision recorded with it;
- the plan's status follows its events: adopted after an adoption, a draft after a
  reopening (or before any adoption);
- while the last event is an adoption, the plan's items are the snapshot's: the same risks,
  items, methods, owners and risk values (probability, significance). Titles and
  descriptions are left out: they are the register's wording, which a later year's edit may
  change (`plan diff` shows it) while the snapshot keeps the adopted text;
- every adoption is the one the audit trail recorded when it was made: the same fingerprint,
  and the same audit head. The trail is a hash chain (`riskctl.audit_chain`), so a snapshot
  rewritten with a fingerprint of its own, an adoption slipped in or removed, or a head
  cleared from its event is caught here while `audit verify` holds.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from riskctl.i18n import N_, _
from riskctl.models import AuditEntry, Org, Plan, PlanEvent, pk
from riskctl.services import validate
from riskctl.services.orgs import org_label, resolve_org
from riskctl.services.plans.views import PlanView, plan_view

# The fields of a plan row that an adoption seals (see the module's docstring).
SEALED_FIELDS = ("id", "method", "owner", "value", "probability", "significance")
SHOWN_MAX = 60
# The store's names for the fields, statuses and events a problem names, in the reader's
# words; a name not listed (a status written past riskctl) is shown as it is.
WORDS = {
    "id": N_("id"),
    "year": N_("year"),
    "adopted_on": N_("decision date"),
    "ref": N_("case number"),
    "method": N_("method"),
    "owner": N_("owner"),
    "value": N_("risk value"),
    "probability": N_("probability"),
    "significance": N_("significance"),
    "draft": N_("draft"),
    "adopted": N_("adopted"),
    "adopt": N_("adopt"),
    "reopen": N_("reopen"),
}


@dataclass
class SealCheck:
    """One plan's seal: `problems` says, in words, each way in which it does not hold."""

    plan_id: int
    org: str
    year: int
    status: str
    fingerprint: str | None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


def fingerprint(snapshot: dict[str, Any]) -> str:
    """The SHA-256 of an adopted snapshot, over its canonical JSON."""
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def summary(problems: list[str], lang: str | None = None, limit: int = 3) -> str:
    """The first `limit` problems in one line, and how many more `plan verify` names."""
    shown = "; ".join(problems[:limit])
    if len(problems) <= limit:
        return shown
    return _("{problems}; and {count} more", lang).format(
        problems=shown, count=len(problems) - limit
    )


def _shown(value: Any) -> str:
    if value is None:
        return "–"
    text = str(value)
    text = text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 1] + "…"
    return f"“{text}”" if isinstance(value, str) else text


def _word(name: str, lang: str | None) -> str:
    return _(WORDS[name], lang) if name in WORDS else name


def _when(event: PlanEvent) -> str:
    return f"{event.at:%Y-%m-%d %H:%M}"


def _adoption_problems(
    plan: Plan, event: PlanEvent, lang: str | None
) -> tuple[list[str], dict[str, Any] | None]:
    """What is wrong with one adoption event, and its snapshot when it can be read."""
    if event.snapshot is None or event.fingerprint is None:
        return [
            _("the adoption recorded {at} has no snapshot or no fingerprint", lang).format(
                at=_when(event)
            )
        ], None
    try:
        snapshot = json.loads(event.snapshot)
        items = snapshot["items"]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise TypeError
    except (ValueError, TypeError, KeyError):
        return [
            _("the snapshot of the adoption recorded {at} cannot be read", lang).format(
                at=_when(event)
            )
        ], None
    problems = []
    computed = fingerprint(snapshot)
    if computed != event.fingerprint:
        problems.append(
            _(
                "the fingerprint of the adoption recorded {at} is {stored}, but its snapshot's "
                "SHA-256 is {computed}: the snapshot or the fingerprint was changed",
                lang,
            ).format(at=_when(event), stored=event.fingerprint, computed=computed)
        )
    recorded = {
        "year": plan.year,
        "adopted_on": event.decided_on.isoformat() if event.decided_on else None,
        "ref": event.ref,
    }
    for name, value in recorded.items():
        if snapshot.get(name) != value:
            problems.append(
                _(
                    "the adoption recorded {at}: {field} is {snapshot} in its snapshot but "
                    "{event} in the event",
                    lang,
                ).format(
                    at=_when(event),
                    field=_word(name, lang),
                    snapshot=_shown(snapshot.get(name)),
                    event=_shown(value),
                )
            )
    return problems, snapshot


def _status_problems(plan: Plan, events: list[PlanEvent], lang: str | None) -> list[str]:
    """The plan's status against its events: a status that the last event contradicts is
    the one problem told; otherwise the events' order, and an adopted plan's decision."""
    contradicted = _status_against_last_event(plan, events[-1] if events else None, lang)
    if contradicted is not None:
        return [contradicted]
    problems = _order_problems(events, lang)
    if plan.status == "adopted" and events:
        problems += _decision_problems(plan, events[-1], lang)
    return problems


def _status_against_last_event(plan: Plan, last: PlanEvent | None, lang: str | None) -> str | None:
    """What is wrong when the status is not the one the last event gives, else None."""
    adopted = plan.status == "adopted"
    if adopted and last is None:
        return _("the plan is marked adopted, but no adoption of it is recorded", lang)
    if adopted and last is not None and last.kind != "adopt":
        return _(
            "the plan is marked adopted, but its last event is the reopening recorded {at}, "
            "with no adoption after it",
            lang,
        ).format(at=_when(last))
    if not adopted and last is not None and last.kind == "adopt":
        return _(
            "the plan is marked {status}, but its last event is the adoption recorded {at}, "
            "with no reopening after it",
            lang,
        ).format(status=_shown(_word(plan.status, lang)), at=_when(last))
    return None


def _order_problems(events: list[PlanEvent], lang: str | None) -> list[str]:
    """Adoptions and reopenings take turns, beginning with an adoption."""
    problems = []
    previous = None
    for event in events:
        if event.kind == previous or event.kind not in ("adopt", "reopen"):
            problems.append(
                _(
                    "the event recorded {at} ({kind}) does not follow the one before it", lang
                ).format(at=_when(event), kind=_shown(_word(event.kind, lang)))
            )
        previous = event.kind
    if events and events[0].kind == "reopen" and not problems:
        problems.append(
            _("the reopening recorded {at} has no adoption before it", lang).format(
                at=_when(events[0])
            )
        )
    return problems


def _decision_problems(plan: Plan, last: PlanEvent, lang: str | None) -> list[str]:
    """An adopted plan's decision date and case number against its last adoption's."""
    decided = last.decided_on.isoformat() if last.decided_on else None
    adopted_on = plan.adopted_on.isoformat() if plan.adopted_on else None
    problems = []
    for name, now, then in (("adopted_on", adopted_on, decided), ("ref", plan.ref, last.ref)):
        if now != then:
            problems.append(
                _(
                    "the plan's {field} is {now}, but the adoption recorded {at} says {then}",
                    lang,
                ).format(
                    field=_word(name, lang), now=_shown(now), at=_when(last), then=_shown(then)
                )
            )
    return problems


def _item_problems(
    session: Session,
    plan: Plan,
    snapshot: dict[str, Any],
    current: PlanView | None,
    lang: str | None,
) -> list[str]:
    adopted = {i.get("risk_id"): i for i in snapshot["items"]}
    current = current or plan_view(session=session, plan=plan)
    now = {i.risk_id: i.as_dict() for i in current.items}
    problems = []
    for rid, item in now.items():
        if rid not in adopted:
            problems.append(
                _(
                    "item {item} (risk {risk}, {title}) is in the plan but was not adopted", lang
                ).format(item=item["id"], risk=rid, title=_shown(item["title"]))
            )
            continue
        for name in SEALED_FIELDS:
            if adopted[rid].get(name) != item[name]:
                problems.append(
                    _(
                        "item {item} (risk {risk}): {field} is {now} in the plan but {adopted} "
                        "in the adopted snapshot",
                        lang,
                    ).format(
                        item=item["id"],
                        risk=rid,
                        field=_word(name, lang),
                        now=_shown(item[name]),
                        adopted=_shown(adopted[rid].get(name)),
                    )
                )
    for rid, item in adopted.items():
        if rid not in now:
            problems.append(
                _("risk {risk} ({title}) was adopted but is not in the plan", lang).format(
                    risk=rid, title=_shown(item.get("title"))
                )
            )
    return problems


def _trail_problems(
    session: Session, plan: Plan, adoptions: list[PlanEvent], lang: str | None
) -> list[str]:
    """The adoptions against what the audit trail recorded as each was written: its
    fingerprint (the k-th adoption is the k-th one recorded) and the audit head it names."""
    recorded = session.exec(
        select(AuditEntry.field, AuditEntry.new)
        .where(
            AuditEntry.entity == "plan",
            AuditEntry.entity_id == plan.id,
            col(AuditEntry.field).in_(("fingerprint[adopt]", "audit_head[adopt]")),
        )
        .order_by(col(AuditEntry.id))
    ).all()
    fingerprints = [new for name, new in recorded if name == "fingerprint[adopt]"]
    heads = [new for name, new in recorded if name == "audit_head[adopt]"]
    problems = []
    # The k-th head kept in an event is the k-th the trail recorded (adoptions before the
    # chain, revision 0006, recorded none): a head moved to another adoption is caught.
    position = {id(e): k for k, e in enumerate(e for e in adoptions if e.audit_head is not None)}
    for n, event in enumerate(adoptions):
        if n >= len(fingerprints):
            problems.append(
                _("the adoption recorded {at} is not in the audit trail", lang).format(
                    at=_when(event)
                )
            )
        elif fingerprints[n] != event.fingerprint:
            problems.append(
                _(
                    "the fingerprint of the adoption recorded {at} is {stored}, but the audit "
                    "trail recorded {recorded} when the plan was adopted",
                    lang,
                ).format(at=_when(event), stored=event.fingerprint, recorded=fingerprints[n])
            )
        k = position.get(id(event))
        if k is not None and (k >= len(heads) or heads[k] != event.audit_head):
            problems.append(
                _(
                    "the audit head of the adoption recorded {at} is not the one the audit "
                    "trail recorded when the plan was adopted",
                    lang,
                ).format(at=_when(event))
            )
    if len(fingerprints) > len(adoptions):
        problems.append(
            _(
                "the audit trail recorded {recorded} adoptions of the plan, but the store "
                "has {found}",
                lang,
            ).format(recorded=len(fingerprints), found=len(adoptions))
        )
    kept = sum(1 for event in adoptions if event.audit_head is not None)
    if len(heads) > kept:
        problems.append(
            _(
                "the audit trail recorded {recorded} audit heads at the plan's adoptions, but "
                "only {found} are still in their events",
                lang,
            ).format(recorded=len(heads), found=kept)
        )
    return problems


def check_plan(
    session: Session,
    plan: Plan,
    org: Org | None = None,
    *,
    current: PlanView | None = None,
    lang: str | None = None,
) -> SealCheck:
    """The plan's seal (see the module's docstring); `current` is its `plan_view` when the
    caller has read it already; the problems are told in `lang` (the current language)."""
    org = org or session.get(Org, plan.org_id)
    assert org is not None
    events = list(
        session.exec(
            select(PlanEvent).where(PlanEvent.plan_id == plan.id).order_by(col(PlanEvent.id))
        ).all()
    )
    problems: list[str] = []
    snapshots: dict[int | None, dict[str, Any] | None] = {}
    for event in events:
        if event.kind == "adopt":
            found, snapshots[event.id] = _adoption_problems(plan, event, lang)
            problems += found
    problems += _status_problems(plan, events, lang)
    last = events[-1] if events else None
    if last is not None and last.kind == "adopt" and snapshots.get(last.id) is not None:
        problems += _item_problems(session, plan, snapshots[last.id] or {}, current, lang)
    adoptions = [e for e in events if e.kind == "adopt"]
    problems += _trail_problems(session, plan, adoptions, lang)
    return SealCheck(
        plan_id=pk(plan),
        org=org_label(org),
        year=plan.year,
        status=plan.status,
        fingerprint=adoptions[-1].fingerprint if adoptions else None,
        problems=problems,
    )


def verify_plans(*, session: Session, org: str, year: int | None = None) -> list[SealCheck]:
    """Every plan of the board (`all`: of every board), of `year` or of every year."""
    query = select(Plan, Org).join(Org, col(Org.id) == Plan.org_id)
    if str(org).strip().lower() != "all":
        query = query.where(Plan.org_id == pk(resolve_org(session=session, ref=org)))
    if year is not None:
        query = query.where(Plan.year == validate.year(year))
    rows = session.exec(query.order_by(col(Plan.year), col(Org.name))).all()
    checks = [check_plan(session, plan, the_org) for plan, the_org in rows]
    the_org = (
        None
        if str(org).strip().lower() == "all"
        else org_label(resolve_org(session=session, ref=org))
    )
    checks += _deleted_plans(session, the_org, year)
    return sorted(checks, key=lambda c: c.year)


def _deleted_plans(session: Session, org: str | None, year: int | None) -> list[SealCheck]:
    """Plans whose adoption the audit trail recorded but that are gone from the store: one
    DELETE of the plan takes its items and events (and the heads they recorded) with it. The
    board and year are those of the adopted snapshot, as the trail holds it."""
    gone = (
        select(AuditEntry.entity_id, AuditEntry.field, AuditEntry.new)
        .where(
            AuditEntry.entity == "plan",
            col(AuditEntry.field).in_(("fingerprint[adopt]", "snapshot[adopt]")),
            # A plan whose board is gone too (SQLite without its foreign keys keeps it).
            col(AuditEntry.entity_id).not_in(select(Plan.id).join(Org, col(Org.id) == Plan.org_id)),
        )
        .order_by(col(AuditEntry.id))
    )
    found: dict[int, dict[str, Any]] = {}
    for plan_id, name, new in session.exec(gone).all():
        found.setdefault(plan_id, {})[name] = new
    checks = []
    for plan_id, recorded in found.items():
        try:
            snapshot = json.loads(recorded.get("snapshot[adopt]") or "{}")
        except ValueError:
            snapshot = {}
        label, when = str(snapshot.get("org", "?")), snapshot.get("year")
        the_year = when if isinstance(when, int) else 0
        if (org is not None and label != org) or (year is not None and the_year != year):
            continue
        text = _(
            "the audit trail recorded the adoption of plan {id}, but the plan is no longer "
            "in the store"
        )
        checks.append(
            SealCheck(
                plan_id=plan_id,
                org=label,
                year=the_year,
                status="deleted",
                fingerprint=recorded.get("fingerprint[adopt]"),
                problems=[text.format(id=plan_id)],
            )
        )
    return checks
