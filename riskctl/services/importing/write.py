"""Writing an import: which good rows create, add or change what (`plan_writes`, a pure
decision), and the writes themselves, in the caller's transaction: bulk inserts and updates
(SQLAlchemy Core executemany, no ORM work per row), each audited as the ORM's flush hook would
audit it (see `riskctl.audit`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy import select as core_select
from sqlmodel import Session

from riskctl import audit, audit_chain
from riskctl.errors import Conflict
from riskctl.i18n import _
from riskctl.models import Assessment, utcnow
from riskctl.services.importing.board import Board, owner_names, table
from riskctl.services.importing.check import KEEP, Row, differs, handling_for
from riskctl.services.text_search import indexed_at_the_end

CHUNK = 5000


@dataclass
class Writes:
    """What a checked file writes, and how many rows do what."""

    new_risks: list[Row] = field(default_factory=list)
    descriptions: dict[int, tuple[str, str]] = field(default_factory=dict)  # id → (old, new)
    new_assessments: list[Row] = field(default_factory=list)
    changed: list[tuple[Row, Assessment]] = field(default_factory=list)
    owners: set[str] = field(default_factory=set)
    created: int = 0  # new risks in the register
    added: int = 0  # new assessments of risks the register had
    updated: int = 0
    unchanged: int = 0


def plan_writes(rows: list[Row], boards: dict[Any, Board], owners: dict[str, int]) -> Writes:
    """Sort the good rows into new risks, new assessments, changes and rows that change
    nothing; a row of a risk the register has gets its `risk_id`."""
    plan = Writes()
    for row in rows:
        board = boards[row.org_id]
        if isinstance(row.owner, str):
            plan.owners.add(row.owner)
        known = board.risks.get(row.title)
        if known is None:
            plan.new_risks.append(row)
            plan.new_assessments.append(row)
            plan.created += 1
            continue
        rid, description = known
        row.risk_id = rid
        if row.description and row.description != description:
            plan.descriptions[rid] = (description, row.description)
        existing = board.assessed.get(rid)
        if existing is None:
            plan.new_assessments.append(row)
            plan.added += 1
        elif differs(row, existing, description, owners):
            plan.changed.append((row, existing))
            plan.updated += 1
        else:
            plan.unchanged += 1
    return plan


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _ensure_unchanged(session: Session, assessment: Table, plan: Writes) -> None:
    """Lock the assessments the import will change and refuse if any changed since it read
    them: somebody else's edit is never overwritten (exit 3, nothing imported)."""
    read = {a.id: (a.version, a.risk_id) for _, a in plan.changed}
    ids = list(read)
    for chunk in _chunks(ids):
        rows = session.execute(
            core_select(assessment.c.id, assessment.c.version)
            .where(assessment.c.id.in_(chunk))
            .with_for_update()
        ).all()
        for aid, version in rows:
            if version != read[aid][0]:
                raise Conflict(
                    _(
                        "risk {id} was changed by somebody else while the file was read; "
                        "nothing was imported, import it again"
                    ).format(id=read[aid][1])
                )


def write_import(
    session: Session, plan: Writes, year: int, progress: Callable[[int], None] | None
) -> None:
    """Bulk inserts and updates (Core executemany) in the caller's transaction, each audited
    as the ORM's flush hook would audit it (see `riskctl.audit`)."""
    now = utcnow()
    _ensure_unchanged(session, table("assessment"), plan)
    owners = _insert_owners(session, plan)
    ids = _insert_risks(session, plan, now)
    _update_descriptions(session, plan)
    _insert_assessments(session, plan, year, ids, owners, now, progress)
    _update_assessments(session, plan, year, owners, now, progress)
    # The ORM objects read for the checks are stale now.
    session.expire_all()


def _insert_owners(session: Session, plan: Writes) -> dict[str, int]:
    """Add the owners the store does not know yet; all owners by name."""
    owners = owner_names(session)
    missing = sorted(plan.owners - set(owners))
    if missing:
        session.execute(insert(table("owner")), [{"name": name} for name in missing])
        owners = owner_names(session)
        audit_created(session, "owner", [{"id": owners[n], "name": n} for n in missing])
    return owners


def _insert_risks(session: Session, plan: Writes, now: datetime) -> dict[tuple[int, str], int]:
    """Add the new risks to the register; the ids of the boards' risks by (board, title)."""
    risk = table("risk")
    with indexed_at_the_end(session):
        for chunk in _chunks(plan.new_risks):
            _insert_many(
                session,
                risk,
                [
                    {"org_id": r.org_id, "title": r.title, "description": r.description}
                    for r in chunk
                ],
                {"version": 1, "created_at": now},
            )
    ids: dict[tuple[int, str], int] = {}
    for org_id in {r.org_id for r in plan.new_risks}:
        for rid, title in session.execute(
            core_select(risk.c.id, risk.c.title).where(risk.c.org_id == org_id)
        ).all():
            ids[(org_id, title)] = rid
    audit_created(
        session,
        "risk",
        [
            {
                "id": ids[(r.org_id, r.title)],
                "org_id": r.org_id,
                "title": r.title,
                "description": r.description,
            }
            for r in plan.new_risks
        ],
    )
    return ids


def _update_descriptions(session: Session, plan: Writes) -> None:
    if not plan.descriptions:
        return
    risk = table("risk")
    session.execute(
        update(risk)
        .where(risk.c.id == bindparam("rid"))
        .values(description=bindparam("text"), version=risk.c.version + 1),
        [{"rid": rid, "text": new} for rid, (_old, new) in plan.descriptions.items()],
    )
    _audit_changes(
        session,
        [("risk", rid, "description", old, new) for rid, (old, new) in plan.descriptions.items()],
    )


