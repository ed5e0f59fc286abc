"""`riskctl plan verify` and the seal's warning: an adopted plan changed past riskctl, in the
database itself, is caught and named, and never shown as the adopted plan."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, text

from riskctl.services.plans.seal import fingerprint


@pytest.fixture
def ex(cli):
    assert cli("examples", "load").exit_code == 0
    return cli


def _sql(engine: Engine, statement: str, **params: object) -> None:
    """A change made past riskctl, as somebody with the database's password could."""
    with engine.begin() as conn:
        conn.execute(text(statement), params)


def _plan_2024(engine: Engine) -> tuple[int, int]:
    """The 2024 plan's id and its last adoption's id."""
    with engine.connect() as conn:
        plan = conn.execute(text("SELECT id FROM plan WHERE year = 2024")).scalar_one()
        event = conn.execute(
            text("SELECT max(id) FROM plan_event WHERE plan_id = :p AND kind = 'adopt'"),
            {"p": plan},
        ).scalar_one()
    return plan, event


def _snapshot(engine: Engine, event: int) -> dict:
    with engine.connect() as conn:
        stored = conn.execute(
            text("SELECT snapshot FROM plan_event WHERE id = :e"), {"e": event}
        ).scalar_one()
    return json.loads(stored)


def _rewrite_snapshot(engine: Engine, event: int, fingerprint_too: bool = False) -> dict:
    """The adopted method of the snapshot's first item rewritten (and its SHA-256 with it)."""
    snapshot = _snapshot(engine, event)
    snapshot["items"][0]["method"] = "Ingen kontroll behövs"
    _sql(
        engine,
        "UPDATE plan_event SET snapshot = :s"
        + (", fingerprint = :f" if fingerprint_too else "")
        + " WHERE id = :e",
        s=json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
        f=fingerprint(snapshot),
        e=event,
    )
    return snapshot["items"][0]


def _verify(cli, *args: str):
    return cli("--lang", "en", "plan", "verify", "--org", "all", *args)


def test_intact_seals_verify_with_one_line_per_plan(ex):
    out = _verify(ex)
    assert out.exit_code == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines == [line for line in lines if "seal holds (adopted, fingerprint " in line]
    assert [line.split(":")[0] for line in lines] == ["KS 2023", "KS 2024"]
    one = ex("plan", "verify", "--org", "KS", "--year", "2024", "-f", "json")
    assert one.exit_code == 0
    [check] = json.loads(one.stdout)
    assert (check["year"], check["ok"], check["problems"]) == (2024, True, [])
    assert len(check["fingerprint"]) == 64


def test_a_rewritten_snapshot_is_caught_by_its_fingerprint(ex, engine):
    _plan, event = _plan_2024(engine)
    _rewrite_snapshot(engine, event)
    out = _verify(ex)
    assert out.exit_code == 1
    assert "the seal of 1 plan does not hold" in out.stderr
    broken = [line for line in out.stdout.splitlines() if line.startswith("KS 2024: seal broken")]
    assert any(
        "SHA-256 is" in line and "the snapshot or the fingerprint was changed" in line
        for line in broken
    )
    # The 2023 plan is untouched and still verifies.
    assert any(line.startswith("KS 2023: seal holds") for line in out.stdout.splitlines())


def test_a_forged_snapshot_with_a_matching_fingerprint_is_caught_by_the_rows(ex, engine):
    """Who rewrites the snapshot and its SHA-256 together still cannot make them agree with
    the plan's rows."""
    _plan, event = _plan_2024(engine)
    forged = _rewrite_snapshot(engine, event, fingerprint_too=True)
    out = _verify(ex, "--year", "2024")
    assert out.exit_code == 1
    line, trail = out.stdout.splitlines()
    assert line.startswith(f"KS 2024: seal broken: item {forged['id']} (risk {forged['risk_id']})")
    assert "method" in line and "“Ingen kontroll behövs” in the adopted snapshot" in line
    assert "but the audit trail recorded " in trail


