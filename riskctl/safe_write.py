"""The one rule for writing a file the user named (a report, a backup, a sample list, evidence).

The target is looked at with `lstat`, never opened: a symbolic link or anything that is not a
regular file (a FIFO, a device, a socket) is refused, so riskctl never writes through a link
planted in its place, never blocks on a FIFO and never replaces /dev/null. The content goes
to a temporary file created exclusively (O_EXCL, O_NOFOLLOW, a random name) in the target's
directory, is flushed to disk, gets the mode of the file it replaces (or the new file's
mode) and is then renamed over the target: the target is either as it was or complete.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from riskctl.errors import InvalidInput, unwritable
from riskctl.i18n import N_, _

NOT_REGULAR = N_("it is not a regular file (a FIFO, a device or a directory); name a file")
SYMLINK = N_("it is a symbolic link; name the file itself")
NO_FOLDER = N_("the folder {folder} does not exist")
EXISTS = N_("it exists already; choose a new file name")
A_STORE = N_("it is an SQLite database (a store or a backup of one); name another file")
_SQLITE_MAGIC = b"SQLite format 3\x00"

# O_NOFOLLOW is not on every platform; O_EXCL alone already refuses an existing link.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_CREATE = os.O_CREAT | os.O_EXCL | os.O_WRONLY | _NOFOLLOW | _BINARY


def new_file_mode() -> int:
    """What a new file gets: 0666 less the umask, as any program's new file."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def existing_mode(path: Path, field: str, *, replacing: bool = True) -> int | None:
    """The permission bits of the regular file at `path`, None if there is nothing there.

    Refuses (exit 2) a symbolic link and anything that is not a regular file; a missing
    folder is refused too, before anything is written. When `replacing`, an SQLite database
    (a store) is refused as well: no report ever takes its place.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        folder = path.parent
        if not folder.is_dir():
            raise InvalidInput(field, str(path), _(NO_FOLDER).format(folder=folder)) from None
        return None
    except OSError as exc:
        raise unwritable(field, path, exc) from None
    if stat.S_ISLNK(st.st_mode):
        raise InvalidInput(field, str(path), _(SYMLINK))
    if not stat.S_ISREG(st.st_mode):
        raise InvalidInput(field, str(path), _(NOT_REGULAR))
    if replacing and _is_sqlite(path):
        # `-o riskctl.db -f md` by mistake would put a report where the register was.
        raise InvalidInput(field, str(path), _(A_STORE))
    # The permission bits only: a set-user-id bit is not carried over to new content.
    return stat.S_IMODE(st.st_mode) & 0o777


def _is_sqlite(path: Path) -> bool:
    """Whether the regular file at `path` starts as an SQLite database does."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _BINARY | getattr(os, "O_NONBLOCK", 0))
    except OSError:  # unreadable: writing it fails on its own, with its own reason
        return False
    try:
        return os.read(fd, len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    finally:
        os.close(fd)


def create_exclusive(path: Path, mode: int = 0o600) -> int:
    """Open a new file at `path` for writing: fails if anything (a link too) is there."""
    return os.open(path, _CREATE, mode)


def temp_beside(target: Path) -> tuple[int, Path]:
    """A new, empty file with a name nobody can guess, in the target's directory, mode 0600."""
    while True:
        # Shortened so that a long name still leaves room for the random part.
        tmp = target.with_name(f".{target.name[:200]}.{secrets.token_hex(8)}.tmp")
        try:
            return create_exclusive(tmp, 0o600), tmp
        except FileExistsError:  # astronomically unlikely; a planted name never matches
            continue


@contextlib.contextmanager
def temp_path(target: Path, field: str, *, mode: int | None = None) -> Iterator[Path]:
    """An exclusive temporary file beside `target` for a tool that writes to a path (SQLite's
    backup, pg_dump); moved onto `target` when the block ends without an error, removed if
    it raises. A target that exists is refused: a backup never replaces a file.
    """
    if existing_mode(target, field, replacing=False) is not None:
        raise InvalidInput(field, str(target), _(EXISTS))
    try:
        fd, tmp = temp_beside(target)
        os.close(fd)
    except OSError as exc:
        raise unwritable(field, target, exc) from None
    try:
        yield tmp
        try:
            os.chmod(tmp, 0o600 if mode is None else mode)
            _fsync_path(tmp)
        except OSError as exc:
            raise unwritable(field, target, exc) from None
        link_new(tmp, target, field)
    finally:
        tmp.unlink(missing_ok=True)


def write_file(
    target: Path,
    field: str,
    write: Callable[[IO[bytes]], None],
    *,
    mode: int | None = None,
    replace: bool = True,
) -> None:
    """Write a file the user named through an exclusive temporary file beside it.

    `write` gets the open binary file. An existing regular file keeps its mode; a new one
    gets `mode` (default: 0666 less the umask). `replace=False` refuses an existing target.
    """
    kept = existing_mode(target, field, replacing=replace)
    if kept is not None and not replace:
        raise InvalidInput(field, str(target), _(EXISTS))
    final = kept if kept is not None else (new_file_mode() if mode is None else mode)
    try:
        fd, tmp = temp_beside(target)
    except OSError as exc:
        raise unwritable(field, target, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fchmod(fh.fileno(), final)
            os.fsync(fh.fileno())
        if replace:
            # Looked at again just before the rename: a link planted while writing is refused.
            existing_mode(target, field)
            os.replace(tmp, target)
        else:
            link_new(tmp, target, field)
    except OSError as exc:  # a full disk, a read-only folder: one line, not a traceback
        raise unwritable(field, target, exc) from None
    finally:
        tmp.unlink(missing_ok=True)


def link_new(tmp: Path, target: Path, field: str) -> None:
    """Put `tmp` at `target` only if nothing is there (a hard link fails if something is)."""
    try:
        os.link(tmp, target, follow_symlinks=False)
    except FileExistsError:
        raise InvalidInput(field, str(target), _(EXISTS)) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise unwritable(field, target, exc) from None
        # A file system without hard links: the lstat just before is the best there is.
        existing = existing_mode(target, field)
        if existing is not None:
            raise InvalidInput(field, str(target), _(EXISTS)) from None
        os.replace(tmp, target)


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _BINARY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
