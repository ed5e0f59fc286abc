"""A plan as it is now: its rows (`ItemView`, `PlanView`, `plan_view`), its events, and what
the follow-ups of a year's plans found (`findings_by_board`).

The plan as the board decided it (an adopted plan read from its snapshot) is
`adoption.decided_view`: it checks the seal, which reads this module's `plan_view`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from riskctl.errors import NotFound
from riskctl.i18n import _
from riskctl.models import Assessment, FollowUp, Org, Owner, Plan, PlanEvent, PlanItem, Risk, pk
from riskctl.services import validate
from riskctl.services.orgs import org_label, resolve_org


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
    # What `seal.check_plan` found wrong with the seal; None where it was not checked.
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


def find_plan(session: Session, org: Org, year: int) -> Plan | None:
    return session.exec(select(Plan).where(Plan.org_id == org.id, Plan.year == year)).first()


def require_plan(session: Session, org: Org, year: int) -> Plan:
    """The board's plan for `year`; `NotFound`, with how to make it, when there is none."""
    plan = find_plan(session, org, year)
    if plan is None:
        raise NotFound(
            "plan",
            f"{org_label(org)} {year}",
            _("generate it first: riskctl plan generate --year {year} --org {org}").format(
                year=year, org=org_label(org)
            ),
        )
    return plan


def last_adoption(session: Session, plan: Plan) -> PlanEvent:
    """The plan's latest adoption event; an empty one (no snapshot) if it was never adopted."""
    event = session.exec(
        select(PlanEvent)
        .where(PlanEvent.plan_id == plan.id, PlanEvent.kind == "adopt")
        .order_by(col(PlanEvent.id).desc())
    ).first()
    return event or PlanEvent(plan_id=pk(plan), kind="adopt")


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
        fingerprint=last_adoption(session, plan).fingerprint if plan.status == "adopted" else None,
        version=plan.version,
        items=[view for _key, view in items],
    )


def plan_events(*, session: Session, org: str, year: int) -> list[PlanEvent]:
    """The board-year's plan's adoptions and reopenings, oldest first."""
    the_org = resolve_org(session=session, ref=org)
    plan = require_plan(session, the_org, validate.year(year))
    return list(
        session.exec(
            select(PlanEvent).where(PlanEvent.plan_id == plan.id).order_by(col(PlanEvent.id))
        ).all()
    )


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
