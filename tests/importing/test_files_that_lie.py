"""`riskctl import` of files that lie, are too large or are not what their name says: one line
on stderr naming the limit or the fault, exit 2, and the store exactly as before."""

from __future__ import annotations

import io
import os
import socket
import struct
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from riskctl.errors import InvalidInput
from riskctl.services.importing.read import read_file
from riskctl.tabular import IMPORT, Limits, with_dimensions

from .conftest import analysis

HEADER = ["Risk", "Riskbeskrivning", "Sannolikhet", "Väsentlighet"]


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def with_part(path: Path, name: str, content: bytes) -> Path:
    """The XLSX at `path` with its part `name` replaced (or added) by `content`, deflated."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info.filename, source.read(info.filename))
        target.writestr(name, content)
    path.write_bytes(out.getvalue())
    return path


def claiming(path: Path, name: str, size: int) -> Path:
    """The zip at `path` with its central directory claiming that part `name` unpacks to
    `size` bytes: what a bomb's listing says, made without writing the bomb."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02" + bytes(0))
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length].decode() == name:
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def sheet_xml(rows: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


def refused(cli, path: Path, store_state) -> str:  # type: ignore[no-untyped-def]
    before = store_state()
    out = cli("import", str(path), "--year", "2025", "--org", "KS")
    assert out.exit_code == 2, out.stdout + out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.splitlines()) == 1, out.stderr
    assert out.stderr.startswith(f"riskctl: FILE: '{path}' is not allowed; ")
    assert store_state() == before
    return out.stderr.strip()


# --- the encoding rule -----------------------------------------------------------------------


def test_mostly_utf8_with_one_stray_byte_is_refused_naming_row_and_byte(
    cli, board, tmp_path, store_state
):
    text = ";".join(HEADER) + "\nLöneutbetalning;Fel belopp;2;3\n"
    path = tmp_path / "lon.csv"
    path.write_bytes(text.encode() + b"Utbetalning till fel mottagare;M\xe5nad;1;2\n")
    message = refused(cli, path, store_state)
    offset = len(text.encode()) + len("Utbetalning till fel mottagare;M")
    assert message.endswith(
        f"row 3: byte 0xE5 at offset {offset} is not UTF-8, and the rest of the file is; "
        "correct it, or save the file as UTF-8 again"
    )
    assert analysis(board) == []


def test_windows_1252_as_excel_writes_it_is_read_as_that(cli, board, tmp_path):
    text = ";".join(HEADER) + "\nLöneutbetalning;Fel belopp “i år”;2;3\n"
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("cp1252"))
    out = cli("import", str(path), "--year", "2025", "--org", "KS")
    assert out.exit_code == 0, out.stderr
    [row] = analysis(board)
    assert row["title"] == "Löneutbetalning" and row["description"] == "Fel belopp “i år”"


def test_a_byte_neither_utf8_nor_windows_1252_is_refused_naming_the_row(
    cli, board, tmp_path, store_state
):
    path = tmp_path / "odd.csv"
    path.write_bytes((";".join(HEADER) + "\nL\xf6n;a;1;1\nB;\x81;1;1\n").encode("latin-1"))
    message = refused(cli, path, store_state)
    assert "row 3: byte 0x81 at offset" in message and "neither UTF-8 nor Windows-1252" in message


def test_a_row_is_counted_as_the_spreadsheet_counts_it_across_quoted_line_breaks(
    cli, board, tmp_path, store_state
):
    text = ";".join(HEADER) + '\nA;"två\nrader é";1;1\nB;b;1;1\n'
    path = tmp_path / "multi.csv"
    path.write_bytes(text.encode() + b"C;\xe9;1;1\n")
    assert "row 4: byte 0xE9" in refused(cli, path, store_state)


def test_a_nul_byte_is_not_text(cli, board, tmp_path, store_state):
    path = tmp_path / "nul.csv"
    path.write_bytes((";".join(HEADER) + "\nA;b\x00;1;1\n").encode())
    assert refused(cli, path, store_state).endswith("row 2 has a NUL byte: it is not a text file")


