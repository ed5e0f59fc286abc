"""How riskctl reads the files it is given: bytes, text and rows, each within named limits.

One set of rules for every file riskctl reads (a register import, a sample population, a
scale file, the config file):

- Only a regular file is read. A symlink is followed, but a directory, FIFO, device or socket
  (behind a link or not) is refused before a byte is read, and no more than the limit of its
  kind is read: `/dev/zero` or a pipe never makes riskctl hang or fill memory.
- Text (`decode_text`): valid UTF-8, with or without BOM, is UTF-8. A file that is not, but
  is mostly UTF-8 (at least as many valid multi-byte sequences as stray bytes), is refused,
  naming the row and byte of its first invalid byte: it is never read as Windows-1252
  mojibake ("LÃ¶neutbetalning"). Any other file that decodes as Windows-1252 (what Swedish
  Excel writes for "CSV (semikolonavgränsad)") is taken as that; one that does not (a byte
  0x81, 0x8D, 0x8F, 0x90 or 0x9D) is refused, naming the row. A NUL byte is refused: the file
  is not text.
- CSV: the delimiter is the one of `,`, `;` and tab that splits the first row into the most
  columns (`sniff_delimiter`).
- XLSX: the zip's listing is checked before openpyxl opens anything (how many parts, what
  they unpack to, together and the shared strings alone, and how far each is compressed);
  rows are read in openpyxl's read-only mode, counted as they come, and reading stops at the
  limit.
- Cells (`cell_text`): text without change; a whole number without decimals, a date as
  YYYY-MM-DD, a boolean as TRUE/FALSE. A cell longer than Excel allows is refused.

The limits are the `Limits` below (`IMPORT`, `POPULATION`) and `TEXT_FILE_BYTES`; the README
lists them. Every refusal is an `InvalidInput` naming the option, the file and the limit.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, NoReturn

from riskctl.errors import InvalidInput
from riskctl.i18n import N_, _

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What a spreadsheet read for one purpose may hold (the README lists the figures)."""

    what: str  # marked with N_, e.g. "a register import"; translated when shown
    max_rows: int  # rows below the header
    max_bytes: int = 256 * MIB  # the file as it lies on disk (CSV text, or the XLSX zip)
    max_columns: int = 1_000
    max_cell_chars: int = 32_767  # the most characters Excel keeps in one cell
    xlsx_max_parts: int = 10_000
    xlsx_max_unpacked: int = 512 * MIB  # all parts of the zip, uncompressed
    # openpyxl holds the shared strings in memory whole; the sheets it streams.
    xlsx_max_strings: int = 256 * MIB
    # A spreadsheet's XML compresses 5 to 30 times; a bomb far more. Parts under 1 MiB
    # unpacked may be compressed further: they cost nothing.
    xlsx_max_ratio: int = 100
    xlsx_ratio_from: int = 1 * MIB


# A register import: twice the 100,000-row board the bench imports.
IMPORT = Limits(N_("a register import"), max_rows=200_000)
# A population: two million rows (one XLSX sheet holds 1,048,576; a CSV may hold more).
POPULATION = Limits(N_("a sample population"), max_rows=2_000_000)
# A scale file or the config file: a few kB in practice.
TEXT_FILE_BYTES = 1 * MIB

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (",", ";", "\t")
BOM = b"\xef\xbb\xbf"
ZIP_MAGIC = b"PK\x03\x04"


def kind_of(name: str | os.PathLike[str]) -> str | None:
    """ "csv" or "xlsx" by the file's suffix, or None."""
    suffix = Path(name).suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    return None


