"""Reading the audit trail."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from riskctl.audit import ENTITIES
from riskctl.errors import InvalidInput
from riskctl.i18n import _
from riskctl.models import AuditEntry
from riskctl.services import validate


@dataclass
class AuditView:
    at: str
    user: str
    entity: str
    entity_id: int
    field: str
    old: str | None
    new: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def list_audit(
    *,
    session: Session,
    entity: str | None = None,
    entity_id: Any = None,
    since: Any = None,
    user: str | None = None,
) -> list[AuditView]:
    """Audit entries, oldest first; `since` is a date (from its midnight, UTC)."""
    query = select(AuditEntry)
    if entity is not None:
        known = tuple(sorted(set(ENTITIES.values())))
        query = query.where(AuditEntry.entity == validate.choice(entity, "entity", known))
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == validate.integer(entity_id, "id"))
    if since is not None:
        day = validate.day(since, "since")
        query = query.where(
            col(AuditEntry.at) >= datetime(day.year, day.month, day.day, tzinfo=UTC)
        )
    if user is not None:
        query = query.where(AuditEntry.user == user)
    if entity_id is not None and entity is None:
        raise InvalidInput("id", entity_id, _("give --entity too (ids are per entity)"))
    rows = session.exec(query.order_by(col(AuditEntry.id))).all()
    return [
        AuditView(
            at=r.at.isoformat(),
            user=r.user,
            entity=r.entity,
            entity_id=r.entity_id,
            field=r.field,
            old=r.old,
            new=r.new,
        )
        for r in rows
    ]
