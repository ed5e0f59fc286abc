"""`riskctl risk`, `org`, `matrix`, `year rollover` and `examples load` as a user runs them."""

from __future__ import annotations

import json

import pytest

from tests import seeds

# The documented keys of a risk assessment, in the order of the CSV columns.
ASSESSMENT_KEYS = (
    "id",
    "org",
    "year",
    "title",
    "description",
    "probability",
    "significance",
    "value",
    "band",
    "handling",
    "note",
    "owner",
    "version",
)


@pytest.fixture
def ks(cli):
    assert cli("org", "add", "Kommunstyrelsen", "--code", "KS").exit_code == 0
    return cli


def _add(cli, title="Felaktiga löneutbetalningar", p="3", s="2", *extra):
    return cli(
        "risk", "add", "--org", "KS", "--year", "2025", "--title", title, "-p", p, "-s", s, *extra
    )


def test_org_add_and_list_accepts_code_or_name(ks):
    out = ks("org", "list", "--format", "json")
    assert out.exit_code == 0
    [org] = json.loads(out.stdout)
    assert (org["name"], org["code"], org["scale"]) == ("Kommunstyrelsen", "KS", "4×4")
    by_name = ks(
        "risk",
        "add",
        "--org",
        "Kommunstyrelsen",
        "--year",
        "2025",
        "--title",
        "A",
        "-p",
        "1",
        "-s",
        "1",
    )
    by_code = ks(
        "risk", "add", "--org", "ks", "--year", "2025", "--title", "B", "-p", "1", "-s", "1"
    )
    assert (by_name.exit_code, by_code.exit_code) == (0, 0)


def test_org_add_refuses_a_second_board_with_the_same_code(ks, store_state):
    before = store_state()
    out = ks("org", "add", "Kommunstyrelsen 2", "--code", "ks")
    assert out.exit_code == 2
    assert (
        out.stderr == "riskctl: code: 'ks' is not allowed; a board with that code exists already\n"
    )
    assert store_state() == before


def test_risk_add_prints_the_new_id_and_json_has_the_documented_keys(ks):
    first = _add(ks)
    assert first.exit_code == 0
    assert first.stdout.strip().isdigit()
    out = _add(
        ks,
        "Ramavtal följs inte",
        "3",
        "2",
        "--handling",
        "control",
        "--owner",
        "Ekonomichef",
        "--format",
        "json",
    )
    record = json.loads(out.stdout)
    assert set(record) == set(ASSESSMENT_KEYS)
    assert record["id"] == int(first.stdout) + 1
    assert (
        record["value"],
        record["band"],
        record["handling"],
        record["owner"],
        record["version"],
    ) == (6, "medium", "control", "Ekonomichef", 1)


def test_risk_list_sorts_by_value_then_entry_order(ks):
    for title, p, s in (
        ("Low", "1", "2"),
        ("Tie A", "3", "2"),
        ("Top", "4", "4"),
        ("Tie B", "2", "3"),
    ):
        assert _add(ks, title, p, s).exit_code == 0
    out = ks("risk", "list", "--year", "2025", "--org", "KS", "--format", "json")
    assert [r["title"] for r in json.loads(out.stdout)] == ["Top", "Tie A", "Tie B", "Low"]
    filtered = ks("risk", "list", "--year", "2025", "--min-value", "6", "--format", "csv")
    lines = filtered.stdout.splitlines()
    assert lines[0].split(",") == list(ASSESSMENT_KEYS)
    assert [line.split(",")[3] for line in lines[1:]] == ["Top", "Tie A", "Tie B"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-p", "5", "-s", "2"],
            "probability: 5 is not allowed; use 1–4 (1 Osannolik, "
            "2 Mindre sannolik, 3 Möjlig, 4 Sannolik)",
        ),
        (
            ["-p", "2", "-s", "0"],
            "significance: 0 is not allowed; use 1–4 (1 Försumbar, "
            "2 Lindrig, 3 Kännbar, 4 Allvarlig)",
        ),
        (
            ["-p", "abc", "-s", "2"],
            "riskctl risk add: --probability: 'abc' is not allowed; use a whole number",
        ),
        (
            ["-p", "2", "-s", "2", "--handling", "maybe"],
            "handling: 'maybe' is not allowed; use one of control, action, accept",
        ),
    ],
)
def test_bad_scores_and_words_are_refused_with_one_line(ks, store_state, args, message):
    before = store_state()
    out = ks("risk", "add", "--org", "KS", "--year", "2025", "--title", "T", *args)
    assert out.exit_code == 2
    assert out.stdout == ""
    assert out.stderr.splitlines() == [
        message if message.startswith("riskctl") else f"riskctl: {message}"
    ]
    assert store_state() == before


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--org", "KS", "--year", "2025", "--title", "   "], "title: '   '"),
        (["--org", "KS", "--year", "2025", "--title", "x" * 201], "title: 'xxxxxxxx"),
        (["--org", "SN", "--year", "2025", "--title", "T"], "org: 'SN'"),
        (["--org", "KS", "--year", "1899", "--title", "T"], "year: 1899"),
        (["--org", "KS", "--year", "2201", "--title", "T"], "year: 2201"),
    ],
)
def test_bad_fields_are_named_and_change_nothing(ks, store_state, args, field):
    before = store_state()
    out = ks("risk", "add", *args, "-p", "2", "-s", "2")
    assert out.exit_code == 2
    [line] = out.stderr.splitlines()
    assert line.startswith(f"riskctl: {field}")
    assert "is not allowed" in line
    assert store_state() == before


