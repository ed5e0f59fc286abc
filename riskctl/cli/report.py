"""`riskctl report`: the board's documents (analysis, plan, follow-up, heat map)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

from riskctl.cli.help_text import App
from riskctl.cli.state import state
from riskctl.i18n import _

if TYPE_CHECKING:
    from riskctl.services.reports.model import Report

# Its help is in `riskctl.cli.main.Root.lazy_groups`.
app = App(no_args_is_help=True)


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    xlsx = "xlsx"
    docx = "docx"
    csv = "csv"
    json = "json"


class Lang(StrEnum):
    sv = "sv"
    en = "en"


# The options every report command shares. `-o` is the output file here (not --org).
Year = Annotated[int, typer.Option("--year", "-y", help="Year of the analysis or plan.")]
Org = Annotated[
    str,
    typer.Option(
        "--org", help="Board code or name, e.g. KS; 'all' for every board with a board column."
    ),
]
FormatOpt = Annotated[
    ReportFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="md, html, xlsx, docx, csv or json (default: from the -o file's ending, else md).",
        show_default=False,
    ),
]
LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="Language of the report: sv or en (default: riskctl's language).",
        show_default=False,
    ),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="The file to write (- for stdout); text formats go to stdout without it.",
        show_default=False,
    ),
]
Delimiter = Annotated[
    str,
    typer.Option(
        "--delimiter", help="CSV field separator: ';' (what Swedish Excel opens), ',' or 'tab'."
    ),
]


@app.command("analysis")
def analysis(
    ctx: typer.Context,
    year: Year,
    org: Org,
    fmt: FormatOpt = None,
    lang: LangOpt = None,
    output: Output = None,
    delimiter: Delimiter = ";",
) -> None:
    """The risk and significance analysis (Bilaga 2), highest risk value first.

    Every risk with its probability, significance, risk value and handling, with the scale
    explanation, the colour legend and the heat map.

    Example: riskctl report analysis --year 2025 --org KS -o analys-2025.docx
    """
    _produce(ctx, "analysis", year, org, fmt, lang, output, delimiter)


@app.command("plan")
def plan(
    ctx: typer.Context,
    year: Year,
    org: Org,
    fmt: FormatOpt = None,
    lang: LangOpt = None,
    output: Output = None,
    delimiter: Delimiter = ";",
) -> None:
    """The internal control plan (Bilaga 1), highest risk value first.

    Risk, description, risk value, method and owner, with the board's decision date and case
    number once the plan is adopted.

    Example: riskctl report plan --year 2025 --org KS --format html -o internkontrollplan.html
    """
    _produce(ctx, "plan", year, org, fmt, lang, output, delimiter)


@app.command("followup")
def followup(
    ctx: typer.Context,
    year: Year,
    org: Org,
    fmt: FormatOpt = None,
    lang: LangOpt = None,
    output: Output = None,
    delimiter: Delimiter = ";",
    period: Annotated[
        str,
        typer.Option(
            "--period",
            help="annual (February, seed layout of the annual report) or interim (August).",
        ),
    ] = "annual",
) -> None:
    """The follow-up of an adopted plan, with the summary sentence.

    Each control's assessment as a colour with its result and action, the summary sentence
    for the annual report, and the legend of the four assessment levels.

    Example: riskctl report followup --year 2024 --org KS -o uppfoljning-2024.xlsx
    """
    _produce(ctx, "followup", year, org, fmt, lang, output, delimiter, period)


@app.command("matrix")
def matrix(
    ctx: typer.Context,
    year: Year,
    org: Org,
    fmt: FormatOpt = None,
    lang: LangOpt = None,
    output: Output = None,
    delimiter: Delimiter = ";",
) -> None:
    """The heat map: risks per probability × significance cell, coloured by band.

    Example: riskctl report matrix --year 2025 --org all --format html -o riskmatris.html
    """
    _produce(ctx, "matrix", year, org, fmt, lang, output, delimiter)


def _format(fmt: ReportFormat | None, output: Path | None) -> str:
    from riskctl.errors import InvalidInput
    from riskctl.exporters import SUFFIXES

    if fmt is not None:
        return fmt.value
    if output is None:
        return "md"
    found = SUFFIXES.get(output.suffix.lower())
    if found is None:
        raise InvalidInput(
            "--output",
            str(output),
            _("end the name with .md, .html, .xlsx, .docx, .csv or .json, or give --format"),
        )
    return found


def _produce(
    ctx: typer.Context,
    kind: str,
    year: int,
    org: str,
    fmt: ReportFormat | None,
    lang: Lang | None,
    output: Path | None,
    delimiter: str,
    period: str = "annual",
) -> None:
    from riskctl.errors import InvalidInput
    from riskctl.exporters import BINARY_FORMATS, DELIMITERS
    from riskctl.services.reports.build import build_report

    st = state(ctx)
    language = lang.value if lang is not None else st.language
    to_stdout = output is None or str(output) == "-"
    chosen = _format(fmt, None if to_stdout else output)
    sep = DELIMITERS.get(delimiter)
    if sep is None:
        raise InvalidInput("--delimiter", delimiter, _("use ';', ',' or 'tab'"))
    if chosen in BINARY_FORMATS and output is None:
        raise InvalidInput(
            "--output",
            "-",
            _("{format} is a file format; give -o FILE.{format}").format(format=chosen),
        )
    if not to_stdout:
        assert output is not None
        from riskctl.safe_write import existing_mode

        # Refused before the report is built: a link, a FIFO or a device is never written.
        existing_mode(output, "--output")
    # Written inside the read transaction: the streamed rows and the heat map and totals
    # read before them come from one snapshot of the store.
    with st.reading() as session:
        report = build_report(
            session=session, kind=kind, year=year, org=org, lang=language, period=period
        )
        if to_stdout:
            _to_stdout(report, chosen, sep)
            return
        assert output is not None
        _to_file(report, chosen, sep, output)
    typer.echo(_("wrote {file}", st.language).format(file=output), err=True)


def _write(report: Report, fmt: str, delimiter: str, stream: IO[bytes]) -> None:
    from riskctl.exporters import BINARY_FORMATS, write_binary, write_text

    if fmt in BINARY_FORMATS:
        write_binary(report, fmt, stream)
    else:
        write_text(report, fmt, stream, delimiter=delimiter)


def _to_stdout(report: Report, fmt: str, delimiter: str) -> None:
    # Bytes, so that the platform's encoding cannot mangle the UTF-8 (or the CSV's BOM).
    stream = typer.get_binary_stream("stdout")
    _write(report, fmt, delimiter, stream)
    stream.flush()


def _to_file(report: Report, fmt: str, delimiter: str, output: Path) -> None:
    """Through an exclusive temporary file beside the target, then renamed: never half a
    file, never through a link; a file that is replaced keeps its mode."""
    from riskctl.safe_write import write_file

    write_file(output, "--output", lambda fh: _write(report, fmt, delimiter, fh))
