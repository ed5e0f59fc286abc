"""`riskctl followup` and `riskctl due`: following up the controls of an adopted plan."""

from __future__ import annotations

from datetime import date as Date
from typing import Annotated

import typer

from riskctl.cli import evidence as evidence_cli
from riskctl.cli.help_text import App
from riskctl.cli.options import Format, FormatOption, OptionalOrg, YearOption
from riskctl.cli.output import emit, headed, print_record
from riskctl.cli.state import state
from riskctl.i18n import N_, _

# Its help is in `riskctl.cli.main.Root.lazy_groups`.
app = App(no_args_is_help=True)

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
FOLLOWUP_FIELDS = [
    ("item", N_("item")),
    ("org", N_("org")),
    ("year", N_("year")),
    ("title", N_("title")),
    ("period", N_("period")),
    ("assessment", N_("assessment")),
    ("checked", N_("checked")),
    ("result", N_("result")),
    ("action", N_("action")),
    ("date", N_("date")),
    ("revision", N_("revision")),
]
LIST_COLUMNS = [
    ("item", N_("item")),
    ("title", N_("title")),
    ("period", N_("period")),
    ("assessment", N_("assessment")),
    ("result", N_("result")),
    ("action", N_("action")),
]
SUMMARY_COLUMNS = [
    ("risks", N_("risks")),
    ("ok", N_("ok")),
    ("near", N_("near")),
    ("remark", N_("remark")),
    ("none", N_("none")),
]
DUE_COLUMNS = [
    ("org", N_("org")),
    ("year", N_("year")),
    ("item", N_("item")),
    ("title", N_("title")),
    ("owner", N_("owner")),
    ("period", N_("period")),
    ("deadline", N_("deadline")),
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

    view = state(ctx).write(
        lambda session: record_followup(
            session=session,
            item_id=item,
            period=period,
            assessment=assessment,
            result=result,
            checked=checked,
            action=action,
            done_on=date,
        )
    )
    if fmt == Format.table:
        if view.period == "interim":
            line = _(
                "recorded the interim follow-up of item {item} ({title}): {assessment} "
                "(revision {revision})"
            )
        else:
            line = _(
                "recorded the annual follow-up of item {item} ({title}): {assessment} "
                "(revision {revision})"
            )
        typer.echo(
            line.format(
                item=view.item,
                title=view.title,
                assessment=view.assessment,
                revision=view.revision,
            )
        )
    else:
        print_record(view.as_dict(), FOLLOWUP_FIELDS, fmt)


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
        else (([("org", N_("org"))] if org is None else []) + LIST_COLUMNS)
    )
    if history and fmt != Format.csv:
        columns = [*columns, ("revision", N_("rev"))]
    emit(
        shown,
        headed(columns),
        fmt,
        json_rows=rows,
        wrap=WRAP,
        empty=_("no follow-ups recorded"),
    )


@app.command("summary")
def summary(
    ctx: typer.Context,
    year: YearOption,
    org: Annotated[str, typer.Option("--org", "-o", help="Board code or name, or all.")],
    period: Annotated[str, typer.Option("--period", help="interim or annual.")] = "annual",
    fmt: FormatOption = Format.table,
) -> None:
    """Count a plan's follow-ups and give the sentence for the annual report.

    Items with no follow-up count as none. `--org all` gives one row per board and a total.

    Example: riskctl followup summary --year 2024 --org KS
    """
    from riskctl.render import to_json
    from riskctl.services.followups import summarise, summarise_all

    st = state(ctx)
    keys = ("risks", "ok", "near", "remark", "none")
    with st.reading() as session:
        if org.strip().lower() == "all":
            boards = summarise_all(session=session, year=year, period=period)
        else:
            boards = [summarise(session=session, year=year, org=org, period=period)]
    if len(boards) == 1 and org.strip().lower() != "all":
        result = boards[0]
        if fmt == Format.json:
            typer.echo(to_json(result.as_dict()))
            return
        emit([result.counts()], headed(SUMMARY_COLUMNS), fmt)
        if fmt == Format.table:
            typer.echo("")
            typer.echo(result.sentence(st.language))
        return
    total = {k: sum(getattr(b, k) for b in boards) for k in keys}
    if fmt == Format.json:
        typer.echo(to_json({"boards": [b.as_dict() for b in boards], "total": total}))
        return
    total_label = "total" if fmt == Format.csv else _("total")
    rows = [{"org": b.org, **b.counts()} for b in boards] + [{"org": total_label, **total}]
    emit(rows, headed([("org", N_("org")), *SUMMARY_COLUMNS]), fmt)


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
            typer.echo(_("nothing due on {day}").format(day=on.isoformat()))
        for d in items:
            if d.period == "interim":
                line = _(
                    "{board} {year} item {item}: interim follow-up due since {deadline}: {title}"
                )
            else:
                line = _(
                    "{board} {year} item {item}: annual follow-up due since {deadline}: {title}"
                )
            text = line.format(
                board=d.org, year=d.year, item=d.item, deadline=d.deadline, title=d.title
            )
            typer.echo(text + (f" ({d.owner})" if d.owner else ""))
        return
    emit(rows, headed(DUE_COLUMNS), fmt)


app.command("attach")(evidence_cli.attach)
app.command("evidence")(evidence_cli.evidence)