def test_unknown_risk_id_is_a_clear_error(ks):
    out = ks("risk", "show", "999")
    assert out.exit_code == 2
    assert (
        out.stderr == "riskctl: risk id: 999 is not allowed; see `riskctl risk list` for the ids\n"
    )


def test_an_unknown_board_among_many_names_the_nearest_not_all(ks):
    for n in range(1, 14):
        assert ks("org", "add", f"Nämnd {n}", "--code", f"N{n:02}").exit_code == 0
    out = ks("risk", "list", "--year", "2025", "--org", "N1")
    assert out.exit_code == 2
    head, some = out.stderr.strip().split(" e.g. ")
    assert head == "riskctl: org: 'N1' is not allowed; 14 boards,"
    near, tail = some.split(" (")
    assert "N01" in near.split(", ") and len(near.split(", ")) == 5 and "N05" not in near
    assert tail == "`riskctl org list` lists them all)"


def test_edit_changes_fields_bumps_version_and_keeps_history(ks):
    rid = _add(ks).stdout.strip()
    out = ks(
        "risk",
        "edit",
        rid,
        "--year",
        "2025",
        "-p",
        "4",
        "--handling",
        "control",
        "--if-version",
        "1",
        "--format",
        "json",
    )
    assert out.exit_code == 0, out.stderr
    record = json.loads(out.stdout)
    assert (record["probability"], record["value"], record["band"], record["version"]) == (
        4,
        8,
        "high",
        2,
    )
    shown = json.loads(ks("risk", "show", rid, "--format", "json").stdout)
    assert [(y["year"], y["value"]) for y in shown["years"]] == [(2025, 8)]


def test_edit_with_a_stale_version_exits_3_and_writes_nothing(ks, store_state):
    rid = _add(ks).stdout.strip()
    assert ks("risk", "edit", rid, "--year", "2025", "-p", "4").exit_code == 0
    before = store_state()
    out = ks("risk", "edit", rid, "--year", "2025", "-p", "1", "--if-version", "1")
    assert out.exit_code == 3
    assert "is at version 2, not 1: it was changed by " in out.stderr
    assert store_state() == before


def test_remove_asks_and_a_no_keeps_the_risk(ks, store_state):
    rid = _add(ks).stdout.strip()
    before = store_state()
    refused = ks("risk", "remove", rid, "--year", "2025", input="n\n")
    assert refused.exit_code == 1
    assert store_state() == before
    done = ks("risk", "remove", rid, "--year", "2025", "--yes")
    assert done.exit_code == 0
    assert ks("risk", "show", rid).exit_code == 2


def test_a_malformed_url_is_named_without_its_password(cli):
    out = cli("--db", "postgres://anna:hemligt@/", "org", "list")
    assert out.exit_code == 2
    assert "hemligt" not in out.stderr
    assert out.stderr.startswith("riskctl: database URL:")


def test_an_unreachable_server_is_exit_1_and_hides_the_password(cli):
    out = cli("--db", "postgresql://anna:hemligt@127.0.0.1:9/riskctl", "org", "list")
    assert out.exit_code == 1
    assert len(out.stderr.splitlines()) == 1
    assert "cannot reach the store" in out.stderr
    assert "hemligt" not in out.stderr + out.stdout


