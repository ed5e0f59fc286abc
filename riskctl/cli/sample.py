"""`riskctl sample`: draw a reproducible sample for a control, verify it, quantify the result."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from riskctl.cli.help_text import App
from riskctl.cli.options import Format, FormatOption
from riskctl.cli.output import emit, headed
from riskctl.cli.state import state
from riskctl.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from riskctl.services.sampling.population import Population
    from riskctl.services.sampling.store import SampleView

# Its help is in `riskctl.cli.main.Root.lazy_groups`.
app = App(no_args_is_help=True)

ItemArg = Annotated[
    int, typer.Argument(metavar="ITEM", help="The plan item's id (see `riskctl plan show`).")
]
PopulationOption = Annotated[
    Path,
    typer.Option(
        "--population",
        "-p",
        help="The population: a .csv (UTF-8, ; or , between columns) or an .xlsx (first "
        "sheet), with a header row.",
        show_default=False,
    ),
]
PeriodChoice = Annotated[
    str | None,
    typer.Option("--period", help="interim or annual; needed only if the item has both."),
]
DRAW_KEYS = (
    "item",
    "period",
    "revision",
    "ids",
    "size",
    "population_size",
    "population_sha256",
    "population_file",
    "id_column",
    "seed",
    "algorithm",
    "drawn_at",
    "user",
)
RESULT_KEYS = (
    "item",
    "period",
    "revision",
    "errors",
    "size",
    "error_rate",
    "upper_bound",
    "confidence",
    "tolerable_rate",
    "suggested_assessment",
)
SHOW_COLUMNS = [
    ("item", N_("item")),
    ("period", N_("period")),
    ("revision", N_("rev")),
    ("current", N_("current")),
    ("size", N_("size")),
    ("population_size", N_("of")),
    ("seed", N_("seed")),
    ("errors", N_("errors")),
    ("upper_bound", N_("upper bound")),
    ("suggested_assessment", N_("suggested")),
    ("drawn_at", N_("drawn")),
    ("user", N_("user")),
]


def _pct(value: float | None, decimals: int = 2) -> str:
    """0.120614 → "12.06 %", 0.95 → "95 %"."""
    if value is None:
        return ""
    text = f"{value * 100:.{decimals}f}".rstrip("0").rstrip(".")
    return f"{text} %"


@app.command("draw")
def draw(
    ctx: typer.Context,
    item: ItemArg,
    population: PopulationOption,
    id_column: Annotated[
        str, typer.Option("--id-column", help="The header of the column with the ids.")
    ],
    size: Annotated[int, typer.Option("--size", "-n", help="How many ids to draw.")],
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            help="A whole number that fixes the draw; chosen at random and stored if left out.",
            show_default=False,
        ),
    ] = None,
    period: Annotated[str, typer.Option("--period", help="interim or annual.")] = "annual",
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Draw again although the item has a sample for the period; the earlier one "
            "is kept as history.",
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write the sample list (default: sample-ITEM.csv here, or "
            "sample-ITEM-PERIOD-REVISION.csv if that exists); an existing file is refused "
            "unless --force.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace the file at --output if there is one (once the sample is stored).",
        ),
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Draw a simple random sample of an adopted plan item's population and store it.

    The ids are ranked by SHA-256 of "SEED:ID" and the SIZE smallest are drawn, so anyone
    can re-draw the sample outside riskctl. The population's SHA-256, size, id column, the
    seed and the drawn ids are stored; the sample list (CSV, UTF-8, `;`) is written for the
    checker, one row per drawn id in draw order with the population's columns.

    Example: riskctl sample draw 3 --population loner-2025.xlsx --id-column Verifikation
    --size 50
    """
    from riskctl.services.sampling.population import read_population
    from riskctl.services.sampling.sample_list import check_output

    chosen = output is not None
    target = check_output(
        output if output is not None else Path(f"sample-{item}.csv"), force=force or not chosen
    )
    pop = read_population(population, id_column)
    view, target = _draw_and_list(
        ctx,
        item,
        pop,
        target,
        size=size,
        seed=seed,
        period=period,
        replace=replace,
        named=chosen,
        force=force,
    )
    _show_draw(view, target, fmt)


