"""`riskctl report …` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .readers import HtmlReader, csv_rows


@pytest.fixture
def loaded(cli):
    assert cli("examples", "load").exit_code == 0
    return cli


def test_markdown_to_stdout_by_default(loaded):
    out = loaded("report", "analysis", "--year", "2025", "--org", "KS", "--lang", "sv")
    assert out.exit_code == 0, out.stderr
    assert out.stdout.startswith("# Risk- och väsentlighetsanalys 2025\n")
    assert "| Risk " in out.stdout


def test_language_follows_the_global_option(loaded):
    out = loaded("--lang", "en", "report", "plan", "--year", "2024", "--org", "KS")
    assert out.exit_code == 0, out.stderr
    assert out.stdout.startswith("# Internal control plan 2024\n")
    assert "Adopted (decision date not recorded)" in out.stdout
    sv = loaded("--lang", "en", "report", "plan", "--year", "2024", "--org", "KS", "--lang", "sv")
    assert sv.stdout.startswith("# Internkontrollplan 2024\n")


def test_format_from_the_file_name(loaded, tmp_path: Path):
    for suffix, magic in (
        (".xlsx", b"PK"),
        (".docx", b"PK"),
        (".html", b"<!DOCTYPE html>"),
        (".csv", "\ufeff".encode()),
        (".json", b"{"),
        (".md", b"# "),
    ):
        target = tmp_path / f"uppfoljning{suffix}"
        out = loaded("report", "followup", "--year", "2024", "--org", "KS", "-o", str(target))
        assert out.exit_code == 0, out.stderr
        assert out.stdout == ""
        assert str(target) in out.stderr
        assert target.read_bytes().startswith(magic), suffix
    page = HtmlReader((tmp_path / "uppfoljning.html").read_text(encoding="utf-8"))
    assert any(
        text.startswith("The plan comprised nine identified risks") for _, text in page.paragraphs
    )


def test_csv_to_stdout_with_bom_and_delimiters(loaded):
    out = loaded("report", "analysis", "--year", "2025", "--org", "KS", "-f", "csv", "--lang", "sv")
    assert out.exit_code == 0, out.stderr
    assert out.stdout.startswith("\ufeffRisk;Riskbeskrivning;")
    assert len(csv_rows(out.stdout)) == 34
    comma = loaded(
        "report", "analysis", "--year", "2025", "--org", "KS", "-f", "csv", "--delimiter", ","
    )
    assert csv_rows(comma.stdout, ",")[0][0] == "Risk"
    tab = loaded(
        "report", "matrix", "--year", "2025", "--org", "KS", "-f", "csv", "--delimiter", "tab"
    )
    assert "\t" in tab.stdout.splitlines()[0]


def test_json_report(loaded):
    out = loaded(
        "report",
        "followup",
        "--year",
        "2023",
        "--org",
        "KS",
        "-f",
        "json",
        "--period",
        "interim",
        "--lang",
        "sv",
    )
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["period"] == "interim" and len(data["rows"]) == 10
    assert data["columns"][1] == {"key": "checked", "header": "Vad kontrolleras?"}


def test_all_boards(loaded):
    out = loaded(
        "report", "analysis", "--year", "2025", "--org", "all", "-f", "csv", "--lang", "sv"
    )
    assert out.exit_code == 0, out.stderr
    rows = csv_rows(out.stdout)
    assert rows[0][:2] == ["Nämnd", "Risk"]
    assert {r[0] for r in rows[1:]} == {"Kommunstyrelsen"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("-f", "xlsx"),
            "riskctl: --output: '-' is not allowed; xlsx is a file format; give -o FILE.xlsx",
        ),
        (
            ("-f", "csv", "--delimiter", "|"),
            "riskctl: --delimiter: '|' is not allowed; use ';', ',' or 'tab'",
        ),
        (
            ("-o", "report.pdf"),
            "riskctl: --output: 'report.pdf' is not allowed; end the name with "
            ".md, .html, .xlsx, .docx, .csv or .json, or give --format",
        ),
        (
            ("--org", "XX"),
            "riskctl: org: 'XX' is not allowed; known boards: KS (add one with `riskctl org add`)",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(loaded, tmp_path: Path, monkeypatch, args, message):
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.chdir(folder)
    base = ["report", "analysis", "--year", "2025"]
    if "--org" not in args:
        base += ["--org", "KS"]
    out = loaded(*base, *args)
    assert out.exit_code == 2
    assert out.stderr.strip() == message
    assert list(folder.iterdir()) == []


def test_missing_folder_and_no_half_written_file(loaded, tmp_path: Path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    out = loaded(
        "report", "plan", "--year", "2024", "--org", "KS", "-o", str(folder / "nope" / "plan.docx")
    )
    assert out.exit_code == 2
    assert "does not exist" in out.stderr
    bad = loaded("report", "plan", "--year", "2031", "--org", "KS", "-o", str(folder / "plan.docx"))
    assert bad.exit_code == 2
    # A failure while writing leaves neither the file nor a temporary file behind.
    from riskctl.exporters import docx

    def broken(report, stream):
        stream.write(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(docx, "write_docx", broken)
    failed = loaded(
        "report", "plan", "--year", "2024", "--org", "KS", "-o", str(folder / "plan.docx")
    )
    assert failed.exit_code == 1
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("error", "code", "says"),
    [
        (OSError(28, "No space left on device"), 1, "could not be written (No space left on"),
        (PermissionError(13, "Permission denied"), 2, "is not allowed; it cannot be written"),
        (OSError("disk full"), 1, "could not be written (disk full); nothing was written"),
    ],
)
def test_a_write_error_is_one_line_not_an_unexpected_error(
    loaded, tmp_path: Path, monkeypatch, error, code, says
):
    from riskctl.exporters import docx

    def broken(report, stream):
        stream.write(b"half")
        raise error

    monkeypatch.setattr(docx, "write_docx", broken)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "plan.docx"
    out = loaded("report", "plan", "--year", "2024", "--org", "KS", "-o", str(target))
    assert out.exit_code == code
    [line] = out.stderr.splitlines()
    assert line.startswith(f"riskctl: --output: '{target}' ")
    assert says in line
    assert "unexpected" not in line
    assert list(folder.iterdir()) == []


def test_every_report_command_has_help_with_an_example(loaded):
    for command in ("analysis", "plan", "followup", "matrix"):
        out = loaded("report", command, "--help")
        assert out.exit_code == 0
        assert "Example: riskctl report " + command in " ".join(out.stdout.split())
    out = loaded("import", "--help")
    assert "Example: riskctl import" in " ".join(out.stdout.split())


def _loaded_after(code: str) -> set[str]:
    import subprocess
    import sys

    out = subprocess.run(
        [
            sys.executable,
            "-c",
            code + "\nimport sys\nprint(' '.join(sorted(m.split('.')[0] for m in sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


def test_report_modules_load_no_ui_and_no_office_library_until_needed():
    loaded = _loaded_after(
        "import riskctl.services.reports.build, riskctl.services.importing.run, "
        "riskctl.exporters, riskctl.cell_safety, riskctl.tabular"
    )
    for heavy in ("typer", "textual", "openpyxl", "docx", "tabulate"):
        assert heavy not in loaded, heavy
    for args in (["report", "--help"], ["report", "analysis", "--help"], ["import", "--help"]):
        code = (
            f"import sys\nsys.argv = ['riskctl', *{args!r}]\nimport runpy\n"
            "try:\n    runpy.run_module('riskctl', run_name='__main__')\n"
            "except SystemExit:\n    pass"
        )
        loaded = _loaded_after(code)
        for heavy in ("openpyxl", "docx", "textual", "sqlalchemy"):
            assert heavy not in loaded, (args, heavy)