# --- bytes -----------------------------------------------------------------------------------


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return _("a directory")
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISCHR(mode):
        return _("a character device")
    if stat.S_ISBLK(mode):
        return _("a block device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


def read_bytes(path: str | os.PathLike[str], *, field: str, limit: int, what: str) -> bytes:
    """The content of the regular file at `path` (a symlink is followed), at most `limit`
    bytes, or an `InvalidInput` that says why not. `what` says what the file is read for
    (translated), as in "at most … bytes are read for a register import"."""
    shown = str(path)

    def refuse(reason: str) -> NoReturn:
        raise InvalidInput(field, shown, reason)

    def unreadable(exc: OSError) -> NoReturn:
        if isinstance(exc, FileNotFoundError):
            refuse(_("the file does not exist"))
        refuse(_("it cannot be read ({reason})").format(reason=exc.strerror or exc))

    def too_big(size: int) -> NoReturn:
        refuse(
            _("it has {size} bytes; at most {limit} are read for {what}").format(
                size=f"{size:,}", what=what, limit=f"{limit:,}"
            )
        )

    try:
        before = os.stat(path)
    except OSError as exc:
        unreadable(exc)
    if not stat.S_ISREG(before.st_mode):
        refuse(_("it is {kind}; give a regular file").format(kind=_kind(before.st_mode)))
    if before.st_size > limit:
        too_big(before.st_size)
    # Opened without blocking and checked again on the descriptor: a file swapped for a FIFO
    # after the stat above cannot make the open or the read wait forever.
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        unreadable(exc)
    try:
        now = os.fstat(fd)
        if not stat.S_ISREG(now.st_mode):
            refuse(_("it is {kind}; give a regular file").format(kind=_kind(now.st_mode)))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)  # one byte more tells a file that grew past the limit
    except OSError as exc:
        unreadable(exc)
    finally:
        os.close(fd)
    if len(data) > limit:
        too_big(len(data))
    return data


# --- text ------------------------------------------------------------------------------------

_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH_BYTES = bytes(range(0x80, 0x100))


def _mostly_utf8(data: bytes) -> bool:
    """At least one valid multi-byte UTF-8 sequence, and no more stray high bytes than those.

    Windows-1252 text ("Löneutbetalning" as 4C F6 6E…) almost never forms a valid sequence:
    a letter like ö is followed by an ASCII letter, not by a continuation byte."""
    # Counted by the regular expression engine and bytes.translate: no list of matches for a
    # file of millions of them.
    rest, sequences = _UTF8_SEQUENCE.subn(b"", data)
    if not sequences:
        return False
    stray = len(rest) - len(rest.translate(None, _HIGH_BYTES))
    return sequences >= stray


def _where(prefix: str, rows: bool) -> str:
    """The row (of CSV records, as a spreadsheet numbers them) or line that `prefix` ends in."""
    if rows:
        try:
            # The record the text after the prefix continues is the last one read.
            text = prefix + "x"
            row = sum(1 for _ in csv.reader(_lines(text), delimiter=sniff_delimiter(text)))
            return _("row {row}").format(row=row)
        except csv.Error:
            pass
    return _("line {line}").format(line=prefix.count("\n") + 1)


def decode_text(data: bytes, *, field: str, shown: str, rows: bool = False) -> str:
    """The text of a file's bytes by riskctl's one encoding rule (the module docstring).

    A refusal names where: the row (`rows=True`: a CSV record, as a spreadsheet numbers it)
    or the line, and the byte's offset in the file."""
    skip = len(BOM) if data.startswith(BOM) else 0
    body = data[skip:] if skip else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start
        if _mostly_utf8(body):
            raise InvalidInput(
                field,
                shown,
                _(
                    "{where}: byte 0x{byte:02X} at offset {offset} is not UTF-8, and the rest "
                    "of the file is; correct it, or save the file as UTF-8 again"
                ).format(
                    where=_where(body[:at].decode("utf-8"), rows),
                    byte=body[at],
                    offset=at + skip,
                ),
            ) from None
        try:
            text = body.decode("cp1252")
        except UnicodeDecodeError as bad:
            raise InvalidInput(
                field,
                shown,
                _(
                    "{where}: byte 0x{byte:02X} at offset {offset} is neither UTF-8 nor "
                    "Windows-1252; save the file as UTF-8"
                ).format(
                    where=_where(body[: bad.start].decode("cp1252"), rows),
                    byte=body[bad.start],
                    offset=bad.start + skip,
                ),
            ) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise InvalidInput(
            field,
            shown,
            _("{where} has a NUL byte: it is not a text file").format(
                where=_where(text[:nul], rows)
            ),
        )
    return text


