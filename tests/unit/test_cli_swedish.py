"""The command line in Swedish: `--lang sv`, $RISKCTL_LANG=sv or `lang = "sv"` in the config
file make every message, error and table header Swedish; `--lang en` and the default are
English. CSV headers and JSON keys are machine keys in every language.
"""

from __future__ import annotations

import json
import re

import pytest

from riskctl.i18n import language

PLAN_LINE = re.compile(
    r"^Internkontrollplan 2025, Kommunstyrelsen \(KS\): antagen 2024-12-16, KS2024/0123; "
    r"låst \(fingeravtryck [0-9a-f]{64}\)$"
)


@pytest.fixture
def ks(cli):  # type: ignore[no-untyped-def]
    """A store with Kommunstyrelsen (KS) and two risks in its 2025 analysis, one for control."""

    def ok(*args: str):  # type: ignore[no-untyped-def]
        out = cli(*args)
        assert out.exit_code == 0, out.stderr
        return out

    ok("org", "add", "Kommunstyrelsen", "--code", "KS")
    ok(
        "risk",
        "add",
        "--org",
        "KS",
        "--year",
        "2025",
        "--title",
        "Välfärdsbrottslighet",
        "-p",
        "3",
        "-s",
        "4",
        "--handling",
        "control",
        "--owner",
        "Ekonomichef",
    )
    ok("risk", "add", "--org", "KS", "--year", "2025", "--title", "Cyberhot", "-p", "2", "-s", "4")
    return cli


def test_a_bad_probability_is_refused_in_swedish_with_the_scale(ks):
    out = ks(
        "--lang",
        "sv",
        "risk",
        "add",
        "--org",
        "KS",
        "--year",
        "2025",
        "--title",
        "Energibrist",
        "-p",
        "5",
        "-s",
        "2",
    )
    assert out.exit_code == 2
    assert out.stderr == (
        "riskctl: probability: 5 är inte tillåtet; använd 1–4 (1 Osannolik, 2 Mindre sannolik, "
        "3 Möjlig, 4 Sannolik)\n"
    )
    not_a_number = ks(
        "--lang", "sv", "risk", "add", "--org", "KS", "--year", "2025", "-t", "X", "-p", "abc"
    )
    assert not_a_number.exit_code == 2
    assert not_a_number.stderr == (
        "riskctl risk add: --probability: 'abc' är inte tillåtet; använd ett heltal\n"
    )


def test_an_unknown_board_is_refused_in_swedish(ks):
    out = ks("--lang", "sv", "risk", "list", "--year", "2025", "--org", "XX")
    assert out.exit_code == 2
    assert out.stderr == (
        "riskctl: org: 'XX' är inte tillåtet; kända nämnder: KS "
        "(lägg till en med `riskctl org add`)\n"
    )


def test_the_plan_status_line_for_a_draft_and_an_adopted_plan(ks):
    generated = ks("--lang", "sv", "plan", "generate", "--year", "2025", "--org", "KS")
    assert generated.exit_code == 0, generated.stderr
    assert generated.stdout.splitlines()[0] == "1 tillagda, 0 uppdaterade, 0 borttagna"
    assert generated.stderr == (
        "varning: Cyberhot har riskvärde 8 (tröskel 8) men hanteras med åtgärder utanför planen\n"
    )
    draft = ks("--lang", "sv", "plan", "show", "--year", "2025", "--org", "KS")
    lines = draft.stdout.splitlines()
    assert lines[0] == "Internkontrollplan 2025, Kommunstyrelsen (KS): utkast"
    assert lines[1].split() == ["punkt", "risk", "rubrik", "värde", "metod", "ansvarig"]
    adopted = ks(
        "--lang",
        "sv",
        "plan",
        "adopt",
        "--year",
        "2025",
        "--org",
        "KS",
        "--date",
        "2024-12-16",
        "--ref",
        "KS2024/0123",
    )
    assert adopted.stdout.startswith("antog internkontrollplanen 2025 för KS (1 punkt); ")
    shown = ks("--lang", "sv", "plan", "show", "--year", "2025", "--org", "KS")
    assert PLAN_LINE.match(shown.stdout.splitlines()[0]), shown.stdout
    locked = ks("--lang", "sv", "risk", "edit", "1", "--year", "2025", "-p", "4")
    assert locked.exit_code == 2
    assert locked.stderr.startswith(
        "riskctl: risk 1 ingår i internkontrollplanen 2025, antagen 2024-12-16; "
        "återöppna planen först"
    )


