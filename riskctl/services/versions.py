"""Optimistic locking as a user sees it: `--if-version N` and the conflict message."""

from __future__ import annotations

from sqlmodel import Session, col, select

from riskctl.errors import Conflict
from riskctl.i18n import _
from riskctl.models import AuditEntry


def check_version(
    session: Session, *, entity: str, entity_id: int, label: str, current: int, expected: int | None
) -> None:
    """Refuse (exit 3) when the row is no longer at the version the caller read."""
    if expected is None or current == expected:
        return
    last = session.exec(
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(col(AuditEntry.id).desc())
    ).first()
    if last is None:
        text = _(
            "{label} is at version {current}, not {expected}: it was changed since you read it; "
            "nothing was written"
        )
    else:
        text = _(
            "{label} is at version {current}, not {expected}: it was changed by {user} at "
            "{at} UTC since you read it; nothing was written"
        )
    raise Conflict(
        text.format(
            label=label,
            current=current,
            expected=expected,
            user=last.user if last else "",
            at=f"{last.at:%Y-%m-%d %H:%M}" if last else "",
        )
    )