def toml_reason(exc: Exception) -> str:
    """Why TOML text could not be parsed, in one line: tomllib's message, or for a value
    nested thousands of levels deep (tomllib recurses once per level) a sentence of ours."""
    if isinstance(exc, RecursionError):
        return _("its arrays or tables are nested too deeply")
    return str(exc)


def read_text_file(path: str | os.PathLike[str], *, field: str, what: str) -> str:
    """A small text file (a scale file, the config file) by the rules of the module
    docstring: a regular file, at most `TEXT_FILE_BYTES`, the one encoding rule."""
    data = read_bytes(path, field=field, limit=TEXT_FILE_BYTES, what=what)
    return decode_text(data, field=field, shown=str(path))


# --- rows ------------------------------------------------------------------------------------


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first row into the most columns, quotes respected
    (`"Belopp, kr";Id` is two columns split by `;`); `,` when none splits it."""

    def columns(delimiter: str) -> int:
        try:
            return len(next(csv.reader(_lines(text), delimiter=delimiter), []))
        except csv.Error:  # e.g. a first row longer than the csv module's field limit
            return 0

    return max(DELIMITERS, key=columns)


_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    """The lines of `text` with their endings (LF, CRLF or the CR of old Mac Excel), for
    `csv.reader`: unlike `io.StringIO`, no copy of the whole text (four bytes a character) is
    made."""
    for line in _LINE.finditer(text):
        yield line[0]


def cell_text(value: Any) -> str:
    """A spreadsheet cell as text: whole numbers without decimals, dates as YYYY-MM-DD."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def column_letter(index: int) -> str:
    """The spreadsheet's name of the column with 0-based `index`: A, B, … Z, AA, …"""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


@dataclass
class Table:
    """The rows of one sheet (or a CSV file), row 1 first, every cell as text."""

    sheet: str | None
    rows: list[list[str]]


class _Rows:
    """Collects rows, refusing a row, column or cell over the limits as it comes."""

    def __init__(self, field: str, shown: str, limits: Limits) -> None:
        self.field, self.shown, self.limits = field, shown, limits
        self.rows: list[list[str]] = []
        self.most = limits.max_rows + 1  # and a header row

    def refuse(self, reason: str) -> NoReturn:
        raise InvalidInput(self.field, self.shown, reason)

    def add(self, cells: list[str]) -> None:
        limits = self.limits
        number = len(self.rows) + 1
        if number > self.most:
            self.refuse(
                _(
                    "it has more than {limit} rows; {what} has at most {limit} (and a header)"
                ).format(limit=f"{limits.max_rows:,}", what=_(limits.what))
            )
        if len(cells) > limits.max_columns:
            self.refuse(
                _("row {row} has {count} columns; at most {limit} are read").format(
                    row=number, count=f"{len(cells):,}", limit=f"{limits.max_columns:,}"
                )
            )
        if cells and max(map(len, cells)) > limits.max_cell_chars:
            at = next(n for n, c in enumerate(cells) if len(c) > limits.max_cell_chars)
            self.refuse(
                _(
                    "the cell in row {row}, column {column} has {count} characters; "
                    "a cell holds at most {limit}"
                ).format(
                    row=number,
                    column=column_letter(at),
                    count=f"{len(cells[at]):,}",
                    limit=f"{limits.max_cell_chars:,}",
                )
            )
        self.rows.append(cells)


def parse_csv(
    data: bytes, *, field: str, shown: str, limits: Limits, delimiter: str | None = None
) -> Table:
    """The rows of CSV bytes: the encoding rule, the sniffed (or given) delimiter, the limits."""
    if data.startswith(ZIP_MAGIC):
        raise InvalidInput(
            field, shown, _("it is a ZIP archive (an .xlsx?), not CSV text; name it .xlsx")
        )
    text = decode_text(data, field=field, shown=shown, rows=True)
    del data
    collected = _Rows(field, shown, limits)
    reader = csv.reader(_lines(text), delimiter=delimiter or sniff_delimiter(text))
    try:
        for record in reader:
            collected.add(record)
    except csv.Error as exc:
        row = len(collected.rows) + 1
        if "field larger than field limit" in str(exc):
            collected.refuse(
                _(
                    "a cell in row {row} has more than {count} characters; a cell holds at "
                    "most {limit}"
                ).format(
                    row=row,
                    count=f"{csv.field_size_limit():,}",
                    limit=f"{limits.max_cell_chars:,}",
                )
            )
        collected.refuse(_("row {row} is not valid CSV ({reason})").format(row=row, reason=exc))
    return Table(None, collected.rows)


