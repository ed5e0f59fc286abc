"""Field limits are declared once, with their columns in `riskctl.models`, and the checks of
user input read them there: a value at the limit is kept, one character more is refused with
the field named, and nothing is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import String
from sqlmodel import SQLModel, select
from sqlmodel.sql.sqltypes import AutoString

from riskctl import models, scales
from riskctl.errors import InvalidInput
from riskctl.models import (
    Assessment,
    AuditEntry,
    Evidence,
    Org,
    Owner,
    Plan,
    PlanItem,
    Risk,
    ScaleLevel,
    limit,
)
from riskctl.services.evidence import attach_evidence
from riskctl.services.orgs import add_org
from riskctl.services.risks import add_risk
from riskctl.users import check_user

# Text columns with no limit, and why: riskctl writes them, no user types them.
UNLIMITED = {
    ("audit", "old"): "a changed field's earlier value, as long as that field allows",
    ("audit", "new"): "a changed field's new value, as long as that field allows",
    ("plan_event", "snapshot"): "the adopted plan as JSON",
    ("sample", "ids"): "the drawn ids as a JSON list",
}


def _text_columns():
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String | AutoString):
                yield table.name, column


def test_every_text_column_declares_its_limit():
    missing = [
        f"{table}.{column.name}"
        for table, column in _text_columns()
        if column.type.length is None and (table, column.name) not in UNLIMITED
    ]
    assert not missing, "give these columns a max_length in riskctl/models.py: " + ", ".join(
        missing
    )
    limited = {(t, c.name) for t, c in _text_columns() if c.type.length is not None}
    assert not limited & set(UNLIMITED), "UNLIMITED names a column that has a limit now"


def test_a_limit_is_read_from_its_column():
    assert limit(Risk.title) == 200
    assert limit(Assessment.note) == 10000
    assert limit(ScaleLevel.level) == 10  # an integer column's highest value
    assert limit(AuditEntry.user) == limit(models.Sample.user) == limit(Evidence.user)
    with pytest.raises(LookupError):
        limit(models.Sample.ids)


def test_the_limits_the_checks_use_are_the_columns():
    from riskctl.services import evidence, orgs, validate

    assert limit(Risk.title) == validate.TITLE_MAX
    assert limit(Risk.description) == validate.DESCRIPTION_MAX
    assert limit(Assessment.note) == validate.NOTE_MAX
    assert limit(Owner.name) == validate.OWNER_MAX
    assert limit(Org.name) == orgs.NAME_MAX
    assert limit(Org.code) == orgs.CODE_MAX
    assert limit(Evidence.file) == evidence.NAME_MAX
    assert scales.LABEL_MAX == limit(ScaleLevel.label) == limit(models.Band.label)
    assert limit(ScaleLevel.description) == scales.DESCRIPTION_MAX
    assert limit(ScaleLevel.level) == scales.LEVELS_MAX
    from riskctl.services import followups
    from riskctl.services.plans import adoption, items

    assert limit(PlanItem.method) == items.METHOD_MAX
    assert limit(models.PlanEvent.ref) == limit(Plan.ref) == adoption.REF_MAX
    assert limit(models.PlanEvent.reason) == adoption.REASON_MAX
    assert limit(models.FollowUp.checked) == followups.CHECKED_MAX
    assert limit(models.FollowUp.result) == followups.RESULT_MAX
    assert limit(models.FollowUp.action) == followups.ACTION_MAX


def _refused(error: pytest.ExceptionInfo[InvalidInput], field: str, most: int) -> None:
    assert error.value.field == field
    assert f"use at most {most} characters (got {most + 1})" in error.value.message


@pytest.mark.parametrize(
    ("field", "column"),
    [
        ("title", Risk.title),
        ("description", Risk.description),
        ("note", Assessment.note),
        ("owner", Owner.name),
    ],
)
def test_a_risk_s_text_is_kept_at_its_limit_and_refused_one_over(write, read, field, column):
    most = limit(column)
    with write() as session:
        add_org(session=session, name="Kommunstyrelsen", code="KS")
    given = {"title": "En risk", field: "x" * most}
    with write() as session:
        kept = add_risk(
            session=session, org="KS", year=2025, probability=2, significance=3, **given
        )
    assert getattr(kept, field) == "x" * most
    over = {"title": "En annan risk", field: "y" * (most + 1)}
    with pytest.raises(InvalidInput) as error, write() as session:
        add_risk(session=session, org="KS", year=2025, probability=2, significance=3, **over)
    _refused(error, field, most)
    with read() as session:
        assert session.exec(select(Risk.title)).all() == [given["title"]]


@pytest.mark.parametrize(("field", "column"), [("name", Org.name), ("code", Org.code)])
def test_a_board_s_name_and_code_are_kept_at_their_limit_and_refused_one_over(
    write, read, field, column
):
    most = limit(column)
    with write() as session:
        kept = add_org(session=session, **{"name": "Nämnd", "code": "N", field: "A" * most})
        assert getattr(kept, field) == "A" * most
    with pytest.raises(InvalidInput) as error, write() as session:
        add_org(session=session, **{"name": "Annan", "code": "B", field: "B" * (most + 1)})
    _refused(error, field, most)
    with read() as session:
        assert len(session.exec(select(Org)).all()) == 1


def test_an_evidence_file_name_is_kept_at_its_limit_and_refused_one_over(
    examples_store, write, read, tmp_path: Path
):
    most = limit(Evidence.file)
    with read() as session:
        item = session.exec(
            select(PlanItem.id)
            .join(Plan, Plan.id == PlanItem.plan_id)  # type: ignore[arg-type]
            .where(Plan.year == 2024, Plan.status == "adopted")
        ).first()
    at_limit = tmp_path / ("e" * (most - 4) + ".pdf")
    at_limit.write_bytes(b"%PDF-1.4 checklist")
    with write() as session:
        kept = attach_evidence(session=session, item_id=item, path=at_limit)
    assert kept.file == at_limit.name
    # One character more is more than a file system allows in a name: refused before it is read.
    with pytest.raises(InvalidInput) as error, write() as session:
        attach_evidence(session=session, item_id=item, path=tmp_path / ("f" * (most + 1)))
    _refused(error, "FILE", most)
    with read() as session:
        assert session.exec(select(Evidence.file)).all() == [at_limit.name]


def test_a_user_name_is_kept_at_its_limit_and_refused_one_over():
    most = limit(AuditEntry.user)
    assert check_user("u" * most) == "u" * most
    with pytest.raises(InvalidInput) as error:
        check_user("u" * (most + 1))
    _refused(error, "--user", most)


def _scale_file(path: Path, levels: int, label: str = "Låg", description: str = "") -> Path:
    rows = [f'[[probability]]\nlabel = "{label}"\ndescription = "{description}"\n'] * levels
    rows += ['[[significance]]\nlabel = "Liten"\n'] * 2
    bands = f'[[band]]\nmin = 1\nmax = {levels * 2}\nlabel = "Alla"\ncolor = "#00ff00"\n'
    path.write_text("".join(rows) + bands, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("what", "column", "refusal"),
    [
        ("levels", ScaleLevel.level, "it has 11 levels; a scale has at most 10"),
        ("label", ScaleLevel.label, "its label has 61 characters; use at most 60"),
        ("description", ScaleLevel.description, "its description has 501 characters"),
    ],
)
def test_a_scale_file_is_read_at_its_limits_and_refused_one_over(
    tmp_path: Path, what, column, refusal
):
    most = limit(column)

    def file(n: int) -> Path:
        if what == "levels":
            return _scale_file(tmp_path / "scale.toml", n)
        return _scale_file(tmp_path / "scale.toml", 3, **{what: "x" * n})

    scale = scales.load_scale_file(file(most))
    if what == "levels":
        assert len(scale.probability) == most
    else:
        assert getattr(scale.probability[0], what) == "x" * most
    with pytest.raises(InvalidInput) as error:
        scales.load_scale_file(file(most + 1))
    assert refusal in error.value.message
