"""`riskctl plan`: the yearly internal control plan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from riskctl.cli.errors import fail
from riskctl.cli.help_text import App
from riskctl.cli.options import Format, FormatOption, OrgOption, YearOption
from riskctl.cli.output import emit, headed, print_record
from riskctl.cli.state import state
from riskctl.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from riskctl.services.plans.views import ItemView, PlanView

# Its help is in `riskctl.cli.main.Root.lazy_groups`.
app = App(no_args_is_help=True)

ITEM_COLUMNS = [
    ("id", N_("item")),
    ("risk_id", N_("risk")),
    ("title", N_("title")),
    ("value", N_("value")),
    ("method", N_("method")),
    ("owner", N_("owner")),
]
ITEM_KEYS = ("id", "risk_id", "title", "description", "value", "method", "owner", "version")
ITEM_FIELDS = [
    ("id", N_("id")),
    ("risk_id", N_("risk_id")),
    ("title", N_("title")),
    ("description", N_("description")),
    ("value", N_("value")),
    ("method", N_("method")),
    ("owner", N_("owner")),
    ("version", N_("version")),
]
# Keys that `plan generate --org all`, `plan diff` and `plan history` show in a table's
# cells, in the user's words.
WORDS = {
    "adopted": N_("adopted"),
    "added": N_("added"),
    "removed": N_("removed"),
    "changed": N_("changed"),
    "title": N_("title"),
    "description": N_("description"),
    "value": N_("value"),
    "method": N_("method"),
    "owner": N_("owner"),
    "adopt": N_("adopt"),
    "reopen": N_("reopen"),
    "draft": N_("draft"),
    "deleted": N_("deleted"),
    "ok": N_("ok"),
    "broken": N_("broken"),
}
WRAP = {"title": 28, "method": 60, "owner": 16}

ItemArg = Annotated[
    int, typer.Argument(metavar="ITEM", help="The plan item's id (see `riskctl plan show`).")
]


def _columns(fmt: Format) -> list[tuple[str, str]]:
    return [(k, k) for k in ITEM_KEYS] if fmt == Format.csv else headed(ITEM_COLUMNS)


def _word(value: object, fmt: Format) -> object:
    """A key of `WORDS` in the user's words in a table or Markdown; CSV keeps the key."""
    if fmt == Format.csv or not isinstance(value, str) or value not in WORDS:
        return value
    return _(WORDS[value])


def _status(plan: PlanView) -> str:
    if plan.seal_broken:
        # Not "adopted; locked": what the store holds is not what was adopted.
        return f"{_word(plan.status, Format.table)}; {_seal_line(plan)}"
    if plan.status != "adopted":
        return _("draft")
    when = plan.adopted_on.isoformat() if plan.adopted_on else _("date not recorded")
    ref = f", {plan.ref}" if plan.ref else ""
    return _("adopted {date}{ref}; locked (fingerprint {fingerprint})").format(
        date=when, ref=ref, fingerprint=plan.fingerprint
    )


def _seal_line(plan: PlanView) -> str:
    from riskctl.services.plans.seal import summary

    return _("seal: broken — {problems}; see `riskctl plan verify`").format(
        problems=summary(plan.seal_problems or [])
    )


def print_plan(plan: PlanView, fmt: Format) -> None:
    if fmt == Format.json:
        from riskctl.render import to_json

        typer.echo(to_json(plan.as_dict()))
        return
    if fmt == Format.table:
        typer.echo(
            _("Internal control plan {year}, {name} ({board}): {status}").format(
                year=plan.year, name=plan.org_name, board=plan.org, status=_status(plan)
            )
        )
    elif plan.seal_broken:
        # Markdown says it above the rows; CSV keeps its rows alone and says it on stderr.
        typer.echo(_seal_line(plan) + ("\n" if fmt == Format.md else ""), err=fmt == Format.csv)
    emit(
        [i.as_dict() for i in plan.items],
        _columns(fmt),
        fmt,
        wrap=WRAP,
        empty=_("the plan has no items"),
    )