def test_examples_reproduce_the_2025_analysis_of_seed_003(cli):
    assert cli("examples", "load").exit_code == 0
    again = cli("examples", "load")
    assert "already in the store" in again.stdout
    rows = json.loads(
        cli("risk", "list", "--year", "2025", "--org", "KS", "--format", "json").stdout
    )
    seed = seeds.analysis_2025()
    assert len(rows) == len(seed)
    assert [(r["title"], r["probability"], r["significance"], r["value"]) for r in rows] == [
        (seeds.unhyphenate(s.title), int(s.cells[1]), int(s.cells[2]), int(s.cells[3]))
        for s in seed
    ]


def test_matrix_counts_every_risk_and_is_plain_when_piped(cli):
    cli("examples", "load")
    out = cli("matrix", "--year", "2025", "--org", "KS")
    assert out.exit_code == 0
    assert "\x1b[" not in out.stdout
    cells = json.loads(cli("matrix", "--year", "2025", "--org", "KS", "-f", "json").stdout)
    listed = json.loads(cli("risk", "list", "--year", "2025", "--org", "KS", "-f", "json").stdout)
    assert cells["total"] == len(listed)
    counts = {(c["probability"], c["significance"]): c["count"] for c in cells["cells"]}
    for r in listed:
        assert counts[(r["probability"], r["significance"])] >= 1
    assert sum(counts.values()) == len(listed)
    assert out.stdout.strip().endswith(f"Total: {len(listed)}")


def test_rollover_copies_once_and_never_duplicates(cli):
    cli("examples", "load")
    first = cli("year", "rollover", "--from", "2025", "--to", "2026", "--org", "KS")
    assert first.exit_code == 0
    again = cli(
        "year", "rollover", "--from", "2025", "--to", "2026", "--org", "KS", "--format", "json"
    )
    assert json.loads(again.stdout)["copied"] == []
    old = json.loads(cli("risk", "list", "--year", "2025", "--org", "KS", "-f", "json").stdout)
    new = json.loads(cli("risk", "list", "--year", "2026", "--org", "KS", "-f", "json").stdout)
    assert [(r["id"], r["value"], r["handling"]) for r in new] == [
        (r["id"], r["value"], r["handling"]) for r in old
    ]


def test_rollover_backwards_is_refused(cli):
    cli("examples", "load")
    out = cli("year", "rollover", "--from", "2025", "--to", "2025")
    assert out.exit_code == 2
    assert out.stderr == "riskctl: to: 2025 is not allowed; use a year after 2025\n"


def test_markdown_listing_is_a_pipe_table(cli):
    cli("examples", "load")
    out = cli("risk", "list", "--year", "2024", "--org", "KS", "--format", "md")
    lines = out.stdout.splitlines()
    assert lines[0].startswith("| id ")
    assert set(lines[1]) <= {"|", "-", ":", " "}
    assert len(lines) == 2 + 9


def test_org_set_changes_threshold_and_scale_but_never_loses_scores(ks, tmp_path, store_state):
    assert _add(ks, "Hög risk", "4", "4").exit_code == 0
    small = tmp_path / "small.toml"
    small.write_text(
        "".join(f'[[probability]]\nlabel = "P{n}"\n' for n in range(1, 4))
        + "".join(f'[[significance]]\nlabel = "S{n}"\n' for n in range(1, 4))
        + '[[band]]\nmin = 1\nmax = 9\nlabel = "Alla"\ncolor = "#cccccc"\n',
        encoding="utf-8",
    )
    before = store_state()
    refused = ks("org", "set", "KS", "--scale", str(small))
    assert refused.exit_code == 2
    assert "a smaller scale would lose them" in refused.stderr
    assert store_state() == before
    assert ks("org", "set", "KS", "--threshold", "12", "--name", "KS ny").exit_code == 0
    [org] = json.loads(ks("org", "list", "-f", "json").stdout)
    assert (org["name"], org["threshold"]) == ("KS ny", 12)


def test_risk_show_csv_is_the_table_alone(ks):
    import csv
    import io

    rid = _add(ks, "Röd", "3", "2", "--description", "Lång text").stdout.strip()
    out = ks("risk", "show", rid, "--format", "csv")
    assert out.exit_code == 0, out.stderr
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows[0][:4] == ["year", "probability", "significance", "value"]
    assert [r[:4] for r in rows[1:]] == [["2025", "3", "2", "6"]]
    table = ks("risk", "show", rid)
    assert table.stdout.splitlines()[:2] == [f"{rid} Röd (KS)", "Lång text"]


