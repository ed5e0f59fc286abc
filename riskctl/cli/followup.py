"""`riskctl followup` and `riskctl due`: following up the controls of an adopted plan."""

from __future__ import annotations

from datetime import date as Date
from typing import Annotated

import typer

from riskctl.cli.common import Format, FormatOption, OptionalOrg, OrgOption, YearOption, emit, state

app = typer.Typer(
    no_args_is_help=True,
    help="Follow-ups of the plan's controls (interim in August, annual in February).",
)

FOLLOWUP_KEYS = (
    "item",
    "org",
    "year",
    "title",
    "period",
    "assessment",
    "checked",
    "result",
    "action",
    "date",
    "revision",
)
LIST_COLUMNS = [
    ("item", "item"),
    ("title", "title"),
    ("period", "period"),
    ("assessment", "assessment"),
    ("result", "result"),
    ("action", "action"),
]
WRAP = {"title": 24, "result": 50, "action": 30}
MARK = {"ok": "green", "near": "yellow", "remark": "red", "none": "bright_black"}


def _assessment_cell(word: str, fmt: Format) -> str:
    if fmt != Format.table:
        return word
    # click.echo drops the colour when the output is not a terminal.
    return typer.style(f"● {word}", fg=MARK.get(word, "white"))


@app.command("record")
def record(
    ctx: typer.Context,
    item: Annotated[int, typer.Argument(metavar="ITEM", help="The plan item's id.")],
    period: Annotated[str, typer.Option("--period", help="interim or annual.")],
    assessment: Annotated[
        str,
        typer.Option(
            "--assessment",
            help="ok (no or negligible remark, green), near (remark close to "
            "target, yellow), remark (red) or none (no assessment made, grey).",
        ),
    ],
    result: Annotated[str, typer.Option("--result", help="What the control found.")],
    checked: Annotated[str | None, typer.Option("--checked", help="What was checked.")] = None,
    action: Annotated[str | None, typer.Option("--action", help="What will be done.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="When, YYYY-MM-DD.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Record an item's follow-up for a period; recording again keeps the earlier version.

    Example: riskctl followup record 3 --period annual --assessment near
    --result "2 fel av 50 stickprov" --action "Utbildning av attestanter"
    """
    from riskctl.services.followups import record_followup

    with state(ctx).writing() as session:
        view = record_followup(
            session=session,
            item_id=item,
            period=period,
            assessment=assessment,
            result=result,
            checked=checked,
            action=action,
            done_on=date,
        )
    if fmt == Format.table:
        typer.echo(
            f"recorded the {view.period} follow-up of item {view.item} ({view.title}): "
            f"{view.assessment} (revision {view.revision})"
        )
    else:
        from riskctl.render import render_record

        typer.echo(render_record(view.as_dict(), fmt.value, [(k, k) for k in FOLLOWUP_KEYS]))


@app.command("list")
def list_(
    ctx: typer.Context,
    year: YearOption,
    org: OptionalOrg = None,
    period: Annotated[str | None, typer.Option("--period", help="interim or annual.")] = None,
    history: Annotated[
        bool, typer.Option("--history", help="Include earlier, replaced versions.")
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """List the recorded follow-ups of a year's plans.

    Example: riskctl followup list --year 2024 --org KS --period annual
    """
    from riskctl.services.followups import list_followups

    with state(ctx).reading() as session:
        views = list_followups(session=session, year=year, org=org, period=period, history=history)
    rows = [v.as_dict() for v in views]
    shown = [{**r, "assessment": _assessment_cell(r["assessment"], fmt)} for r in rows]
    columns = (
        [(k, k) for k in FOLLOWUP_KEYS]
        if fmt == Format.csv
        else (([("org", "org")] if org is None else []) + LIST_COLUMNS)
    )
    if history and fmt != Format.csv:
        columns = [*columns, ("revision", "rev")]
    emit(shown, columns, fmt, json_rows=rows, wrap=WRAP, empty="no follow-ups recorded")


@app.command("summary")
def summary(
    ctx: typer.Context,
    year: YearOption,
    org: OrgOption,
    period: Annotated[str, typer.Option("--period", help="interim or annual.")] = "annual",
    fmt: FormatOption = Format.table,
) -> None:
    """Count a plan's follow-ups and give the sentence for the annual report.

    Items with no follow-up count as none.

    Example: riskctl followup summary --year 2024 --org KS
    """
    from riskctl.services.followups import summarise

    st = state(ctx)
    with st.reading() as session:
        result = summarise(session=session, year=year, org=org, period=period)
    if fmt == Format.json:
        from riskctl.render import to_json

        typer.echo(to_json(result.as_dict()))
        return
    emit([result.counts()], [(k, k) for k in ("risks", "ok", "near", "remark", "none")], fmt)
    if fmt == Format.table:
        typer.echo("")
        typer.echo(result.sentence(st.language))


def due(
    ctx: typer.Context,
    date: Annotated[
        str | None, typer.Option("--date", help="The day to check, YYYY-MM-DD (default: today).")
    ] = None,
    org: OptionalOrg = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List overdue follow-ups: adopted plan items with nothing recorded after the deadline.

    The interim follow-up is due by 31 August, the annual one by the end of February of the
    next year. The deadlines can be changed with interim_due and annual_due in the config file.

    Example: riskctl due --date 2025-09-15 --org KS
    """
    from riskctl.services import validate
    from riskctl.services.followups import due_followups

    st = state(ctx)
    on = validate.day(date, "--date") if date else Date.today()
    with st.reading() as session:
        items = due_followups(
            session=session,
            on=on,
            org=org,
            interim_due=st.settings.interim_due,
            annual_due=st.settings.annual_due,
        )
    rows = [d.as_dict() for d in items]
    if fmt == Format.table:
        if not rows:
            typer.echo(f"nothing due on {on.isoformat()}")
        for d in items:
            typer.echo(
                f"{d.org} {d.year} item {d.item}: {d.period} follow-up due since "
                f"{d.deadline}: {d.title}" + (f" ({d.owner})" if d.owner else "")
            )
        return
    emit(
        rows, [(k, k) for k in ("org", "year", "item", "title", "owner", "period", "deadline")], fmt
    )