def print_item(item: ItemView, fmt: Format) -> None:
    print_record(item.as_dict(), ITEM_FIELDS, fmt)


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
    from riskctl.services.plans.generate import generate_plan, generate_plans

    if org.strip().lower() == "all":
        with state(ctx).writing() as session:
            boards = generate_plans(session=session, year=year)
        for board in boards:
            for warning in board.warnings:
                typer.echo(
                    _("warning: {board}: {warning}").format(board=board.org, warning=warning),
                    err=True,
                )
        rows = [
            {
                **b.as_dict(),
                "warnings": len(b.warnings),
                "skipped": _word(b.skipped, fmt),
            }
            for b in boards
        ]
        emit(
            rows,
            headed(
                [
                    ("org", N_("org")),
                    ("added", N_("added")),
                    ("updated", N_("updated")),
                    ("dropped", N_("dropped")),
                    ("warnings", N_("warnings")),
                    ("skipped", N_("skipped")),
                ]
            ),
            fmt,
            json_rows=[b.as_dict() for b in boards],
            empty=_("no analysis in {year}").format(year=year),
        )
        return
    with state(ctx).writing() as session:
        result = generate_plan(session=session, org=org, year=year)
    for warning in result.warnings:
        typer.echo(_("warning: {warning}").format(warning=warning), err=True)
    if fmt == Format.table:
        typer.echo(
            _("{added} added, {updated} updated, {dropped} dropped").format(
                added=result.added, updated=result.updated, dropped=result.dropped
            )
        )
    print_plan(result.plan, fmt)


