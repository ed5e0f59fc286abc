"""The errors that reach a user, each with the exit code the CLI gives it.

Services raise these; the CLI prints their message as one line on stderr and the TUI shows it
next to the field it names. Nothing else should escape to a user. Messages are made in the
current language (`riskctl.i18n`) when the error is raised; field names stay as the user typed
them (`probability`, `--org`).
"""

from __future__ import annotations

from typing import Any

from riskctl.i18n import _


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
        shown = repr(value) if isinstance(value, str) else str(value)
        super().__init__(
            _("{field}: {value} is not allowed; {allowed}").format(
                field=field, value=shown, allowed=allowed
            )
        )


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


class StoreError(RiskctlError):
    """The store cannot be reached, opened or written; exit code 1."""
