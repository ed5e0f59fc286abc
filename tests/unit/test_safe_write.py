"""The one rule for a file the user named, on real files: what happens while it is written."""

from __future__ import annotations

import os
import stat

import pytest

from riskctl.errors import InvalidInput
from riskctl.safe_write import temp_path, write_file


def test_a_link_planted_while_writing_is_not_replaced_or_followed(tmp_path):
    target = tmp_path / "report.md"
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")

    def write(fh):
        fh.write(b"report\n")
        target.symlink_to(victim)  # an attacker, between the check and the rename

    with pytest.raises(InvalidInput, match="symbolic link"):
        write_file(target, "--output", write)
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert target.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md", "victim.txt"]


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "report.md"
    target.write_text("old\n", encoding="utf-8")

    def write(fh):
        fh.write(b"half")
        raise RuntimeError("the store went away")

    with pytest.raises(RuntimeError):
        write_file(target, "--output", write)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_the_temporary_file_is_private_and_not_a_predictable_name(tmp_path):
    target = tmp_path / "copy.db"
    seen = []
    for _ in range(2):
        with pytest.raises(RuntimeError), temp_path(target, "FILE") as tmp:
            seen.append(tmp.name)
            assert stat.S_IMODE(os.lstat(tmp).st_mode) == 0o600
            assert tmp.parent == tmp_path
            raise RuntimeError
    assert seen[0] != seen[1]
    assert not any(name == "copy.db.partial" for name in seen)
    assert list(tmp_path.iterdir()) == []


def test_a_new_file_is_never_put_over_one_that_appeared_meanwhile(tmp_path):
    target = tmp_path / "copy.db"
    with pytest.raises(InvalidInput, match="exists already"), temp_path(target, "FILE") as tmp:
        tmp.write_bytes(b"copy")
        target.write_bytes(b"somebody else's")
    assert target.read_bytes() == b"somebody else's"
    assert [p.name for p in tmp_path.iterdir()] == ["copy.db"]
