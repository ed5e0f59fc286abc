"""`riskctl examples`: the Alingsås Kommunstyrelsen data from the seed documents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from riskctl.cli.help_text import App
from riskctl.cli.state import state
from riskctl.i18n import _

# Its help is in `riskctl.cli.main.Root.lazy_groups`.
app = App(no_args_is_help=True)


@app.command("load")
def load(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            help="A folder of example boards (default: the shipped examples).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Load the example boards into the store; boards already there are left alone.

    Example: riskctl examples load
    """
    from riskctl.services.examples import load_examples

    with state(ctx).writing() as session:
        result = load_examples(session=session, directory=directory)
    if result.boards:
        typer.echo(
            _(
                "loaded {boards}: {assessments} assessments, {plans} plans, {followups} follow-ups"
            ).format(
                boards=", ".join(result.boards),
                assessments=result.assessments,
                plans=result.plans,
                followups=result.followups,
            )
        )
    if result.skipped:
        typer.echo(
            _("already in the store, left alone: {boards}").format(boards=", ".join(result.skipped))
        )