def test_a_forged_snapshot_that_only_rewords_is_caught_by_the_audit_trail(ex, engine):
    """A snapshot whose adopted wording is rewritten, with a SHA-256 of its own, agrees with
    the plan's rows; the fingerprint the chained audit trail recorded at adoption does not."""
    _plan, event = _plan_2024(engine)
    snapshot = _snapshot(engine, event)
    snapshot["items"][0]["title"] = "Något helt annat"
    _sql(
        engine,
        "UPDATE plan_event SET snapshot = :s, fingerprint = :f WHERE id = :e",
        s=json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
        f=fingerprint(snapshot),
        e=event,
    )
    out = _verify(ex, "--year", "2024")
    assert out.exit_code == 1
    assert f"is {fingerprint(snapshot)}, but the audit trail recorded " in out.stdout
    assert ex("audit", "verify").exit_code == 0  # the trail itself was not touched


def test_an_adoption_deleted_or_a_head_cleared_is_caught_by_the_audit_trail(ex, engine):
    assert (
        ex("plan", "reopen", "--year", "2024", "--org", "KS", "--reason", "KS § 4").exit_code == 0
    )
    adopt = ("plan", "adopt", "--year", "2024", "--org", "KS", "--date", "2025-03-10")
    assert ex(*adopt).exit_code == 0
    plan, event = _plan_2024(engine)
    _sql(engine, "UPDATE plan_event SET audit_head = NULL WHERE id = :e", e=event)
    out = _verify(ex, "--year", "2024")
    assert out.exit_code == 1
    assert "recorded 2 audit heads at the plan's adoptions, but only 1 are still in" in (out.stdout)
    # The last two events removed: the status agrees with the first adoption again.
    _sql(engine, "DELETE FROM plan_event WHERE plan_id = :p AND id >= :e - 1", p=plan, e=event)
    out = _verify(ex, "--year", "2024")
    assert out.exit_code == 1
    assert "the audit trail recorded 2 adoptions of the plan, but the store has 1" in out.stdout


def test_a_status_set_to_draft_without_a_reopening_is_caught(ex, engine):
    plan, _event = _plan_2024(engine)
    _sql(engine, "UPDATE plan SET status = 'draft' WHERE id = :p", p=plan)
    out = _verify(ex, "--year", "2024")
    assert out.exit_code == 1
    assert "the plan is marked “draft”, but its last event is the adoption" in out.stdout
    assert "with no reopening after it" in out.stdout
    # The draft now lets riskctl change it; verify keeps telling until it is put right.
    assert ex("plan", "reopen", "--year", "2024", "--org", "KS", "--reason", "x").exit_code == 2


def test_a_plan_set_back_to_draft_in_the_database_stays_locked(ex, engine, store_state):
    """The status column alone does not unlock an adopted plan: every write the adoption
    forbids, and adopting it again, is refused until the status agrees with the events."""
    plan, _event = _plan_2024(engine)
    _sql(engine, "UPDATE plan SET status = 'draft' WHERE id = :p", p=plan)
    shown = json.loads(ex("plan", "show", "--year", "2024", "--org", "KS", "-f", "json").stdout)
    item, risk = shown["items"][0]["id"], shown["items"][0]["risk_id"]
    before = store_state()
    for args in (
        ("plan", "set", str(item), "--method", "Ingen kontroll"),
        ("plan", "remove", str(item)),
        ("plan", "generate", "--year", "2024", "--org", "KS"),
        ("plan", "adopt", "--year", "2024", "--org", "KS", "--date", "2025-01-10"),
        ("risk", "edit", str(risk), "--year", "2024", "-p", "1"),
        (
            "followup",
            "record",
            str(item),
            "--period",
            "annual",
            "--assessment",
            "ok",
            "--result",
            "Inga fel",
        ),
    ):
        out = ex("--lang", "en", *args)
        assert out.exit_code == 2, (args, out.stderr)
        assert "its seal is broken, and riskctl changes nothing of it" in out.stderr, args
        assert store_state() == before, args
    every = ex("plan", "generate", "--year", "2024", "--org", "all", "-f", "json")
    assert every.exit_code == 0
    assert [b["skipped"] for b in json.loads(every.stdout)] == ["broken"]
    assert store_state() == before


