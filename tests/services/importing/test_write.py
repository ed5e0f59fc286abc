"""Which rows of an import create, add or change what, and the bulk writes with their audit."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import select

from riskctl.models import Assessment, AuditEntry, Org, Risk
from riskctl.services.importing.board import Board, load_board
from riskctl.services.importing.check import KEEP, Row
from riskctl.services.importing.write import plan_writes, write_import


def _row(title: str, **kw: Any) -> Row:
    values = {"row": 2, "org_id": 1, "title": title, "description": "", "probability": 2,
              "significance": 3, "decision": None, "note": KEEP, "owner": KEEP} | kw  # fmt: skip
    return Row(**values)


def _board() -> Board:
    board = Board(Org(id=1, name="Kommunstyrelsen", code="KS"), {1, 2, 3, 4}, {1, 2, 3, 4},
                  "1–4", "1–4", year=2025)  # fmt: skip
    board.risks = {"Känd": (10, "Text"), "Bedömd": (11, "Text"), "Ändrad": (12, "Text")}
    for rid in (11, 12):
        board.assessed[rid] = Assessment(
            id=rid, risk_id=rid, org_id=1, year=2025, probability=2, significance=3,
            handling="control", note="",
        )  # fmt: skip
    return board


def test_rows_are_sorted_into_new_risks_new_assessments_changes_and_nothing():
    rows = [
        _row("Ny", owner="Ekonomichef"),
        _row("Känd", description="Ny text"),
        _row("Bedömd"),
        _row("Ändrad", significance=4),
    ]
    plan = plan_writes(rows, {1: _board()}, {})
    assert [r.title for r in plan.new_risks] == ["Ny"]
    assert [r.title for r in plan.new_assessments] == ["Ny", "Känd"]
    assert [(r.title, a.risk_id) for r, a in plan.changed] == [("Ändrad", 12)]
    assert plan.descriptions == {10: ("Text", "Ny text")}
    assert plan.owners == {"Ekonomichef"}
    assert (plan.created, plan.added, plan.updated, plan.unchanged) == (1, 1, 1, 1)
    # A row of a risk the register has is written to that risk.
    assert [r.risk_id for r in rows] == [None, 10, 11, 12]


def test_the_writes_land_in_the_store_each_with_its_audit_entry(board, write, read):
    with write() as session:
        org = session.exec(select(Org).where(Org.code == "KS")).one()
        org_id = org.id
        boards = {org_id: load_board(session, org, 2025, lock=True)}
        rows = [_row("A", org_id=org_id, description="Text", owner="Ekonomichef", note="Rutin")]
        done: list[int] = []
        write_import(session, plan_writes(rows, boards, {}), 2025, done.append)
    assert done == [1]
    with read() as session:
        risk = session.exec(select(Risk)).one()
        assessment = session.exec(select(Assessment)).one()
        entries = session.exec(
            select(AuditEntry)
            .where(AuditEntry.entity.in_(["owner", "risk"]))  # type: ignore[attr-defined]
            .order_by(AuditEntry.id)  # type: ignore[arg-type]
        ).all()
    assert (risk.title, risk.description, risk.version) == ("A", "Text", 1)
    assert (assessment.risk_id, assessment.year, assessment.handling) == (risk.id, 2025, "action")
    assert assessment.note == "Rutin" and assessment.owner_id is not None
    assert [(e.entity, e.field) for e in entries] == [
        ("owner", "*"),
        ("risk", "*"),
        ("risk", "*[2025]"),
    ]
    assert json.loads(entries[1].new) == {
        "description": "Text",
        "org_id": str(org_id),
        "title": "A",
    }
