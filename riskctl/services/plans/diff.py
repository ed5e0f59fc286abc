"""`plan diff`: what differs between a plan now and its last adopted snapshot."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlmodel import Session

from riskctl.errors import InvalidInput
from riskctl.i18n import _
from riskctl.services import validate
from riskctl.services.orgs import org_label, resolve_org
from riskctl.services.plans.views import last_adoption, plan_view, require_plan


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
    plan = require_plan(session, the_org, validate.year(year))
    event = last_adoption(session, plan)
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
