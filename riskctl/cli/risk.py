"""`riskctl risk`: the register and a year's analysis."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from riskctl.cli import output
from riskctl.cli.errors import fail
from riskctl.cli.help_text import App
from riskctl.cli.options import Format, FormatOption, OptionalOrg, OrgOption, YearOption
from riskctl.cli.output import emit, headed
from riskctl.cli.state import state
from riskctl.i18n import N_, _

# Its help is in `riskctl.cli.main.Root.lazy_groups`.
app = App(no_args_is_help=True)

ALL_KEYS = (
    "id",
    "org",
    "year",
    "title",
    "description",
    "probability",
    "significance",
    "value",
    "band",
    "handling",
    "note",
    "owner",
    "version",
)
LIST_COLUMNS = [
    ("id", N_("id")),
    ("title", N_("risk")),
    ("probability", N_("P")),
    ("significance", N_("S")),
    ("value", N_("value")),
    ("band", N_("band")),
    ("handling", N_("handling")),
    ("owner", N_("owner")),
]
# The record's fields, named by their keys (in English) or their Swedish words.
RECORD_FIELDS = [
    ("id", N_("id")),
    ("org", N_("org")),
    ("year", N_("year")),
    ("title", N_("title")),
    ("description", N_("description")),
    ("probability", N_("probability")),
    ("significance", N_("significance")),
    ("value", N_("value")),
    ("band", N_("band")),
    ("handling", N_("handling")),
    ("note", N_("note")),
    ("owner", N_("owner")),
    ("version", N_("version")),
]

Probability = Annotated[
    int, typer.Option("--probability", "-p", help="Probability on the board's scale (1–4).")
]
Significance = Annotated[
    int, typer.Option("--significance", "-s", help="Significance on the board's scale (1–4).")
]
Handling = Annotated[
    str,
    typer.Option("--handling", help="control (into the internal control plan), action or accept."),
]


def _columns(fmt: Format, with_org: bool) -> list[tuple[str, str]]:
    if fmt == Format.csv:
        return [(k, k) for k in ALL_KEYS]
    return headed(([("org", N_("org"))] if with_org else []) + LIST_COLUMNS)


def print_record(record: dict[str, Any], fmt: Format) -> None:
    output.print_record(record, RECORD_FIELDS, fmt)


@app.command("add")
def add(
    ctx: typer.Context,
    org: OrgOption,
    year: YearOption,
    title: Annotated[str, typer.Option("--title", "-t", help="Short name of the risk.")],
    probability: Probability,
    significance: Significance,
    description: Annotated[
        str, typer.Option("--description", "-d", help="What could go wrong.")
    ] = "",
    handling: Handling = "action",
    note: Annotated[str, typer.Option("--note", help="The handling note.")] = "",
    owner: Annotated[
        str | None, typer.Option("--owner", help="The owning role, e.g. Ekonomichef.")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Add a risk to a year's analysis and print its id.

    Example: riskctl risk add --org KS --year 2025 --title "Felaktiga löneutbetalningar"
    -p 3 -s 2 --handling control --owner "Biträdande kommundirektör"
    """
    from riskctl.services.risks import add_risk

    with state(ctx).writing() as session:
        record = add_risk(
            session=session,
            org=org,
            year=year,
            title=title,
            description=description,
            probability=probability,
            significance=significance,
            handling=handling,
            note=note,
            owner=owner,
        ).as_dict()
    if fmt == Format.table:
        typer.echo(str(record["id"]))
    else:
        print_record(record, fmt)


