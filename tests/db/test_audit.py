"""The audit trail: every write path leaves field-level entries, in the same transaction."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, inspect, text

from riskctl import db

# Which audit entity and id stand for a row of each table.
ENTITY_OF = {
    "org": ("org", "id"),
    "scale_level": ("scale", "id"),
    "band": ("band", "id"),
    "owner": ("owner", "id"),
    "risk": ("risk", "id"),
    "assessment": ("risk", "risk_id"),
    "plan": ("plan", "id"),
    "plan_item": ("item", "id"),
    "plan_event": ("plan", "plan_id"),
    "followup": ("followup", "id"),
    "sample": ("sample", "id"),
    "evidence": ("evidence", "id"),
}


def _rows(engine: Engine) -> dict[str, dict[object, dict[str, object]]]:
    out = {}
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            if table == "alembic_version" or table in db.UNMODELLED:  # no register rows
                continue
            result = conn.execute(text(f'SELECT * FROM "{table}"')).mappings().all()
            out[table] = {row["id"]: dict(row) for row in result}
    return out


def _changed_targets(before, after) -> set[tuple[str, int]]:
    targets = set()
    for table, (entity, key) in ENTITY_OF.items():
        old, new = before.get(table, {}), after.get(table, {})
        for pk in old.keys() | new.keys():
            if old.get(pk) != new.get(pk):
                row = new.get(pk) or old[pk]
                targets.add((entity, row[key]))
    return targets


def _audited(before, after) -> set[tuple[str, int]]:
    fresh = after["audit"].keys() - before.get("audit", {}).keys()
    return {(after["audit"][i]["entity"], after["audit"][i]["entity_id"]) for i in fresh}


def test_no_write_command_changes_a_row_without_an_audit_entry(cli, engine, tmp_path):
    register = tmp_path / "register.csv"
    register.write_text(
        "Risk;Riskbeskrivning;Sannolikhet;Väsentlighet\n"
        "Ny importerad risk;Från ett kalkylark;2;3\n"
        "Cyberhot och IT-säkerhet;Ny beskrivning;3;4\n",
        encoding="utf-8-sig",
    )
    population = tmp_path / "population.csv"
    population.write_text(
        "Verifikation;Belopp\n" + "".join(f"V{n};{n * 10}\n" for n in range(40)), encoding="utf-8"
    )
    evidence = tmp_path / "granskning.txt"
    evidence.write_text("Stickprov granskat: inga fel.", encoding="utf-8")

    def risk_id(title, year="2025"):
        rows = json.loads(cli("risk", "list", "--year", year, "-f", "json").stdout)
        return str(next(r["id"] for r in rows if r["title"] == title))

    def item(n, year="2026"):
        plan = json.loads(cli("plan", "show", "--year", year, "--org", "KS", "-f", "json").stdout)
        return str(plan["items"][n]["id"])

    steps = [
        lambda: ("org", "add", "Socialnämnden", "--code", "SN"),
        lambda: ("examples", "load"),
        lambda: (
            "risk",
            "add",
            "--org",
            "SN",
            "--year",
            "2025",
            "--title",
            "Bristande tillsyn",
            "-p",
            "3",
            "-s",
            "3",
            "--handling",
            "control",
            "--owner",
            "Socialchef",
        ),
        lambda: (
            "risk",
            "edit",
            risk_id("Cyberhot"),
            "--year",
            "2025",
            "--note",
            "Ändrad",
            "--title",
            "Cyberhot och IT-säkerhet",
        ),
        lambda: ("year", "rollover", "--from", "2025", "--to", "2026"),
        lambda: ("plan", "generate", "--year", "2026", "--org", "KS"),
        lambda: ("plan", "set", item(0), "--method", "Stickprov", "--owner", "Ny roll"),
        lambda: ("plan", "remove", item(1)),
        lambda: ("plan", "add", risk_id("Terrorhot", "2026"), "--year", "2026"),
        lambda: ("plan", "adopt", "--year", "2026", "--org", "KS", "--date", "2025-12-15"),
        lambda: (
            "followup",
            "record",
            item(0),
            "--period",
            "interim",
            "--assessment",
            "near",
            "--result",
            "Två fel",
        ),
        lambda: (
            "sample",
            "draw",
            item(0),
            "--population",
            str(population),
            "--id-column",
            "Verifikation",
            "--size",
            "10",
            "--seed",
            "7",
            "-o",
            str(tmp_path / "sample.csv"),
        ),
        lambda: ("sample", "result", item(0), "--errors", "1"),
        lambda: ("followup", "attach", item(0), str(evidence), "--period", "annual"),
        lambda: ("plan", "reopen", "--year", "2026", "--org", "KS", "--reason", "Nytt beslut"),
        lambda: ("import", str(register), "--year", "2026", "--org", "KS"),
        lambda: ("risk", "remove", risk_id("Bristande tillsyn", "2025"), "--year", "2025", "--yes"),
    ]
    for make_step in steps:
        step = make_step()
        before = _rows(engine)
        out = cli(*step)
        assert out.exit_code == 0, (step, out.stderr)
        after = _rows(engine)
        changed = _changed_targets(before, after)
        assert changed, step
        assert changed <= _audited(before, after), (step, changed - _audited(before, after))


def test_entries_name_the_user_field_and_values(cli, monkeypatch):
    cli("examples", "load")
    monkeypatch.setenv("RISKCTL_USER", "bertil")
    cli("risk", "edit", "4", "--year", "2025", "-p", "3")
    cli("--user", "anna", "risk", "edit", "4", "--year", "2025", "--handling", "control")
    out = cli("audit", "--entity", "risk", "--id", "4", "--since", "2000-01-01", "-f", "json")
    entries = json.loads(out.stdout)
    assert set(entries[-1]) == {"at", "user", "entity", "entity_id", "field", "old", "new"}
    assert [(e["user"], e["field"], e["old"], e["new"]) for e in entries[-2:]] == [
        ("bertil", "probability[2025]", "2", "3"),
        ("anna", "handling[2025]", "action", "control"),
    ]


def test_a_refused_change_leaves_no_audit_entry(cli, store_state):
    cli("examples", "load")
    before = store_state()
    assert cli("risk", "edit", "4", "--year", "2025", "-p", "9").exit_code == 2
    assert store_state() == before


def test_the_audit_trail_is_append_only(cli, engine):
    cli("examples", "load")
    for statement in ("UPDATE audit SET \"user\" = 'mallory'", "DELETE FROM audit"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
