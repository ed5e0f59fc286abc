"""An import never overwrites an edit that another controller made while the file was read."""

from __future__ import annotations

import pytest

from riskctl.db import is_sqlite, make_engine, reading, writing
from riskctl.errors import Conflict
from riskctl.services.importing.read import read_file
from riskctl.services.importing.run import import_sheet
from riskctl.services.risks import edit_risk, list_assessments
from tests.conftest import dump


def test_an_edit_made_during_the_import_is_not_overwritten(examples_store, store_url, tmp_path):
    if is_sqlite(examples_store):
        pytest.skip("on SQLite the import's write transaction keeps every other writer out")
    source = tmp_path / "register.csv"
    source.write_text(
        "Risk;Riskbeskrivning;Sannolikhet;Väsentlighet\nCyberhot;;4;4\n", encoding="utf-8-sig"
    )
    other = make_engine(store_url)
    cyber = next(a for a in list_assessments_of(examples_store) if a.title == "Cyberhot")

    def somebody_else_edits(_total: int) -> None:
        with writing(other, "bertil") as session:
            edit_risk(session=session, risk_id=cyber.id, year=2025, changes={"probability": 1})

    with (
        pytest.raises(Conflict, match=f"risk {cyber.id} was changed by somebody else"),
        writing(examples_store, "anna") as session,
    ):
        import_sheet(
            session=session,
            sheet=read_file(source),
            year=2025,
            org="KS",
            on_total=somebody_else_edits,
        )
    after = dump(examples_store)
    now = next(a for a in list_assessments_of(examples_store) if a.title == "Cyberhot")
    assert (now.probability, now.significance) == (1, 4)
    assert after == dump(examples_store)
    other.dispose()


def list_assessments_of(engine):
    with reading(engine) as session:
        return list_assessments(session=session, year=2025, org="KS")