def not_xlsx(exc: BaseException | str) -> str:
    """Why a file cannot be read as XLSX, in one line."""
    reason = exc if isinstance(exc, str) else (str(exc).splitlines() or [""])[0][:200]
    if not isinstance(exc, str):
        reason = f"{type(exc).__name__}: {reason}" if reason else type(exc).__name__
    return _("it cannot be read as XLSX: {reason}").format(reason=reason)


def check_xlsx_listing(data: bytes, *, field: str, shown: str, limits: Limits) -> None:
    """Refuse an XLSX by its zip listing alone, before anything is unpacked: too many parts,
    too much unpacked, shared strings too large to hold, or a part compressed like a bomb."""
    import zipfile

    def refuse(reason: str) -> NoReturn:
        raise InvalidInput(field, shown, reason)

    if not data:
        refuse(not_xlsx(_("the file is empty")))
    if not data.startswith(ZIP_MAGIC):
        looks = _("it is not a ZIP archive, as an .xlsx is")
        if b"\x00" not in data[:4096]:
            looks = _("it is text, not a ZIP archive as an .xlsx is; name a CSV file .csv")
        refuse(not_xlsx(looks))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            _check_parts(parts, limits, refuse)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        refuse(not_xlsx(exc))
    except Exception as exc:  # zlib.error and the like: a damaged part
        if isinstance(exc, InvalidInput):
            raise
        refuse(not_xlsx(exc))


def _check_parts(parts: list[Any], limits: Limits, refuse: Callable[[str], NoReturn]) -> None:
    if len(parts) > limits.xlsx_max_parts:
        refuse(
            _("it has {count} parts; an .xlsx read here has at most {limit}").format(
                count=f"{len(parts):,}", limit=f"{limits.xlsx_max_parts:,}"
            )
        )
    unpacked = sum(p.file_size for p in parts)
    if unpacked > limits.xlsx_max_unpacked:
        refuse(
            _("it unpacks to {size} bytes; {what} unpacks to at most {limit} bytes").format(
                size=f"{unpacked:,}", what=_(limits.what), limit=f"{limits.xlsx_max_unpacked:,}"
            )
        )
    for part in parts:
        if part.filename.lower().endswith("sharedstrings.xml") and (
            part.file_size > limits.xlsx_max_strings
        ):
            refuse(
                _(
                    "its shared strings ({part}) unpack to {size} bytes; at most {limit} are read"
                ).format(
                    part=part.filename,
                    size=f"{part.file_size:,}",
                    limit=f"{limits.xlsx_max_strings:,}",
                )
            )
        if part.file_size > limits.xlsx_ratio_from and part.file_size > limits.xlsx_max_ratio * max(
            1, part.compress_size
        ):
            refuse(
                _(
                    "its part {part} unpacks {ratio} times its size ({size} bytes); a "
                    "spreadsheet unpacks at most {limit} times"
                ).format(
                    part=part.filename,
                    ratio=f"{part.file_size // max(1, part.compress_size):,}",
                    size=f"{part.file_size:,}",
                    limit=limits.xlsx_max_ratio,
                )
            )


_SHEET_DATA = re.compile(rb"<(?:([\w.-]+):)?(dimension|sheetData)[\s/>]")
_HEAD = 64 * 1024