@app.command("list")
def list_(
    ctx: typer.Context,
    year: YearOption,
    org: OptionalOrg = None,
    min_value: Annotated[
        int | None, typer.Option("--min-value", help="Only risks with at least this risk value.")
    ] = None,
    handling: Annotated[
        str | None,
        typer.Option(
            "--handling", help="Only risks with this handling: control, action or accept."
        ),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List a year's analysis, highest risk value first (ties in the order entered).

    Example: riskctl risk list --year 2025 --org KS --min-value 6
    """
    from riskctl.services.risks import list_assessments

    with state(ctx).reading() as session:
        rows = [
            a.as_dict()
            for a in list_assessments(
                session=session, year=year, org=org, min_value=min_value, handling=handling
            )
        ]
    emit(rows, _columns(fmt, org is None), fmt, empty=_("no risks in {year}").format(year=year))


@app.command("show")
def show(
    ctx: typer.Context,
    risk_id: Annotated[int, typer.Argument(metavar="ID", help="The risk's id.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Show a risk with its scores in every year.

    Example: riskctl risk show 12
    """
    from riskctl.services.risks import show_risk

    with state(ctx).reading() as session:
        risk = show_risk(session=session, risk_id=risk_id)
    if fmt == Format.json:
        from riskctl.render import to_json

        typer.echo(to_json(risk.as_dict()))
        return
    if fmt != Format.csv:  # CSV is the table of years alone, for a spreadsheet to read
        typer.echo(f"{risk.id} {risk.title} ({risk.org})")
        if risk.description:
            typer.echo(risk.description)
        typer.echo("")
    emit(
        [a.as_dict() for a in risk.years],
        headed(
            [
                ("year", N_("year")),
                ("probability", N_("P")),
                ("significance", N_("S")),
                ("value", N_("value")),
                ("band", N_("band")),
                ("handling", N_("handling")),
                ("owner", N_("owner")),
                ("version", N_("version")),
            ]
        ),
        fmt,
    )


@app.command("edit")
def edit(
    ctx: typer.Context,
    risk_id: Annotated[int, typer.Argument(metavar="ID", help="The risk's id.")],
    year: YearOption,
    title: Annotated[str | None, typer.Option("--title", "-t")] = None,
    description: Annotated[str | None, typer.Option("--description", "-d")] = None,
    probability: Annotated[int | None, typer.Option("--probability", "-p")] = None,
    significance: Annotated[int | None, typer.Option("--significance", "-s")] = None,
    handling: Annotated[
        str | None, typer.Option("--handling", help="control, action or accept.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    owner: Annotated[str | None, typer.Option("--owner", help='Role; "" for none.')] = None,
    if_version: Annotated[
        int | None,
        typer.Option(
            "--if-version", help="Refuse (exit 3) unless the record is still at this version."
        ),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Change a risk's fields in one year's analysis.

    Example: riskctl risk edit 12 --year 2025 -p 4 --handling control --if-version 1
    """
    from riskctl.services.risks import edit_risk

    given = {
        "title": title,
        "description": description,
        "probability": probability,
        "significance": significance,
        "handling": handling,
        "note": note,
        "owner": owner,
    }
    changes = {k: v for k, v in given.items() if v is not None}
    if not changes:
        fail(_("risk edit: give at least one field to change (see --help)"))
    record = state(ctx).write(
        lambda session: edit_risk(
            session=session, risk_id=risk_id, year=year, changes=changes, if_version=if_version
        ).as_dict(),
        blind=if_version is None,
    )
    print_record(record, fmt)


@app.command("remove")
def remove(
    ctx: typer.Context,
    risk_id: Annotated[int, typer.Argument(metavar="ID", help="The risk's id.")],
    year: YearOption,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Remove a risk from one year's analysis (and from the register if no year is left).

    Example: riskctl risk remove 12 --year 2025 --yes
    """
    from riskctl.services.risks import get_assessment, remove_risk

    st = state(ctx)
    if not yes:
        with st.reading() as session:
            record = get_assessment(session=session, risk_id=risk_id, year=year)
        output.confirm(
            _("Remove risk {id} ({title}) from {year}?").format(
                id=risk_id, title=record.title, year=year
            )
        )
    with st.writing() as session:
        gone = remove_risk(session=session, risk_id=risk_id, year=year)
    typer.echo(
        _("removed risk {id} ({title}) from {year}").format(id=gone.id, title=gone.title, year=year)
    )
