"""`riskctl org`: the boards that keep registers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from riskctl.cli.help_text import App
from riskctl.cli.options import Format, FormatOption
from riskctl.cli.output import emit, headed
from riskctl.cli.state import state
from riskctl.i18n import N_, _

if TYPE_CHECKING:
    from riskctl.models import Org

# Its help is in `riskctl.cli.main.Root.lazy_groups`.
app = App(no_args_is_help=True)

ORG_COLUMNS = [
    ("id", N_("id")),
    ("code", N_("code")),
    ("name", N_("name")),
    ("threshold", N_("threshold")),
    ("scale", N_("scale")),
]


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The board's name, e.g. Kommunstyrelsen.")],
    code: Annotated[str | None, typer.Option("--code", help="Short code, e.g. KS.")] = None,
    scale_size: Annotated[
        int, typer.Option("--scale-size", help="4 (the Swedish 4×4 default) or 5 (a generic 5×5).")
    ] = 4,
    scale: Annotated[
        Path | None,
        typer.Option(
            "--scale",
            help="A TOML file with [[probability]], [[significance]] and [[band]].",
            show_default=False,
        ),
    ] = None,
    threshold: Annotated[
        int,
        typer.Option(
            "--threshold",
            help="Risk value from which `plan generate` warns about risks not under control.",
        ),
    ] = 8,
    fmt: FormatOption = Format.table,
) -> None:
    """Add a board.

    Example: riskctl org add Kommunstyrelsen --code KS
    """
    from riskctl import scales
    from riskctl.services.orgs import add_org

    if code is not None and not code.strip():
        from riskctl.errors import InvalidInput

        # A board without a code is one added without --code, not with an empty one.
        raise InvalidInput("--code", code, _("it must not be empty"))

    scale_set = scales.load_scale_file(scale) if scale else scales.default_scale(scale_size)
    with state(ctx).writing() as session:
        org = add_org(session=session, name=name, code=code, scale=scale_set, threshold=threshold)
        row = _row(org, len(scale_set.probability), len(scale_set.significance))
    if fmt == Format.table:
        typer.echo(
            _("added board {board} (id {id})").format(
                board=row["code"] or row["name"], id=row["id"]
            )
        )
    else:
        emit([row], headed(ORG_COLUMNS), fmt, json_rows=[row])


@app.command("set")
def set_(
    ctx: typer.Context,
    org: Annotated[str, typer.Argument(help="Board code or name.")],
    name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    code: Annotated[str | None, typer.Option("--code", help="New code.")] = None,
    threshold: Annotated[
        int | None, typer.Option("--threshold", help="Risk value from which `plan generate` warns.")
    ] = None,
    scale: Annotated[
        Path | None,
        typer.Option(
            "--scale",
            help="Replace the scales and bands from a TOML file; a file with only [[band]] "
            "tables replaces the bands and keeps the levels.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Change a board's name, code, threshold, or scales and bands.

    Example: riskctl org set KS --threshold 6 --scale bands.toml
    """
    from riskctl import scales
    from riskctl.services.orgs import set_org

    scale_set = scales.load_scale_file(scale, bands_only=True) if scale else None
    with state(ctx).writing() as session:
        changed = set_org(
            session=session, org=org, name=name, code=code, threshold=threshold, scale=scale_set
        )
        label = changed.code or changed.name
    typer.echo(_("updated board {board}").format(board=label))


def _row(org: Org, p: int, s: int) -> dict[str, object]:
    return {
        "id": org.id,
        "code": org.code,
        "name": org.name,
        "threshold": org.threshold,
        "scale": f"{p}×{s}",
    }


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """List the boards.

    Example: riskctl org list --format json
    """
    from riskctl.services.orgs import list_orgs, scale_of

    with state(ctx).reading() as session:
        rows = []
        for org in list_orgs(session=session):
            assert org.id is not None
            sc = scale_of(session=session, org_id=org.id)
            rows.append(_row(org, len(sc.probability), len(sc.significance)))
    emit(
        rows,
        headed(ORG_COLUMNS),
        fmt,
        empty=_("no boards yet; add one with `riskctl org add NAME`"),
    )


@app.command("show")
def show(
    ctx: typer.Context,
    org: Annotated[str, typer.Argument(help="Board code or name.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Show a board's scales and bands.

    With --format csv: the levels table, a blank line, then the bands table.

    Example: riskctl org show KS
    """
    from riskctl.services.orgs import resolve_org, scale_of

    with state(ctx).reading() as session:
        the_org = resolve_org(session=session, ref=org)
        assert the_org.id is not None
        sc = scale_of(session=session, org_id=the_org.id)
        levels = [
            {
                "axis": lv.axis,
                "level": lv.level,
                "label": lv.label,
                "label_en": lv.label_en,
                "description": lv.description,
            }
            for lv in (*sc.probability, *sc.significance)
        ]
        bands = [
            {
                "min": b.min_value,
                "max": b.max_value,
                "label": b.label,
                "label_en": b.label_en,
                "color": b.color,
            }
            for b in sc.bands
        ]
        head = _row(the_org, len(sc.probability), len(sc.significance))
    if fmt == Format.json:
        from riskctl.render import to_json

        typer.echo(to_json({**head, "levels": levels, "bands": bands}))
        return
    if fmt != Format.csv:  # CSV: the levels, a blank line, the bands; no prose
        typer.echo(
            _("{name} ({code}), scale {scale}, threshold {threshold}").format(
                name=head["name"],
                code=head["code"] or "-",
                scale=head["scale"],
                threshold=head["threshold"],
            )
        )
    emit(
        levels,
        headed(
            [
                ("axis", N_("axis")),
                ("level", N_("level")),
                ("label", N_("label")),
                ("label_en", N_("English")),
                ("description", N_("description")),
            ]
        ),
        fmt,
    )
    typer.echo("")
    emit(
        bands,
        headed(
            [
                ("min", N_("min")),
                ("max", N_("max")),
                ("label", N_("band")),
                ("label_en", N_("English")),
                ("color", N_("colour")),
            ]
        ),
        fmt,
    )
