"""`riskctl plan`: the yearly internal control plan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from riskctl.cli.common import Format, FormatOption, OrgOption, YearOption, emit, fail, state

if TYPE_CHECKING:
    from riskctl.services.plans import ItemView, PlanView

app = typer.Typer(
    no_args_is_help=True, help="The internal control plan: generate, edit, adopt, reopen, diff."
)

ITEM_COLUMNS = [
    ("id", "item"),
    ("risk_id", "risk"),
    ("title", "title"),
    ("value", "value"),
    ("method", "method"),
    ("owner", "owner"),
]
ITEM_KEYS = ("id", "risk_id", "title", "description", "value", "method", "owner", "version")
WRAP = {"title": 28, "method": 60, "owner": 16}

ItemArg = Annotated[
    int, typer.Argument(metavar="ITEM", help="The plan item's id (see `riskctl plan show`).")
]


def _columns(fmt: Format) -> list[tuple[str, str]]:
    return [(k, k) for k in ITEM_KEYS] if fmt == Format.csv else ITEM_COLUMNS


def _status(plan: PlanView) -> str:
    if plan.status != "adopted":
        return "draft"
    when = plan.adopted_on.isoformat() if plan.adopted_on else "date not recorded"
    ref = f", {plan.ref}" if plan.ref else ""
    return f"adopted {when}{ref}; locked (fingerprint {plan.fingerprint})"


def print_plan(plan: PlanView, fmt: Format) -> None:
    if fmt == Format.json:
        from riskctl.render import to_json

        typer.echo(to_json(plan.as_dict()))
        return
    if fmt == Format.table:
        typer.echo(
            f"Internal control plan {plan.year}, {plan.org_name} ({plan.org}): {_status(plan)}"
        )
    emit(
        [i.as_dict() for i in plan.items],
        _columns(fmt),
        fmt,
        wrap=WRAP,
        empty="the plan has no items",
    )


def print_item(item: ItemView, fmt: Format) -> None:
    from riskctl.render import render_record

    typer.echo(render_record(item.as_dict(), fmt.value, [(k, k) for k in ITEM_KEYS]))


@app.command("generate")
def generate(
    ctx: typer.Context,
    year: YearOption,
    org: Annotated[str, typer.Option("--org", "-o", help="Board code or name, or all.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Build or refresh the draft plan from the year's analysis.

    Takes every risk whose handling is control, highest risk value first; keeps your edits.
    Warns about high risks not under control and about remarks in last year's follow-up.
    `--org all` refreshes the draft of every board (adopted plans are left alone).

    Example: riskctl plan generate --year 2025 --org KS
    """
    from riskctl.services.plans import generate_plan, generate_plans

    if org.strip().lower() == "all":
        with state(ctx).writing() as session:
            boards = generate_plans(session=session, year=year)
        for board in boards:
            for warning in board.warnings:
                typer.echo(f"warning: {board.org}: {warning}", err=True)
        rows = [{**b.as_dict(), "warnings": len(b.warnings)} for b in boards]
        emit(
            rows,
            [
                ("org", "org"),
                ("added", "added"),
                ("updated", "updated"),
                ("dropped", "dropped"),
                ("warnings", "warnings"),
                ("skipped", "skipped"),
            ],
            fmt,
            json_rows=[b.as_dict() for b in boards],
            empty=f"no analysis in {year}",
        )
        return
    with state(ctx).writing() as session:
        result = generate_plan(session=session, org=org, year=year)
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if fmt == Format.table:
        typer.echo(f"{result.added} added, {result.updated} updated, {result.dropped} dropped")
    print_plan(result.plan, fmt)


@app.command("show")
def show(
    ctx: typer.Context, year: YearOption, org: OrgOption, fmt: FormatOption = Format.table
) -> None:
    """Show a plan with its items.

    Example: riskctl plan show --year 2025 --org KS --format md
    """
    from riskctl.services.plans import show_plan

    with state(ctx).reading() as session:
        plan = show_plan(session=session, org=org, year=year)
    print_plan(plan, fmt)


