"""Database work off the UI thread: one helper that every screen and dialog uses.

`run_db` runs a function of a session in a thread worker (a read, or one write transaction)
and hands the result, or the service's error, back on the UI thread. A `RiskctlError` is the
user's to act on and goes to `failed` (inline) or a notification; anything else is a bug,
reported in one line without a traceback (set RISKCTL_DEBUG=1 to let it through).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from sqlmodel import Session
from textual.worker import Worker, get_current_worker

from riskctl.db import reading, writing
from riskctl.errors import RiskctlError

if TYPE_CHECKING:
    from textual.dom import DOMNode

T = TypeVar("T")


def run_db(
    node: DOMNode,
    work: Callable[[Session], T],
    done: Callable[[T], Any] | None = None,
    *,
    write: bool = False,
    failed: Callable[[RiskctlError], Any] | None = None,
    group: str = "db",
    exclusive: bool = False,
) -> Worker[None]:
    """Run `work(session)` in a thread; call `done(result)` or `failed(error)` on the UI thread.

    With `exclusive`, an earlier read of the same group is superseded: its result is dropped.
    Writes should not be exclusive: a write that has started always finishes.
    """
    app: Any = node.app
    engine = app.engine
    # Writes are audited under the user of `--user` / RISKCTL_USER / the OS (riskctl.audit).
    user = getattr(app, "user", None)

    def deliver(callback: Callable[[Any], Any], value: Any) -> None:
        if node.is_attached:
            callback(value)

    def job() -> None:
        worker = get_current_worker()
        try:
            with writing(engine, user) if write else reading(engine) as session:
                result = work(session)
        except RiskctlError as exc:
            if not worker.is_cancelled:
                _call(app, deliver, failed or app.show_error, exc)
            return
        except Exception as exc:
            if os.environ.get("RISKCTL_DEBUG"):
                raise
            _call(app, app.show_bug, exc)
            return
        if done is not None and not worker.is_cancelled:
            _call(app, deliver, done, result)

    return node.run_worker(
        job,
        thread=True,
        group=group,
        exclusive=exclusive,
        exit_on_error=bool(os.environ.get("RISKCTL_DEBUG")),
    )


def _call(app: Any, callback: Callable[..., Any], *args: Any) -> None:
    try:
        app.call_from_thread(callback, *args)
    except RuntimeError:
        # The app has closed while the store was working; there is nobody left to tell.
        return