@app.command("show")
def show(
    ctx: typer.Context, year: YearOption, org: OrgOption, fmt: FormatOption = Format.table
) -> None:
    """Show a plan with its items.

    Example: riskctl plan show --year 2025 --org KS --format md
    """
    from riskctl.services.plans.adoption import show_plan

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
    from riskctl.services.plans.items import set_item

    if method is None and owner is None:
        fail(_("plan set: give --method and/or --owner"))
    view = state(ctx).write(
        lambda session: set_item(
            session=session, item_id=item, method=method, owner=owner, if_version=if_version
        ),
        blind=if_version is None,
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
    from riskctl.services.plans.items import add_item

    view = state(ctx).write(
        lambda session: add_item(
            session=session, risk_id=risk_id, year=year, method=method, owner=owner
        )
    )
    if fmt == Format.table:
        typer.echo(_("added {title} as item {id}").format(title=view.title, id=view.id))
    else:
        print_item(view, fmt)


@app.command("remove")
def remove(ctx: typer.Context, item: ItemArg) -> None:
    """Take an item out of a draft plan; `plan generate` will not bring it back.

    Example: riskctl plan remove 3
    """
    from riskctl.services.plans.items import remove_item

    with state(ctx).writing() as session:
        view = remove_item(session=session, item_id=item)
    typer.echo(_("removed item {id} ({title}) from the plan").format(id=view.id, title=view.title))


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
    from riskctl.services import validate
    from riskctl.services.plans.adoption import adopt_plan

    # The service lets a plan from a file go without its date; a decision recorded here has one.
    validate.day(date, "--date")
    with state(ctx).writing() as session:
        plan = adopt_plan(session=session, org=org, year=year, decided_on=date, ref=ref)
    if fmt == Format.table:
        typer.echo(
            ngettext(
                "adopted the {year} plan of {board} ({count} item); fingerprint {fingerprint}",
                "adopted the {year} plan of {board} ({count} items); fingerprint {fingerprint}",
                len(plan.items),
            ).format(year=year, board=plan.org, count=len(plan.items), fingerprint=plan.fingerprint)
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
    from riskctl.services.plans.adoption import reopen_plan

    with state(ctx).writing() as session:
        plan = reopen_plan(session=session, org=org, year=year, reason=reason)
    typer.echo(
        _("reopened the {year} plan of {board}; adopt it again when done").format(
            year=year, board=plan.org
        )
    )


@app.command("diff")
def diff(
    ctx: typer.Context, year: YearOption, org: OrgOption, fmt: FormatOption = Format.table
) -> None:
    """Show what differs from the last adopted snapshot of the plan.

    Example: riskctl plan diff --year 2025 --org KS
    """
    from riskctl.services.plans.diff import diff_plan

    with state(ctx).reading() as session:
        lines = diff_plan(session=session, org=org, year=year)
    if not lines and fmt == Format.table:
        typer.echo(_("no differences from the adopted plan"))
        return
    rows = [line.as_dict() for line in lines]
    emit(
        [{**r, "change": _word(r["change"], fmt), "field": _word(r["field"], fmt)} for r in rows],
        headed(
            [
                ("change", N_("change")),
                ("risk_id", N_("risk")),
                ("title", N_("title")),
                ("field", N_("field")),
                ("adopted", N_("adopted")),
                ("now", N_("now")),
            ]
        ),
        fmt,
        json_rows=rows,
        wrap={"title": 28, "adopted": 40, "now": 40},
    )


@app.command("history")
def history(
    ctx: typer.Context, year: YearOption, org: OrgOption, fmt: FormatOption = Format.table
) -> None:
    """Show the adoptions and reopenings of a plan.

    Example: riskctl plan history --year 2024 --org KS
    """
    from riskctl.services.plans.views import plan_events

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
        [{**e, "kind": _word(e["kind"], fmt)} for e in events],
        headed(
            [
                ("kind", N_("event")),
                ("at", N_("at")),
                ("decided_on", N_("decided")),
                ("ref", N_("ref")),
                ("reason", N_("reason")),
                ("fingerprint", N_("fingerprint")),
            ]
        ),
        fmt,
        json_rows=events,
        empty=_("the plan has not been adopted"),
    )


@app.command("verify")
def verify(
    ctx: typer.Context,
    org: Annotated[str, typer.Option("--org", "-o", help="Board code or name, or all.")],
    year: Annotated[
        int | None, typer.Option("--year", "-y", help="The plan's year; every year if left out.")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Check the seal of adopted plans; exit 1 if any does not hold.

    Recomputes each adoption's SHA-256 from its snapshot.
    Compares the last snapshot with the items now: risks, methods, owners, values.
    Checks that the plan's status follows its adoptions and reopenings.
    Each difference is named: it was made past riskctl, in the database itself.

    Example: riskctl plan verify --year 2025 --org all
    """
    from riskctl.services.plans.seal import verify_plans

    with state(ctx).reading() as session:
        checks = verify_plans(session=session, org=org, year=year)
    broken = [c for c in checks if not c.ok]
    if fmt == Format.table:
        for check in checks:
            where = f"{check.org} {check.year}"
            if check.ok:
                fp = check.fingerprint[:16] if check.fingerprint else "–"
                line = _("{plan}: seal holds ({status}, fingerprint {fingerprint})").format(
                    plan=where, status=_word(check.status, fmt), fingerprint=fp
                )
                typer.echo(line)
            for problem in check.problems:
                typer.echo(_("{plan}: seal broken: {problem}").format(plan=where, problem=problem))
        if not checks:
            typer.echo(_("no plans to verify"), err=True)
    else:
        rows = [
            {
                "org": c.org,
                "year": c.year,
                "status": _word(c.status, fmt),
                "seal": _word("ok" if c.ok else "broken", fmt),
                "fingerprint": c.fingerprint,
                "problems": "; ".join(c.problems),
            }
            for c in checks
        ]
        emit(
            rows,
            headed(
                [
                    ("org", N_("org")),
                    ("year", N_("year")),
                    ("status", N_("status")),
                    ("seal", N_("seal")),
                    ("fingerprint", N_("fingerprint")),
                    ("problems", N_("problems")),
                ]
            ),
            fmt,
            json_rows=[c.as_dict() for c in checks],
            wrap={"problems": 60},
        )
    if broken:
        fail(
            ngettext(
                "the seal of {count} plan does not hold",
                "the seals of {count} plans do not hold",
                len(broken),
            ).format(count=len(broken)),
            1,
        )