def _draw_and_list(
    ctx: typer.Context,
    item: int,
    pop: Population,
    target: Path,
    *,
    size: int,
    seed: int | None,
    period: str,
    replace: bool,
    named: bool,
    force: bool,
) -> tuple[SampleView, Path]:
    """Draw and store the sample, then put its list in place; the list's path (another
    default name if the first is taken by an earlier sample's list)."""
    from riskctl.services.sampling.sample_list import (
        PendingList,
        check_output,
        discard_sample_list,
        finish_sample_list,
        start_sample_list,
    )
    from riskctl.services.sampling.store import draw_sample

    pending: PendingList | None = None
    try:
        with state(ctx).writing() as session:
            view = draw_sample(
                session=session,
                item_id=item,
                population=pop,
                size=size,
                seed=seed,
                period=period,
                replace=replace,
            )
            # Inside the transaction: a list that cannot be written leaves the store as it was.
            if not named and not force and (target.exists() or target.is_symlink()):
                # The default name is taken (by an earlier sample's list): never replace it.
                target = check_output(Path(f"sample-{item}-{view.period}-{view.revision}.csv"))
            pending = start_sample_list(target, pop, view.ids, force=force)
    except BaseException:
        if pending is not None:  # only what this draw wrote; never a file the user had
            discard_sample_list(pending)
        raise
    # A file the user had is replaced only now that the sample is stored.
    assert pending is not None
    finish_sample_list(pending)
    return view, target


def _show_draw(view: SampleView, target: Path, fmt: Format) -> None:
    record = {**{k: view.as_dict()[k] for k in DRAW_KEYS}, "file": str(target)}
    if fmt == Format.json:
        from riskctl.render import to_json

        typer.echo(to_json(record))
        return
    if fmt != Format.table:
        emit(
            [{"draw": n, "id": i} for n, i in enumerate(view.ids, 1)],
            headed([("draw", N_("draw")), ("id", N_("id"))]),
            fmt,
        )
        return
    typer.echo(
        _(
            "drew {size} of {total} ids for item {item} ({title}), {period} "
            "(revision {revision}), seed {seed}"
        ).format(
            size=view.size,
            total=view.population_size,
            item=view.item,
            title=view.title,
            period=view.period,
            revision=view.revision,
            seed=view.seed,
        )
    )
    typer.echo(
        _("population {file}: SHA-256 {sha256}").format(
            file=view.population_file, sha256=view.population_sha256
        )
    )
    typer.echo(_("sample list: {file}").format(file=target))