def test_an_item_changed_in_the_database_is_named_with_its_field(ex, engine):
    plan, _event = _plan_2024(engine)
    with engine.connect() as conn:
        item = conn.execute(
            text("SELECT min(id) FROM plan_item WHERE plan_id = :p AND NOT removed"), {"p": plan}
        ).scalar_one()
    _sql(engine, "UPDATE plan_item SET method = 'Ingen kontroll' WHERE id = :i", i=item)
    out = _verify(ex, "--year", "2024")
    assert out.exit_code == 1
    [line] = out.stdout.splitlines()
    assert f"item {item} (risk " in line
    assert "method is “Ingen kontroll” in the plan" in line


def test_an_item_taken_out_in_the_database_is_caught(ex, engine):
    plan, _event = _plan_2024(engine)
    _sql(
        engine,
        "UPDATE plan_item SET removed = true WHERE id = "
        "(SELECT min(id) FROM plan_item WHERE plan_id = :p)",
        p=plan,
    )
    out = _verify(ex, "--year", "2024", "-f", "json")
    assert out.exit_code == 1
    [check] = json.loads(out.stdout)
    assert any("was adopted but is not in the plan" in p for p in check["problems"])


def test_a_reopening_deleted_from_the_events_is_caught(ex, engine):
    assert (
        ex("plan", "reopen", "--year", "2024", "--org", "KS", "--reason", "KS § 4").exit_code == 0
    )
    plan, _event = _plan_2024(engine)
    _sql(engine, "DELETE FROM plan_event WHERE plan_id = :p AND kind = 'reopen'", p=plan)
    out = _verify(ex, "--year", "2024")
    assert out.exit_code == 1
    assert "marked “draft”, but its last event is the adoption" in out.stdout


def test_plan_show_and_the_reports_mark_a_broken_seal_in_words(ex, engine):
    _plan, event = _plan_2024(engine)
    _rewrite_snapshot(engine, event)
    args = ("--lang", "en", "plan", "show", "--year", "2024", "--org", "KS")
    table = ex(*args)
    assert table.exit_code == 0
    first = table.stdout.splitlines()[0]
    assert "seal: broken — the fingerprint of the adoption" in first
    assert "locked (fingerprint" not in first
    md = ex(*args, "-f", "md")
    assert md.stdout.startswith("seal: broken — ")
    shown = json.loads(ex(*args, "-f", "json").stdout)
    assert shown["seal"] == "broken" and "fingerprint" in shown["seal_problems"][0]
    csv = ex(*args, "-f", "csv")
    assert "seal: broken" in csv.stderr and "seal" not in csv.stdout
    data = json.loads(ex("report", "plan", "--year", "2024", "--org", "KS", "-f", "json").stdout)
    assert data["plans"][0]["seal"] == "broken"
    for kind in ("plan", "followup"):
        en = ex("report", kind, "--year", "2024", "--org", "KS", "--lang", "en")
        assert en.exit_code == 0, en.stderr
        assert "SEAL BROKEN: the plan in the store differs from the one adopted" in en.stdout
        sv = ex("report", kind, "--year", "2024", "--org", "KS", "--lang", "sv")
        assert "BRUTEN FÖRSEGLING" in sv.stdout
        assert "SEAL BROKEN" not in sv.stdout


def test_an_intact_plan_shows_no_warning(ex):
    shown = json.loads(ex("plan", "show", "--year", "2024", "--org", "KS", "-f", "json").stdout)
    assert (shown["seal"], shown["seal_problems"]) == ("ok", [])
    report = ex("report", "plan", "--year", "2024", "--org", "KS", "--lang", "en")
    assert "SEAL BROKEN" not in report.stdout


