"""The config file, RISKCTL_CONFIG, RISKCTL_LANG and scale files, when they are broken or lie:
one line on stderr and exit 2 (or, for a missing RISKCTL_CONFIG file and an unknown
RISKCTL_LANG, one warning line and the command goes on); no traceback, nothing written."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from riskctl import models, scales

SCALE = (
    '[[probability]]\nlabel = "Osannolik"\n[[probability]]\nlabel = "Möjlig"\n'
    '[[significance]]\nlabel = "Lindrig"\n[[significance]]\nlabel = "Allvarlig"\n'
    '[[band]]\nmin = 1\nmax = 4\nlabel = "Låg"\ncolor = "#00ff00"\n'
)


def one_line(out) -> str:  # type: ignore[no-untyped-def]
    assert "Traceback" not in out.stderr and len(out.stderr.splitlines()) == 1, out.stderr
    return out.stderr.strip()


# --- the config file -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"database_url = [\n", "it must be readable TOML (Invalid value"),
        (b"lang = 5\n", 'lang must be a string in quotes, as in lang = "\u2026"'),
        ('user = "Åsa"\n'.encode() + b'lang = "s\xe4"\n', "line 2: byte 0xE4 at offset 23"),
        (b'user = "x\x00"\n', "line 1 has a NUL byte: it is not a text file"),
        pytest.param(
            b"a = " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested too deeply", id="nested"
        ),
    ],
)
def test_a_bad_config_file_stops_the_command_in_one_line(
    cli, monkeypatch, tmp_path, store_state, content, says
):
    config = tmp_path / "config.toml"
    config.write_bytes(content)
    monkeypatch.setenv("RISKCTL_CONFIG", str(config))
    before = store_state()
    out = cli("risk", "add", "--org", "KS", "--year", "2025", "--title", "T", "-p", "1", "-s", "1")
    assert out.exit_code == 2
    line = one_line(out)
    assert line.startswith(f"riskctl: config file: '{config}' is not allowed; ") and says in line
    assert store_state() == before


def test_a_config_file_in_windows_1252_is_read_as_that(cli, monkeypatch, tmp_path):
    config = tmp_path / "config.toml"
    config.write_bytes('user = "Åsa"\nlang = "sv"\n'.encode("cp1252"))
    monkeypatch.setenv("RISKCTL_CONFIG", str(config))
    out = cli("org", "add", "Kommunstyrelsen", "--code", "KS")
    assert out.exit_code == 0 and out.stderr == ""
    assert out.stdout and "added board" not in out.stdout  # Swedish: the file's lang was read


@pytest.mark.parametrize("kind", ["/dev/zero", "fifo", "directory"])
def test_a_config_that_is_not_a_regular_file_is_refused(cli, monkeypatch, tmp_path, kind):
    path = Path(kind) if kind.startswith("/") else tmp_path / "config.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    monkeypatch.setenv("RISKCTL_CONFIG", str(path))
    out = cli("org", "list")
    assert out.exit_code == 2
    assert one_line(out).endswith("; give a regular file")


def test_an_unreadable_config_directory_is_one_line(cli, monkeypatch, tmp_path, mocker):
    config = tmp_path / "locked" / "config.toml"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "locked"))
    real_stat = os.stat

    def stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).startswith(str(tmp_path / "locked")):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    # The OS's refusal is the edge: root (as in CI containers) reads any directory.
    mocker.patch("riskctl.config.os.stat", side_effect=stat)
    out = cli("org", "list")
    assert out.exit_code == 2
    assert one_line(out) == (
        f"riskctl: config file: '{config.parent / 'riskctl' / 'config.toml'}' is not allowed; "
        "it cannot be read (Permission denied)"
    )


def test_a_missing_riskctl_config_file_is_said_once_and_the_command_goes_on(
    cli, monkeypatch, tmp_path
):
    missing = tmp_path / "nope.toml"
    monkeypatch.setenv("RISKCTL_CONFIG", str(missing))
    out = cli("org", "add", "Kommunstyrelsen", "--code", "KS")
    assert out.exit_code == 0
    assert one_line(out) == (
        f"riskctl: warning: RISKCTL_CONFIG names {missing}, which does not exist; "
        "no config file is read"
    )
    assert out.stdout.startswith("added board KS")


def test_an_unknown_riskctl_lang_is_said_once_and_the_locale_decides(cli, monkeypatch):
    monkeypatch.setenv("RISKCTL_LANG", "klingon")
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    out = cli("org", "add", "Kommunstyrelsen", "--code", "KS")
    assert out.exit_code == 0
    assert one_line(out) == (
        "riskctl: varning: RISKCTL_LANG = 'klingon' är inget språk som riskctl har "
        "(sv eller en); värdet hoppas över"
    )
    assert out.stdout and "added board" not in out.stdout
    monkeypatch.setenv("RISKCTL_LANG", "sv_SE.UTF-8")  # a locale name is a language riskctl has
    assert cli("org", "add", "Barn- och utbildningsnämnden", "--code", "BUN").stderr == ""


# --- scale files -----------------------------------------------------------------------------


def org_add(cli, path: object):  # type: ignore[no-untyped-def]
    return cli("org", "add", "Nämnd X", "--code", "NX", "--scale", str(path))


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"[[probability]\n", "give a readable TOML file"),
        (SCALE.encode() + b'[[band]]\nlabel = "H\xf6g"\n', "byte 0xF6 at offset"),
        (
            ("[[probability]]\nlabel = 'x'\n" * 11 + SCALE).encode(),
            "it has 13 levels; a scale has at most 10",
        ),
        (
            SCALE.replace("Osannolik", "O" * 61).encode(),
            "its label has 61 characters; use at most 60",
        ),
        (b'[[probability]]\nlabel = "\x81"\n', "line 2: byte 0x81 at offset 25 is neither"),
        pytest.param(
            b"a = " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested too deeply", id="nested"
        ),
    ],
)
def test_a_bad_scale_file_is_one_line_and_adds_no_board(cli, tmp_path, store_state, content, says):
    path = tmp_path / "scale.toml"
    path.write_bytes(content)
    before = store_state()
    out = org_add(cli, path)
    assert out.exit_code == 2, out.stderr
    assert says in one_line(out)
    assert store_state() == before


@pytest.mark.parametrize("kind", ["/dev/zero", "fifo", "too large"])
def test_a_scale_file_that_lies_is_refused_before_it_is_read(cli, tmp_path, store_state, kind):
    path = Path(kind) if kind.startswith("/") else tmp_path / "scale.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "too large":
        path.write_bytes(SCALE.encode() + b"#" * (1024 * 1024))
    before = store_state()
    out = org_add(cli, path)
    assert out.exit_code == 2
    line = one_line(out)
    assert line.endswith(
        "give a regular file"
        if kind != "too large"
        else "are read for a scale file".replace("are", "1,048,576 are")
    ), line
    assert store_state() == before


def test_the_scale_limits_are_the_columns_lengths():
    for model, name, limit in (
        (models.ScaleLevel, "label", scales.LABEL_MAX),
        (models.ScaleLevel, "label_en", scales.LABEL_MAX),
        (models.ScaleLevel, "description", scales.DESCRIPTION_MAX),
        (models.Band, "label", scales.LABEL_MAX),
    ):
        assert model.__table__.c[name].type.length == limit, name  # type: ignore[attr-defined]