@app.command("verify")
def verify(
    ctx: typer.Context,
    item: ItemArg,
    population: PopulationOption,
    period: PeriodChoice = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Re-draw the item's sample with its stored seed and confirm the same ids.

    Fails (exit 2) with both SHA-256 prefixes if the population file is not the one the
    sample was drawn from.

    Example: riskctl sample verify 3 --population loner-2025.xlsx
    """
    from riskctl.services.sampling.store import verify_sample

    with state(ctx).reading() as session:
        result = verify_sample(session=session, item_id=item, path=population, period=period)
    if fmt == Format.table:
        typer.echo(
            _(
                "verified: {file} is the population the {period} sample of item {item} was "
                "drawn from (SHA-256 {sha256}…), and seed {seed} draws the same {size} ids"
            ).format(
                file=result.population_file,
                period=result.period,
                item=result.item,
                sha256=result.population_sha256[:12],
                seed=result.seed,
                size=result.size,
            )
        )
        return
    from riskctl.render import render_record

    data = result.as_dict()
    typer.echo(render_record(data, fmt.value, [(k, k) for k in data]))


@app.command("result")
def result(
    ctx: typer.Context,
    item: ItemArg,
    errors: Annotated[
        int, typer.Option("--errors", "-k", help="How many of the drawn items were in error.")
    ],
    tolerable_rate: Annotated[
        str,
        typer.Option(
            "--tolerable-rate", help="The highest error rate that is acceptable, e.g. 0.05."
        ),
    ] = "0.05",
    confidence: Annotated[
        str, typer.Option("--confidence", help="Confidence of the upper bound, e.g. 0.95.")
    ] = "0.95",
    period: PeriodChoice = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Record the errors found in the item's sample and quantify the conclusion.

    Gives the error rate, the exact one-sided upper bound of the error rate (Clopper-Pearson)
    at the confidence, and a suggested assessment: ok if the upper bound is below the
    tolerable rate, near if only the error rate is, else remark.

    Example: riskctl sample result 3 --errors 2 --tolerable-rate 0.05 --confidence 0.95
    """
    from riskctl.services.sampling.store import record_result

    with state(ctx).writing() as session:
        view = record_result(
            session=session,
            item_id=item,
            errors=errors,
            tolerable_rate=tolerable_rate,
            confidence=confidence,
            period=period,
        )
    data = {k: view.as_dict()[k] for k in RESULT_KEYS}
    if fmt == Format.table:
        typer.echo(_result_text(view))
        return
    from riskctl.render import render_record

    typer.echo(render_record(data, fmt.value, [(k, k) for k in RESULT_KEYS]))


def _result_text(view: SampleView) -> str:
    assert view.confidence is not None and view.tolerable_rate is not None
    errors = view.errors or 0
    found = ngettext(
        "item {item} ({title}), {period}: {errors} error in {size}, error rate {rate}; "
        "upper bound {bound} at {confidence} confidence; tolerable rate {tolerable}",
        "item {item} ({title}), {period}: {errors} errors in {size}, error rate {rate}; "
        "upper bound {bound} at {confidence} confidence; tolerable rate {tolerable}",
        errors,
    ).format(
        item=view.item,
        title=view.title,
        period=view.period,
        errors=view.errors,
        size=view.size,
        rate=_pct(view.error_rate),
        bound=_pct(view.upper_bound),
        confidence=_pct(view.confidence),
        tolerable=_pct(view.tolerable_rate),
    )
    command = (
        f"`riskctl followup record {view.item} --period {view.period} "
        f"--assessment {view.suggested_assessment} --result ...`"
    )
    suggested = _("suggested assessment: {assessment} — record it with {command}").format(
        assessment=view.suggested_assessment, command=command
    )
    return f"{found}\n{suggested}"


@app.command("show")
def show(
    ctx: typer.Context,
    item: ItemArg,
    period: Annotated[str | None, typer.Option("--period", help="interim or annual.")] = None,
    history: Annotated[
        bool, typer.Option("--history", help="Include earlier, replaced samples.")
    ] = False,
    ids: Annotated[bool, typer.Option("--ids", help="List the drawn ids too.")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Show an item's samples: seed, sizes, result and bound (JSON carries the drawn ids).

    Example: riskctl sample show 3 --history
    """
    from riskctl.services.sampling.store import show_samples

    with state(ctx).reading() as session:
        views = show_samples(session=session, item_id=item, period=period, history=history)
    rows: list[dict[str, Any]] = [v.as_dict() for v in views]
    shown = [
        {
            **r,
            "upper_bound": _pct(r["upper_bound"]),
            "drawn_at": r["drawn_at"][:16].replace("T", " "),
        }
        if fmt == Format.table
        else r
        for r in rows
    ]
    emit(
        shown,
        headed(SHOW_COLUMNS),
        fmt,
        json_rows=rows,
        empty=_("item {item} has no sample").format(item=item),
    )
    if ids and fmt == Format.table:
        for v in views:
            line = _("{period} revision {revision}: {ids}").format(
                period=v.period, revision=v.revision, ids=", ".join(v.ids)
            )
            typer.echo(f"\n{line}")
