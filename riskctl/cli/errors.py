"""How a command fails: one line on stderr (`riskctl: …`), no traceback, and an exit code
that says what went wrong: 2 for bad input (and Typer's usage errors), 3 for a conflicting
change, 130 for an interrupt, 1 for anything else (the `exit_code`s of `riskctl.errors`).
`run_reported` runs a command that way; `fail` ends one.

Typer's usage errors ("Missing option", "No such option") are made again from their fields
in the current language (`usage_message`). Like the help screens (`riskctl.cli.help_text`),
this reads Typer's (vendored click's) exception classes and fields: check it after a Typer
upgrade.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import typer

from riskctl.errors import RiskctlError, shown
from riskctl.i18n import _


def fail(message: str, code: int = 2) -> NoReturn:
    raise RiskctlError(message) if code == 1 else _Usage(message, code)


class _Usage(RiskctlError):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.exit_code = code


def run_reported(run: Callable[[], Any], given: Sequence[str]) -> Any:
    """`run()`'s result, or the exit code of its failure, reported as one line (`given`, the
    command's arguments, names the option of a path the system refused)."""
    try:
        return run()
    except typer.TyperException as exc:  # Typer's (vendored click's) usage errors
        if type(exc).__name__ == "NoArgsIsHelpError":
            return 2  # Typer has printed the group's help already
        return report(usage_message(exc), exc.exit_code)
    except typer.Abort:
        return report(_("aborted; nothing was changed"), 1)
    except RiskctlError as exc:
        return report(exc.message, exc.exit_code)
    except KeyboardInterrupt:
        return report(_("interrupted; nothing was changed"), 130)
    except Exception as exc:  # a bug: say so plainly, keep secrets out
        if isinstance(exc, OSError) and _names_a_path(exc):
            err = _path_error(exc, given)
            return report(err.message, err.exit_code)
        if isinstance(exc, OSError) and exc.errno in _OUTPUT_ERRNOS and not exc.filename:
            # Standard output on a full disk (`riskctl … > file`): the system's reason,
            # and no second report when Python flushes the rest of it on exit.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until the exit
            return report(
                _("cannot write the output ({reason})").format(reason=exc.strerror or exc), 1
            )
        if os.environ.get("RISKCTL_DEBUG"):
            raise
        return report(
            _(
                "unexpected error ({name}); nothing was changed. "
                "Set RISKCTL_DEBUG=1 to see the details"
            ).format(name=type(exc).__name__),
            1,
        )


def report(message: str, code: int) -> int:
    """Print `message` as one line on stderr, any database password masked; `code` back."""
    from riskctl.db import mask_url

    text = _one_line(message)
    url = os.environ.get("RISKCTL_DATABASE_URL")
    if url:
        # A password must never reach the screen, whichever message carried it.
        text = text.replace(url, mask_url(url))
    prefix = "" if text.startswith("riskctl") else "riskctl: "
    typer.echo(f"{prefix}{text}", err=True)
    return code


def _one_line(message: str) -> str:
    return " ".join(line.strip() for line in str(message).splitlines() if line.strip())


_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def _names_a_path(exc: OSError) -> bool:
    from riskctl.errors import PATH_ERRNOS

    return exc.errno in PATH_ERRNOS and isinstance(exc.filename, str | bytes)


def _path_error(exc: OSError, args: Sequence[str]) -> RiskctlError:
    """A file a command was given that the system refused (a name too long, a folder in the
    way, no right to it) and that the command's own checks let through: the path's one-line
    error (exit 2), naming the option or argument that gave it."""
    from riskctl.errors import InvalidInput

    path = os.fsdecode(exc.filename)
    field = "FILE"
    for n, token in enumerate(args):
        name, sep, value = token.partition("=")
        if sep and name.startswith("--") and value == path:
            field = name
        elif token == path and n > 0 and args[n - 1].startswith("--"):
            field = args[n - 1]
        else:
            continue
        break
    reason = exc.strerror or type(exc).__name__
    return InvalidInput(field, path, _("it cannot be used ({reason})").format(reason=reason))


def usage_message(exc: typer.TyperException) -> str:
    """Typer's usage error in the current language, after the command it was for."""
    ctx = getattr(exc, "ctx", None)
    where = f"{ctx.command_path}: " if ctx is not None else ""
    return where + (_bad_value(exc) or _typer_message(exc))