@app.command("set")
def set_(
    ctx: typer.Context,
    item: ItemArg,
    method: Annotated[str | None, typer.Option("--method", help="How the control is done.")] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="The responsible role.")] = None,
    if_version: Annotated[
        int | None,
        typer.Option(
            "--if-version", help="Refuse (exit 3) unless the item is still at this version."
        ),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Change a draft item's method or owner; `plan generate` keeps what you set.

    Example: riskctl plan set 3 --method "Stickprov på 50 löneutbetalningar" --owner Lönechef
    """
    from riskctl.services.plans import set_item

    if method is None and owner is None:
        fail("plan set: give --method and/or --owner")
    with state(ctx).writing() as session:
        view = set_item(
            session=session, item_id=item, method=method, owner=owner, if_version=if_version
        )
    print_item(view, fmt)


@app.command("add")
def add(
    ctx: typer.Context,
    risk_id: Annotated[int, typer.Argument(metavar="RISK_ID", help="The risk's id.")],
    year: YearOption,
    method: Annotated[str | None, typer.Option("--method")] = None,
    owner: Annotated[str | None, typer.Option("--owner")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Add a risk of the year's analysis to its board's draft plan by hand.

    Example: riskctl plan add 4 --year 2025
    """
    from riskctl.services.plans import add_item

    with state(ctx).writing() as session:
        view = add_item(session=session, risk_id=risk_id, year=year, method=method, owner=owner)
    if fmt == Format.table:
        typer.echo(f"added {view.title} as item {view.id}")
    else:
        print_item(view, fmt)


@app.command("remove")
def remove(ctx: typer.Context, item: ItemArg) -> None:
    """Take an item out of a draft plan; `plan generate` will not bring it back.

    Example: riskctl plan remove 3
    """
    from riskctl.services.plans import remove_item

    with state(ctx).writing() as session:
        view = remove_item(session=session, item_id=item)
    typer.echo(f"removed item {view.id} ({view.title}) from the plan")


@app.command("adopt")
def adopt(
    ctx: typer.Context,
    year: YearOption,
    org: OrgOption,
    date: Annotated[str, typer.Option("--date", help="The board's decision date, YYYY-MM-DD.")],
    ref: Annotated[str | None, typer.Option("--ref", help="Case number (diarienummer).")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Record the board's adoption and freeze the plan (SHA-256 fingerprint).

    Example: riskctl plan adopt --year 2025 --org KS --date 2024-12-16 --ref KS2024/0123
    """
    from riskctl.services.plans import adopt_plan

    with state(ctx).writing() as session:
        plan = adopt_plan(session=session, org=org, year=year, decided_on=date, ref=ref)
    if fmt == Format.table:
        typer.echo(
            f"adopted the {year} plan of {plan.org} ({len(plan.items)} items); "
            f"fingerprint {plan.fingerprint}"
        )
    else:
        print_plan(plan, fmt)


@app.command("reopen")
def reopen(
    ctx: typer.Context,
    year: YearOption,
    org: OrgOption,
    reason: Annotated[str, typer.Option("--reason", help="Why the adopted plan must change.")],
) -> None:
    """Allow changes to an adopted plan again; the reason is kept.

    Example: riskctl plan reopen --year 2025 --org KS --reason "KS 2025-03-10 § 45"
    """
    from riskctl.services.plans import reopen_plan

    with state(ctx).writing() as session:
        plan = reopen_plan(session=session, org=org, year=year, reason=reason)
    typer.echo(f"reopened the {year} plan of {plan.org}; adopt it again when done")


@app.command("diff")
def diff(
    ctx: typer.Context, year: YearOption, org: OrgOption, fmt: FormatOption = Format.table
) -> None:
    """Show what differs from the last adopted snapshot of the plan.

    Example: riskctl plan diff --year 2025 --org KS
    """
    from riskctl.services.plans import diff_plan

    with state(ctx).reading() as session:
        lines = diff_plan(session=session, org=org, year=year)
    if not lines and fmt == Format.table:
        typer.echo("no differences from the adopted plan")
        return
    emit(
        [line.as_dict() for line in lines],
        [
            ("change", "change"),
            ("risk_id", "risk"),
            ("title", "title"),
            ("field", "field"),
            ("adopted", "adopted"),
            ("now", "now"),
        ],
        fmt,
        wrap={"title": 28, "adopted": 40, "now": 40},
    )


@app.command("history")
def history(
    ctx: typer.Context, year: YearOption, org: OrgOption, fmt: FormatOption = Format.table
) -> None:
    """Show the adoptions and reopenings of a plan.

    Example: riskctl plan history --year 2024 --org KS
    """
    from riskctl.services.plans import plan_events

    with state(ctx).reading() as session:
        events = [
            {
                "kind": e.kind,
                "at": e.at,
                "decided_on": e.decided_on,
                "ref": e.ref,
                "reason": e.reason,
                "fingerprint": e.fingerprint,
            }
            for e in plan_events(session=session, org=org, year=year)
        ]
    emit(
        events,
        [
            ("kind", "event"),
            ("at", "at"),
            ("decided_on", "decided"),
            ("ref", "ref"),
            ("reason", "reason"),
            ("fingerprint", "fingerprint"),
        ],
        fmt,
        empty="the plan has not been adopted",
    )