def test_reopen_and_adopt_again_keep_the_seal(ex):
    """riskctl's own way of changing an adopted plan never breaks its seal."""
    assert (
        ex("plan", "reopen", "--year", "2024", "--org", "KS", "--reason", "KS § 4").exit_code == 0
    )
    assert _verify(ex, "--year", "2024").exit_code == 0
    item = json.loads(ex("plan", "show", "--year", "2024", "--org", "KS", "-f", "json").stdout)[
        "items"
    ][0]["id"]
    assert ex("plan", "set", str(item), "--method", "Ny metod").exit_code == 0
    args = ("--year", "2024", "--org", "KS")
    assert ex("plan", "adopt", *args, "--date", "2025-03-10").exit_code == 0
    out = _verify(ex)
    assert out.exit_code == 0, out.stdout
    assert len(out.stdout.splitlines()) == 2


def test_verify_names_an_unknown_board(ex):
    out = ex("plan", "verify", "--org", "XX")
    assert out.exit_code == 2
    assert "XX" in out.stderr and len(out.stderr.splitlines()) == 1


def test_many_problems_are_all_listed_by_verify_and_summed_up_elsewhere(ex, engine):
    plan, _event = _plan_2024(engine)
    _sql(engine, "UPDATE plan_item SET method = 'Ingen kontroll' WHERE plan_id = :p", p=plan)
    out = _verify(ex, "--year", "2024")
    assert out.exit_code == 1
    lines = out.stdout.splitlines()
    assert len(lines) == 9 and all("method is “Ingen kontroll” in the plan" in x for x in lines)
    shown = ex("--lang", "en", "plan", "show", "--year", "2024", "--org", "KS")
    assert "; and 6 more; see `riskctl plan verify`" in shown.stdout.splitlines()[0]
    sv = ex("report", "plan", "--year", "2024", "--org", "KS", "--lang", "sv")
    assert "och 6 till" in sv.stdout


def test_a_broken_seal_is_named_in_swedish_words(ex, engine):
    """A Swedish reader gets the field and the status in Swedish, not the store's names."""
    plan, _event = _plan_2024(engine)
    _sql(engine, "UPDATE plan SET status = 'draft' WHERE id = :p", p=plan)
    _sql(engine, "UPDATE plan_item SET method = 'x' WHERE id = (SELECT min(id) FROM plan_item)")
    out = ex("--lang", "sv", "plan", "verify", "--org", "all")
    assert out.exit_code == 1
    assert "metod är “x” i planen" in out.stdout
    assert "planen är markerad “utkast”" in out.stdout
    assert "method" not in out.stdout and "draft" not in out.stdout
    en = _verify(ex)
    assert "method is “x” in the plan" in en.stdout
    assert "the plan is marked “draft”" in en.stdout


def test_a_follow_up_of_an_adopted_plan_marked_draft_in_the_database_names_the_broken_seal(
    ex, engine
):
    """The 2024 plan was adopted and followed up; a status set back to draft past riskctl
    must not pass for an ordinary draft in the refusal of its follow-up report."""
    plan, _event = _plan_2024(engine)
    _sql(engine, "UPDATE plan SET status = 'draft' WHERE id = :p", p=plan)
    out = ex("--lang", "en", "report", "followup", "--year", "2024", "--org", "KS")
    assert out.exit_code == 2
    [line] = out.stderr.splitlines()
    assert "seal is broken" in line
    assert "the plan is marked “draft”, but its last event is the adoption" in line
    sv = ex("--lang", "sv", "report", "followup", "--year", "2024", "--org", "KS")
    assert sv.exit_code == 2 and "förseglingen är bruten" in sv.stderr


