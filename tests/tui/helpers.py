"""Helpers for the terminal UI tests."""

from __future__ import annotations

from typing import Any


async def settle(pilot: Any) -> None:
    """Wait until no worker is left running and the screen has caught up.

    A worker's result can start another worker (a write, then a read), so idle must be seen
    twice in a row, with the messages between them processed.
    """
    app = pilot.app
    idle = 0
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        idle = idle + 1 if not any(worker.is_running for worker in app.workers) else 0
        if idle == 2:
            return
    raise AssertionError("the app's workers did not finish")


def table_titles(app: Any) -> list[str]:
    """The titles the risk table holds, in its order (only rows read so far)."""
    from riskctl.tui.widgets.risk_table import RiskTable

    table = app.screen.query_one(RiskTable)
    out = []
    for index in range(table.total or 0):
        row = table.row(index)
        if row is None:
            break
        out.append(row.title)
    return out
