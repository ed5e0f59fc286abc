"""`riskctl audit`: who changed what, and when; `audit verify` and `audit head` for the
hash chain that makes the trail tamper-evident (see `riskctl.audit_chain`)."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from riskctl.cli.errors import fail
from riskctl.cli.help_text import App
from riskctl.cli.options import Format, FormatOption
from riskctl.cli.output import emit, headed
from riskctl.cli.state import state
from riskctl.errors import InvalidInput
from riskctl.i18n import N_, _, ngettext

# Its help is in `riskctl.cli.main.Root.lazy_groups`. With no command it lists the trail.
app = App(invoke_without_command=True)
HASH = re.compile(r"[0-9a-f]{64}")


@app.callback()
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
    if ctx.invoked_subcommand is not None:
        return
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


@app.command("verify")
def verify(
    ctx: typer.Context,
    heads: Annotated[
        list[str] | None,
        typer.Option(
            "--head",
            help="A head written down earlier (e.g. in a board's minutes) that must be an "
            "entry of the chain; repeatable.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check the audit trail's hash chain.

    No entry may have been changed, removed, inserted or moved since it was written, and
    every head recorded at a plan's adoption must still be in the chain. Exit code 0 when it
    holds, 1 naming the first entry that does not.

    Example: riskctl audit verify --head HASH
    """
    from riskctl.services.audit_verify import verify_chain

    given = [h.strip().lower() for h in heads or []]
    for h in given:
        if not HASH.fullmatch(h):
            raise InvalidInput("--head", h, _("give the 64 hexadecimal digits of `audit head`"))
    with state(ctx).reading() as session:
        verdict = verify_chain(session=session, heads=given)
    if verdict.problem is not None:
        fail(
            _("the audit trail does not hold: {problem}").format(problem=verdict.problem.message),
            code=1,
        )
    typer.echo(
        ngettext(
            "{count} entry holds; head {head}", "{count} entries hold; head {head}", verdict.entries
        ).format(count=verdict.entries, head=verdict.head)
    )


@app.command("head")
def head(ctx: typer.Context) -> None:
    """Print the hash of the audit trail's newest entry, for a board's minutes.

    `audit verify --head HASH` checks later that it is still in the chain.

    Example: riskctl audit head
    """
    from riskctl.services.audit_verify import chain_head

    with state(ctx).reading() as session:
        typer.echo(chain_head(session=session))
