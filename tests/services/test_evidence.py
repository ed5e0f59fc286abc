"""Evidence as functions over a real store: a file is kept with its SHA-256, listed re-verified,
never kept twice for the same item and period, and only for an adopted plan's item."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlmodel import select

from riskctl.errors import InvalidInput
from riskctl.models import Evidence, PlanItem
from riskctl.services.evidence import attach_evidence, evidence_content, list_evidence
from riskctl.services.orgs import add_org
from riskctl.services.plans.adoption import adopt_plan, reopen_plan
from riskctl.services.plans.generate import generate_plan
from riskctl.services.risks import add_risk


@pytest.fixture
def item(write, read) -> int:  # type: ignore[no-untyped-def]
    """The one item of KS's adopted 2025 plan."""
    with write() as session:
        add_org(session=session, name="Kommunstyrelsen", code="KS")
        add_risk(
            session=session,
            org="KS",
            year=2025,
            title="Felaktiga löner",
            probability=4,
            significance=3,
            handling="control",
            note="Granskning av utbetalningar.",
        )
    with write() as session:
        generate_plan(session=session, org="KS", year=2025)
        adopt_plan(session=session, org="KS", year=2025, decided_on="2024-12-16", ref="KS 1")
    with read() as session:
        return int(session.exec(select(PlanItem.id)).one())


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_file_is_kept_with_its_digest_and_listed_verified(item, write, read, tmp_path):
    data = b"%PDF-1.4 attestlista"
    with write() as session:
        kept = attach_evidence(
            session=session, item_id=item, path=_file(tmp_path, "lista.pdf", data), period="annual"
        )
    assert (kept.file, kept.size, kept.period) == ("lista.pdf", len(data), "annual")
    assert kept.sha256 == hashlib.sha256(data).hexdigest()
    with read() as session:
        listed = list_evidence(session=session, item_id=item)
        view, content = evidence_content(session=session, evidence_id=kept.id)
    assert [(v.id, v.verified) for v in listed] == [(kept.id, True)]
    assert content == data and view.verified


def test_the_same_content_twice_is_refused_naming_the_first(item, write, read, tmp_path):
    data = b"protokoll"
    with write() as session:
        first = attach_evidence(session=session, item_id=item, path=_file(tmp_path, "a.txt", data))
    with pytest.raises(InvalidInput) as error, write() as session:
        attach_evidence(session=session, item_id=item, path=_file(tmp_path, "b.txt", data))
    assert error.value.field == "FILE"
    assert f"as evidence {first.id} (a.txt)" in error.value.message
    with read() as session:
        assert session.exec(select(Evidence.file)).all() == ["a.txt"]


def test_a_period_lists_its_own_files_and_those_for_no_period(item, write, read, tmp_path):
    with write() as session:
        for name, period in (("del.txt", "interim"), ("hel.txt", "annual"), ("alla.txt", None)):
            attach_evidence(
                session=session,
                item_id=item,
                path=_file(tmp_path, name, name.encode()),
                period=period,
            )
    with read() as session:
        interim = [v.file for v in list_evidence(session=session, item_id=item, period="interim")]
    assert interim == ["del.txt", "alla.txt"]


def test_an_empty_file_or_a_draft_plan_s_item_is_refused_and_nothing_kept(
    item, write, read, tmp_path
):
    with pytest.raises(InvalidInput) as empty, write() as session:
        attach_evidence(session=session, item_id=item, path=_file(tmp_path, "tom.txt", b""))
    assert "it is empty" in empty.value.message
    with write() as session:
        reopen_plan(session=session, org="KS", year=2025, reason="Ny risk")
    with pytest.raises(InvalidInput) as draft, write() as session:
        attach_evidence(session=session, item_id=item, path=_file(tmp_path, "x.txt", b"x"))
    assert "is a draft" in draft.value.message
    with read() as session:
        assert session.exec(select(Evidence)).all() == []
