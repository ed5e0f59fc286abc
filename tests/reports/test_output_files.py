"""What `report -o PATH` and `db backup FILE` write: only a regular file, through an exclusive
temporary file beside it, never through a link, a FIFO or a device; a replaced file keeps its
mode; `-o -` is standard output. Real files, read back by the libraries that read them."""

from __future__ import annotations

import errno
import io
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

REPORT = ("report", "analysis", "--year", "2025", "--org", "KS")


@pytest.fixture
def loaded(cli):
    assert cli("examples", "load").exit_code == 0
    return cli


@pytest.fixture
def folder(tmp_path):
    """A folder of its own (the test store lives in tmp_path)."""
    path = tmp_path / "out"
    path.mkdir()
    return path


def _riskctl(store_url: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """riskctl as its own process: its standard output is a real pipe (or what it names)."""
    env = {**os.environ, "RISKCTL_DATABASE_URL": store_url}
    return subprocess.run(
        [sys.executable, "-m", "riskctl", *args], capture_output=True, env=env, timeout=timeout
    )


def _one_line(stderr: str, path: Path | str, says: str) -> None:
    assert stderr.count("\n") == 1, stderr
    assert stderr.startswith(f"riskctl: --output: '{path}' is not allowed; "), stderr
    assert says in stderr


def test_a_symlink_to_another_file_is_refused_and_that_file_unchanged(loaded, folder):
    victim = folder / "annan.md"
    victim.write_text("mine\n", encoding="utf-8")
    link = folder / "analys.md"
    link.symlink_to(victim)
    out = loaded(*REPORT, "-o", str(link))
    assert out.exit_code == 2
    _one_line(out.stderr, link, "symbolic link")
    assert victim.read_text(encoding="utf-8") == "mine\n"
    assert link.is_symlink()
    assert sorted(p.name for p in folder.iterdir()) == ["analys.md", "annan.md"]


def test_a_dangling_symlink_is_refused_and_nothing_is_created(loaded, tmp_path):
    link = tmp_path / "analys.md"
    link.symlink_to(tmp_path / "somewhere.md")
    out = loaded(*REPORT, "-o", str(link))
    assert out.exit_code == 2
    _one_line(out.stderr, link, "symbolic link")
    assert not (tmp_path / "somewhere.md").exists()


def test_a_symlink_to_standard_output_is_refused(loaded, store_url, tmp_path):
    link = tmp_path / "analys.md"
    link.symlink_to("/proc/self/fd/1")
    done = _riskctl(store_url, *REPORT, "-o", str(link))
    assert done.returncode == 2
    assert done.stdout == b""
    _one_line(done.stderr.decode(), link, "symbolic link")


def test_a_fifo_is_refused_without_blocking(loaded, store_url, tmp_path):
    fifo = tmp_path / "analys.md"
    os.mkfifo(fifo)
    # Opening a FIFO with no reader blocks for ever: the timeout fails the test if it does.
    done = _riskctl(store_url, *REPORT, "-o", str(fifo), timeout=60)
    assert done.returncode == 2
    _one_line(done.stderr.decode(), fifo, "not a regular file")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def null_device(folder: Path) -> Path:
    """/dev/null, or for root (who could replace the machine's own if riskctl regressed) a
    node of the same device in a folder of the test's."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    node = folder / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return node


def test_a_character_device_is_refused(loaded, folder):
    device = null_device(folder)
    out = loaded(*REPORT, "-o", str(device), "-f", "md")
    assert out.exit_code == 2
    _one_line(out.stderr, device, "not a regular file")
    assert stat.S_ISCHR(os.lstat(device).st_mode)


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_directory_is_refused_by_the_same_rule_in_either_language(loaded, folder, lang):
    out = loaded("--lang", lang, *REPORT, "-o", str(folder), "-f", "md")
    assert out.exit_code == 2
    assert out.stderr.count("\n") == 1, out.stderr
    assert out.stderr.startswith(f"riskctl: --output: '{folder}' ")
    says = "det är inte en vanlig fil" if lang == "sv" else "it is not a regular file"
    assert says in out.stderr
    assert list(folder.iterdir()) == []


def test_a_replaced_file_keeps_its_mode_and_a_new_one_follows_the_umask(loaded, folder):
    private = folder / "analys.xlsx"
    private.write_bytes(b"old")
    private.chmod(0o600)
    out = loaded(*REPORT, "-o", str(private))
    assert out.exit_code == 0, out.stderr
    assert stat.S_IMODE(os.stat(private).st_mode) == 0o600
    assert load_workbook(private).sheetnames
    mask = os.umask(0o027)
    try:
        fresh = folder / "ny.md"
        assert loaded(*REPORT, "-o", str(fresh)).exit_code == 0
    finally:
        os.umask(mask)
    assert stat.S_IMODE(os.stat(fresh).st_mode) == 0o640
    # No temporary file is left beside them.
    assert sorted(p.name for p in folder.iterdir()) == ["analys.xlsx", "ny.md"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_folder_is_one_line(loaded, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        out = loaded(*REPORT, "-o", str(folder / "analys.md"))
    finally:
        folder.chmod(0o700)
    assert out.exit_code == 2
    _one_line(out.stderr, folder / "analys.md", "cannot be written")
    assert list(folder.iterdir()) == []


def test_a_folder_nobody_may_write_is_one_line(loaded):
    # /proc refuses new files even for root.
    out = loaded(*REPORT, "-o", "/proc/analys.md")
    assert out.exit_code == 2
    _one_line(out.stderr, "/proc/analys.md", "cannot be written")


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv"])
def test_dash_writes_the_same_document_to_standard_output(loaded, store_url, tmp_path, fmt):
    target = tmp_path / f"analys.{fmt}"
    assert _riskctl(store_url, *REPORT, "-o", str(target)).returncode == 0
    # A pipe, not a file: the zip of an XLSX or DOCX must be written without seeking.
    piped = _riskctl(store_url, *REPORT, "-o", "-", "-f", fmt)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout
    if fmt == "xlsx":
        from_pipe = load_workbook(io.BytesIO(piped.stdout))
        from_file = load_workbook(target)
        assert from_pipe.sheetnames == from_file.sheetnames
        for name in from_file.sheetnames:
            assert list(from_pipe[name].values) == list(from_file[name].values), name
    elif fmt == "docx":
        from docx import Document

        texts = [
            [p.text for p in Document(src).paragraphs] for src in (io.BytesIO(piped.stdout), target)
        ]
        assert texts[0] == texts[1]
    else:
        assert piped.stdout == target.read_bytes()


def test_dash_with_a_text_format_is_standard_output(loaded):
    out = loaded(*REPORT, "-o", "-", "--lang", "sv")
    assert out.exit_code == 0, out.stderr
    assert out.stdout.startswith("# Risk- och väsentlighetsanalys 2025\n")
    assert not Path("-").exists()


# --- db backup ------------------------------------------------------------------------------


def test_backup_never_follows_a_planted_partial_symlink(cli, folder):
    victim = folder / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    target = folder / "copy.db"
    (folder / "copy.db.partial").symlink_to(victim)
    out = cli("db", "backup", str(target))
    assert out.exit_code == 0, out.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not target.is_symlink()
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    # Only the copy and what was planted: no temporary file is left.
    assert sorted(p.name for p in folder.iterdir()) == [
        "copy.db",
        "copy.db.partial",
        "victim.txt",
    ]
    if "(sqlite)" in out.stdout:
        with sqlite3.connect(target) as copy:
            assert copy.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
    else:
        assert target.read_bytes().startswith(b"PGDMP")


@pytest.mark.parametrize("kind", ["symlink", "dangling", "fifo"])
def test_backup_refuses_a_target_that_is_not_a_new_file(cli, folder, kind):
    target = folder / "copy.db"
    victim = folder / "victim.db"
    if kind == "symlink":
        victim.write_bytes(b"mine")
        target.symlink_to(victim)
    elif kind == "dangling":
        target.symlink_to(victim)
    else:
        os.mkfifo(target)
    out = cli("db", "backup", str(target))
    assert out.exit_code == 2
    assert out.stderr.count("\n") == 1
    assert out.stderr.startswith(f"riskctl: FILE: '{target}' is not allowed; ")
    if kind == "symlink":
        assert victim.read_bytes() == b"mine"
    if kind == "dangling":
        assert not victim.exists()
    assert len(list(folder.iterdir())) == (2 if kind == "symlink" else 1)


@pytest.mark.skipif(
    not os.environ.get("RISKCTL_TEST_DATABASE_URL") or not shutil.which("pg_dump"),
    reason="needs the test PostgreSQL server and pg_dump",
)
def test_a_failed_pg_dump_leaves_nothing_behind(cli, folder):
    from sqlalchemy.engine import make_url

    server = make_url(os.environ["RISKCTL_TEST_DATABASE_URL"])
    missing = server.set(database="riskctl_no_such_database").render_as_string(False)
    out = cli("--db", missing, "db", "backup", str(folder / "copy.dump"))
    assert out.exit_code == 1
    assert out.stderr.count("\n") == 1
    assert out.stderr.startswith("riskctl: pg_dump failed: ")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv", "md"])
def test_a_pipe_closed_by_its_reader_gives_no_traceback(loaded, store_url, fmt):
    """`riskctl report … -o - | head -c 100`: the reader goes away before the document is
    written; riskctl stops without a traceback on the terminal."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before riskctl writes a byte
    env = {**os.environ, "RISKCTL_DATABASE_URL": store_url}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "riskctl", *REPORT, "-o", "-", "-f", fmt],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
        )
    finally:
        os.close(write_end)
    stderr = done.stderr.decode()
    assert "Traceback" not in stderr, stderr
    assert done.returncode in (0, 1), stderr


