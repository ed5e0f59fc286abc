"""`plain_rows`: the driver's own tuples for big reads, the same rows SQLAlchemy reads."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from riskctl.db import plain_rows
from riskctl.models import Assessment, Risk


def test_plain_rows_are_the_rows_sqlalchemy_reads(examples_store, read):
    with read() as session:
        conn = session.connection()
        ids = [r for r in conn.execute(select(Risk.id).order_by(col(Risk.id))).scalars()][:5]
        # An IN list, a join, text and numbers: straight from the driver.
        query = (
            select(Assessment.id, Assessment.risk_id, Risk.title, Assessment.handling)
            .join(Risk, col(Risk.id) == Assessment.risk_id)
            .where(col(Assessment.risk_id).in_(ids), Assessment.year == 2025)
            .order_by(col(Assessment.id))
        )
        rows = plain_rows(conn, query)
        assert rows == [tuple(r) for r in conn.execute(query)]
        assert len(rows) >= 3 and all(type(r) is tuple for r in rows)
        # A timestamp needs SQLAlchemy's conversion on SQLite: it is not left as text.
        stamped = plain_rows(conn, select(Risk.id, Risk.created_at).where(Risk.id == ids[0]))
        assert isinstance(stamped[0][1], datetime)
