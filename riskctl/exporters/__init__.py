"""The board's documents: a `services.reports.model.Report` laid out as a file.

Text formats (Markdown, HTML, CSV, JSON) render to a string; XLSX and DOCX write bytes to a
binary stream. Each exporter imports its library inside the function that needs it, so that
`riskctl --help` loads none of them.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from riskctl.services.reports.model import Report

FORMATS = ("md", "html", "xlsx", "docx", "csv", "json")
TEXT_FORMATS = ("md", "html", "csv", "json")
BINARY_FORMATS = ("xlsx", "docx")
SUFFIXES = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xlsx": "xlsx",
    ".docx": "docx",
    ".csv": "csv",
    ".json": "json",
}
DELIMITERS = {";": ";", ",": ",", "tab": "\t", "\\t": "\t", "\t": "\t"}


def render_text(report: Report, fmt: str, *, delimiter: str = ";") -> str:
    """The report as text; CSV starts with a UTF-8 byte-order mark (for Excel)."""
    if fmt == "md":
        from riskctl.exporters.markdown import to_markdown

        return to_markdown(report)
    if fmt == "html":
        from riskctl.exporters.html import to_html

        return to_html(report)
    if fmt == "csv":
        from riskctl.exporters.csvfile import to_csv

        return to_csv(report, delimiter=delimiter)
    if fmt == "json":
        from riskctl.render import to_json

        return to_json(report.as_dict())
    raise ValueError(f"not a text format: {fmt}")


def write_text(report: Report, fmt: str, stream: IO[bytes], *, delimiter: str = ";") -> None:
    """The report as UTF-8 text to a binary stream: the same bytes as `render_text`, but a
    CSV of a streamed table (the analysis) is written a chunk at a time, in flat memory."""
    if fmt == "csv":
        from riskctl.exporters.csvfile import report_csv_chunks

        for chunk in report_csv_chunks(report, delimiter=delimiter):
            stream.write(chunk.encode("utf-8"))
        return
    stream.write(render_text(report, fmt, delimiter=delimiter).encode("utf-8"))


def write_binary(report: Report, fmt: str, stream: IO[bytes]) -> None:
    if fmt == "xlsx":
        from riskctl.exporters.xlsx import write_xlsx

        write_xlsx(report, stream)
        return
    if fmt == "docx":
        from riskctl.exporters.docx import write_docx

        write_docx(report, stream)
        return
    raise ValueError(f"not a binary format: {fmt}")
