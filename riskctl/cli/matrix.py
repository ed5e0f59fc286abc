"""`riskctl matrix`: the probability × significance heat map."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from riskctl.cli.options import OptionalOrg, YearOption
from riskctl.cli.state import state
from riskctl.i18n import _


class MatrixFormat(StrEnum):
    """The formats a heat map has: no csv or md, so Typer refuses those (exit 2)."""

    table = "table"
    json = "json"


def matrix(
    ctx: typer.Context,
    year: YearOption,
    org: OptionalOrg = None,
    fmt: Annotated[
        MatrixFormat,
        typer.Option("--format", "-f", help="table (coloured on a terminal) or json."),
    ] = MatrixFormat.table,
) -> None:
    """Show the heat map: how many risks in each probability × significance cell.

    Cells are coloured by band on a terminal and plain when piped.

    Example: riskctl matrix --year 2025 --org KS
    """
    from riskctl.services.matrix import matrix as build

    st = state(ctx)
    with st.reading() as session:
        grid = build(session=session, year=year, org=org)
    lang = st.language
    if fmt == MatrixFormat.json:
        from riskctl.render import to_json

        typer.echo(
            to_json(
                {
                    "year": year,
                    "org": org,
                    "total": grid.total,
                    "cells": [
                        {"probability": p, "significance": s, "count": n, "color": color}
                        for p, cells in grid.rows()
                        for s, n, color in cells
                    ],
                }
            )
        )
        return
    sc = grid.scale
    head_p, head_s = _("Probability"), _("Significance")
    width = max(
        4,
        max(
            len(sc.label(ax, lv.level, lang)) for ax in ("significance",) for lv in sc.significance
        ),
    )
    label_w = max(len(sc.label("probability", lv.level, lang)) for lv in sc.probability) + 4
    typer.echo(f"{head_p} ↓   {head_s} →")
    typer.echo(
        " " * label_w
        + " ".join(
            f"{lv.level} {sc.label('significance', lv.level, lang)}"[: width + 2].center(width + 2)
            for lv in sc.significance
        )
    )
    for p, cells in grid.rows():
        label = f"{p} {sc.label('probability', p, lang)}".ljust(label_w)
        parts = []
        for _s, n, color in cells:
            text = (str(n) if n else "·").center(width + 2)
            parts.append(typer.style(text, fg="black", bg=_rgb(color)))
        # click.echo drops the colours by itself when the output is not a terminal.
        typer.echo(label + " ".join(parts))
    typer.echo(f"{_('Total')}: {grid.total}")


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)