def test_every_boards_follow_up_names_a_board_whose_plan_was_set_back_to_draft(ex, engine):
    """`--org all` must not leave out, without a word, a board whose adopted plan was set
    back to draft past riskctl."""
    plan, _event = _plan_2024(engine)
    assert ex("org", "add", "Barn- och ungdomsnämnden", "--code", "BUN").exit_code == 0
    added = ex(
        "risk", "add", "--year", "2024", "--org", "BUN", "-t", "Tillsyn", "-p", "3", "-s", "3"
    )
    assert added.exit_code == 0, added.stderr
    risk = json.loads(ex("risk", "list", "--year", "2024", "--org", "BUN", "-f", "json").stdout)
    assert (
        ex("risk", "edit", str(risk[0]["id"]), "--year", "2024", "--handling", "control").exit_code
        == 0
    )
    assert ex("plan", "generate", "--year", "2024", "--org", "BUN").exit_code == 0
    adopt = ("plan", "adopt", "--year", "2024", "--org", "BUN", "--date", "2023-12-12")
    assert ex(*adopt, "--ref", "BUN 2023/9").exit_code == 0
    _sql(engine, "UPDATE plan SET status = 'draft' WHERE id = :p", p=plan)
    out = ex("--lang", "en", "report", "followup", "--year", "2024", "--org", "all")
    assert out.exit_code == 0, out.stderr
    assert "Kommunstyrelsen: SEAL BROKEN: the plan in the store differs" in out.stdout
    assert "Tillsyn" in out.stdout


def test_an_adopted_plan_deleted_with_its_events_is_caught_by_the_audit_trail(ex, engine):
    """One DELETE (the items, events and follow-ups go with it): the seal that is gone must
    not pass for "no plans to verify"."""
    plan, _event = _plan_2024(engine)
    _sql(engine, "DELETE FROM plan WHERE id = :p", p=plan)
    for args in (("--org", "all"), ("--org", "KS", "--year", "2024"), ("--org", "KS")):
        out = ex("--lang", "en", "plan", "verify", *args)
        assert out.exit_code == 1, (args, out.stdout, out.stderr)
        assert (
            f"KS 2024: seal broken: the audit trail recorded the adoption of plan {plan}, "
            "but the plan is no longer in the store"
        ) in out.stdout
    assert ex("plan", "verify", "--org", "KS", "--year", "2023").exit_code == 0
    rows = json.loads(ex("plan", "verify", "--org", "all", "-f", "json").stdout)
    assert [(r["year"], r["status"], r["ok"]) for r in rows if r["year"] == 2024] == [
        (2024, "deleted", False)
    ]


def test_a_board_deleted_with_its_adopted_plans_is_caught(ex, engine):
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "sqlite":
            # As the sqlite3 shell does (outside a transaction): the plans stay behind,
            # without their board.
            cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.execute("DELETE FROM org")
        raw.commit()
        if engine.dialect.name == "sqlite":
            assert cursor.execute("SELECT count(*) FROM plan").fetchone()[0] == 2
    finally:
        raw.close()
    out = ex("--lang", "en", "plan", "verify", "--org", "all")
    assert out.exit_code == 1
    assert [line.split(": seal broken:")[0] for line in out.stdout.splitlines()] == [
        "KS 2023",
        "KS 2024",
    ]


def test_a_head_moved_to_another_adoption_of_the_plan_is_caught(ex, engine):
    assert (
        ex("plan", "reopen", "--year", "2024", "--org", "KS", "--reason", "KS § 4").exit_code == 0
    )
    adopt = ("plan", "adopt", "--year", "2024", "--org", "KS", "--date", "2025-03-10")
    assert ex(*adopt).exit_code == 0
    assert (
        ex("plan", "reopen", "--year", "2024", "--org", "KS", "--reason", "KS § 5").exit_code == 0
    )
    assert ex(*adopt).exit_code == 0
    plan, event = _plan_2024(engine)
    # The last adoption claims the head of the one before it (still an entry's hash).
    _sql(
        engine,
        "UPDATE plan_event SET audit_head = (SELECT audit_head FROM plan_event "
        "WHERE plan_id = :p AND kind = 'adopt' AND id < :e ORDER BY id DESC LIMIT 1) "
        "WHERE id = :e",
        p=plan,
        e=event,
    )
    out = _verify(ex, "--year", "2024")
    assert out.exit_code == 1
    assert "is not the one the audit trail recorded when the plan was adopted" in out.stdout
    assert ex("audit", "verify").exit_code == 0