def test_org_show_csv_has_no_prose_lines(ks):
    import csv
    import io

    out = ks("org", "show", "KS", "--format", "csv")
    assert out.exit_code == 0, out.stderr
    assert "threshold" not in out.stdout
    levels, bands = out.stdout.split("\n\n", 1)
    level_rows = list(csv.reader(io.StringIO(levels)))
    assert level_rows[0] == ["axis", "level", "label", "label_en", "description"]
    assert len(level_rows) == 1 + 4 + 4
    band_rows = list(csv.reader(io.StringIO(bands.strip("\n"))))
    assert band_rows[0] == ["min", "max", "label", "label_en", "color"]
    assert "threshold" in ks("org", "show", "KS").stdout


@pytest.mark.parametrize("fmt", ["csv", "md"])
def test_matrix_refuses_formats_it_does_not_have(ks, fmt):
    out = ks("matrix", "--year", "2025", "--org", "KS", "--format", fmt)
    assert out.exit_code == 2
    [line] = out.stderr.splitlines()
    assert "--format" in line and fmt in line
    assert out.stdout == ""


@pytest.mark.parametrize(
    ("files", "bad", "says"),
    [
        ({"board.toml": 'code = "XB"\n'}, "board.toml", "the file has no name"),
        (
            {
                "board.toml": 'name = "X"\n',
                "analysis-2025.toml": '[[risk]]\ntitle = "A"\nprobability = 1\nsignificance = 1\n'
                '[[risk]]\ntitle = "B"\nsignificance = 2\n',
            },
            "analysis-2025.toml",
            "[[risk]] number 2 has no probability",
        ),
        (
            {"board.toml": 'name = "X"\n', "analysis-2025.toml": "[[risk]]\nprobability = 1\n"},
            "analysis-2025.toml",
            "[[risk]] number 1 has no title",
        ),
        (
            {
                "board.toml": 'name = "X"\n',
                "analysis-2025.toml": '[[risk]]\ntitle = "A"\nprobability = 1\nsignificance = 1\n',
                "plan-2025.toml": '[[item]]\nkey = "nope"\n',
            },
            "plan-2025.toml",
            "[[item]] number 1: no risk of the analysis files has the key nope",
        ),
    ],
)
def test_examples_with_a_missing_key_name_the_file_and_the_key(
    cli, tmp_path, store_state, files, bad, says
):
    folder = tmp_path / "boards" / "x"
    folder.mkdir(parents=True)
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    before = store_state()
    out = cli("examples", "load", "--dir", str(tmp_path / "boards"))
    assert out.exit_code == 2, out.stderr
    assert out.stderr == (f"riskctl: example file: '{folder / bad}' is not allowed; {says}\n")
    assert store_state() == before


def test_org_set_with_a_file_of_bands_alone_keeps_the_levels(ks, tmp_path, store_state):
    # The README's example: `riskctl org set KS --threshold 6 --scale bands.toml`.
    levels_before = json.loads(ks("org", "show", "KS", "-f", "json").stdout)["levels"]
    bands = tmp_path / "bands.toml"
    bands.write_text(
        '[[band]]\nmin = 1\nmax = 5\nlabel = "Låg"\nlabel_en = "Low"\ncolor = "#00ff00"\n'
        '[[band]]\nmin = 6\nmax = 16\nlabel = "Hög"\nlabel_en = "High"\ncolor = "#ff0000"\n',
        encoding="utf-8",
    )
    done = ks("org", "set", "KS", "--threshold", "6", "--scale", str(bands))
    assert done.exit_code == 0, done.stderr
    shown = json.loads(ks("org", "show", "KS", "-f", "json").stdout)
    assert shown["levels"] == levels_before
    assert [(b["min"], b["max"], b["label"]) for b in shown["bands"]] == [
        (1, 5, "Låg"),
        (6, 16, "Hög"),
    ]
    assert shown["threshold"] == 6
    # Bands that miss a risk value of the board's levels are refused, and nothing changes.
    gap = tmp_path / "gap.toml"
    gap.write_text('[[band]]\nmin = 1\nmax = 9\nlabel = "Låg"\ncolor = "#00ff00"\n', "utf-8")
    before = store_state()
    refused = ks("org", "set", "KS", "--threshold", "9", "--scale", str(gap))
    assert refused.exit_code == 2
    assert refused.stderr == (
        "riskctl: bands: 'risk value 12' is not allowed; every risk value must fall in "
        "exactly one band\n"
    )
    assert store_state() == before
    # A new board still needs its levels.
    new = ks("org", "add", "Socialnämnden", "--code", "SN", "--scale", str(bands))
    assert new.exit_code == 2
    assert "[[probability]]" in new.stderr
    assert store_state() == before
