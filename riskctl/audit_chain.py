"""The audit trail's hash chain: what an entry's hash covers, and appending in order.

Entry n (its id) stores hash(n) = SHA-256 of hash(n-1), as 64 hex digits, followed by the
UTF-8 of its canonical fields: the JSON array

    [n, at, user, entity, entity_id, field, old, new]

written compactly (separators "," and ":", no escapes of non-ASCII letters), with `at` in UTC
as "YYYY-MM-DD HH:MM:SS.ffffff" (microseconds, the precision both SQLite and PostgreSQL keep)
and hash(0) = 64 zeros. A changed, removed, inserted or moved entry breaks every hash from
there on; `riskctl.services.audit_verify` walks the chain.

Writers append one after the other: every audit write reads the one-row `audit_head` (on
PostgreSQL `FOR UPDATE`, held until the transaction ends; SQLite's write transactions begin
IMMEDIATE and so hold the database's write lock already), numbers its entries from there and
moves the head in the same transaction as the change it records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, text
from sqlalchemy.orm import Session

from riskctl.errors import StoreError
from riskctl.i18n import _
from riskctl.models import AuditEntry

GENESIS = "0" * 64
AT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
# One entry to append: (at, user, entity, entity_id, field, old, new).
Entry = tuple[datetime, str, str, int, str, str | None, str | None]

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
# The JSON encoder's C core, made once: `JSONEncoder.encode` makes it again for every call,
# which costs more than encoding a short array (a third of `audit verify`'s time).
_make_c = getattr(json.encoder, "c_make_encoder", None)
_encode_c = (
    _make_c(None, None, json.encoder.encode_basestring, None, ":", ",", False, False, True)
    if _make_c is not None
    else None
)


def chunk_encoder() -> Any:
    """A function of (fields, 0) whose pieces, joined, are `canonical(fields)`: for the loops
    that hash a million entries, one call less per entry."""
    if _encode_c is None:
        return lambda fields, _level: (_ENCODER.encode(fields),)
    return _encode_c


def canonical(fields: Sequence[Any]) -> str:
    """The canonical JSON text of an entry's fields: compact, non-ASCII kept."""
    if _encode_c is None:  # an interpreter without the C accelerator
        return _ENCODER.encode(fields)
    return "".join(_encode_c(fields, 0))


# From this many entries in one write, SQLite's per-row guard is set aside (see below).
BULK = 5_000
_COLUMNS = ("id", "at", "user", "entity", "entity_id", "field", "old", "new", "hash")


def at_text(at: datetime) -> str:
    """The canonical text of a timestamp: UTC, to the microsecond."""
    return at.astimezone(UTC).strftime(AT_FORMAT)


def entry_hash(prev: str, fields: Sequence[Any]) -> str:
    """hash(n) from hash(n-1) and [n, at text, user, entity, entity_id, field, old, new]."""
    return hashlib.sha256((prev + canonical(tuple(fields))).encode()).hexdigest()


def chain(prev: str, rows: Iterable[Sequence[Any]]) -> Iterable[str]:
    """The hashes of consecutive entries, each row as `entry_hash` takes its fields."""
    sha, encode = hashlib.sha256, canonical
    for row in rows:
        prev = sha((prev + encode(row)).encode()).hexdigest()
        yield prev


def _lock_head(conn: Connection) -> tuple[int, str]:
    query = "SELECT seq, hash FROM audit_head WHERE id = 1"
    if conn.dialect.name == "postgresql":
        query += " FOR UPDATE"
    row = conn.exec_driver_sql(query).first()
    if row is None:
        raise StoreError(_("the audit trail has no head row; the store has been tampered with"))
    return int(row[0]), str(row[1])


def _insert_unguarded(conn: Connection, statement: str, params: list[Any]) -> None:
    """Insert many entries on SQLite without the trigger that refuses an entry whose id is not
    the next one: it costs a quarter of a 100,000-row import, and riskctl's entries are
    numbered from the locked head. The trigger is dropped and made again inside this write
    transaction, which holds the database's write lock: no other connection ever sees the
    store without it, and a failure rolls the drop back with everything else."""
    row = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_no_replace'"
    ).first()
    if row is None:
        conn.exec_driver_sql(statement, params)
        return
    again = str(row[0]).replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1)
    conn.exec_driver_sql("DROP TRIGGER audit_no_replace")
    try:
        conn.exec_driver_sql(statement, params)
    except BaseException:
        # Also for a caller that goes on in this transaction after the failure.
        with suppress(Exception):
            conn.exec_driver_sql(again)
        raise
    conn.exec_driver_sql(again)


def head(session: Session) -> str:
    """The newest entry's hash, including this transaction's entries so far. Locks the head
    on PostgreSQL like a write, so that it is the head the transaction's own entries follow."""
    return _lock_head(session.connection())[1]


def append(session: Session, entries: Iterable[Entry]) -> None:
    """Number, hash and insert the entries after the chain's head, and move the head.

    One executemany straight to the driver: an import writes 200,000 entries, and
    SQLAlchemy's per-row conversions would cost more than the hashing. Only `at` needs a
    conversion; it is converted once per distinct timestamp.
    """
    conn = session.connection()
    seq, prev = _lock_head(conn)
    past = conn.exec_driver_sql(f"SELECT min(id) FROM audit WHERE id > {seq}").scalar()
    if past is not None:
        # An entry past the head was written around riskctl: every write would collide with
        # it (on PostgreSQL as if another writer came first, and be repeated in vain).
        raise StoreError(
            _(
                "the audit trail has entry {id} past its head (entry {head}): it was written "
                "past riskctl; nothing was written (see `riskctl audit verify`)"
            ).format(id=past, head=seq)
        )
    dialect = conn.dialect
    table = AuditEntry.__table__  # type: ignore[attr-defined]
    convert_at = table.c.at.type._cached_bind_processor(dialect)
    sha, encode = hashlib.sha256, canonical
    last_at: Any = None
    at_stored: Any
    at_canon, at_stored = "", None
    rows: list[tuple[Any, ...]] = []
    for at, user, entity, entity_id, field, old, new in entries:
        if at is not last_at:
            last_at, at_canon = at, at_text(at)
            at_stored = convert_at(at) if convert_at else at
        seq += 1
        entity_id = int(entity_id)
        prev = sha(
            (prev + encode([seq, at_canon, user, entity, entity_id, field, old, new])).encode()
        ).hexdigest()
        rows.append((seq, at_stored, user, entity, entity_id, field, old, new, prev))
    if not rows:
        return
    compiled = insert(table).compile(dialect=dialect, column_keys=list(_COLUMNS))
    params: list[Any] = rows
    if compiled.positional:
        order = [_COLUMNS.index(key) for key in compiled.positiontup or ()]
        if order != list(range(len(_COLUMNS))):
            params = [tuple(row[i] for i in order) for row in rows]
    else:
        params = [dict(zip(_COLUMNS, row, strict=True)) for row in rows]
    if len(params) >= BULK and dialect.name == "sqlite":
        _insert_unguarded(conn, str(compiled), params)
    else:
        conn.exec_driver_sql(str(compiled), params)
    conn.execute(
        text("UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1"),
        {"seq": seq, "hash": prev},
    )