# --- files that are not what they say --------------------------------------------------------


def test_a_csv_named_xlsx_and_an_xlsx_named_csv(cli, board, tmp_path, store_state):
    fake = tmp_path / "register.xlsx"
    fake.write_text(";".join(HEADER) + "\nA;b;1;1\n", encoding="utf-8")
    assert refused(cli, fake, store_state).endswith(
        "it cannot be read as XLSX: it is text, not a ZIP archive as an .xlsx is; "
        "name a CSV file .csv"
    )
    real = xlsx(tmp_path / "real.xlsx", [HEADER, ["A", "b", 1, 1]])
    named = tmp_path / "real.csv"
    named.write_bytes(real.read_bytes())
    assert refused(cli, named, store_state).endswith(
        "it is a ZIP archive (an .xlsx?), not CSV text; name it .xlsx"
    )


@pytest.mark.parametrize("case", ["empty", "truncated", "corrupt part", "no workbook"])
def test_empty_truncated_or_corrupt_xlsx(cli, board, tmp_path, store_state, case):
    path = xlsx(tmp_path / "r.xlsx", [HEADER, ["A", "b", 1, 1]])
    data = path.read_bytes()
    if case == "empty":
        path.write_bytes(b"")
    elif case == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif case == "corrupt part":
        with_part(path, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>")
    else:
        with_part(path, "xl/workbook.xml", b"")
    assert "it cannot be read as XLSX: " in refused(cli, path, store_state)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero link", "socket", "directory"])
def test_non_regular_files_are_refused_before_they_are_read(
    cli, board, tmp_path, store_state, kind
):
    path = tmp_path / "r.csv"
    if kind == "fifo":
        os.mkfifo(path)  # no writer: opening it to read would wait forever
        says = "it is a named pipe (FIFO); give a regular file"
    elif kind == "dev-zero link":
        path = tmp_path / "r.xlsx"
        path.symlink_to("/dev/zero")  # endless: reading it would fill memory
        says = "it is a character device; give a regular file"
    elif kind == "directory":
        path.mkdir()
        says = "it is a directory; give a regular file"
    else:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        says = "it is a socket; give a regular file"
    try:
        assert refused(cli, path, store_state).endswith(says)
    finally:
        if kind == "socket":
            server.close()


def test_a_directory_is_refused_in_swedish_too(cli, board, tmp_path):
    path = tmp_path / "r.csv"
    path.mkdir()
    out = cli("--lang", "sv", "import", str(path), "--year", "2025", "--org", "KS")
    assert out.exit_code == 2
    assert (
        out.stderr
        == f"riskctl: FILE: '{path}' är inte tillåtet; den är en katalog; ange en vanlig fil\n"
    )


def test_a_symlink_to_a_regular_file_is_followed(cli, board, tmp_path):
    target = tmp_path / "real.csv"
    target.write_text(";".join(HEADER) + "\nA;b;1;1\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert cli("import", str(link), "--year", "2025", "--org", "KS").exit_code == 0
    assert [r["title"] for r in analysis(board)] == ["A"]


# --- limits ----------------------------------------------------------------------------------


def test_the_default_row_limit_stops_a_sheet_that_expands_to_more_rows(
    cli, board, tmp_path, store_state
):
    # One row element numbered past the limit: openpyxl yields every row before it (as the
    # 15-million-row sheet did); the reading stops at the limit instead of holding them all.
    row = IMPORT.max_rows + 2
    path = with_part(
        xlsx(tmp_path / "r.xlsx", [HEADER]),
        "xl/worksheets/sheet1.xml",
        sheet_xml(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Risk</t></is></c></row>'
            f'<row r="{row}"><c r="A{row}"><v>1</v></c></row>'
        ),
    )
    assert refused(cli, path, store_state).endswith(
        "it has more than 200,000 rows; a register import has at most 200,000 (and a header)"
    )


def test_the_default_unpacked_size_limit_by_the_zip_listing(cli, board, tmp_path, store_state):
    path = claiming(
        xlsx(tmp_path / "r.xlsx", [HEADER]), "xl/worksheets/sheet1.xml", 600 * 1024 * 1024
    )
    assert "it unpacks to 629,1" in refused(cli, path, store_state)
    assert f"a register import unpacks to at most {IMPORT.xlsx_max_unpacked:,} bytes" in refused(
        cli, path, store_state
    )


def test_a_1_gb_cell_is_refused_by_the_listing_before_it_is_unpacked(
    cli, board, tmp_path, store_state
):
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["A", "b", 1, 1])
    path = tmp_path / "cell.xlsx"
    book.save(path)
    shared = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>x</t></si></sst>"
    )
    path = with_part(path, "xl/sharedStrings.xml", shared)
    claiming(path, "xl/sharedStrings.xml", 1024**3)
    assert "it unpacks to 1,07" in refused(cli, path, store_state)  # more than all parts may
    claiming(path, "xl/sharedStrings.xml", 300 * 1024 * 1024)
    assert refused(cli, path, store_state).endswith(
        "its shared strings (xl/sharedStrings.xml) unpack to 314,572,800 bytes; "
        "at most 268,435,456 are read"
    )