_EXTRA_ARGS = re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)$", re.DOTALL)


def _typer_message(exc: typer.TyperException) -> str:
    """Typer's usage error in the current language, made from the exception's fields (the
    parameter, the option's name) as far as it has them; Typer's own English words else.

    The English message ids are Typer's wording, so English reads as Typer's."""
    kinds = {cls.__name__ for cls in type(exc).__mro__}
    message = str(exc.message or "")
    if "MissingParameter" in kinds:
        return _missing(exc)
    if "NoSuchOption" in kinds:
        text = _("No such option: {name}").format(name=_printable(getattr(exc, "option_name", "")))
        close = getattr(exc, "possibilities", None)
        if close:
            text += " " + _("(Possible options: {names})").format(names=", ".join(sorted(close)))
        return text
    if "BadOptionUsage" in kinds:
        name = repr(_printable(getattr(exc, "option_name", "")))
        if message.endswith("does not take a value."):
            return _("Option {name} does not take a value.").format(name=name)
        if " requires " in message:
            return _("Option {name} requires an argument.").format(name=name)
    param = getattr(exc, "param", None)
    if "BadParameter" in kinds and param is not None:
        return _("Invalid value for {name}: {reason}").format(
            name=param.get_error_hint(), reason=message
        )
    extra = _EXTRA_ARGS.match(message)
    if extra:
        return _("Got unexpected extra argument(s) ({args})").format(args=_cut(extra["args"]))
    if message == "Missing command.":
        return _("Missing command.")
    return exc.format_message()


def _missing(exc: Any) -> str:
    """'Missing option '--org' / '-o'.' in the current language."""
    param = getattr(exc, "param", None)
    hint = exc.param_hint
    if hint is None and param is not None:
        hint = param.get_error_hint()
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(h) for h in hint)
    kind = exc.param_type or getattr(param, "param_type_name", "parameter")
    if kind == "option":
        text = _("Missing option {name}.")
    elif kind == "argument":
        text = _("Missing argument {name}.")
    else:
        text = _("Missing parameter {name}.")
    text = text.format(name=hint or "")
    choices = _choices(param)
    if choices:
        text += " " + _("Choose from: {choices}.").format(choices=", ".join(choices))
    if exc.message:
        text += f" {exc.message}"
    return text


def _choices(param: Any) -> list[str]:
    """The values a choice parameter (an enum) allows; none for any other parameter."""
    described = getattr(param, "type_descriptor", None)
    if not getattr(described, "is_choice", False):
        return []
    return [str(getattr(c, "value", c)) for c in getattr(described, "choices", None) or ()]


def _printable(text: str) -> str:
    """`text` cut to a readable length, its control characters written as escapes (never sent
    to the terminal)."""
    from riskctl.errors import visible

    return visible(text)


def _cut(text: str) -> str:
    """Text Typer has escaped already, cut to a readable length."""
    from riskctl.errors import SHOWN_MAX, SHOWN_TAIL

    return (
        text
        if len(text) <= SHOWN_MAX
        else text[: SHOWN_MAX - SHOWN_TAIL - 1] + "…" + text[-SHOWN_TAIL:]
    )


def _bad_value(exc: typer.TyperException) -> str | None:
    """'--probability: 'abc' is not allowed; use a whole number' for a value Typer rejected."""
    param, cause = getattr(exc, "param", None), exc.__cause__
    errors = getattr(cause, "errors", None)
    if param is None or not callable(errors):
        return None
    first = errors()[0] if errors() else {}
    if "input" not in first:
        return None
    name = max(getattr(param, "opts", None) or [str(param.name)], key=len)
    kind = str(first.get("type", ""))
    choices = _choices(param)
    if choices:
        reason = _("use one of {choices}").format(choices=", ".join(choices))
    elif kind.startswith("int_"):
        reason = _("use a whole number")
    elif kind.startswith("float_"):
        reason = _("use a number")
    elif kind.startswith("bool_"):
        reason = _("use true or false")
    else:  # the converter's own words, in English
        reason = str(first.get("msg", "invalid value"))
        reason = reason[:1].lower() + reason[1:]
    return _("{field}: {value} is not allowed; {allowed}").format(
        field=name, value=shown(first["input"]), allowed=reason
    )
