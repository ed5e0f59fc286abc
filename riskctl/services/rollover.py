"""Year rollover: next year's analysis starts as a copy of this year's.

Risks already in the target year are left alone, so running it twice never duplicates. Risks
whose follow-up in the source year found remarks are proposed for internal control.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from riskctl.errors import InvalidInput
from riskctl.i18n import _
from riskctl.models import Assessment, Org, Risk, utcnow
from riskctl.services import validate
from riskctl.services.orgs import list_orgs, org_label, resolve_org
from riskctl.services.plans.views import previous_findings
from riskctl.vocabulary import risk_value


def proposal(verdict: str, year: int, lang: str) -> str:
    """Why a risk is proposed for control, in `lang`: it goes into the risk's note (data, so
    in the language asked for, not necessarily the one the command speaks)."""
    if verdict == "near":
        text = _(
            "Proposed for internal control: the {year} follow-up found remarks close to target.",
            lang,
        )
    else:
        text = _("Proposed for internal control: the {year} follow-up found remarks.", lang)
    return text.format(year=year)


@dataclass
class Copied:
    org: str
    risk_id: int
    title: str
    value: int
    handling: str
    proposed: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RolloverResult:
    from_year: int
    to_year: int
    copied: list[Copied] = field(default_factory=list)
    skipped: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.from_year,
            "to": self.to_year,
            "skipped": self.skipped,
            "copied": [c.as_dict() for c in self.copied],
        }


def rollover(
    *,
    session: Session,
    from_year: int,
    to_year: int,
    org: str | None = None,
    dry_run: bool = False,
    lang: str = "sv",
) -> RolloverResult:
    """Copy `from_year`'s assessments into `to_year`; with `dry_run`, only say what would be."""
    source = validate.year(from_year, "from")
    target = validate.year(to_year, "to")
    if target <= source:
        raise InvalidInput("to", to_year, _("use a year after {year}").format(year=source))
    orgs = [resolve_org(session=session, ref=org)] if org else list_orgs(session=session)
    result = RolloverResult(source, target)
    for the_org in orgs:
        _rollover_org(session, the_org, source, target, result, dry_run, lang)
    if not dry_run:
        session.flush()
    return result


def _rollover_org(
    session: Session,
    org: Org,
    source: int,
    target: int,
    result: RolloverResult,
    dry_run: bool,
    lang: str,
) -> None:
    present = set(
        session.exec(
            select(Assessment.risk_id).where(Assessment.org_id == org.id, Assessment.year == target)
        ).all()
    )
    rows = session.exec(
        select(Assessment, Risk)
        .join(Risk, col(Risk.id) == Assessment.risk_id)
        .where(Assessment.org_id == org.id, Assessment.year == source)
        # Entry order, so that ties keep their order in the new year.
        .order_by(col(Assessment.id))
    ).all()
    findings = previous_findings(session=session, org=org, year=source)
    now = utcnow()
    for a, risk in rows:
        if a.risk_id in present:
            result.skipped += 1
            continue
        handling, note = a.handling, a.note
        verdict = findings.get(a.risk_id)
        if verdict is not None:
            handling = "control"
            reason = proposal(verdict, source, lang)
            note = f"{reason}\n\n{note}".strip() if reason not in note else note
        if not dry_run:
            session.add(
                Assessment(
                    risk_id=a.risk_id,
                    org_id=a.org_id,
                    year=target,
                    probability=a.probability,
                    significance=a.significance,
                    handling=handling,
                    note=note,
                    owner_id=a.owner_id,
                    created_at=now,
                    updated_at=now,
                )
            )
        assert risk.id is not None
        result.copied.append(
            Copied(
                org=org_label(org),
                risk_id=risk.id,
                title=risk.title,
                value=risk_value(a.probability, a.significance),
                handling=handling,
                proposed=verdict is not None,
            )
        )
