"""Follow-ups of adopted plans: record, list, summarise, and what is due."""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from riskctl.errors import InvalidInput, NotFound
from riskctl.i18n import _
from riskctl.models import Assessment, FollowUp, Org, Plan, PlanItem, Risk, limit, pk, utcnow
from riskctl.services import validate
from riskctl.services.orgs import list_orgs, org_label, resolve_org
from riskctl.services.plans.items import find_item
from riskctl.services.plans.views import plan_view
from riskctl.services.revisions import revisions, supersede
from riskctl.services.summary_text import summary_sentence

CHECKED_MAX = limit(FollowUp.checked)
RESULT_MAX = limit(FollowUp.result)
ACTION_MAX = limit(FollowUp.action)


@dataclass
class FollowUpView:
    item: int
    org: str
    year: int
    title: str
    period: str
    assessment: str
    checked: str
    result: str
    action: str
    date: str | None
    revision: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def record_followup(
    *,
    session: Session,
    item_id: Any,
    period: str,
    assessment: str,
    result: str,
    checked: str | None = None,
    action: str | None = None,
    done_on: Any = None,
) -> FollowUpView:
    """Record the follow-up of a plan item in a period; an earlier one is kept as history."""
    item, plan, org = find_item(session, item_id, lock=True)
    period = validate.period(period)
    verdict = validate.assessment(assessment)
    result = validate.text(result, "result", RESULT_MAX, required=True)
    checked = validate.text(checked, "checked", CHECKED_MAX)
    action = validate.text(action, "action", ACTION_MAX)
    day = validate.day(done_on) if done_on not in (None, "") else None
    if plan.status != "adopted":
        raise InvalidInput(
            "item",
            item.id,
            _(
                "the {year} plan of {org} is a draft; only an adopted plan can be followed up"
            ).format(year=plan.year, org=org_label(org)),
        )
    revision = supersede(session, revisions(session, FollowUp, item.id, period))
    row = FollowUp(
        item_id=pk(item),
        period=period,
        revision=revision,
        assessment=verdict,
        checked=checked,
        result=result,
        action=action,
        done_on=day,
        recorded_at=utcnow(),
    )
    session.add(row)
    session.flush()
    risk = session.get(Risk, item.risk_id)
    assert risk is not None
    return _view(row, org, plan, risk)


def _view(row: FollowUp, org: Org, plan: Plan, risk: Risk) -> FollowUpView:
    return FollowUpView(
        item=row.item_id,
        org=org_label(org),
        year=plan.year,
        title=risk.title,
        period=row.period,
        assessment=row.assessment,
        checked=row.checked,
        result=row.result,
        action=row.action,
        date=row.done_on.isoformat() if row.done_on else None,
        revision=row.revision,
    )


def _plans(session: Session, year: int, org: str | None) -> list[tuple[Plan, Org]]:
    query = select(Plan, Org).join(Org, col(Org.id) == Plan.org_id).where(Plan.year == year)
    if org is not None:
        query = query.where(Plan.org_id == resolve_org(session=session, ref=org).id)
    return list(session.exec(query.order_by(col(Org.name))).all())


def list_followups(
    *,
    session: Session,
    year: int,
    org: str | None = None,
    period: str | None = None,
    history: bool = False,
) -> list[FollowUpView]:
    """Recorded follow-ups in plan order; with `history`, earlier revisions too."""
    year = validate.year(year)
    wanted = validate.period(period) if period else None
    out: list[FollowUpView] = []
    for plan, the_org in _plans(session, year, org):
        order = {i.id: n for n, i in enumerate(plan_view(session=session, plan=plan).items)}
        query = (
            select(FollowUp, Risk)
            .join(PlanItem, col(PlanItem.id) == FollowUp.item_id)
            .join(Risk, col(Risk.id) == PlanItem.risk_id)
            .where(PlanItem.plan_id == plan.id)
        )
        if wanted:
            query = query.where(FollowUp.period == wanted)
        if not history:
            query = query.where(col(FollowUp.current).is_(True))
        rows = sorted(
            session.exec(query).all(),
            key=lambda r: (
                order.get(r[0].item_id, len(order)),
                r[0].period != "interim",
                -r[0].revision,
            ),
        )
        out.extend(_view(f, the_org, plan, risk) for f, risk in rows)
    return out


@dataclass
class Summary:
    org: str
    year: int
    period: str
    risks: int
    ok: int
    near: int
    remark: int
    none: int
    remark_titles: list[str]

    def counts(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("risks", "ok", "near", "remark", "none")}

    def sentence(self, lang: str = "sv") -> str:
        return summary_sentence(self, lang)

    def as_dict(self) -> dict[str, Any]:
        return {
            "org": self.org,
            "year": self.year,
            "period": self.period,
            **self.counts(),
            "sentence": {"sv": self.sentence("sv"), "en": self.sentence("en")},
        }


