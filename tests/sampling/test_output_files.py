"""Sample lists and saved evidence follow riskctl's one rule for files: never through a link,
a FIFO or a device (not even with --force), a replaced list keeps its mode, nothing is left
behind. Real files; the store is checked unchanged when a list is refused."""

from __future__ import annotations

import csv
import io
import json
import os
import stat

import pytest

from tests.reports.test_output_files import null_device


def _draw(cli, item, population, *extra):
    return cli(
        "sample", "draw", str(item), "-p", str(population), "--id-column", "Verifikation",
        "-n", "5", *extra,
    )  # fmt: skip


@pytest.mark.parametrize("kind", ["symlink", "dangling", "fifo", "device"])
def test_a_sample_list_is_never_written_through_a_link_or_special_file(
    cli, items, population, here, store_state, kind
):
    victim = here / "victim.csv"
    target = here / "lista.csv"
    if kind == "symlink":
        victim.write_text("mine\n", encoding="utf-8")
        target.symlink_to(victim)
    elif kind == "dangling":
        target.symlink_to(victim)
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        target = null_device(here)
    before = store_state()
    shown = str(target)
    out = _draw(cli, items[0], population, "-o", shown, "--force")
    assert out.exit_code == 2
    assert out.stderr.count("\n") == 1
    assert out.stderr.startswith(f"riskctl: --output: '{shown}' is not allowed; ")
    assert (
        "symbolic link" if kind in ("symlink", "dangling") else "not a regular file"
    ) in out.stderr
    assert store_state() == before
    if kind == "symlink":
        assert victim.read_text(encoding="utf-8") == "mine\n"
    if kind == "dangling":
        assert not victim.exists()
    left = {"lista.csv", "victim.csv"} if kind == "symlink" else {target.name}
    assert sorted(p.name for p in here.iterdir()) == (sorted(left) if target.parent == here else [])


def test_a_replaced_sample_list_keeps_its_mode(cli, items, population, here):
    mine = here / "mine.csv"
    mine.write_text("old\n", encoding="utf-8")
    mine.chmod(0o600)
    out = _draw(cli, items[0], population, "-o", "mine.csv", "--force", "--format", "json")
    assert out.exit_code == 0, out.stderr
    assert stat.S_IMODE(os.stat(mine).st_mode) == 0o600
    rows = list(csv.reader(io.StringIO(mine.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["draw", "Verifikation"]
    assert [r[1] for r in rows[1:]] == json.loads(out.stdout)["ids"]
    assert [p.name for p in here.iterdir()] == ["mine.csv"]


def test_a_new_sample_list_follows_the_umask_and_leaves_no_temporary_file(
    cli, items, population, here
):
    mask = os.umask(0o077)
    try:
        out = _draw(cli, items[0], population)
    finally:
        os.umask(mask)
    assert out.exit_code == 0, out.stderr
    listed = here / f"sample-{items[0]}.csv"
    assert stat.S_IMODE(os.stat(listed).st_mode) == 0o600
    assert [p.name for p in here.iterdir()] == [listed.name]


def test_saved_evidence_never_follows_a_planted_link(cli, items, tmp_path):
    doc = tmp_path / "intyg.txt"
    doc.write_text("Kontrollen är genomförd.\n", encoding="utf-8")
    out = cli("followup", "attach", str(items[0]), str(doc), "--format", "json")
    assert out.exit_code == 0, out.stderr
    evidence_id = json.loads(out.stdout)["id"]
    saved = tmp_path / "ut"
    saved.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    for planted in (victim, tmp_path / "nowhere.txt"):
        link = saved / f"{evidence_id}_intyg.txt"
        link.unlink(missing_ok=True)
        link.symlink_to(planted)
        refused = cli("followup", "evidence", str(items[0]), "--save", str(saved))
        assert refused.exit_code == 2
        assert refused.stderr.count("\n") == 1
        assert "exists; nothing was written" in refused.stderr
        assert victim.read_text(encoding="utf-8") == "precious\n"
        assert not (tmp_path / "nowhere.txt").exists()
        assert link.is_symlink()


def test_saved_evidence_is_readable_by_its_owner_only(cli, items, tmp_path):
    doc = tmp_path / "intyg.txt"
    doc.write_text("Kontrollen är genomförd.\n", encoding="utf-8")
    assert cli("followup", "attach", str(items[0]), str(doc)).exit_code == 0
    saved = tmp_path / "ut"
    saved.mkdir()
    assert cli("followup", "evidence", str(items[0]), "--save", str(saved)).exit_code == 0
    [back] = saved.iterdir()
    assert back.read_text(encoding="utf-8") == "Kontrollen är genomförd.\n"
    assert stat.S_IMODE(os.stat(back).st_mode) == 0o600