def _owner_of(row: Row, owners: dict[str, int], default: int | None) -> int | None:
    """The owner id the row gives (`default` when the file has no owner column)."""
    if row.owner is KEEP:
        return default
    return owners[row.owner] if row.owner else None


def _insert_assessments(
    session: Session,
    plan: Writes,
    year: int,
    ids: dict[tuple[int, str], int],
    owners: dict[str, int],
    now: datetime,
    progress: Callable[[int], None] | None,
) -> None:
    assessment = table("assessment")
    for chunk in _chunks(plan.new_assessments):
        values = []
        for r in chunk:
            rid = r.risk_id if r.risk_id is not None else ids[(r.org_id, r.title)]
            values.append(
                {
                    "risk_id": rid,
                    "org_id": r.org_id,
                    "year": year,
                    "probability": r.probability,
                    "significance": r.significance,
                    "handling": handling_for(r, None),
                    "note": r.note if isinstance(r.note, str) else "",
                    "owner_id": _owner_of(r, owners, None),
                }
            )
        _insert_many(
            session, assessment, values, {"version": 1, "created_at": now, "updated_at": now}
        )
        audit_created(session, "risk", values, id_key="risk_id", label=f"*[{year}]")
        if progress is not None:
            progress(len(chunk))


def _update_assessments(
    session: Session,
    plan: Writes,
    year: int,
    owners: dict[str, int],
    now: datetime,
    progress: Callable[[int], None] | None,
) -> None:
    assessment = table("assessment")
    changes = []
    changed_fields: list[tuple[str, int, str, Any, Any]] = []
    for r, a in plan.changed:
        new = {
            "probability": r.probability,
            "significance": r.significance,
            "handling": handling_for(r, a),
            "note": a.note if r.note is KEEP else r.note,
            "owner_id": _owner_of(r, owners, a.owner_id),
        }
        changes.append(
            {
                "aid": a.id,
                "p": new["probability"],
                "s": new["significance"],
                "h": new["handling"],
                "n": new["note"],
                "o": new["owner_id"],
                "at": now,
            }
        )
        changed_fields += [
            ("risk", a.risk_id, f"{name}[{year}]", getattr(a, name), value)
            for name, value in new.items()
            if getattr(a, name) != value
        ]
    for chunk in _chunks(changes):
        session.execute(
            update(assessment)
            .where(assessment.c.id == bindparam("aid"))
            .values(
                probability=bindparam("p"),
                significance=bindparam("s"),
                handling=bindparam("h"),
                note=bindparam("n"),
                owner_id=bindparam("o"),
                updated_at=bindparam("at"),
                version=assessment.c.version + 1,
            ),
            chunk,
        )
        if progress is not None:
            progress(len(chunk))
    _audit_changes(session, changed_fields)


def _insert_many(
    session: Session, table: Table, rows: list[dict[str, Any]], constants: dict[str, Any]
) -> None:
    """INSERT the rows as one executemany in the session's transaction.

    The statement is compiled by SQLAlchemy Core for the session's dialect; the values go
    to the driver as they are, with the type conversions (the timestamps) done once for the
    constants instead of once per row: `session.execute(insert(table), rows)` spends most of
    its time converting the same timestamp 100,000 times. Every other value is an int or a
    str, which no dialect converts (checked below).
    """
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    keys = [*rows[0], *constants]
    compiled = insert(table).compile(dialect=dialect, column_keys=keys)
    fixed = {}
    for key, value in constants.items():
        convert = table.c[key].type._cached_bind_processor(dialect)
        fixed[key] = convert(value) if convert else value
    for key in rows[0]:
        if table.c[key].type._cached_bind_processor(dialect) is not None:
            raise TypeError(f"{table.name}.{key} needs a conversion; insert it by the ORM")
    params: list[Any] = rows
    for r in rows:  # the rows are ours to change: they were built for this insert
        r.update(fixed)
    if compiled.positional:
        order = list(compiled.positiontup or [])
        getter = itemgetter(*order)
        params = [getter(r) for r in rows] if len(order) > 1 else [(getter(r),) for r in rows]
    conn.exec_driver_sql(str(compiled), params)


_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def audit_created(
    session: Session, entity: str, rows: list[dict[str, Any]], id_key: str = "id", label: str = "*"
) -> None:
    """What `riskctl.audit.record_created` writes (one entry per row, the row as JSON),
    written as one executemany: the audit of a 100,000-row import costs as much as the rows.
    A test checks that the entries equal `record_created`'s."""
    if not rows:
        return
    user = session.info.get(audit.USER_KEY)
    if not user:
        raise RuntimeError("a change without an audit user: write through riskctl.db.writing")
    keys = [k for k in rows[0] if k not in audit.SKIPPED]
    text = audit.text
    encode = _JSON.encode
    at = utcnow()
    # audit.text() of an int is str(), of a str or None the value itself.
    audit_chain.append(
        session,
        [
            (
                at,
                user,
                entity,
                row[id_key],
                label,
                None,
                encode(
                    {
                        k: v
                        if v is None or type(v) is str
                        else (str(v) if type(v) is int else text(v))
                        for k, v in ((k, row[k]) for k in keys)
                    }
                ),
            )
            for row in rows
        ],
    )


def _audit_changes(session: Session, changes: list[tuple[str, int, str, Any, Any]]) -> None:
    """Audit entries for fields changed by a bulk update: (entity, id, field, old, new)."""
    if not changes:
        return
    user = session.info.get(audit.USER_KEY)
    if not user:
        raise RuntimeError("a change without an audit user: write through riskctl.db.writing")
    at = utcnow()
    audit_chain.append(
        session,
        [
            (at, user, entity, entity_id, name, audit.text(old), audit.text(new))
            for entity, entity_id, name, old, new in changes
        ],
    )
