"""The audit trail: every change to the store, field by field, in the same transaction.

ORM writes are recorded by a flush hook, so a service cannot forget them. Bulk inserts that
go around the ORM (imports) call `record_created` themselves. A session that flushes a change
without an audit user fails: every write must go through `riskctl.db.writing`. Every entry is
appended to the hash chain by `riskctl.audit_chain.append`.
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from riskctl import audit_chain
from riskctl.models import AuditEntry, AuditHead, utcnow
from riskctl.users import check_user

USER_KEY = "riskctl_user"

# Table → entity name as the CLI says it. A year's assessment is part of its risk.
ENTITIES = {
    "org": "org",
    "scale_level": "scale",
    "band": "band",
    "owner": "owner",
    "risk": "risk",
    "assessment": "risk",
    "plan": "plan",
    "plan_item": "item",
    "plan_event": "plan",
    "followup": "followup",
    "sample": "sample",
    "evidence": "evidence",
}
# Bookkeeping columns that change with every write and say nothing of their own.
SKIPPED = {"id", "version", "created_at", "updated_at", "recorded_at"}


def current_user(explicit: str | None = None) -> str:
    """`--user`, else RISKCTL_USER, else the operating system's user.

    A name given by the user is checked (`check_user`): it goes into every audit entry."""
    if explicit:
        return check_user(explicit)
    if os.environ.get("RISKCTL_USER"):
        return check_user(os.environ["RISKCTL_USER"], "RISKCTL_USER")
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _target(obj: Any) -> tuple[str, int, str]:
    """(entity, entity id, field suffix) of a row."""
    table = obj.__tablename__
    entity = ENTITIES.get(table, table)
    if table == "assessment":
        return entity, obj.risk_id, f"[{obj.year}]"
    if table == "plan_event":
        return entity, obj.plan_id, f"[{obj.kind}]"
    return entity, obj.id, ""


def _rows_for(session: Session, user: str, at: datetime) -> list[audit_chain.Entry]:
    rows: list[audit_chain.Entry] = []

    def add(obj: Any, name: str, old: Any, new: Any) -> None:
        entity, entity_id, suffix = _target(obj)
        rows.append((at, user, entity, entity_id, f"{name}{suffix}", text(old), text(new)))

    for obj in session.new:
        if isinstance(obj, AuditEntry | AuditHead):
            continue
        for attr in inspect(obj).mapper.column_attrs:
            value = getattr(obj, attr.key)
            if attr.key not in SKIPPED and value not in (None, ""):
                add(obj, attr.key, None, value)
    for obj in session.dirty:
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            if attr.key in SKIPPED:
                continue
            history = state.attrs[attr.key].history
            if history.has_changes():
                old = history.deleted[0] if history.deleted else None
                new = history.added[0] if history.added else None
                if old != new:
                    add(obj, attr.key, old, new)
    for obj in session.deleted:
        state = inspect(obj)
        before = {
            a.key: text(getattr(obj, a.key))
            for a in state.mapper.column_attrs
            if a.key not in SKIPPED
        }
        add(obj, "*", json.dumps(before, ensure_ascii=False, sort_keys=True), None)
    return rows


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    if not (session.new or session.dirty or session.deleted):
        return
    user = session.info.get(USER_KEY)
    rows = _rows_for(session, user or "", utcnow())
    if not rows:
        return
    if not user:
        raise RuntimeError("a change without an audit user: write through riskctl.db.writing")
    audit_chain.append(session, rows)


def record_created(
    session: Session,
    entity: str,
    rows: Iterable[Mapping[str, Any]],
    id_key: str = "id",
    label: str = "*",
) -> None:
    """Audit rows inserted in bulk: one entry per row with the whole row as JSON."""
    user = session.info.get(USER_KEY)
    if not user:
        raise RuntimeError("a change without an audit user: write through riskctl.db.writing")
    at = utcnow()
    audit_chain.append(
        session,
        (
            (
                at,
                user,
                entity,
                row[id_key],
                label,
                None,
                json.dumps(
                    {k: text(v) for k, v in row.items() if k not in SKIPPED},
                    ensure_ascii=False,
                    sort_keys=True,
                ),
            )
            for row in rows
        ),
    )