@pytest.mark.parametrize(
    "args", [("risk", "list", "--year", "2025", "--org", "KS"), (*REPORT, "-o", "-", "-f", "docx")]
)
def test_a_full_disk_on_standard_output_is_one_line_not_an_unexpected_error(
    loaded, store_url, args
):
    """`riskctl … > file` on a full disk: the system's reason in one line, exit 1 (the Linux
    device that is always full stands for the disk)."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    env = {**os.environ, "RISKCTL_DATABASE_URL": store_url}
    with open("/dev/full", "wb") as full:  # written to as standard output, never named by -o
        done = subprocess.run(
            [sys.executable, "-m", "riskctl", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
        )
    stderr = done.stderr.decode()
    assert done.returncode == 1, stderr
    assert stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
    assert "unexpected error" not in stderr and os.strerror(errno.ENOSPC) in stderr, stderr


def test_a_report_never_replaces_a_store(loaded, store_url, folder, store_state):
    """`-o riskctl.db -f md` by mistake: an SQLite file (the store itself, or a backup of it)
    is refused, not replaced by the report."""
    stores = []
    if store_url.startswith("sqlite"):
        stores.append(Path(store_url.removeprefix("sqlite:///")))
    with sqlite3.connect(folder / "kopia.db") as other:
        other.execute("CREATE TABLE risk (id INTEGER)")
    other.close()
    stores.append(folder / "kopia.db")
    for path in stores:
        before, content = store_state(), path.read_bytes()
        out = loaded(*REPORT, "-o", str(path), "-f", "md")
        assert out.exit_code == 2, out.stderr
        _one_line(out.stderr, path, "SQLite database")
        assert path.read_bytes() == content
        assert store_state() == before