def _dimension_missing(archive: Any, part: Any) -> tuple[bytes, int] | None:
    """For a worksheet part without a <dimension> before its rows (in its first 64 kB): its
    head and where its <sheetData> starts. None if it has one (or no rows in its head)."""
    with archive.open(part) as fh:
        head = fh.read(_HEAD)
    found = _SHEET_DATA.search(head)
    if found is None or found[2] == b"dimension":
        return None
    return head, found.start()


def with_dimensions(data: bytes) -> bytes:
    """The XLSX with a `<dimension ref="A1"/>` put before the rows of every sheet that has
    none (openpyxl's own write-only mode, which riskctl's reports use, writes none).

    openpyxl's read-only mode learns a sheet's size from that element, and parses a sheet
    without one whole, in memory, before it yields a row (1 GB for 10 million rows). The
    stated size is not used (`_sheet_rows` resets it); the sheet is streamed row by row."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
        missing: dict[str, tuple[bytes, int]] = {}
        for part in parts:
            name = part.filename.lower()
            if "worksheets/" in name and name.endswith(".xml") and part.file_size > _HEAD:
                found = _dimension_missing(archive, part)
                if found is not None:
                    missing[part.filename] = found
        if not missing:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as fixed:
            for part in parts:
                if part.filename not in missing:
                    fixed.writestr(part, archive.read(part))
                    continue
                head, at = missing[part.filename]
                tag = _SHEET_DATA.search(head, at)
                prefix = tag[1] + b":" if tag is not None and tag[1] else b""
                with archive.open(part) as source, fixed.open(part.filename, "w") as target:
                    source.read(len(head))
                    target.write(head[:at] + b"<" + prefix + b'dimension ref="A1"/>' + head[at:])
                    while chunk := source.read(MIB):
                        target.write(chunk)
    return out.getvalue()


def parse_xlsx(
    data: bytes,
    *,
    field: str,
    shown: str,
    limits: Limits,
    sheet: str | None = None,
    sheet_field: str = "--sheet",
    wanted: Callable[[list[list[str]]], bool] | None = None,
    head_rows: int = 10,
) -> Table:
    """The rows of one sheet of XLSX bytes, read in openpyxl's read-only mode.

    The sheet is `sheet` if given, else the first whose first `head_rows` rows satisfy
    `wanted`, else the first. Formulas are not evaluated: a formula cell gives the value the
    program that saved the file computed for it."""
    check_xlsx_listing(data, field=field, shown=shown, limits=limits)
    from openpyxl import load_workbook

    try:
        data = with_dimensions(data)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl fails in many ways (zip, XML, keys) on a bad file
        raise InvalidInput(field, shown, not_xlsx(exc)) from None
    try:
        names = book.sheetnames
        if sheet is not None:
            if sheet not in names:
                raise InvalidInput(
                    sheet_field, sheet, _("use one of {choices}").format(choices=", ".join(names))
                )
            names = [sheet]
        if not names:
            return Table(None, [])
        chosen = names[0]
        if wanted is not None and sheet is None:
            for name in names:
                if wanted(_sheet_rows(book[name], field, shown, limits, head_rows)):
                    chosen = name
                    break
        return Table(chosen, _sheet_rows(book[chosen], field, shown, limits))
    except InvalidInput:
        raise
    except Exception as exc:  # a damaged sheet inside a valid zip
        raise InvalidInput(field, shown, not_xlsx(exc)) from None
    finally:
        book.close()


def _sheet_rows(
    worksheet: Any, field: str, shown: str, limits: Limits, most: int | None = None
) -> list[list[str]]:
    # The sheet's stated dimension is not trusted (a file can claim 16,384 columns to have
    # every row padded to them): each row is as wide as its last cell.
    worksheet.reset_dimensions()
    collected = _Rows(field, shown, limits)
    width = limits.max_columns
    for row in worksheet.iter_rows(values_only=True):
        if most is not None and len(collected.rows) >= most:
            break
        if len(row) > width and row.count(None) >= len(row) - width:
            tail = row[width:]
            if tail.count(None) == len(tail):  # empty cells far out: formatting, no values
                row = row[:width]
        cells = [cell_text(v) for v in row]
        while cells and cells[-1] == "":
            cells.pop()
        collected.add(cells)
    return collected.rows
