"""`riskctl sample` and `riskctl followup attach/evidence` on a real store."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest
from sqlalchemy import text

from tests.sampling.conftest import payroll, write_csv

DRAW_KEYS = {"ids", "size", "population_size", "population_sha256", "seed"}
RESULT_KEYS = {
    "errors",
    "size",
    "error_rate",
    "upper_bound",
    "confidence",
    "tolerable_rate",
    "suggested_assessment",
}
EVIDENCE_KEYS = {"file", "sha256", "size", "user", "at"}


def _draw(cli, item, population, *extra, store=None):
    out = cli(
        *(["--db", store] if store else []),
        "sample", "draw", str(item), "--population", str(population),
        "--id-column", "Verifikation", "--size", "50", "--format", "json", *extra,
    )  # fmt: skip
    assert out.exit_code == 0, out.stderr
    return json.loads(out.stdout)


def _by_hand(population, seed, n):
    """The documented algorithm, with the csv module and hashlib alone."""
    with open(population, encoding="utf-8-sig", newline="") as fh:
        ids = [row["Verifikation"].strip() for row in csv.DictReader(fh, delimiter=";")]
    return sorted(ids, key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest())[:n]


def test_draw_stores_and_reports_the_sample(cli, items, population, here):
    data = _draw(cli, items[0], population, "--seed", "20250301")
    assert set(data) >= DRAW_KEYS
    assert data["size"] == 50 == len(data["ids"]) == len(set(data["ids"]))
    assert data["population_size"] == 1200
    assert data["population_sha256"] == hashlib.sha256(population.read_bytes()).hexdigest()
    assert data["seed"] == 20250301
    assert data["ids"] == _by_hand(population, 20250301, 50)
    shown = json.loads(cli("sample", "show", str(items[0]), "--format", "json").stdout)
    assert shown[0]["ids"] == data["ids"]
    assert shown[0]["id_column"] == "Verifikation"
    assert shown[0]["population_sha256"] == data["population_sha256"]


def test_the_sample_list_is_written_for_the_checker(cli, items, population, here):
    data = _draw(cli, items[0], population, "--seed", "1")
    target = here / f"sample-{items[0]}.csv"
    assert data["file"] == str(target.relative_to(here))
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0] == ["draw", "Verifikation", "Belopp", "Mottagare"]
    assert [r[1] for r in rows[1:]] == data["ids"]
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, 51)]
    first = int(data["ids"][0][1:])
    assert rows[1][2:] == [str(1000 + first), f"Anställd {first}"]
    other = here / "lists" / "urval.csv"
    other.parent.mkdir()
    again = cli(
        "sample", "draw", str(items[1]), "-p", str(population), "--id-column", "Verifikation",
        "-n", "5", "-o", str(other),
    )  # fmt: skip
    assert again.exit_code == 0, again.stderr
    assert other.is_file()
    assert f"sample list: {other}" in again.stdout


def test_the_draw_reproduces_across_two_fresh_stores(cli, items, population, tmp_path, here):
    """The same population, seed and size give the same ids in another store (SQLite, or
    SQLite against PostgreSQL), and with the algorithm run by hand."""
    first = _draw(cli, items[0], population, "--seed", "777")
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert cli("--db", other, "examples", "load").exit_code == 0
    plan = json.loads(
        cli("--db", other, "plan", "show", "--year", "2024", "--org", "KS", "-f", "json").stdout
    )
    second_item = plan["items"][3]["id"]
    second = _draw(cli, second_item, population, "--seed", "777", store=other)
    assert second["ids"] == first["ids"] == _by_hand(population, 777, 50)
    assert second["population_sha256"] == first["population_sha256"]


def test_without_a_seed_one_is_chosen_and_stored(cli, items, population, here):
    data = _draw(cli, items[0], population)
    assert isinstance(data["seed"], int) and data["seed"] >= 0
    assert data["ids"] == _by_hand(population, data["seed"], 50)
    shown = json.loads(cli("sample", "show", str(items[0]), "-f", "json").stdout)
    assert shown[0]["seed"] == data["seed"]


def test_an_xlsx_population(cli, items, tmp_path, here):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Fakturanr", "Leverantör"])
    for n in range(1, 201):
        sheet.append([10_000 + n, f"Leverantör {n % 7}"])
    path = tmp_path / "fakturor.xlsx"
    book.save(path)
    out = cli(
        "sample", "draw", str(items[0]), "-p", str(path), "--id-column", "Fakturanr",
        "-n", "20", "--seed", "5", "-f", "json",
    )  # fmt: skip
    assert out.exit_code == 0, out.stderr
    ids = [str(10_000 + n) for n in range(1, 201)]
    expected = sorted(ids, key=lambda i: hashlib.sha256(f"5:{i}".encode()).hexdigest())[:20]
    assert json.loads(out.stdout)["ids"] == expected
    assert cli("sample", "verify", str(items[0]), "-p", str(path)).exit_code == 0


def test_verify_confirms_the_same_ids(cli, items, population, here, tmp_path):
    _draw(cli, items[0], population, "--seed", "3")
    ok = cli("sample", "verify", str(items[0]), "--population", str(population))
    assert ok.exit_code == 0, ok.stderr
    assert "verified" in ok.stdout and "same 50 ids" in ok.stdout
    data = json.loads(
        cli("sample", "verify", str(items[0]), "-p", str(population), "-f", "json").stdout
    )
    assert data["ok"] is True and data["ids_match"] is True
    # The same content under another name is the same population.
    copy = tmp_path / "kopia.csv"
    copy.write_bytes(population.read_bytes())
    assert cli("sample", "verify", str(items[0]), "-p", str(copy)).exit_code == 0


def test_verify_says_that_the_population_has_changed(cli, items, population, here, store_state):
    data = _draw(cli, items[0], population, "--seed", "3")
    before = store_state()
    old = data["population_sha256"]
    rows = population.read_text(encoding="utf-8-sig").splitlines()
    population.write_text("\n".join(rows[:-1]) + "\n", encoding="utf-8-sig")  # one payment less
    new = hashlib.sha256(population.read_bytes()).hexdigest()
    out = cli("sample", "verify", str(items[0]), "--population", str(population))
    assert out.exit_code == 2
    assert len(out.stderr.strip().splitlines()) == 1
    assert "the population has changed" in out.stderr
    assert old[:12] in out.stderr and new[:12] in out.stderr
    assert store_state() == before


def test_verify_says_when_the_changed_file_no_longer_reads(cli, items, population, here):
    _draw(cli, items[0], population, "--seed", "3")
    population.write_text("Annat;Belopp\n1;2\n", encoding="utf-8")
    out = cli("sample", "verify", str(items[0]), "-p", str(population))
    assert out.exit_code == 2
    assert "no longer reads as the population" in out.stderr


def test_drawing_again_needs_replace_and_keeps_history(cli, items, population, here):
    first = _draw(cli, items[0], population, "--seed", "1")
    refused = cli(
        "sample", "draw", str(items[0]), "-p", str(population), "--id-column", "Verifikation",
        "-n", "50", "--seed", "2",
    )  # fmt: skip
    assert refused.exit_code == 2
    assert "--replace" in refused.stderr
    second = _draw(cli, items[0], population, "--seed", "2", "--replace")
    assert second["revision"] == 2 and second["ids"] != first["ids"]
    shown = json.loads(cli("sample", "show", str(items[0]), "--history", "-f", "json").stdout)
    assert [(s["revision"], s["current"], s["seed"]) for s in shown] == [
        (2, True, 2),
        (1, False, 1),
    ]
    # An interim sample is separate from the annual one.
    interim = _draw(cli, items[0], population, "--seed", "9", "--period", "interim")
    assert interim["revision"] == 1
    ambiguous = cli("sample", "verify", str(items[0]), "-p", str(population))
    assert ambiguous.exit_code == 2 and "--period" in ambiguous.stderr
    assert (
        cli(
            "sample", "verify", str(items[0]), "-p", str(population), "--period", "interim"
        ).exit_code
        == 0
    )


def test_result_quantifies_the_conclusion(cli, items, population, here):
    _draw(cli, items[0], population, "--seed", "1")
    out = cli("sample", "result", str(items[0]), "--errors", "2", "--format", "json")
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= RESULT_KEYS
    assert data["errors"] == 2 and data["size"] == 50
    assert data["error_rate"] == 0.04
    assert round(data["upper_bound"], 4) == 0.1206
    assert data["confidence"] == 0.95 and data["tolerable_rate"] == 0.05
    assert data["suggested_assessment"] == "near"
    table = cli("sample", "result", str(items[0]), "--errors", "2", "--tolerable-rate", "0.15")
    assert "upper bound 12.06 % at 95 % confidence" in table.stdout
    assert "suggested assessment: ok" in table.stdout
    worse = json.loads(
        cli(
            "sample", "result", str(items[0]), "-k", "4", "--confidence", "0.9", "-f", "json"
        ).stdout
    )
    assert worse["suggested_assessment"] == "remark"
    assert worse["confidence"] == 0.9


def test_the_summary_for_the_tui_and_the_report(cli, items, population, here, read):
    from riskctl.services.sampling.summary import sample_summaries, sample_summary

    _draw(cli, items[0], population, "--seed", "1")
    with read() as session:
        before = sample_summary(session=session, item_id=items[0])
        assert sample_summary(session=session, item_id=items[1]) is None
    assert before is not None
    assert before["size"] == 50 and before["errors"] is None and before["upper_bound"] is None
    assert "resultatet är inte registrerat" in before["sentence"]["sv"]
    cli("sample", "result", str(items[0]), "--errors", "2")
    with read() as session:
        after = sample_summary(session=session, item_id=items[0], period="annual")
        many = sample_summaries(session=session, item_ids=items)
    assert after is not None
    assert after["errors"] == 2 and round(after["upper_bound"], 4) == 0.1206
    assert after["suggested_assessment"] == "near"
    assert after["sentence"]["sv"] == (
        "Stickprov om 50 av 1\u00a0200 poster (seed 1): 2 fel (4 %); övre gräns 12,1 % med "
        "95 % konfidens (tolerabel felfrekvens 5 %)."
    )
    assert after["sentence"]["en"].startswith("Sample of 50 of 1,200 items (seed 1): 2 errors (4%)")
    assert set(many) == {items[0]}


def test_the_sample_and_its_result_are_audited(cli, items, population, here):
    _draw(cli, items[0], population, "--seed", "1")
    cli("--user", "revisor", "sample", "result", str(items[0]), "--errors", "1")
    trail = json.loads(cli("audit", "--entity", "sample", "--format", "json").stdout)
    fields = {(e["field"], e["new"]) for e in trail}
    assert ("seed", "1") in fields
    assert ("errors", "1") in fields
    assert any(e["user"] == "revisor" and e["field"] == "errors" for e in trail)


# --- bad input: one line, exit 2, nothing written -------------------------------------------


def _bad_populations(tmp_path):
    dup = write_csv(tmp_path / "dup.csv", [["Verifikation"], ["A"], ["B"], ["A"]])
    small = payroll(tmp_path / "small.csv", 10)
    latin = tmp_path / "latin.csv"
    # Mostly UTF-8 with one stray Windows-1252 byte: refused, not read as mojibake.
    latin.write_bytes("Verifikation\nLöne\n".encode() + b"M\xe5ns\n")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 broken")
    return {"dup": dup, "small": small, "latin": latin, "broken": broken}


@pytest.mark.parametrize(
    ("case", "args", "says"),
    [
        ("no such id column", ["--id-column", "Verif"], "--id-column: 'Verif' is not allowed"),
        ("duplicate ids", ["-p", "{dup}"], "occurs twice"),
        (
            "sample larger than population",
            ["-p", "{small}"],
            "--size: 50 is not allowed; use 1 to 10",
        ),
        ("zero size", ["-n", "0"], "--size: 0 is not allowed"),
        ("not a number", ["-n", "femtio"], "--size: 'femtio' is not allowed"),
        ("missing file", ["-p", "{tmp}/nope.csv"], "the file does not exist"),
        ("not UTF-8", ["-p", "{latin}"], "row 3: byte 0xE5 at offset 20 is not UTF-8"),
        ("broken xlsx", ["-p", "{broken}"], "it cannot be read as XLSX"),
        ("negative seed", ["--seed", "-1"], "--seed: -1 is not allowed"),
        ("huge seed", ["--seed", str(10**18)], "--seed:"),
        ("bad period", ["--period", "monthly"], "period: 'monthly' is not allowed"),
        ("missing output directory", ["-o", "{tmp}/no/such/dir/s.csv"], "does not exist"),
        ("unknown item", ["--item", "9999"], "item: 9999 is not allowed"),
    ],
)
def test_bad_draws_change_nothing(
    cli, items, population, here, tmp_path, store_state, case, args, says
):
    files = {k: str(v) for k, v in _bad_populations(tmp_path).items()}
    item = str(items[0])
    options = {"-p": str(population), "--id-column": "Verifikation", "-n": "50"}
    rest: list[str] = []
    it = iter(args)
    for flag in it:
        value = next(it).format(tmp=tmp_path, **files)
        if flag == "--item":
            item = value
        elif flag in options:
            options[flag] = value
        else:
            rest += [flag, value]
    before = store_state()
    argv = ["sample", "draw", item, *[x for kv in options.items() for x in kv], *rest]
    out = cli(*argv)
    assert out.exit_code == 2, (case, out.stdout, out.stderr)
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert says in out.stderr, out.stderr
    assert store_state() == before
    assert list(here.iterdir()) == []


def test_a_draft_plans_item_cannot_be_sampled(cli, draft_item, population, here, store_state):
    before = store_state()
    out = cli(
        "sample", "draw", str(draft_item), "-p", str(population), "--id-column", "Verifikation",
        "-n", "5",
    )  # fmt: skip
    assert out.exit_code == 2
    assert "only an adopted plan's item can be sampled" in out.stderr
    assert store_state() == before
    assert list(here.iterdir()) == []


def test_a_list_that_cannot_be_written_leaves_the_store_as_it_was(
    cli, items, population, here, store_state
):
    (here / "sample-list.csv").mkdir()
    before = store_state()
    out = cli(
        "sample", "draw", str(items[0]), "-p", str(population), "--id-column", "Verifikation",
        "-n", "5", "-o", "sample-list.csv",
    )  # fmt: skip
    assert out.exit_code == 2 and "it is a directory" in out.stderr
    assert store_state() == before


def test_an_existing_output_is_refused_unless_force(cli, items, population, here, store_state):
    mine = here / "mine.csv"
    mine.write_text("the checker's notes\n", encoding="utf-8")
    argv = [
        "sample", "draw", str(items[0]), "-p", str(population), "--id-column", "Verifikation",
        "-n", "5", "-o", "mine.csv",
    ]  # fmt: skip
    before = store_state()
    out = cli(*argv)
    assert out.exit_code == 2
    assert out.stderr == (
        "riskctl: --output: 'mine.csv' is not allowed; the file exists; give --force to "
        "replace it\n"
    )
    assert mine.read_text(encoding="utf-8") == "the checker's notes\n"
    assert store_state() == before
    forced = cli(*argv, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert mine.read_text(encoding="utf-8-sig").startswith("draw;Verifikation;")
    assert sorted(p.name for p in here.iterdir()) == ["mine.csv"]


def test_a_second_draw_keeps_the_first_list(cli, items, population, here):
    _draw(cli, items[0], population, "--seed", "1")
    first = (here / f"sample-{items[0]}.csv").read_bytes()
    again = _draw(cli, items[0], population, "--seed", "2", "--replace")
    assert again["file"] == f"sample-{items[0]}-annual-2.csv"
    assert (here / f"sample-{items[0]}.csv").read_bytes() == first
    assert (here / again["file"]).is_file()


@pytest.mark.parametrize("existing", [False, True])
def test_a_failed_commit_never_deletes_a_file_the_user_had(
    cli, items, population, here, store_state, monkeypatch, existing
):
    from contextlib import contextmanager

    from riskctl.cli.state import State
    from riskctl.errors import StoreError

    real = State.writing

    @contextmanager
    def failing(self):
        with real(self) as session:
            yield session
            raise StoreError("the store cannot be written (disk full)")

    mine = here / "mine.csv"
    if existing:
        mine.write_text("the checker's notes\n", encoding="utf-8")
    monkeypatch.setattr(State, "writing", failing)
    before = store_state()
    out = cli(
        "sample", "draw", str(items[0]), "-p", str(population), "--id-column", "Verifikation",
        "-n", "5", "-o", "mine.csv", "--force",
    )  # fmt: skip
    assert out.exit_code == 1
    assert "disk full" in out.stderr
    assert store_state() == before
    if existing:
        assert mine.read_text(encoding="utf-8") == "the checker's notes\n"
        assert [p.name for p in here.iterdir()] == ["mine.csv"]
    else:
        assert list(here.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--errors", "51"], "--errors: 51 is not allowed; use 0 to 50"),
        (["--errors", "-1"], "--errors: -1 is not allowed"),
        (["--errors", "2", "--tolerable-rate", "0"], "--tolerable-rate: '0' is not allowed"),
        (["--errors", "2", "--tolerable-rate", "5"], "--tolerable-rate: '5' is not allowed"),
        (["--errors", "2", "--tolerable-rate", "fem"], "--tolerable-rate: 'fem' is not allowed"),
        (["--errors", "2", "--confidence", "95"], "--confidence: '95' is not allowed"),
        (["--errors", "2", "--confidence", "0.3"], "--confidence: '0.3' is not allowed"),
        (["--errors", "2", "--period", "interim"], "no sample has been drawn for the interim"),
    ],
)
def test_bad_results_change_nothing(cli, items, population, here, store_state, args, says):
    _draw(cli, items[0], population, "--seed", "1")
    before = store_state()
    out = cli("sample", "result", str(items[0]), *args)
    assert out.exit_code == 2, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert says in out.stderr
    assert store_state() == before


def test_an_item_without_a_sample(cli, items, population, store_state):
    before = store_state()
    for argv in (
        ["sample", "verify", str(items[0]), "-p", str(population)],
        ["sample", "result", str(items[0]), "--errors", "0"],
    ):
        out = cli(*argv)
        assert out.exit_code == 2
        assert "no sample has been drawn" in out.stderr
    assert store_state() == before
    assert "has no sample" in cli("sample", "show", str(items[0])).stderr


# --- evidence ---------------------------------------------------------------------------------


def test_attach_keeps_the_file_and_evidence_lists_and_verifies_it(cli, items, tmp_path):
    doc = tmp_path / "stickprov-loner.pdf"
    doc.write_bytes(b"%PDF-1.4 signed checklist\n" * 100)
    out = cli("--user", "anna", "followup", "attach", str(items[0]), str(doc), "--period", "annual")
    assert out.exit_code == 0, out.stderr
    assert "SHA-256 " + hashlib.sha256(doc.read_bytes()).hexdigest() in out.stdout
    doc.unlink()  # the store keeps its own copy
    listed = cli("followup", "evidence", str(items[0]), "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    assert set(row) >= EVIDENCE_KEYS
    assert row["file"] == "stickprov-loner.pdf"
    assert row["size"] == 2600
    assert row["user"] == "anna"
    assert row["period"] == "annual"
    assert row["verified"] is True
    saved = tmp_path / "ut"
    saved.mkdir()
    assert cli("followup", "evidence", str(items[0]), "--save", str(saved)).exit_code == 0
    back = saved / f"{row['id']}_stickprov-loner.pdf"
    assert hashlib.sha256(back.read_bytes()).hexdigest() == row["sha256"]
    again = cli("followup", "evidence", str(items[0]), "--save", str(saved))
    assert again.exit_code == 2 and "exists" in again.stderr


@pytest.mark.parametrize(("errno", "code"), [(28, 1), (13, 2)])
def test_a_failed_save_removes_what_it_wrote(cli, items, tmp_path, monkeypatch, errno, code):
    from riskctl import safe_write

    for name in ("a.txt", "b.txt"):
        doc = tmp_path / name
        doc.write_text(name, encoding="utf-8")
        assert cli("followup", "attach", str(items[0]), str(doc)).exit_code == 0
    saved = tmp_path / "ut"
    saved.mkdir()
    opened = []

    real = safe_write.create_exclusive

    def failing_create(path, mode=0o600):
        opened.append(path)
        if len(opened) == 2:
            raise OSError(errno, "No space left on device" if errno == 28 else "Permission denied")
        return real(path, mode)

    monkeypatch.setattr(safe_write, "create_exclusive", failing_create)
    out = cli("followup", "evidence", str(items[0]), "--save", str(saved))
    assert out.exit_code == code
    [line] = out.stderr.splitlines()
    assert line.startswith(f"riskctl: --save: '{opened[1]}' ")
    assert "unexpected" not in line
    assert list(saved.iterdir()) == []


def test_a_sample_list_that_cannot_be_written_is_one_line(
    cli, items, population, here, store_state, monkeypatch
):
    from riskctl import safe_write

    def full(target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safe_write, "temp_beside", full)
    before = store_state()
    out = cli(
        "sample", "draw", str(items[0]), "-p", str(population), "--id-column", "Verifikation",
        "-n", "5",
    )  # fmt: skip
    assert out.exit_code == 1
    assert out.stderr == (
        f"riskctl: --output: 'sample-{items[0]}.csv' could not be written (No space left on "
        "device); nothing was written\n"
    )
    assert store_state() == before
    assert list(here.iterdir()) == []


def test_evidence_catches_a_changed_blob(cli, items, tmp_path, engine):
    doc = tmp_path / "intyg.txt"
    doc.write_text("Kontrollen är genomförd.\n", encoding="utf-8")
    assert cli("followup", "attach", str(items[0]), str(doc)).exit_code == 0
    other = tmp_path / "annat.txt"
    other.write_text("Annat.\n", encoding="utf-8")
    assert cli("followup", "attach", str(items[0]), str(other)).exit_code == 0
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE evidence SET content = :c WHERE file = 'intyg.txt'"),
            {"c": b"Kontrollen \xe4r inte genomf\xf6rd.\n"},
        )
    out = cli("followup", "evidence", str(items[0]), "-f", "json")
    assert out.exit_code == 1
    rows = {r["file"]: r for r in json.loads(out.stdout)}
    assert rows["intyg.txt"]["verified"] is False
    assert rows["annat.txt"]["verified"] is True
    assert "evidence" in out.stderr and "no longer matches its SHA-256" in out.stderr
    assert hashlib.sha256(doc.read_bytes()).hexdigest()[:12] in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    saved = tmp_path / "ut"
    saved.mkdir()
    refused = cli("followup", "evidence", str(items[0]), "--save", str(saved))
    assert refused.exit_code == 1 and list(saved.iterdir()) == []


def test_evidence_is_audited_without_its_content(cli, items, tmp_path):
    doc = tmp_path / "hemligt.txt"
    doc.write_bytes(b"INNEHALL-SOM-INTE-SKA-IN-I-LOGGEN")
    assert cli("followup", "attach", str(items[0]), str(doc)).exit_code == 0
    trail = cli("audit", "--entity", "evidence", "--format", "json")
    assert trail.exit_code == 0, trail.stderr
    [entry] = json.loads(trail.stdout)
    assert "hemligt.txt" in entry["new"]
    assert "INNEHALL" not in trail.stdout


@pytest.mark.parametrize(
    ("setup", "args", "says"),
    [
        (
            "missing",
            ["{tmp}/nope.pdf"],
            "FILE: '{tmp}/nope.pdf' is not allowed; the file does not exist",
        ),
        ("dir", ["{tmp}"], "it is a directory; give a regular file"),
        ("empty", ["{tmp}/empty.txt"], "it is empty"),
        ("dup", ["{tmp}/a.txt"], "already kept for item"),
        ("period", ["{tmp}/a.txt", "--period", "quarterly"], "period: 'quarterly'"),
    ],
)
def test_bad_attachments_change_nothing(cli, items, tmp_path, store_state, setup, args, says):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    if setup == "dup":
        assert cli("followup", "attach", str(items[0]), str(tmp_path / "a.txt")).exit_code == 0
    before = store_state()
    out = cli("followup", "attach", str(items[0]), *[a.format(tmp=tmp_path) for a in args])
    assert out.exit_code == 2, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert says.format(tmp=tmp_path) in out.stderr
    assert store_state() == before


def test_evidence_only_for_an_adopted_plan(cli, draft_item, tmp_path, store_state):
    doc = tmp_path / "a.txt"
    doc.write_text("a", encoding="utf-8")
    before = store_state()
    out = cli("followup", "attach", str(draft_item), str(doc))
    assert out.exit_code == 2 and "adopted" in out.stderr
    assert store_state() == before


def test_list_evidence_for_the_tui(cli, items, tmp_path, read):
    from riskctl.services.evidence import list_evidence

    for name, period in (("a.txt", "interim"), ("b.txt", "annual"), ("c.txt", None)):
        (tmp_path / name).write_text(name, encoding="utf-8")
        args = ["--period", period] if period else []
        assert cli("followup", "attach", str(items[0]), str(tmp_path / name), *args).exit_code == 0
    with read() as session:
        annual = list_evidence(session=session, item_id=items[0], period="annual")
        everything = list_evidence(session=session, item_id=items[0])
    assert [e.file for e in annual] == ["b.txt", "c.txt"]
    assert [e.file for e in everything] == ["a.txt", "b.txt", "c.txt"]
    assert all(e.verified for e in everything)


def test_a_backup_carries_the_evidence(cli, items, tmp_path, store_url):
    if not store_url.startswith("sqlite"):
        pytest.skip("pg_dump's custom format is checked in tests/db")
    import sqlite3

    doc = tmp_path / "protokoll.txt"
    doc.write_bytes(b"Stickprov 50 st, 2 fel.\n")
    assert cli("followup", "attach", str(items[0]), str(doc)).exit_code == 0
    copy = tmp_path / "backup.db"
    assert cli("db", "backup", str(copy)).exit_code == 0
    with sqlite3.connect(copy) as conn:
        [(content, digest)] = conn.execute("SELECT content, sha256 FROM evidence").fetchall()
    assert content == doc.read_bytes()
    assert digest == hashlib.sha256(content).hexdigest()


def _loaded_after(imports: str) -> set[str]:
    import subprocess
    import sys

    code = (
        f"import {imports}, sys\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_the_services_stay_pure_and_the_commands_light():
    services = _loaded_after(
        "riskctl.services.sampling.store, riskctl.services.sampling.summary, "
        "riskctl.services.sampling.sample_list, riskctl.services.evidence"
    )
    assert not {"textual", "typer", "openpyxl", "scipy"} & services
    commands = _loaded_after("riskctl.cli.sample, riskctl.cli.evidence")
    assert not {"textual", "openpyxl", "sqlmodel", "sqlalchemy"} & commands