def test_a_zip_bomb_is_refused_by_its_compression_ratio(tmp_path):
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(1, 2_001))
    path = with_part(
        xlsx(tmp_path / "bomb.xlsx", [HEADER]),
        "xl/worksheets/sheet1.xml",
        sheet_xml(rows + "<!--" + " " * 5_000_000 + "-->"),
    )
    with pytest.raises(InvalidInput) as caught:
        read_file(path)
    assert "its part xl/worksheets/sheet1.xml unpacks " in caught.value.allowed
    assert "a spreadsheet unpacks at most 100 times" in caught.value.allowed


def test_limits_are_checked_while_reading_with_small_limits(tmp_path):
    """The same checks with limits small enough for a test file (`Limits` is a parameter)."""
    small = Limits("a register import", max_rows=5, max_columns=6, max_cell_chars=50)
    path = xlsx(tmp_path / "r.xlsx", [HEADER, *[["A", "b", 1, 1]] * 6])
    with pytest.raises(InvalidInput, match="more than 5 rows"):
        read_file(path, limits=small)
    wide = xlsx(tmp_path / "w.xlsx", [HEADER, ["A", "b", 1, 1, "", "", "x"]])
    with pytest.raises(InvalidInput, match="row 2 has 7 columns; at most 6 are read"):
        read_file(wide, limits=small)
    long = xlsx(tmp_path / "l.xlsx", [HEADER, ["A", "b" * 51, 1, 1]])
    with pytest.raises(
        InvalidInput, match="the cell in row 2, column B has 51 characters; a cell holds at most 50"
    ):
        read_file(long, limits=small)
    csv = tmp_path / "r.csv"
    csv.write_text("\n".join([";".join(HEADER), *["A;b;1;1"] * 6]), encoding="utf-8")
    with pytest.raises(InvalidInput, match="more than 5 rows"):
        read_file(csv, limits=small)
    size = len(csv.read_bytes())
    with pytest.raises(
        InvalidInput, match=f"it has {size} bytes; at most 50 are read for a register import"
    ):
        read_file(csv, limits=Limits("a register import", max_rows=5, max_bytes=50))


