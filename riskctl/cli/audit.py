"""`riskctl audit`: who changed what, and when."""

from __future__ import annotations

from typing import Annotated

import typer

from riskctl.cli.common import N_, Format, FormatOption, emit, headed, state
from riskctl.i18n import _


def audit(
    ctx: typer.Context,
    entity: Annotated[
        str | None,
        typer.Option("--entity", help="org, risk, plan, item, followup, owner, scale or band."),
    ] = None,
    entity_id: Annotated[int | None, typer.Option("--id", help="The entity's id.")] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="From this date, YYYY-MM-DD.")
    ] = None,
    user: Annotated[str | None, typer.Option("--by", help="Only changes by this user.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List the audit trail: every change, field by field, oldest first.

    Example: riskctl audit --entity risk --id 12 --since 2025-01-01
    """
    from riskctl.services.audit_trail import list_audit

    with state(ctx).reading() as session:
        rows = [
            e.as_dict()
            for e in list_audit(
                session=session, entity=entity, entity_id=entity_id, since=since, user=user
            )
        ]
    emit(
        rows,
        headed(
            [
                ("at", N_("at")),
                ("user", N_("user")),
                ("entity", N_("entity")),
                ("entity_id", N_("id")),
                ("field", N_("field")),
                ("old", N_("old")),
                ("new", N_("new")),
            ]
        ),
        fmt,
        wrap={"old": 30, "new": 30},
        empty=_("no changes recorded"),
    )