def test_risk_list_has_swedish_headers_in_a_table_and_machine_keys_in_csv_and_json(ks):
    table = ks("--lang", "sv", "risk", "list", "--year", "2025", "--org", "KS")
    assert table.stdout.splitlines()[0].split() == [
        "id",
        "risk",
        "S",  # sannolikhet
        "V",  # väsentlighet
        "värde",
        "nivå",
        "hantering",
        "ansvarig",
    ]
    md = ks("--lang", "sv", "risk", "list", "--year", "2025", "--org", "KS", "-f", "md")
    assert [c.strip() for c in md.stdout.splitlines()[0].strip("|").split("|")][:4] == [
        "id",
        "risk",
        "S",
        "V",
    ]
    csv = ks("--lang", "sv", "risk", "list", "--year", "2025", "--org", "KS", "-f", "csv")
    assert csv.stdout.splitlines()[0] == (
        "id,org,year,title,description,probability,significance,value,band,handling,note,"
        "owner,version"
    )
    rows = json.loads(
        ks("--lang", "sv", "risk", "list", "--year", "2025", "--org", "KS", "-f", "json").stdout
    )
    assert {"probability", "significance", "handling"} <= set(rows[0])
    empty = ks("--lang", "sv", "risk", "list", "--year", "2030", "--org", "KS")
    assert empty.stderr == "inga risker för 2030\n"


def test_the_matrix_labels_are_swedish(ks):
    out = ks("--lang", "sv", "matrix", "--year", "2025", "--org", "KS")
    lines = out.stdout.splitlines()
    assert lines[0] == "Sannolikhet ↓   Väsentlighet →"
    assert "1 Försumbar" in lines[1] and "4 Allvarlig" in lines[1]
    assert lines[2].startswith("4 Sannolik")
    assert lines[-1] == "Totalt: 2"


def test_nothing_due_in_swedish(ks):
    out = ks("--lang", "sv", "due", "--date", "2025-09-15")
    assert out.exit_code == 0, out.stderr
    assert out.stdout == "inget försenat 2025-09-15\n"


SAMPLES = [
    ("risk", "list", "--year", "2025", "--org", "KS"),
    ("risk", "list", "--year", "2025", "--org", "XX"),
    ("matrix", "--year", "2025", "--org", "KS"),
    ("due", "--date", "2025-09-15"),
    ("plan", "show", "--year", "2025", "--org", "KS"),
]


def test_riskctl_lang_and_the_config_file_give_the_same_as_the_option(ks, monkeypatch, tmp_path):
    ks("plan", "generate", "--year", "2025", "--org", "KS")
    by_option = [ks("--lang", "sv", *args) for args in SAMPLES]
    assert "Sannolikhet" in by_option[2].stdout
    monkeypatch.setenv("RISKCTL_LANG", "sv")
    assert [ks(*args) for args in SAMPLES] == by_option
    monkeypatch.delenv("RISKCTL_LANG")
    config = tmp_path / "config.toml"
    config.write_text('lang = "sv"\n', encoding="utf-8")
    monkeypatch.setenv("RISKCTL_CONFIG", str(config))
    assert [ks(*args) for args in SAMPLES] == by_option
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    monkeypatch.delenv("RISKCTL_CONFIG")
    assert [ks(*args) for args in SAMPLES] == by_option


def test_lang_en_gives_english_whatever_the_environment_says(ks, monkeypatch):
    monkeypatch.setenv("RISKCTL_LANG", "sv")
    out = ks("--lang", "en", "matrix", "--year", "2025", "--org", "KS")
    assert out.stdout.splitlines()[0] == "Probability ↓   Significance →"
    assert out.stdout.splitlines()[-1] == "Total: 2"
    listed = ks("--lang", "en", "risk", "list", "--year", "2025", "--org", "KS")
    assert listed.stdout.splitlines()[0].split() == [
        "id",
        "risk",
        "P",
        "S",
        "value",
        "band",
        "handling",
        "owner",
    ]
    bad = ks("--lang", "en", "risk", "list", "--year", "2025", "--org", "XX")
    assert bad.stderr == (
        "riskctl: org: 'XX' is not allowed; known boards: KS (add one with `riskctl org add`)\n"
    )
    assert ks("--lang", "en", "due", "--date", "2025-09-15").stdout == (
        "nothing due on 2025-09-15\n"
    )
    ks("plan", "generate", "--year", "2025", "--org", "KS")
    shown = ks("--lang", "en", "plan", "show", "--year", "2025", "--org", "KS")
    assert shown.stdout.splitlines()[0] == "Internal control plan 2025, Kommunstyrelsen (KS): draft"


def test_the_language_holds_for_one_command_only(ks):
    assert ks("--lang", "sv", "due", "--date", "2025-09-15").stdout.startswith("inget")
    assert language() == "en"
    assert ks("due", "--date", "2025-09-15").stdout == "nothing due on 2025-09-15\n"
