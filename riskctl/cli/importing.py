"""`riskctl import`: read a register kept in a spreadsheet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from riskctl.cli.options import Format, FormatOption
from riskctl.cli.state import state

if TYPE_CHECKING:
    from riskctl.cli.state import State
    from riskctl.services.importing.read import Sheet
    from riskctl.services.importing.run import ImportResult

# Show a progress bar (on a terminal) from this many rows on.
PROGRESS_FROM = 2000


def import_file(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A .csv or .xlsx file in the layout `riskctl report analysis` writes.",
        ),
    ],
    year: Annotated[int, typer.Option("--year", "-y", help="Year of the analysis.")],
    org: Annotated[
        str,
        typer.Option(
            "--org",
            help="Board code or name, e.g. KS; 'all' reads the board from a Nämnd (Board) column.",
        ),
    ],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Check every row and say what would change; write nothing."),
    ] = False,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            help="The XLSX sheet to read (default: the first with the columns).",
            show_default=False,
        ),
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option(
            "--delimiter",
            help="CSV field separator: ';', ',' or 'tab' (default: detected).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Import a year's risk analysis from CSV or XLSX, all or nothing.

    Columns (Swedish or English): Risk, Riskbeskrivning, Sannolikhet, Väsentlighet;
    optional Riskvärde, Hantering, Beslut, Ansvarig, Nämnd. A risk is matched by its title,
    else created. A file with any bad row imports nothing and lists every bad row.

    Example: riskctl import riskanalys-2026.xlsx --year 2026 --org KS --dry-run
    """
    from riskctl.services.importing.read import read_file

    st = state(ctx)
    table = read_file(file, sheet=sheet, delimiter=_separator(delimiter))
    result = _run(st, table, year=year, org=org, dry_run=dry_run)
    _show(result, file, fmt, st.language)


def _separator(delimiter: str | None) -> str | None:
    """The CSV separator `--delimiter` names (None: detected)."""
    from riskctl.errors import InvalidInput
    from riskctl.exporters import DELIMITERS
    from riskctl.i18n import _

    if delimiter is None:
        return None
    sep = DELIMITERS.get(delimiter)
    if sep is None:
        raise InvalidInput("--delimiter", delimiter, _("use ';', ',' or 'tab'"))
    return sep


def _run(st: State, table: Sheet, *, year: int, org: str, dry_run: bool) -> ImportResult:
    """Import the sheet (a dry run only reads); a rejected file lists its bad cells on stderr
    and exits with the rejection's code."""
    from riskctl.errors import ImportRejected
    from riskctl.i18n import _
    from riskctl.services.importing.run import import_sheet

    lang = st.language
    bar = _Progress(_("importing", lang))
    try:
        if dry_run:
            with st.reading() as session:
                return import_sheet(
                    session=session, sheet=table, year=year, org=org, dry_run=True, lang=lang
                )
        with st.writing() as session:
            return import_sheet(
                session=session,
                sheet=table,
                year=year,
                org=org,
                lang=lang,
                progress=bar.advance,
                on_total=bar.start,
            )
    except ImportRejected as exc:
        for line in exc.lines:
            typer.echo(line, err=True)
        typer.echo(f"riskctl: {exc.message}", err=True)
        raise typer.Exit(exc.exit_code) from None
    finally:
        bar.finish()


def _show(result: ImportResult, file: Path, fmt: Format, lang: str) -> None:
    """What the import did, as a table's lines or as a record in `fmt`."""
    from riskctl.i18n import _

    if fmt == Format.json:
        from riskctl.render import to_json

        typer.echo(to_json(result.as_dict()))
        return
    if fmt != Format.table:
        from riskctl.cli.output import emit

        data = result.as_dict()
        data["ignored_columns"] = ", ".join(result.ignored_columns)
        emit([data], [(k, k) for k in data], fmt)
        return
    head = (
        _("{file}: {rows} rows checked; nothing written (dry run)", lang)
        if result.dry_run
        else _("{file}: {rows} rows imported into {org} {year}", lang)
    )
    typer.echo(head.format(file=file, rows=result.rows, org=result.org, year=result.year))
    typer.echo(
        _(
            "{created} new risks, {added} existing risks assessed for the year, {updated} changed, "
            "{unchanged} unchanged",
            lang,
        ).format(**result.as_dict())
    )
    if result.ignored_columns:
        typer.echo(
            _("ignored columns: {names}", lang).format(names=", ".join(result.ignored_columns)),
            err=True,
        )


class _Progress:
    """A progress bar on stderr when it is a terminal and the file is large."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    def start(self, total: int) -> None:
        if total >= PROGRESS_FROM and sys.stderr.isatty():
            self.bar = typer.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()

    def advance(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
