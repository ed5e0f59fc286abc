"""Checking the audit trail's hash chain (see `riskctl.audit_chain`).

The walk reads the entries in id order straight from the driver (SQLAlchemy's rows would
double its time) and stops at the first entry that does not hold. On SQLite the store itself
writes each entry's canonical JSON (`json_array` escapes every character as Python's encoder
does; a test checks them all), which halves the time of a million entries; a value JSON cannot
hold (a BLOB written by hand) sends the walk to the Python encoder, where it does not hold.

At the first entry that does not hold, the entry after it tells what happened there: changed
(the next entry still follows from its stored hash), inserted (the next entry is the one that
belongs at its place), out of order (the two are swapped) or removed (a gap in the ids, or the
head row names more entries than there are). Last it checks that every head recorded at a
plan's adoption, and every head the caller gives (from a board's minutes), is an entry's hash:
a truncated or rebuilt trail that holds in itself fails here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlmodel import Session

from riskctl.audit_chain import GENESIS, chunk_encoder, entry_hash
from riskctl.errors import StoreError
from riskctl.i18n import _

SQLITE_ENTRIES = (
    'SELECT id, at, "user", entity, entity_id, field, old, new, hash FROM audit ORDER BY id'
)
# The timestamp as the canonical text, made by the server in UTC whatever the session's zone.
POSTGRESQL_ENTRIES = (
    "SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), \"user\", entity, "
    "entity_id, field, old, new, hash FROM audit ORDER BY id"
)
# The canonical JSON of the entry, made by SQLite; the same text as `audit_chain.canonical`.
SQLITE_CANONICAL = (
    'SELECT id, json_array(id, at, "user", entity, entity_id, field, old, new), hash '
    "FROM audit ORDER BY id"
)
BATCH = 20_000


@dataclass
class Problem:
    kind: str  # changed, inserted, out of order, missing, head
    entry: int | None
    message: str


@dataclass
class Verdict:
    entries: int
    head: str
    problem: Problem | None

    @property
    def holds(self) -> bool:
        return self.problem is None


def _rows(conn: Connection, query: str) -> Generator[Sequence[Sequence[Any]], None, None]:
    """The rows of `query`, a batch at a time, from the driver's cursor."""
    raw = conn.connection.dbapi_connection
    assert raw is not None
    # On PostgreSQL a server-side cursor: the entries stream instead of all arriving at once.
    cursor = raw.cursor(name="riskctl_audit") if conn.dialect.name == "postgresql" else raw.cursor()
    try:
        cursor.execute(query)
        while batch := cursor.fetchmany(BATCH):
            yield batch
    finally:
        cursor.close()


def _canonical_or_none(row: Sequence[Any]) -> str | None:
    try:
        return "".join(_encode(row[:8], 0))
    except (TypeError, ValueError):  # a value no riskctl writes (bytes): it cannot hold
        return None


_encode = chunk_encoder()


def _texts(conn: Connection) -> Generator[Sequence[Sequence[Any]], None, None]:
    """(id, canonical JSON of the entry's fields, stored hash), a batch at a time."""
    if conn.dialect.name == "sqlite":
        try:
            yield from _rows(conn, SQLITE_CANONICAL)
            return
        except conn.dialect.loaded_dbapi.Error:
            # A BLOB somewhere: JSON cannot hold it. A batch may have been walked already;
            # the caller starts again.
            raise _Restart() from None
    query = POSTGRESQL_ENTRIES if conn.dialect.name == "postgresql" else SQLITE_ENTRIES
    for batch in _rows(conn, query):
        yield [(r[0], _canonical_or_none(r), r[8]) for r in batch]


class _Restart(Exception):
    pass


def _python_texts(conn: Connection) -> Generator[Sequence[Sequence[Any]], None, None]:
    for batch in _rows(conn, SQLITE_ENTRIES):
        yield [(r[0], _canonical_or_none(r), r[8]) for r in batch]


def _entries_from(conn: Connection, first: int) -> list[Sequence[Any]]:
    """The entry `first` and the one after it, with their fields."""
    query = POSTGRESQL_ENTRIES if conn.dialect.name == "postgresql" else SQLITE_ENTRIES
    query = query.replace(" ORDER BY id", f" WHERE id >= {int(first)} ORDER BY id LIMIT 2")
    return [tuple(r) for r in conn.exec_driver_sql(query).all()]


def _fits(row: Sequence[Any] | None, prev: str, position: int) -> bool:
    """Whether `row`'s stored hash is the hash of its fields at `position` after `prev`."""
    if row is None:
        return False
    try:
        return bool(row[8] == entry_hash(prev, [position, *row[1:8]]))
    except (TypeError, ValueError):
        return False


