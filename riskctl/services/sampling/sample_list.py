"""The sample list: the drawn ids with the population's columns, written for the checker.

It is written to a temporary file beside the target first and put in place only once the
sample is stored, so that a draw that fails leaves no list and never replaces a file by
surprise.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from riskctl import safe_write
from riskctl.cell_safety import neutralise
from riskctl.errors import InvalidInput, RiskctlError, unwritable
from riskctl.i18n import _
from riskctl.services.sampling.population import Population


def check_output(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """The path the sample list will be written to, refused before anything is drawn.

    An existing file is refused unless `force`: a draw never replaces a file by surprise. A
    symbolic link, a FIFO or a device is refused even with `force`: the list is only ever
    written as a regular file.
    """
    p = Path(path)
    if p.is_dir() and not p.is_symlink():
        raise InvalidInput("--output", str(path), _("it is a directory; name a file"))
    if not p.parent.is_dir():
        raise InvalidInput(
            "--output",
            str(path),
            _("the directory {directory} does not exist").format(directory=p.parent),
        )
    existing = safe_write.existing_mode(p, "--output")
    if not force and existing is not None:
        raise InvalidInput("--output", str(path), _("the file exists; give --force to replace it"))
    return p


@dataclass
class PendingList:
    """A sample list written but not yet in place: `finish_sample_list` puts it there once the
    sample is stored, `discard_sample_list` removes what was written if it is not."""

    target: Path
    written: Path  # an exclusive temporary file beside the target, with a random name
    shown: str  # the path as the user gave it
    replaces: bool  # whether a file the user had is replaced (only with `force`)


def start_sample_list(
    path: str | os.PathLike[str],
    population: Population,
    ids: Sequence[str],
    *,
    force: bool = False,
) -> PendingList:
    """Write the checker's list: UTF-8 with BOM, `;`, one row per drawn id in draw order.

    The list goes to a temporary file created exclusively beside the target (so removing it
    again is safe); `finish_sample_list` moves it into place. A file that is replaced (only
    with `force`) keeps its mode.
    """
    target = check_output(path, force=force)
    shown = str(path)
    kept = safe_write.existing_mode(target, "--output")
    mode = kept if kept is not None else safe_write.new_file_mode()
    try:
        fd, written = safe_write.temp_beside(target)
    except OSError as exc:
        raise _unwritable(shown, exc) from None
    try:
        with open(fd, "w", encoding="utf-8-sig", newline="") as fh:
            _write_rows(fh, population, ids)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
    except OSError as exc:
        written.unlink(missing_ok=True)
        raise _unwritable(shown, exc) from None
    except BaseException:
        written.unlink(missing_ok=True)
        raise
    return PendingList(target, written, shown, replaces=kept is not None)


def finish_sample_list(pending: PendingList) -> Path:
    """Put the list in place: over the file it replaces, else only if nothing is there."""
    try:
        if pending.replaces:
            # Looked at again: a link or FIFO put there since the check is not replaced.
            safe_write.existing_mode(pending.target, "--output")
            os.replace(pending.written, pending.target)
        else:
            safe_write.link_new(pending.written, pending.target, "--output")
            pending.written.unlink(missing_ok=True)
    except InvalidInput as exc:
        raise InvalidInput(
            "--output",
            pending.shown,
            _("it cannot be replaced ({reason}); the new list is in {file}").format(
                reason=exc.allowed, file=pending.written
            ),
        ) from None
    except OSError as exc:
        raise InvalidInput(
            "--output",
            pending.shown,
            _("it cannot be replaced ({reason}); the new list is in {file}").format(
                reason=exc.strerror or exc, file=pending.written
            ),
        ) from None
    return pending.target


def discard_sample_list(pending: PendingList) -> None:
    """Remove what `start_sample_list` wrote; a file the user had is never touched."""
    pending.written.unlink(missing_ok=True)


def write_sample_list(
    path: str | os.PathLike[str],
    population: Population,
    ids: Sequence[str],
    *,
    force: bool = False,
) -> Path:
    """`start_sample_list`, then `finish_sample_list`: the list in place at once.

    The columns are `draw` (1, 2, …), the id column, then the population's other columns.
    """
    return finish_sample_list(start_sample_list(path, population, ids, force=force))


def _unwritable(shown: str, exc: OSError) -> RiskctlError:
    return unwritable("--output", shown, exc)


def _write_rows(fh: Any, population: Population, ids: Sequence[str]) -> None:
    at = population.header.index(population.id_column)
    order = [at, *[n for n in range(len(population.header)) if n != at]]
    writer = csv.writer(fh, delimiter=";")
    writer.writerow(["draw", *(neutralise(population.header[n]) for n in order)])
    for number, key in enumerate(ids, start=1):
        cells = population.rows[key]
        writer.writerow([number, *(neutralise(cells[n]) for n in order)])