def inline_row(number: int, cells: list[str]) -> str:
    return (
        f'<row r="{number}">'
        + "".join(
            f'<c r="{chr(65 + n)}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
            for n, text in enumerate(cells)
        )
        + "</row>"
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_cell_longer_than_excel_allows_is_refused_naming_row_and_column(
    cli, board, tmp_path, store_state, fmt
):
    # openpyxl cuts a cell it writes at 32,767 characters; other programs need not.
    rows = [HEADER, ["A", "b", "1", "1"], ["B", "x" * 40_000, "1", "1"]]
    if fmt == "xlsx":
        xml = sheet_xml("".join(inline_row(n, r) for n, r in enumerate(rows, start=1)))
        path = with_part(xlsx(tmp_path / "r.xlsx", [HEADER]), "xl/worksheets/sheet1.xml", xml)
    else:
        path = tmp_path / "r.csv"
        path.write_text("\n".join(";".join(r) for r in rows), encoding="utf-8")
    assert refused(cli, path, store_state).endswith(
        "the cell in row 3, column B has 40,000 characters; a cell holds at most 32,767"
    )


def test_a_cell_longer_than_its_field_is_listed_with_the_fields_limit(
    cli, board, tmp_path, store_state
):
    path = xlsx(tmp_path / "r.xlsx", [HEADER, ["A" * 201, "b", 1, 1]])
    before = store_state()
    out = cli("import", str(path), "--year", "2025", "--org", "KS")
    assert out.exit_code == 2
    assert out.stderr.splitlines()[0].endswith("use at most 200 characters")
    assert store_state() == before


def test_a_lying_sheet_dimension_does_not_pad_every_row(tmp_path):
    rows = inline_row(1, HEADER) + '<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c>'
    rows += '<c r="C2"><v>1</v></c><c r="D2"><v>1</v></c></row>'
    xml = sheet_xml(rows).replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>')
    path = with_part(xlsx(tmp_path / "r.xlsx", [HEADER]), "xl/worksheets/sheet1.xml", xml)
    sheet = read_file(path)
    assert sheet.rows == [(2, ["A", "", "1", "1"])]


def test_a_sheet_that_does_not_state_its_size_is_given_one_and_streamed(tmp_path):
    # openpyxl parses a sheet without <dimension> whole, in memory, to learn its size (1 GB for
    # 10 million rows); openpyxl's write-only mode, which riskctl's reports use, writes none.
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(1, 3_001))
    path = with_part(
        xlsx(tmp_path / "r.xlsx", [HEADER]), "xl/worksheets/sheet1.xml", sheet_xml(rows)
    )
    fixed = zipfile.ZipFile(io.BytesIO(with_dimensions(path.read_bytes())))
    xml = fixed.read("xl/worksheets/sheet1.xml")
    assert xml == sheet_xml(rows).replace(b"<sheetData>", b'<dimension ref="A1"/><sheetData>')
    small = Limits("a register import", max_rows=10)
    with pytest.raises(InvalidInput, match="more than 10 rows"):  # streamed, stopped at the limit
        read_file(path, limits=small)


def test_a_large_report_export_reads_back(tmp_path):
    from openpyxl import Workbook as Book

    book = Book(write_only=True)
    sheet = book.create_sheet("Riskanalys")
    sheet.append(HEADER)
    for n in range(3_000):
        sheet.append([f"Risk {n}", "Beskrivning", 1, 2])
    book.save(tmp_path / "big.xlsx")
    read = read_file(tmp_path / "big.xlsx")
    assert len(read.rows) == 3_000 and read.rows[-1] == (
        3_001,
        ["Risk 2999", "Beskrivning", "1", "2"],
    )


def test_old_mac_excel_line_endings_are_rows(cli, board, tmp_path):
    path = tmp_path / "mac.csv"
    path.write_bytes((";".join(HEADER) + '\rA;"två\rrader";1;1\rB;b;2;2\r').encode("cp1252"))
    assert cli("import", str(path), "--year", "2025", "--org", "KS").exit_code == 0
    assert [(r["title"], r["description"]) for r in analysis(board)] == [
        ("B", "b"),
        ("A", "två\rrader"),
    ]


def test_a_csv_cell_past_the_csv_modules_own_limit_is_one_line(cli, board, tmp_path, store_state):
    path = tmp_path / "huge.csv"
    path.write_text(";".join(HEADER) + "\nA;" + "x" * 200_000 + ";1;1\n", encoding="utf-8")
    assert refused(cli, path, store_state).endswith(
        "a cell in row 2 has more than 131,072 characters; a cell holds at most 32,767"
    )
    one_line = tmp_path / "one-line.csv"
    one_line.write_text("x" * 200_000, encoding="utf-8")  # no delimiter to sniff either
    assert "a cell in row 1 has more than 131,072 characters" in refused(cli, one_line, store_state)
