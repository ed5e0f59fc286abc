"""Which of a board-year's risks have a piece of text in their title or description.

A board-year of a few hundred risks is searched row by row: well under a millisecond. One of
many thousands, on SQLite, goes through the text index of migration 0005 (the FTS5 table
`risk_text`, trigram tokenizer) when the term is long enough for it. The index covers every
board of the store, so its cost grows with the matches in the whole store: for a small board
in a national store reading the board's own rows is cheaper. PostgreSQL's planner chooses
its pg_trgm indexes by itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import column, func, literal_column, or_, table
from sqlmodel import Session, col, select

from riskctl.db import has_text_index
from riskctl.models import Assessment, Risk

TEXT_INDEX = "risk_text"
"""The SQLite FTS5 table of the risks' texts (migration 0005, `riskctl.db.UNMODELLED`)."""
INDEXED_FROM = 5_000
"""A board-year with more risks than this is searched through the text index."""
TRIGRAM = 3
"""The shortest term the trigram index can find; a shorter one is searched row by row."""
LOOKUP_COST = 4
"""What looking up one of the index's matches costs, in board-year rows read (measured on
the benchmark's board of 100,000 risks in a store of 204,400)."""

_risk_text = table(TEXT_INDEX, column("rowid"))
_INSERT_TRIGGER = "risk_text_insert"


def risks_containing(
    session: Session, org_id: int, year: int, term: str, *, indexed: bool = True
) -> tuple[Any, bool]:
    """The condition on the board-year's assessments that their risk's title or description
    contains `term`, in any case; and whether it needs `Risk` joined to them. `indexed`:
    whether the text index may serve it."""
    if indexed and len(term) >= TRIGRAM and _has_index(session):
        phrase = '"' + term.replace('"', '""') + '"'
        matches = select(_risk_text.c.rowid).where(literal_column(TEXT_INDEX).op("MATCH")(phrase))
        if _index_pays(session, org_id, year, matches):
            return col(Assessment.risk_id).in_(matches), False
    return _like(session, term), True


def _has_index(session: Session) -> bool:
    """SQLite's FTS5 index, which this module queries itself (PostgreSQL's planner uses
    pg_trgm's on its own)."""
    conn = session.connection()
    return conn.dialect.name == "sqlite" and has_text_index(conn)


def _index_pays(session: Session, org_id: int, year: int, matches: Any) -> bool:
    """Whether looking up the index's matches costs less than reading the board-year.

    Each match, of any board, costs a lookup in the board-year's index: about LOOKUP_COST
    times what reading one of the board-year's rows costs. The board-year's rows are counted
    only as far as the count decides.
    """
    conn = session.connection()

    def board_year_has_more_than(bound: int) -> bool:
        first = select(Assessment.id).where(Assessment.org_id == org_id, Assessment.year == year)
        some = select(func.count()).select_from(first.limit(bound + 1).subquery())
        return int(conn.execute(some).scalar_one()) > bound

    if not board_year_has_more_than(INDEXED_FROM):
        return False
    found = int(conn.execute(select(func.count()).select_from(matches.subquery())).scalar_one())
    return board_year_has_more_than(LOOKUP_COST * found)


@contextmanager
def indexed_at_the_end(session: Session) -> Iterator[None]:
    """Risks inserted within go into the SQLite text index in one statement at the end, not
    one at a time through its insert trigger: five times cheaper for 100,000 new risks.

    The trigger is dropped and made again (from its own SQL) inside the caller's write
    transaction: a failure rolls both back, and SQLite lets no other writer in meanwhile.
    Within, the risks inserted must not be changed or removed: their update and delete
    triggers would take out of the index what is not in it yet.
    """
    conn = session.connection()
    trigger = None
    if _has_index(session):
        trigger = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            (_INSERT_TRIGGER,),
        ).scalar()
    if trigger is None:
        yield
        return
    last = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM risk").scalar()
    conn.exec_driver_sql(f"DROP TRIGGER {_INSERT_TRIGGER}")
    yield
    conn.exec_driver_sql(
        f"INSERT INTO {TEXT_INDEX}(rowid, title, description) "
        "SELECT id, title, description FROM risk WHERE id > ?",
        (last,),
    )
    conn.exec_driver_sql(trigger)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _like(session: Session, term: str) -> Any:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    # SQLite folds the case of ASCII letters only (so may a PostgreSQL database in the C
    # locale): trying the term as typed, in lower case and capitalised also finds
    # "Överskridande" for "över" there.
    variants = sorted({escaped, escaped.lower(), escaped.capitalize()})
    columns = (col(Risk.title), col(Risk.description))
    if session.get_bind().dialect.name == "sqlite":
        # SQLite's LIKE ignores the case of ASCII letters, as its lower() does: plain LIKE
        # finds what ilike() (lower() on both sides) finds, without lower() on every row,
        # and variants that differ only in ASCII case are one.
        distinct = {v.translate(_ASCII_LOWER): v for v in variants}
        return or_(*(c.like(f"%{v}%", escape="\\") for c in columns for v in distinct.values()))
    return or_(*(c.ilike(f"%{v}%", escape="\\") for c in columns for v in variants))
