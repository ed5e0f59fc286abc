"""`riskctl import`: round trips, every bad row listed, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from riskctl.db import reading
from riskctl.errors import ImportRejected, InvalidInput
from riskctl.services.importing.read import read_file
from riskctl.services.importing.run import import_sheet

from .conftest import analysis

HEADER = "Risk;Riskbeskrivning;Sannolikhet;Väsentlighet;Riskvärde;Hantering\n"


def write_csv(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def run_import(
    engine, path: Path, *, year: int = 2025, org: str = "KS", dry_run=False, lang: str = "en", **kw
):
    from riskctl.db import writing

    sheet = read_file(path)
    with reading(engine) if dry_run else writing(engine) as session:
        return import_sheet(
            session=session, sheet=sheet, year=year, org=org, dry_run=dry_run, lang=lang, **kw
        )


# --- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "lang"), [("csv", "sv"), ("xlsx", "sv"), ("csv", "en"), ("xlsx", "en")]
)
def test_an_export_imported_into_an_empty_store_gives_back_the_analysis(
    source, export, board, fmt, lang
):
    path = export(fmt, lang=lang)
    result = run_import(board, path)
    assert (result.rows, result.created, result.updated) == (33, 33, 0)
    assert analysis(board) == analysis(source)


def test_the_round_trip_is_byte_exact_for_csv(source, export, board, tmp_path):
    from riskctl.exporters import render_text
    from riskctl.services.reports.build import build_report

    first = export("csv")
    run_import(board, first)
    with reading(board) as session:
        again = render_text(
            build_report(session=session, kind="analysis", year=2025, org="KS", lang="sv"), "csv"
        )
    assert again.encode("utf-8") == first.read_bytes()


def test_importing_the_same_file_again_changes_nothing(export, board, store_state):
    path = export("xlsx")
    run_import(board, path)
    before = store_state()
    result = run_import(board, path)
    assert (result.created, result.added, result.updated, result.unchanged) == (0, 0, 0, 33)
    assert store_state() == before


def test_text_a_spreadsheet_would_run_comes_back_as_it_was(board, write, tmp_path):
    from riskctl.exporters import render_text
    from riskctl.services.reports.build import build_report
    from riskctl.services.risks import add_risk

    with write() as session:
        add_risk(
            session=session,
            org="KS",
            year=2024,
            title="=1+1",
            description="-minus",
            note="@home",
            owner="+plus",
            probability=2,
            significance=2,
        )
        add_risk(
            session=session,
            org="KS",
            year=2024,
            title="'=quoted",
            probability=1,
            significance=1,
            note="'plain",
        )
    with reading(board) as session:
        text = render_text(
            build_report(session=session, kind="analysis", year=2024, org="KS", lang="sv"), "csv"
        )
    path = write_csv(tmp_path / "x.csv", text.removeprefix("\ufeff"))
    run_import(board, path, year=2025)
    assert analysis(board, 2025) == analysis(board, 2024)


# --- matching, handling and optional columns -------------------------------------------------


def test_rows_match_risks_by_title_else_create_them(examples_store, tmp_path):
    path = write_csv(
        tmp_path / "2026.csv",
        HEADER + "Cyberhot;;3;4;;Ny utbildning\n" + "Ny risk;Beskrivning;1;2;2;\n",
    )
    result = run_import(examples_store, path, year=2026)
    assert (result.created, result.added) == (1, 1)
    rows = {r["title"]: r for r in analysis(examples_store, 2026)}
    cyber = rows["Cyberhot"]
    assert (cyber["probability"], cyber["significance"], cyber["note"]) == (3, 4, "Ny utbildning")
    # An empty Riskbeskrivning keeps the register's description.
    assert cyber["description"].startswith("Risk att kommunens IT-infrastruktur")
    assert rows["Ny risk"]["handling"] == "action"


def test_handling_without_a_decision_column(board, tmp_path):
    path = write_csv(
        tmp_path / "h.csv",
        HEADER
        + "A;;1;1;;Risken accepteras, dvs inga åtgärder.\n"
        + "B;;1;1;;internkontroll\n"
        + "C;;1;1;;Accepteras\n"
        + "D;;1;1;;En enkät ska genomföras.\n"
        + "E;;1;1;;control\n",
    )
    run_import(board, path)
    rows = {r["title"]: (r["handling"], r["note"]) for r in analysis(board)}
    assert rows == {
        "A": ("accept", "Risken accepteras, dvs inga åtgärder."),
        "B": ("control", ""),
        "C": ("accept", ""),
        "D": ("action", "En enkät ska genomföras."),
        "E": ("control", ""),
    }


def test_a_decision_column_wins_and_an_existing_decision_is_kept(board, tmp_path):
    first = write_csv(
        tmp_path / "1.csv",
        "Risk;Riskbeskrivning;Sannolikhet;Väsentlighet;"
        "Hantering;Beslut\nA;;2;2;Stickprov på 50 fakturor.;internkontroll\n",
    )
    run_import(board, first)
    assert analysis(board)[0]["handling"] == "control"
    # Without a decision column, a changed note keeps the decision the risk has that year.
    second = write_csv(tmp_path / "2.csv", HEADER + "A;;2;3;;Stickprov på 60 fakturor.\n")
    result = run_import(board, second)
    assert result.updated == 1
    row = analysis(board)[0]
    assert (row["handling"], row["note"], row["significance"]) == (
        "control",
        "Stickprov på 60 fakturor.",
        3,
    )


def test_english_headers_owner_and_extra_columns(board, tmp_path):
    path = write_csv(
        tmp_path / "en.csv",
        "Risk,Description,Probability,Significance,"
        "Risk value,Handling,Decision,Owner,Band\n"
        "Payroll errors,Wrong pay,3,2,6,Sample of 50,control,Payroll manager,"
        "medium\n",
    )
    result = run_import(board, path)
    assert result.ignored_columns == ["Band"]
    row = analysis(board)[0]
    assert (row["title"], row["owner"], row["handling"], row["value"]) == (
        "Payroll errors",
        "Payroll manager",
        "control",
        6,
    )


def test_header_below_a_title_row_and_excel_cp1252(board, tmp_path):
    text = "Riskanalys 2025 Kommunstyrelsen;;;\n" + HEADER + "Löner;Fel lön;2;2;4;\n"
    path = write_csv(tmp_path / "excel.csv", text, encoding="cp1252")
    result = run_import(board, path)
    assert result.created == 1
    assert analysis(board)[0]["title"] == "Löner"


def test_all_boards_from_a_board_column(board, write, tmp_path):
    from riskctl.services.orgs import add_org

    with write() as session:
        add_org(session=session, name="Socialnämnden", code="SN")
    path = write_csv(
        tmp_path / "all.csv",
        "Nämnd;" + HEADER + "Kommunstyrelsen;A;;1;1;;\nSN;B;;2;2;;\nSocialnämnden;C;;3;3;;\n",
    )
    result = run_import(board, path, org="all")
    assert result.created == 3
    assert [r["title"] for r in analysis(board, org="SN")] == ["C", "B"]
    with pytest.raises(InvalidInput, match="needs a Nämnd"):
        run_import(board, write_csv(tmp_path / "no.csv", HEADER + "A;;1;1;;\n"), org="all")


# --- every bad row, nothing written ----------------------------------------------------------


BAD = (
    HEADER
    + "Välfärdsbrottslighet;d;3;4;12;ok\n"  # row 2: fine
    + "Energibrist;d;5;4;;\n"  # row 3: probability 5
    + ";d;1;1;1;\n"  # row 4: no title
    + "Välfärdsbrottslighet;d;x;2;;\n"  # row 5: same risk, and x
    + '"Cyberhot";"två\nrader";2;2;5;\n'  # row 6 (two lines): value 5, not 4
    + "Terrorhot;d;1;4;4;\n"
)  # row 7: fine


def test_every_bad_row_is_listed_by_row_column_and_reason(board, tmp_path, store_state):
    path = write_csv(tmp_path / "bad.csv", BAD)
    before = store_state()
    with pytest.raises(ImportRejected) as caught:
        run_import(board, path)
    assert caught.value.lines == [
        "row 3, Sannolikhet: '5' is not allowed; use 1–4",
        "row 4, Risk: '' is not allowed; it must not be empty",
        "row 5, Risk: 'Välfärdsbrottslighet' is not allowed; the same risk is in row 2 already",
        "row 5, Sannolikhet: 'x' is not allowed; use 1–4",
        "row 6, Riskvärde: '5' is not allowed; the risk value is probability × significance "
        "= 2 × 2 = 4",
    ]
    assert caught.value.message.endswith("bad.csv: 4 bad rows; nothing was imported")
    assert caught.value.exit_code == 2
    assert store_state() == before


def test_control_characters_in_a_cell_are_a_bad_row(board, tmp_path, store_state):
    # The rule of every other write (validate.text): no control characters but \n \r \t.
    path = write_csv(tmp_path / "esc.csv", HEADER + "Röd\x1b[31m;d;1;1;;\nOK;a\tb;1;1;;\n")
    before = store_state()
    with pytest.raises(ImportRejected) as caught:
        run_import(board, path)
    assert caught.value.lines == [
        "row 2, Risk: 'Röd\\x1b[31m' is not allowed; it must not contain control characters"
    ]
    assert store_state() == before


def test_a_superscript_digit_is_a_bad_row_not_a_crash(board, tmp_path, store_state):
    path = write_csv(tmp_path / "sup.csv", HEADER + "A;d;²;1;;\nB;d;1;¹;;\n")
    before = store_state()
    with pytest.raises(ImportRejected) as caught:
        run_import(board, path)
    assert caught.value.lines == [
        "row 2, Sannolikhet: '²' is not allowed; use 1–4",
        "row 3, Väsentlighet: '¹' is not allowed; use 1–4",
    ]
    assert store_state() == before


def test_bad_rows_in_swedish(board, tmp_path):
    with pytest.raises(ImportRejected) as caught:
        run_import(board, write_csv(tmp_path / "bad.csv", BAD), lang="sv")
    assert caught.value.lines[0] == "rad 3, Sannolikhet: '5' är inte tillåtet; använd 1–4"
    assert caught.value.message.endswith("4 felaktiga rader; inget importerades")


def test_bad_rows_in_xlsx_are_numbered_as_excel_shows_them(board, tmp_path, store_state):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Analys 2025"])
    ws.append(["Risk", "Riskbeskrivning", "Sannolikhet", "Väsentlighet", "Beslut"])
    ws.append(["A", "d", 3, 4, "internkontroll"])
    ws.append(["B", "d", 2.5, 4, "kanske"])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    before = store_state()
    with pytest.raises(ImportRejected) as caught:
        run_import(board, path)
    assert caught.value.lines == [
        "row 4, Sannolikhet: '2.5' is not allowed; use 1–4",
        "row 4, Beslut: 'kanske' is not allowed; use control, action or accept "
        "(internkontroll, åtgärd, accepteras)",
    ]
    assert store_state() == before


def test_a_change_to_a_risk_of_an_adopted_plan_is_refused(examples_store, tmp_path, store_state):
    # Cyberhot is in the adopted 2024 plan; Terrorhot is not assessed in 2024.
    path = write_csv(tmp_path / "2024.csv", HEADER + "Cyberhot;;1;1;;\nTerrorhot;;1;4;;\n")
    before = store_state()
    with pytest.raises(ImportRejected) as caught:
        run_import(examples_store, path, year=2024)
    assert caught.value.lines == [
        "row 2, Risk: 'Cyberhot' is not allowed; the risk is in the "
        "adopted 2024 plan; reopen the plan first"
    ]
    assert store_state() == before


def test_missing_required_columns_is_one_line(board, tmp_path):
    path = write_csv(tmp_path / "cols.csv", "Risk;Sannolikhet;Väsentlighet\nA;1;1\n")
    with pytest.raises(InvalidInput) as caught:
        run_import(board, path)
    assert caught.value.message.endswith("missing Riskbeskrivning (or Description)")
    with pytest.raises(InvalidInput, match="the header row must name Risk, Riskbeskrivning"):
        run_import(board, write_csv(tmp_path / "none.csv", "Titel;Text\nA;B\n"))
    with pytest.raises(InvalidInput, match=r"give a \.csv or \.xlsx file"):
        run_import(board, write_csv(tmp_path / "x.ods", HEADER))


def test_a_failure_while_writing_leaves_the_store_unchanged(
    export, board, store_state, monkeypatch
):
    from riskctl.services.importing import write as importing

    path = export("csv")
    before = store_state()
    calls = []
    real = importing._insert_many

    def failing(session, table, rows, constants):
        calls.append(table.name)
        real(session, table, rows, constants)
        if table.name == "assessment":
            raise RuntimeError("the disk is full")

    monkeypatch.setattr(importing, "_insert_many", failing)
    with pytest.raises(RuntimeError):
        run_import(board, path)
    assert "risk" in calls and "assessment" in calls
    assert store_state() == before


def test_dry_run_writes_nothing(export, board, store_state):
    path = export("csv")
    before = store_state()
    result = run_import(board, path, dry_run=True)
    assert (result.rows, result.created, result.dry_run) == (33, 33, True)
    assert store_state() == before


# --- the audit trail -------------------------------------------------------------------------


def test_an_import_is_audited_like_any_other_change(board, write, tmp_path):
    from sqlalchemy import select

    from riskctl import audit
    from riskctl.models import AuditEntry
    from riskctl.services.importing.write import audit_created
    from riskctl.services.orgs import resolve_org

    path = write_csv(
        tmp_path / "a.csv",
        "Risk;Riskbeskrivning;Sannolikhet;Väsentlighet;Ansvarig\nA;Text;2;3;Ekonomichef\n",
    )
    run_import(board, path)
    run_import(board, write_csv(tmp_path / "b.csv", HEADER + "A;Ny text;2;4;;\n"))
    with reading(board) as session:
        entries = session.exec(select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
    fields = [(e.entity, e.field, e.old, e.new) for e in entries]
    assert ("owner", "*", None, '{"name": "Ekonomichef"}') in fields
    with reading(board) as session:
        org_id = resolve_org(session=session, ref="KS").id
    created = [json.loads(e.new) for e in entries if e.field == "*" and e.entity == "risk"]
    assert created == [{"description": "Text", "org_id": str(org_id), "title": "A"}]
    assessed = [json.loads(e.new) for e in entries if e.field == "*[2025]"]
    assert assessed[0]["probability"] == "2" and assessed[0]["handling"] == "action"
    assert ("risk", "description", "Text", "Ny text") in fields
    assert ("risk", "significance[2025]", "3", "4") in fields
    assert ("risk", "note[2025]", None, None) not in fields
    # The bulk audit writes what audit.record_created would write.
    rows = [{"id": 7, "title": "X", "n": 3, "none": None, "version": 9}]
    with write() as session:
        audit_created(session, "risk", [dict(r) for r in rows], label="*[2030]")
        audit.record_created(session, "risk", rows, label="*[2030]")
        mine, theirs = (
            session.exec(
                select(AuditEntry).where(AuditEntry.field == "*[2030]").order_by(AuditEntry.id)
            )
            .scalars()
            .all()
        )
        assert (mine.entity, mine.entity_id, mine.old, mine.new, mine.user) == (
            theirs.entity,
            theirs.entity_id,
            theirs.old,
            theirs.new,
            theirs.user,
        )


def test_progress_is_reported(export, board):
    seen: list[int] = []
    totals: list[int] = []
    run_import(board, export("csv"), progress=seen.append, on_total=totals.append)
    assert totals == [33] and sum(seen) == 33


# --- the command -----------------------------------------------------------------------------


def test_cli_import_and_dry_run(cli, board, export):
    path = export("xlsx")
    dry = cli("import", str(path), "--year", "2025", "--org", "KS", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        f"{path}: 33 rows checked; nothing written (dry run)",
        "33 new risks, 0 existing risks assessed for the year, 0 changed, 0 unchanged",
    ]
    done = cli("--lang", "sv", "import", str(path), "--year", "2025", "--org", "KS")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"{path}: 33 rader importerade till KS 2025"
    again = cli("import", str(path), "--year", "2025", "--org", "KS", "--format", "json")
    assert json.loads(again.stdout)["unchanged"] == 33


def test_cli_bad_rows_exit_2_with_every_row_on_stderr(cli, board, tmp_path, store_state):
    path = write_csv(tmp_path / "bad.csv", BAD)
    before = store_state()
    out = cli("import", str(path), "--year", "2025", "--org", "KS")
    assert out.exit_code == 2
    lines = out.stderr.splitlines()
    assert lines[0] == "row 3, Sannolikhet: '5' is not allowed; use 1–4"
    assert len(lines) == 6
    assert lines[-1] == f"riskctl: {path}: 4 bad rows; nothing was imported"
    assert out.stdout == ""
    assert store_state() == before


def test_cli_bad_options(cli, board, tmp_path):
    missing = cli("import", str(tmp_path / "nope.csv"), "--year", "2025", "--org", "KS")
    assert missing.exit_code == 2
    assert missing.stderr.strip() == (
        f"riskctl: FILE: '{tmp_path / 'nope.csv'}' is not allowed; the file does not exist"
    )
    path = write_csv(tmp_path / "ok.csv", HEADER + "A;;1;1;;\n")
    unknown = cli("import", str(path), "--year", "2025", "--org", "XX")
    assert unknown.exit_code == 2 and "known boards: KS" in unknown.stderr
    sep = cli("import", str(path), "--year", "2025", "--org", "KS", "--delimiter", "|")
    assert sep.exit_code == 2 and "--delimiter" in sep.stderr


def test_a_progress_bar_on_a_terminal_for_large_files(monkeypatch, capsys):
    import sys

    from riskctl.cli import importing as cli_importing

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    bar = cli_importing._Progress("importing")
    bar.start(cli_importing.PROGRESS_FROM)
    assert bar.bar is not None
    bar.advance(cli_importing.PROGRESS_FROM)
    bar.finish()
    assert "importing" in capsys.readouterr().err
    small = cli_importing._Progress("importing")
    small.start(10)
    assert small.bar is None