def _first_bad(
    position: int, prev: str, row: Sequence[Any], after: Sequence[Any] | None, head_seq: int
) -> Problem:
    """What is wrong with `row`, the first entry that does not hold at `position`."""
    if row[0] < position:
        text = _("entry {id} was inserted before the first entry")
        return Problem("inserted", row[0], text.format(id=row[0]))
    if row[0] > position:
        text = _("entry {id} is missing (the next entry there is {next})")
        return Problem("missing", position, text.format(id=position, next=row[0]))
    if _fits(after, row[8], position + 1):
        text = _("entry {id} was changed after it was written")
        return Problem("changed", position, text.format(id=position))
    if after is not None and _fits(after, prev, position):
        if _fits(row, after[8], position + 1):
            text = _("entries {id} and {next} are out of order")
            return Problem("out of order", position, text.format(id=position, next=position + 1))
        text = _("entry {id} was inserted: the entry after it belongs at its place")
        return Problem("inserted", position, text.format(id=position))
    if after is None and head_seq < position:
        text = _("entry {id} was inserted: the chain's head names entry {head}")
        return Problem("inserted", position, text.format(id=position, head=head_seq))
    if after is not None and _fits(after, row[8], position + 2):
        text = _("an entry before entry {id} was removed and the later ones renumbered")
        return Problem("missing", position, text.format(id=position))
    text = _(
        "entry {id} does not match its hash: it was changed, or entries were removed, "
        "inserted or moved there"
    )
    return Problem("changed", position, text.format(id=position))


def _recorded_heads(conn: Connection) -> list[tuple[str, str]]:
    """(head, what to say if it is not in the chain) of every adoption that recorded one."""
    rows = conn.exec_driver_sql(
        "SELECT e.audit_head, coalesce(o.code, o.name), p.year, e.decided_on "
        "FROM plan_event e JOIN plan p ON p.id = e.plan_id JOIN org o ON o.id = p.org_id "
        "WHERE e.kind = 'adopt' AND e.audit_head IS NOT NULL ORDER BY e.id"
    ).all()
    text = _(
        "the head {head} recorded at the adoption of the {year} plan of {org} "
        "(decided on {day}) is not in the chain: entries were removed or the trail rebuilt"
    )
    return [
        (head, text.format(head=head, year=year, org=org, day=str(day)[:10] if day else "?"))
        for head, org, year, day in rows
    ]


def verify_chain(*, session: Session, heads: Iterable[str] = ()) -> Verdict:
    """Walk the chain; `heads` are hashes that must be in it (e.g. from a board's minutes)."""
    options = {}
    if session.get_bind().dialect.name == "postgresql":
        # One snapshot for the head row, the entries and the plan events.
        options = {"isolation_level": "REPEATABLE READ"}
    conn = session.connection(execution_options=options)
    head_row = conn.exec_driver_sql("SELECT seq, hash FROM audit_head WHERE id = 1").first()
    head_seq = int(head_row[0]) if head_row is not None else 0
    wanted: dict[str, str] = {}
    for given in heads:
        text = _("the head {head} is not in the chain: entries were removed or the trail rebuilt")
        wanted.setdefault(given, text.format(head=given))
    for recorded, label in _recorded_heads(conn):
        wanted.setdefault(recorded, label)
    try:
        walked = _walk(conn, _texts(conn), wanted, head_seq)
    except _Restart:
        walked = _walk(conn, _python_texts(conn), wanted, head_seq)
    if isinstance(walked, Verdict):
        return walked
    count, prev, found = walked
    if head_row is None:
        problem = Problem("missing", None, _("the audit trail has no head row"))
        return Verdict(count, prev, problem)
    seq, head_hash = int(head_row[0]), head_row[1]
    if seq > count:
        text = _("entries {first} to {last} are missing: the chain's head names entry {last}")
        return Verdict(
            count, prev, Problem("missing", count + 1, text.format(first=count + 1, last=seq))
        )
    if seq < count:
        text = _("entry {id} was inserted: the chain's head names entry {head}")
        return Verdict(count, prev, Problem("inserted", seq + 1, text.format(id=seq + 1, head=seq)))
    if head_hash != prev:
        text = _("the chain's head row does not match entry {id}")
        return Verdict(count, prev, Problem("changed", count or None, text.format(id=count)))
    for wanted_head, message in wanted.items():
        if wanted_head not in found and wanted_head != GENESIS:
            return Verdict(count, prev, Problem("head", None, message))
    return Verdict(count, prev, None)


def _walk(
    conn: Connection,
    batches: Generator[Sequence[Sequence[Any]], None, None],
    wanted: dict[str, str],
    head_seq: int,
) -> Verdict | tuple[int, str, set[str]]:
    """Follow the chain; a verdict at the first entry that does not hold, else (entries,
    newest hash, the wanted heads met on the way)."""
    found: set[str] = set()
    prev, position = GENESIS, 0
    sha = hashlib.sha256
    bad: int | None = None
    for batch in batches:
        for entry_id, text, stored in batch:
            position += 1
            if entry_id != position or text is None:
                bad = entry_id
                break
            digest = sha((prev + text).encode()).hexdigest()
            if digest != stored:
                bad = entry_id
                break
            if digest in wanted:
                found.add(digest)
            prev = digest
        if bad is not None:
            batches.close()
            rows = _entries_from(conn, bad)
            row, after = rows[0], (rows[1] if len(rows) > 1 else None)
            return Verdict(position - 1, prev, _first_bad(position, prev, row, after, head_seq))
    return position, prev, found


def chain_head(*, session: Session) -> str:
    """The newest entry's hash, as the chain's head row holds it."""
    row = session.connection().exec_driver_sql("SELECT hash FROM audit_head WHERE id = 1").first()
    if row is None:
        raise StoreError(_("the audit trail has no head row; the store has been tampered with"))
    return str(row[0])
