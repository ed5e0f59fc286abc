"""The errors that reach a user, each with the exit code the CLI gives it.

Services raise these; the CLI prints their message as one line on stderr and the TUI shows it
next to the field it names. Nothing else should escape to a user. Messages are made in the
current language (`riskctl.i18n`) when the error is raised; field names stay as the user typed
them (`probability`, `--org`).
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from typing import Any, Protocol

from riskctl.i18n import _, ngettext


class RiskctlError(Exception):
    """A failure a user can act on; exit code 1."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(RiskctlError):
    """A value the user gave is not allowed; exit code 2.

    `field` names the option or column, `value` what was given and `allowed` what would be.
    """

    exit_code = 2

    def __init__(self, field: str, value: Any, allowed: str) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        super().__init__(
            _("{field}: {value} is not allowed; {allowed}").format(
                field=field, value=shown(value), allowed=allowed
            )
        )


# A refused value is echoed at most this long: a 10 MB title must not fill the terminal. A
# longer one keeps its start and its end (a path's file name), with "…" between.
SHOWN_MAX = 160
SHOWN_TAIL = 40


def shown(value: Any) -> str:
    """`value` as an error message echoes it: text quoted, cut to `SHOWN_MAX` characters
    (its start and end, "…" between), control characters and undecodable bytes written as
    escapes (`\\x1b`), so that nothing the user typed reaches the terminal as a control
    sequence."""
    if isinstance(value, str):
        # repr writes every character that is not printable as an escape.
        return repr(_cut(value))
    return visible(value)


def visible(value: Any) -> str:
    """`value` as text without quotes, cut and with its control characters escaped."""
    return repr(_cut(str(value)))[1:-1]


def _cut(text: str) -> str:
    if len(text) <= SHOWN_MAX:
        return text
    return text[: SHOWN_MAX - SHOWN_TAIL - 1] + "…" + text[-SHOWN_TAIL:]


class NotFound(InvalidInput):
    """A board, risk, plan item or year that the store does not have; exit code 2."""

    def __init__(self, field: str, value: Any, hint: str = "") -> None:
        super().__init__(
            field, value, hint or _("no such {field} in the store").format(field=field)
        )


class Locked(RiskctlError):
    """A change to something the board has adopted; exit code 2 (reopen the plan first)."""

    exit_code = 2


class Conflict(RiskctlError):
    """Somebody else changed the row since it was read; exit code 3."""

    exit_code = 3


class ConcurrentWrite(Conflict):
    """Another transaction wrote the same rows at the same moment (a stale version, a
    duplicate, a deadlock) and nothing was written; exit code 3. Unlike a failed
    `--if-version`, the user's change itself may still hold: a write without that check is
    run again (`riskctl.db.write_retrying`)."""


class BadCell(Protocol):
    """One bad cell of a file (`riskctl.services.importing.check.Problem`)."""

    @property
    def row(self) -> int: ...

    def text(self, lang: str = "en") -> str: ...


# A file of 100,000 bad rows is reported by its first bad cells and the count, not a
# screenful per row.
PROBLEMS_LISTED = 50


class ImportRejected(RiskctlError):
    """The file has bad rows; nothing was written; exit code 2. `problems` lists each bad
    cell, `lines` the first `PROBLEMS_LISTED` of them as text (and how many more there are)."""

    exit_code = 2

    def __init__(self, source: str, problems: Sequence[BadCell], lang: str = "en") -> None:
        rows = len({p.row for p in problems})
        super().__init__(
            ngettext(
                "{source}: {count} bad row; nothing was imported",
                "{source}: {count} bad rows; nothing was imported",
                rows,
                lang,
            ).format(source=source, count=rows)
        )
        self.problems = problems
        self.lines = [p.text(lang) for p in problems[:PROBLEMS_LISTED]]
        if len(problems) > PROBLEMS_LISTED:
            self.lines.append(
                ngettext(
                    "… and {more} more bad cell ({total} in all; the first {listed} are listed)",
                    "… and {more} more bad cells ({total} in all; the first {listed} are listed)",
                    len(problems) - PROBLEMS_LISTED,
                    lang,
                ).format(
                    more=len(problems) - PROBLEMS_LISTED,
                    total=len(problems),
                    listed=PROBLEMS_LISTED,
                )
            )


class PopulationChanged(RiskctlError):
    """The population file is not the one the sample was drawn from; exit code 2."""

    exit_code = 2


class StoreError(RiskctlError):
    """The store cannot be reached, opened or written; exit code 1."""


# Errors of the path itself (the user can name another): exit 2. Others (a full disk, an I/O
# error) are exit 1.
PATH_ERRNOS = frozenset(
    {
        errno.EACCES,
        errno.EPERM,
        errno.ENOENT,
        errno.ENOTDIR,
        errno.EISDIR,
        errno.EROFS,
        errno.ENAMETOOLONG,
        errno.EEXIST,
        errno.ELOOP,
    }
)


def unwritable(field: str, path: Any, exc: OSError) -> RiskctlError:
    """The one-line error for a file that could not be written to `path` (given as `field`).

    `InvalidInput` (exit 2) when the path is the cause (a missing or read-only folder, a
    directory in the way); else exit 1 (a full disk, an I/O error). Either way the caller has
    removed what it wrote.
    """
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.errno in PATH_ERRNOS:
        return InvalidInput(
            field, str(path), _("it cannot be written ({reason})").format(reason=reason)
        )
    return RiskctlError(
        _("{field}: {value} could not be written ({reason}); nothing was written").format(
            field=field, value=shown(str(path)), reason=reason
        )
    )
