"""`riskctl year`: start next year's analysis."""

from __future__ import annotations

from typing import Annotated

import typer

from riskctl.cli.help_text import App
from riskctl.cli.options import Format, FormatOption, OptionalOrg
from riskctl.cli.output import emit, headed
from riskctl.cli.state import state
from riskctl.i18n import N_, _, ngettext

# Its help is in `riskctl.cli.main.Root.lazy_groups`.
app = App(no_args_is_help=True)


@app.command("rollover")
def rollover(
    ctx: typer.Context,
    from_year: Annotated[int, typer.Option("--from", help="The year to copy.")],
    to_year: Annotated[int, typer.Option("--to", help="The new year.")],
    org: OptionalOrg = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be copied; write nothing.")
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Start a year's analysis as a copy of an earlier one; never duplicates.

    Risks whose follow-up had remarks (near or remark) are proposed for control, with a note
    saying why.

    Example: riskctl year rollover --from 2025 --to 2026 --org KS
    """
    from riskctl.services.rollover import rollover as run

    st = state(ctx)
    # A preview takes no write lock.
    with st.reading() if dry_run else st.writing() as session:
        result = run(
            session=session,
            from_year=from_year,
            to_year=to_year,
            org=org,
            dry_run=dry_run,
            lang=st.language,
        )
    if fmt != Format.table:
        if fmt == Format.json:
            from riskctl.render import to_json

            typer.echo(to_json(result.as_dict()))
        else:
            emit(
                [c.as_dict() for c in result.copied],
                headed(
                    [
                        ("org", N_("org")),
                        ("risk_id", N_("id")),
                        ("title", N_("risk")),
                        ("value", N_("value")),
                        ("handling", N_("handling")),
                        ("proposed", N_("proposed")),
                    ]
                ),
                fmt,
            )
        return
    count = len(result.copied)
    if dry_run:
        line = ngettext(
            "would copy {count} risk from {source} to {target}; {skipped} already in {target}",
            "would copy {count} risks from {source} to {target}; {skipped} already in {target}",
            count,
        )
    else:
        line = ngettext(
            "copied {count} risk from {source} to {target}; {skipped} already in {target}",
            "copied {count} risks from {source} to {target}; {skipped} already in {target}",
            count,
        )
    typer.echo(line.format(count=count, source=from_year, target=to_year, skipped=result.skipped))
    for c in result.copied:
        if c.proposed:
            typer.echo(
                "  "
                + _("proposed for control: {title} ({board}, id {id})").format(
                    title=c.title, board=c.org, id=c.risk_id
                )
            )
