"""`riskctl plan`, `followup` and `due`: the yearly control plan and its follow-ups."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests import seeds


@pytest.fixture
def ex(cli):
    assert cli("examples", "load").exit_code == 0
    return cli


def _plan(cli, year="2025"):
    out = cli("plan", "show", "--year", year, "--org", "KS", "--format", "json")
    assert out.exit_code == 0, out.stderr
    return json.loads(out.stdout)


def _item_of(plan, fragment):
    return next(i for i in plan["items"] if fragment in i["title"])


def test_generate_gives_exactly_the_seven_rows_of_bilaga_1(ex):
    out = ex("plan", "generate", "--year", "2025", "--org", "KS", "--format", "json")
    assert out.exit_code == 0, out.stderr
    items = json.loads(out.stdout)["items"]
    seed = seeds.plan_2025()
    assert len(items) == len(seed) == 7
    for item, row in zip(items, seed, strict=True):
        # Bilaga 1 shortens one title ("Energibrist" for "Energibrist/effektbrist").
        assert item["title"].startswith(row.title)
        assert item["value"] == int(row.cells[1])
        assert item["owner"] == seeds.unhyphenate(row.cells[3])
    assert {"id", "risk_id", "title", "description", "value", "method", "owner", "version"} <= set(
        items[0]
    )
    assert "stickprov" in items[0]["method"]


def test_generate_warns_about_uncontrolled_high_risks_and_last_years_remarks(ex):
    out = ex("plan", "generate", "--year", "2025", "--org", "KS")
    warnings = [line for line in out.stderr.splitlines() if line.startswith("warning:")]
    assert "warning: Cyberhot has risk value 8 (threshold 8) but its handling is action" in warnings
    assert any("Cyberhot: the 2024 follow-up found remarks close to target" in w for w in warnings)
    assert not any("Välfärdsbrottslighet" in w for w in warnings)


def test_generate_again_keeps_edits_and_never_duplicates(ex):
    ex("plan", "generate", "--year", "2025", "--org", "KS")
    item = _item_of(_plan(ex), "Ramavtal")
    assert (
        ex(
            "plan",
            "set",
            str(item["id"]),
            "--method",
            "Stickprov på 20 inköp",
            "--owner",
            "Inköpschef",
        ).exit_code
        == 0
    )
    removed = _item_of(_plan(ex), "förtroendevalda")
    assert ex("plan", "remove", str(removed["id"])).exit_code == 0
    again = ex("plan", "generate", "--year", "2025", "--org", "KS")
    assert again.exit_code == 0
    plan = _plan(ex)
    assert len(plan["items"]) == 6
    kept = _item_of(plan, "Ramavtal")
    assert (kept["method"], kept["owner"]) == ("Stickprov på 20 inköp", "Inköpschef")
    assert not any("förtroendevalda" in i["title"] for i in plan["items"])


def test_plan_add_puts_a_risk_in_by_hand(ex):
    ex("plan", "generate", "--year", "2025", "--org", "KS")
    risks = json.loads(ex("risk", "list", "--year", "2025", "--org", "KS", "-f", "json").stdout)
    cyber = next(r for r in risks if r["title"] == "Cyberhot")
    out = ex("plan", "add", str(cyber["id"]), "--year", "2025")
    assert out.exit_code == 0
    titles = [i["title"] for i in _plan(ex)["items"]]
    assert titles[:3] == ["Välfärdsbrottslighet", "Energibrist/effektbrist", "Cyberhot"]
    twice = ex("plan", "add", str(cyber["id"]), "--year", "2025")
    assert twice.exit_code == 2


def test_adopt_freezes_a_fingerprinted_snapshot_and_locks(ex, store_state):
    ex("plan", "generate", "--year", "2025", "--org", "KS")
    out = ex(
        "plan",
        "adopt",
        "--year",
        "2025",
        "--org",
        "KS",
        "--date",
        "2024-12-16",
        "--ref",
        "KS 2024/123",
        "--format",
        "json",
    )
    assert out.exit_code == 0, out.stderr
    plan = json.loads(out.stdout)
    assert (plan["status"], plan["adopted_on"], plan["ref"]) == (
        "adopted",
        "2024-12-16",
        "KS 2024/123",
    )
    snapshot = {
        "org": "KS",
        "year": 2025,
        "adopted_on": "2024-12-16",
        "ref": "KS 2024/123",
        "items": [{k: v for k, v in i.items() if k != "version"} for i in plan["items"]],
    }
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert plan["fingerprint"] == hashlib.sha256(canonical.encode()).hexdigest()

    item = plan["items"][0]
    before = store_state()
    refused = [
        ex("plan", "set", str(item["id"]), "--method", "x"),
        ex("plan", "remove", str(item["id"])),
        ex("risk", "edit", str(item["risk_id"]), "--year", "2025", "-p", "1"),
        ex("plan", "generate", "--year", "2025", "--org", "KS"),
    ]
    for out in refused:
        assert out.exit_code == 2
        assert "reopen" in out.stderr
        assert "--org KS" in out.stderr
        assert len(out.stderr.splitlines()) == 1
    assert store_state() == before
    # A risk outside the plan stays editable.
    risks = json.loads(ex("risk", "list", "--year", "2025", "--org", "KS", "-f", "json").stdout)
    cyber = next(r for r in risks if r["title"] == "Cyberhot")
    assert ex("risk", "edit", str(cyber["id"]), "--year", "2025", "-p", "3").exit_code == 0


def test_reopen_keeps_the_reason_and_diff_shows_changes(ex):
    ex("plan", "generate", "--year", "2025", "--org", "KS")
    ex("plan", "adopt", "--year", "2025", "--org", "KS", "--date", "2024-12-16")
    no_reason = ex("plan", "reopen", "--year", "2025", "--org", "KS", "--reason", " ")
    assert no_reason.exit_code == 2
    out = ex(
        "plan", "reopen", "--year", "2025", "--org", "KS", "--reason", "Nytt beslut KS 2025-03-10"
    )
    assert out.exit_code == 0
    first = _plan(ex)["items"][0]
    ex("plan", "set", str(first["id"]), "--owner", "Kommundirektör")
    diff = json.loads(ex("plan", "diff", "--year", "2025", "--org", "KS", "-f", "json").stdout)
    assert diff == [
        {
            "change": "changed",
            "risk_id": first["risk_id"],
            "title": first["title"],
            "field": "owner",
            "adopted": "Ekonomichef",
            "now": "Kommundirektör",
        }
    ]
    history = json.loads(
        ex("plan", "history", "--year", "2025", "--org", "KS", "-f", "json").stdout
    )
    assert [(e["kind"], e["reason"]) for e in history] == [
        ("adopt", None),
        ("reopen", "Nytt beslut KS 2025-03-10"),
    ]


def test_a_draft_cannot_be_followed_up(ex, store_state):
    ex("plan", "generate", "--year", "2025", "--org", "KS")
    item = _plan(ex)["items"][0]
    before = store_state()
    out = ex(
        "followup",
        "record",
        str(item["id"]),
        "--period",
        "interim",
        "--assessment",
        "ok",
        "--result",
        "Inga fel",
    )
    assert out.exit_code == 2
    assert "only an adopted plan can be followed up" in out.stderr
    assert store_state() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--period", "monthly", "--assessment", "ok"],
            "riskctl: period: 'monthly' is not allowed; use one of interim, annual",
        ),
        (
            ["--period", "annual", "--assessment", "great"],
            "riskctl: assessment: 'great' is not allowed; use one of ok, near, remark, none",
        ),
    ],
)
def test_bad_followup_words_are_refused(ex, store_state, args, message):
    item = _plan(ex, "2024")["items"][0]
    before = store_state()
    out = ex("followup", "record", str(item["id"]), *args, "--result", "x")
    assert out.exit_code == 2
    assert out.stderr.splitlines() == [message]
    assert store_state() == before


def test_unknown_item_is_refused(ex):
    out = ex(
        "followup", "record", "9999", "--period", "annual", "--assessment", "ok", "--result", "x"
    )
    assert out.exit_code == 2
    assert out.stderr.startswith("riskctl: item: 9999 is not allowed")


def test_recording_again_replaces_and_keeps_the_earlier_version(ex):
    item = _plan(ex, "2024")["items"][0]
    out = ex(
        "followup",
        "record",
        str(item["id"]),
        "--period",
        "annual",
        "--assessment",
        "remark",
        "--result",
        "Omprövad: 4 fel av 50",
        "--date",
        "2025-02-20",
    )
    assert out.exit_code == 0, out.stderr
    now = json.loads(
        ex(
            "followup", "list", "--year", "2024", "--org", "KS", "--period", "annual", "-f", "json"
        ).stdout
    )
    mine = [f for f in now if f["item"] == item["id"]]
    assert [(f["assessment"], f["revision"]) for f in mine] == [("remark", 2)]
    history = json.loads(
        ex(
            "followup",
            "list",
            "--year",
            "2024",
            "--org",
            "KS",
            "--period",
            "annual",
            "--history",
            "-f",
            "json",
        ).stdout
    )
    assert [f["revision"] for f in history if f["item"] == item["id"]] == [2, 1]


def test_summary_2024_matches_the_annual_report(ex):
    out = ex("followup", "summary", "--year", "2024", "--org", "KS", "--format", "json")
    summary = json.loads(out.stdout)
    assert {k: summary[k] for k in ("risks", "ok", "near", "remark", "none")} == {
        "risks": 9,
        "ok": 3,
        "near": 5,
        "remark": 1,
        "none": 0,
    }
    sv = summary["sentence"]["sv"]
    report = seeds.annual_report_2024()
    # The report's own sentences, word for word.
    for sentence in (
        "För tre av riskerna noterades inga anmärkningar vid uppföljningen.",
        "Fem risker visade däremot på vissa avvikelser, vilket innebär att "
        "åtgärder behöver vidtas för att de ska anses som hanterade.",
    ):
        assert sentence in sv
        assert sentence in report
    assert sv.startswith("Planen omfattade totalt nio identifierade risker")
    assert "Planen omfattade totalt nio identifierade risker" in report
    assert sv.count("Fem risker") == 1
    assert "Felaktig utbetalning till förtroendevalda" in sv
    en = summary["sentence"]["en"]
    assert en.startswith("The plan comprised nine identified risks in total.")
    swedish = ex("--lang", "sv", "followup", "summary", "--year", "2024", "--org", "KS")
    assert swedish.stdout.strip().endswith(sv)


def test_summary_counts_items_without_followup_as_none(ex):
    ex("plan", "generate", "--year", "2025", "--org", "KS")
    ex("plan", "adopt", "--year", "2025", "--org", "KS", "--date", "2024-12-16")
    item = _plan(ex)["items"][0]
    ex(
        "followup",
        "record",
        str(item["id"]),
        "--period",
        "annual",
        "--assessment",
        "ok",
        "--result",
        "Inga fel",
    )
    out = json.loads(
        ex("followup", "summary", "--year", "2025", "--org", "KS", "-f", "json").stdout
    )
    assert (out["risks"], out["ok"], out["none"]) == (7, 1, 6)
    assert "För sex risker har ingen bedömning genomförts." in out["sentence"]["sv"]


def test_due_lists_missing_followups_after_their_deadlines(ex):
    ex("plan", "generate", "--year", "2025", "--org", "KS")
    ex("plan", "adopt", "--year", "2025", "--org", "KS", "--date", "2024-12-16")
    items = _plan(ex)["items"]

    def due(day):
        out = ex("due", "--date", day, "--org", "KS", "--format", "json")
        assert out.exit_code == 0, out.stderr
        return [(d["year"], d["item"], d["period"]) for d in json.loads(out.stdout)]

    assert [d for d in due("2025-08-31") if d[0] == 2025] == []
    assert [d for d in due("2025-09-01") if d[0] == 2025] == [
        (2025, i["id"], "interim") for i in items
    ]
    # 2025 is no leap year: the annual follow-up is due after 28 February 2026.
    assert len([d for d in due("2026-02-28") if d[0] == 2025]) == 7
    assert len([d for d in due("2026-03-01") if d[0] == 2025]) == 14
    ex(
        "followup",
        "record",
        str(items[0]["id"]),
        "--period",
        "annual",
        "--assessment",
        "ok",
        "--result",
        "Inga fel",
    )
    after = [d for d in due("2026-03-01") if d[0] == 2025]
    assert all(d[1] != items[0]["id"] for d in after)
    assert len(after) == 12


def test_rollover_proposes_control_for_risks_with_remarks(ex):
    out = ex(
        "--lang",
        "sv",
        "year",
        "rollover",
        "--from",
        "2024",
        "--to",
        "2025",
        "--org",
        "KS",
        "--format",
        "json",
    )
    # Every 2024 risk is in the 2025 analysis already: nothing is copied, nothing duplicated.
    assert json.loads(out.stdout)["copied"] == []
    ex("plan", "generate", "--year", "2025", "--org", "KS")
    ex("plan", "adopt", "--year", "2025", "--org", "KS", "--date", "2024-12-16")
    items = _plan(ex)["items"]
    ex(
        "followup",
        "record",
        str(items[1]["id"]),
        "--period",
        "interim",
        "--assessment",
        "remark",
        "--result",
        "Tre av tio verksamheter saknar kontinuitetsplan",
    )
    out = ex(
        "--lang",
        "sv",
        "year",
        "rollover",
        "--from",
        "2025",
        "--to",
        "2026",
        "--org",
        "KS",
        "--format",
        "json",
    )
    proposed = [c for c in json.loads(out.stdout)["copied"] if c["proposed"]]
    assert [c["risk_id"] for c in proposed] == [items[1]["risk_id"]]
    record = json.loads(ex("risk", "list", "--year", "2026", "--org", "KS", "-f", "json").stdout)
    moved = next(r for r in record if r["id"] == items[1]["risk_id"])
    assert moved["handling"] == "control"
    assert moved["note"].startswith(
        "Föreslås för internkontroll: uppföljningen 2025 visade på anmärkningar."
    )


def test_summary_for_all_boards_has_a_row_per_board_and_a_total(ex):
    ex("org", "add", "Socialnämnden", "--code", "SN")
    ex(
        "risk",
        "add",
        "--org",
        "SN",
        "--year",
        "2024",
        "--title",
        "Bristande tillsyn",
        "-p",
        "3",
        "-s",
        "3",
        "--handling",
        "control",
    )
    ex("plan", "generate", "--year", "2024", "--org", "SN")
    out = ex("followup", "summary", "--year", "2024", "--org", "all", "--format", "json")
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    assert [(b["org"], b["risks"], b["ok"], b["none"]) for b in data["boards"]] == [
        ("KS", 9, 3, 0),
        ("SN", 1, 0, 1),
    ]
    assert data["total"] == {"risks": 10, "ok": 3, "near": 5, "remark": 1, "none": 1}


def test_generate_never_deletes_an_item_that_was_followed_up(ex, store_state):
    ex("plan", "generate", "--year", "2025", "--org", "KS")
    ex("plan", "adopt", "--year", "2025", "--org", "KS", "--date", "2024-12-16")
    item = _plan(ex)["items"][1]
    ex(
        "followup",
        "record",
        str(item["id"]),
        "--period",
        "interim",
        "--assessment",
        "ok",
        "--result",
        "Inga fel",
    )
    ex("plan", "reopen", "--year", "2025", "--org", "KS", "--reason", "Ny bedömning")
    ex("risk", "edit", str(item["risk_id"]), "--year", "2025", "--handling", "action")
    out = ex("plan", "generate", "--year", "2025", "--org", "KS")
    assert out.exit_code == 0, out.stderr
    assert "it has follow-ups, samples or evidence" in out.stderr
    assert item["id"] in [i["id"] for i in _plan(ex)["items"]]
    listed = json.loads(
        ex("followup", "list", "--year", "2025", "--org", "KS", "-f", "json").stdout
    )
    assert [f["item"] for f in listed] == [item["id"]]
    before = store_state()
    refused = ex("plan", "remove", str(item["id"]))
    assert refused.exit_code == 2
    assert store_state() == before


def _second_board(cli):
    cli("org", "add", "Barn- och utbildningsnämnden", "--code", "BUN")
    for title, p, s, handling, note in (
        ("Brister i skolskjuts", "4", "3", "control", "Stickprov på 20 resor."),
        ("Felaktig betygssättning", "3", "3", "action", ""),
        ("Låg lärarbehörighet", "2", "2", "control", "Granskning av tjänstefördelningen."),
    ):
        args = ["--org", "BUN", "--year", "2025", "--title", title, "-p", p, "-s", s]
        out = cli("risk", "add", *args, "--handling", handling, "--note", note)
        assert out.exit_code == 0, out.stderr


def test_generate_for_all_boards_gives_each_board_its_own_plan_and_warnings(ex):
    """`--org all` works on every board at once: each board gets what it gets alone, and no
    board's warnings leak into another's."""
    _second_board(ex)
    out = ex("plan", "generate", "--year", "2025", "--org", "all", "-f", "json")
    assert out.exit_code == 0, out.stderr
    boards = {board["org"]: board for board in json.loads(out.stdout)}
    assert (boards["KS"]["added"], boards["BUN"]["added"]) == (7, 2)
    assert boards["BUN"]["warnings"] == [
        "Felaktig betygssättning has risk value 9 (threshold 8) but its handling is action"
    ]
    ks = boards["KS"]["warnings"]
    assert "Cyberhot has risk value 8 (threshold 8) but its handling is action" in ks
    assert any("Cyberhot: the 2024 follow-up found remarks close to target" in w for w in ks)
    plan = json.loads(ex("plan", "show", "--year", "2025", "--org", "BUN", "-f", "json").stdout)
    assert [(i["title"], i["method"]) for i in plan["items"]] == [
        ("Brister i skolskjuts", "Stickprov på 20 resor."),
        ("Låg lärarbehörighet", "Granskning av tjänstefördelningen."),
    ]
    items, seed = _plan(ex)["items"], seeds.plan_2025()
    assert len(items) == len(seed)
    assert all(i["title"].startswith(row.title) for i, row in zip(items, seed, strict=True))
    for code in ("KS", "BUN"):  # one board alone now: nothing changes, the same warnings
        before = ex("plan", "show", "--year", "2025", "--org", code, "-f", "json").stdout
        out = ex("plan", "generate", "--year", "2025", "--org", code, "-f", "json")
        assert json.loads(out.stdout) == json.loads(before)
        warned = [line for line in out.stderr.splitlines() if line.startswith("warning: ")]
        assert warned == [f"warning: {w}" for w in boards[code]["warnings"]]


def test_an_adopted_plan_is_shown_as_adopted_after_its_risk_is_reworded(ex):
    ex("plan", "generate", "--year", "2025", "--org", "KS")
    adopt = ["plan", "adopt", "--year", "2025", "--org", "KS", "--date", "2024-12-16"]
    assert ex(*adopt, "--ref", "KS 2024/123").exit_code == 0
    first = _plan(ex)["items"][0]
    assert ex("year", "rollover", "--from", "2025", "--to", "2026", "--org", "KS").exit_code == 0
    edit = ["risk", "edit", str(first["risk_id"]), "--year", "2026", "--title", "Ny lydelse"]
    assert ex(*edit).exit_code == 0, "the 2026 analysis is open to changes"
    shown = _item_of(_plan(ex), first["title"])
    assert (shown["id"], shown["title"], shown["description"]) == (
        first["id"],
        first["title"],
        first["description"],
    )
    assert "Ny lydelse" not in ex("plan", "show", "--year", "2025", "--org", "KS").stdout