def summarise(*, session: Session, year: int, org: str, period: str = "annual") -> Summary:
    """Counts of a plan's follow-ups in a period; items with no follow-up count as `none`."""
    the_org = resolve_org(session=session, ref=org)
    found = summarise_all(session=session, year=year, period=period, org_ids=[pk(the_org)])
    if not found:
        raise NotFound("plan", f"{org_label(the_org)} {year}", _("the board has no plan that year"))
    return found[0]


def summarise_all(
    *, session: Session, year: int, period: str = "annual", org_ids: list[int] | None = None
) -> list[Summary]:
    """`summarise` for every board with a plan that year (or the boards given), set-based:
    one query whatever the number of boards. Boards in name order."""
    year = validate.year(year)
    period = validate.period(period)
    query = (
        select(Org.id, Org.code, Org.name, Risk.title, FollowUp.assessment)  # type: ignore[call-overload]
        .select_from(Plan)
        .join(Org, col(Org.id) == Plan.org_id)
        .join(PlanItem, (col(PlanItem.plan_id) == Plan.id) & col(PlanItem.removed).is_(False))
        .join(Risk, col(Risk.id) == PlanItem.risk_id)
        .join(
            Assessment,
            (col(Assessment.risk_id) == PlanItem.risk_id) & (col(Assessment.year) == year),
            isouter=True,
        )
        .join(
            FollowUp,
            (col(FollowUp.item_id) == PlanItem.id)
            & (col(FollowUp.period) == period)
            & col(FollowUp.current).is_(True),
            isouter=True,
        )
        .where(Plan.year == year)
        .order_by(
            col(Org.name),
            (col(Assessment.probability) * col(Assessment.significance)).desc(),
            col(Assessment.id),
        )
    )
    if org_ids is not None:
        query = query.where(col(Plan.org_id).in_(org_ids))
    boards: dict[int, Summary] = {}
    for oid, code, name, title, verdict in session.exec(query).all():
        summary = boards.get(oid)
        if summary is None:
            summary = boards[oid] = Summary(
                org=code or name,
                year=year,
                period=period,
                risks=0,
                ok=0,
                near=0,
                remark=0,
                none=0,
                remark_titles=[],
            )
        word = verdict or "none"
        summary.risks += 1
        setattr(summary, word, getattr(summary, word) + 1)
        if word == "remark":
            summary.remark_titles.append(title)
    return list(boards.values())


def deadline(
    period: str, year: int, interim_due: str = "08-31", annual_due: str = "02-end"
) -> date:
    """The day after which a follow-up is overdue: the interim in the plan's year, the annual
    in the next; "MM-end" is the month's last day (February has 28 or 29)."""
    spec, in_year = (interim_due, year) if period == "interim" else (annual_due, year + 1)
    try:
        month_s, day_s = spec.split("-")
        month = int(month_s)
        day = calendar.monthrange(in_year, month)[1] if day_s == "end" else int(day_s)
        return date(in_year, month, day)
    except ValueError:
        raise InvalidInput(
            f"{period}_due", spec, _("use MM-DD or MM-end in the config file")
        ) from None


@dataclass
class Due:
    org: str
    year: int
    item: int
    title: str
    owner: str | None
    period: str
    deadline: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def due_followups(
    *,
    session: Session,
    on: date,
    org: str | None = None,
    interim_due: str = "08-31",
    annual_due: str = "02-end",
) -> list[Due]:
    """Items of adopted plans whose follow-up deadline has passed with nothing recorded.

    A recorded annual follow-up closes the item: its interim one is no longer asked for.
    """
    orgs = [resolve_org(session=session, ref=org)] if org else list_orgs(session=session)
    out: list[Due] = []
    for the_org in orgs:
        plans = session.exec(
            select(Plan)
            .where(Plan.org_id == the_org.id, Plan.status == "adopted")
            .order_by(col(Plan.year))
        ).all()
        for plan in plans:
            items = plan_view(session=session, plan=plan).items
            done = set(
                session.exec(
                    select(FollowUp.item_id, FollowUp.period).where(
                        col(FollowUp.item_id).in_([i.id for i in items])
                    )
                ).all()
            )
            for i in items:
                if (i.id, "annual") in done:
                    continue
                for period in ("interim", "annual"):
                    limit = deadline(period, plan.year, interim_due, annual_due)
                    if on > limit and (i.id, period) not in done:
                        out.append(
                            Due(
                                org=org_label(the_org),
                                year=plan.year,
                                item=i.id,
                                title=i.title,
                                owner=i.owner,
                                period=period,
                                deadline=limit.isoformat(),
                            )
                        )
    return out
