"""Checking the audit trail's hash chain (see `riskctl.audit_chain`).

The walk reads the entries in id order straight from the driver (a million entries are a few
seconds of hashing; SQLAlchemy's rows would double that) and stops at the first entry that
does not hold. It then looks at the entry after it to say what happened there: changed (the
next entry still follows from its stored hash), inserted (the next entry is the one that
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

from riskctl.audit_chain import GENESIS, canonical, entry_hash
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


def _entries(conn: Connection) -> Generator[Sequence[Any], None, None]:
    raw = conn.connection.dbapi_connection
    assert raw is not None
    if conn.dialect.name == "postgresql":
        # A server-side cursor: the entries stream instead of all arriving at once.
        cursor = raw.cursor(name="riskctl_audit_verify")
        query = POSTGRESQL_ENTRIES
    else:
        cursor = raw.cursor()
        query = SQLITE_ENTRIES
    try:
        cursor.execute(query)
        while batch := cursor.fetchmany(BATCH):
            yield from batch
    finally:
        cursor.close()


def _fits(row: Sequence[Any] | None, prev: str, position: int) -> bool:
    """Whether `row`'s stored hash is the hash of its fields at `position` after `prev`."""
    return row is not None and row[8] == entry_hash(prev, [position, *row[1:8]])


def _broken(
    position: int, prev: str, row: Sequence[Any], after: Sequence[Any] | None, head_seq: int
) -> Problem:
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
    found: set[str] = set()
    prev, position = GENESIS, 0
    sha, encode = hashlib.sha256, canonical
    rows = _entries(conn)
    for row in rows:
        position += 1
        if row[0] != position:
            rows.close()
            if row[0] < position:
                text = _("entry {id} was inserted before the first entry")
                return Verdict(
                    position - 1, prev, Problem("inserted", row[0], text.format(id=row[0]))
                )
            text = _("entry {id} is missing (the next entry there is {next})")
            missing = Problem("missing", position, text.format(id=position, next=row[0]))
            return Verdict(position - 1, prev, missing)
        digest = sha((prev + encode(row[:8])).encode()).hexdigest()
        if digest != row[8]:
            after = next(rows, None)
            rows.close()
            return Verdict(position - 1, prev, _broken(position, prev, row, after, head_seq))
        if digest in wanted:
            found.add(digest)
        prev = digest
    count = position
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


def chain_head(*, session: Session) -> str:
    """The newest entry's hash, as the chain's head row holds it."""
    row = session.connection().exec_driver_sql("SELECT hash FROM audit_head WHERE id = 1").first()
    if row is None:
        raise StoreError(_("the audit trail has no head row; the store has been tampered with"))
    return str(row[0])
