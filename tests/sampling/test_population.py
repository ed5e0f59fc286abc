"""Reading populations, the draw itself and the sample list: no store involved."""

from __future__ import annotations

import csv
import hashlib
import io
import os
from datetime import datetime

import pytest

from riskctl.cell_safety import neutralise
from riskctl.errors import InvalidInput
from riskctl.services.sampling.draw import draw, rank_key
from riskctl.services.sampling.population import parse_population, read_population
from riskctl.services.sampling.sample_list import write_sample_list
from riskctl.tabular import POPULATION, Limits, sniff_delimiter
from tests.sampling.conftest import payroll, write_csv


def test_the_draw_is_the_documented_algorithm_with_hashlib_alone():
    ids = [f"L{i:05d}" for i in range(1, 501)]
    seed = 20250301
    expected = sorted(ids, key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest())[:25]
    assert draw(ids, 25, seed) == expected
    assert rank_key(seed, "L00001") == hashlib.sha256(b"20250301:L00001").hexdigest()


def test_the_draw_ignores_the_order_of_the_rows_and_is_without_replacement():
    ids = [str(i) for i in range(1000)]
    first = draw(ids, 100, 7)
    assert draw(list(reversed(ids)), 100, 7) == first
    assert len(set(first)) == 100
    assert draw(ids, 100, 8) != first
    assert draw(ids, 1000, 7)[:100] == first  # a census is the whole ranking


def test_the_draw_is_roughly_uniform():
    """Every id is drawn about equally often over many seeds (n/N = 10 %)."""
    ids = [str(i) for i in range(20)]
    counts = dict.fromkeys(ids, 0)
    for seed in range(2000):
        for i in draw(ids, 2, seed):
            counts[i] += 1
    assert all(140 < c < 260 for c in counts.values()), counts  # expected 200 each


@pytest.mark.parametrize(
    ("delimiter", "bom"), [(";", True), (";", False), (",", True), (",", False)]
)
def test_csv_with_either_delimiter_and_with_or_without_bom(tmp_path, delimiter, bom):
    path = payroll(tmp_path / "p.csv", 30, delimiter=delimiter, bom=bom)
    pop = read_population(path, "Verifikation")
    assert pop.size == 30
    assert pop.header == ["Verifikation", "Belopp", "Mottagare"]
    assert pop.ids[0] == "L00001"
    assert pop.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_delimiter_is_sniffed_from_the_header():
    assert sniff_delimiter('"Belopp, kr";Id;Namn\n') == ";"
    assert sniff_delimiter("Id,Namn;efternamn\n") == ","
    assert sniff_delimiter("Id\n1\n") == ","


def test_ids_are_trimmed_and_blank_rows_skipped(tmp_path):
    path = write_csv(tmp_path / "p.csv", [["Id", "x"], [" 17 ", "a"], ["", ""], ["18", "b"]])
    assert read_population(path, " Id ").ids == ["17", "18"]


def test_xlsx_numbers_and_dates_become_the_text_a_person_sees(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Faktura", "Datum", "Belopp"])
    sheet.append([1001, datetime(2024, 3, 1), 12.5])
    sheet.append([1002.0, datetime(2024, 3, 2, 10, 30), 7])
    sheet.append(["A-3", None, None])
    path = tmp_path / "fakturor.xlsx"
    book.save(path)
    pop = read_population(path, "Faktura")
    assert pop.ids == ["1001", "1002", "A-3"]
    assert pop.rows["1001"] == ["1001", "2024-03-01", "12.5"]
    assert pop.rows["1002"][1] == "2024-03-02 10:30:00"


def _refused(path, column="Verifikation"):
    with pytest.raises(InvalidInput) as caught:
        read_population(path, column)
    assert "\n" not in caught.value.message
    return caught.value


def test_a_missing_id_column_names_the_columns_there_are(population):
    error = _refused(population, "Verif")
    assert error.field == "--id-column"
    assert "Verifikation, Belopp, Mottagare" in error.allowed


def test_duplicate_ids_name_both_rows(tmp_path):
    path = write_csv(tmp_path / "p.csv", [["Verifikation"], ["A"], ["B"], ["A"]])
    error = _refused(path)
    assert "'A' occurs twice" in error.allowed and "rows 2 and 4" in error.allowed


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("p.csv", b"", "empty"),
        ("p.csv", b"Verifikation\n", "no rows below its header"),
        ("p.csv", b"Verifikation;Belopp\n;12\n", "row 2 has no id"),
        ("p.csv", "Verifikation\nLöne\n".encode() + b"M\xe5ns\n", "row 3: byte 0xE5"),
        ("p.csv", b"Verifikation\n\x00\x01\n", "not a text file"),
        ("p.xlsx", b"PK\x03\x04 not really a zip", "it cannot be read as XLSX"),
        ("p.xlsx", b"Verifikation\n1\n", "it cannot be read as XLSX"),
        ("p.pdf", b"%PDF-1.4", "use a .csv file"),
        ("p.xls", b"\xd0\xcf\x11\xe0", "use a .csv file"),
    ],
)
def test_unreadable_populations(tmp_path, name, content, says):
    path = tmp_path / name
    path.write_bytes(content)
    error = _refused(path)
    assert error.field == "--population"
    assert says in error.allowed


def test_missing_file_and_directory(tmp_path):
    assert "does not exist" in _refused(tmp_path / "nope.csv").allowed
    (tmp_path / "d.csv").mkdir()
    assert "it is a directory" in _refused(tmp_path / "d.csv").allowed


def test_the_sample_list_is_excel_friendly_and_defused(tmp_path):
    rows = [
        ["Belopp", "Verifikation", "Text"],
        ["10", "V1", '=HYPERLINK("http://x")'],
        ["-5", "@V2", "+1"],
        ["7", "V3", "vanlig"],
    ]
    pop = parse_population(_csv_bytes(rows), "p.csv", "Verifikation")
    out = write_sample_list(tmp_path / "s.csv", pop, ["V3", "@V2"])
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert table == [
        ["draw", "Verifikation", "Belopp", "Text"],
        ["1", "V3", "7", "vanlig"],
        ["2", "'@V2", "'-5", "'+1"],
    ]
    assert not (tmp_path / "s.csv.partial").exists()


def test_neutralise():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx"):
        assert neutralise(text) == "'" + text
    assert neutralise("Lön 1") == "Lön 1"


def _csv_bytes(rows):
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue().encode()


# --- files that lie, encodings and limits (the rules of riskctl.tabular) ---------------------


def test_a_population_in_windows_1252_is_read_as_that(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("Verifikation;Mottagare\nL1;Måns Ö\nL2;Åsa\n".encode("cp1252"))
    population = read_population(path, "Verifikation")
    assert population.rows["L1"] == ["L1", "Måns Ö"]


def test_a_fifo_or_a_device_is_refused_before_it_is_read(tmp_path):
    fifo = tmp_path / "p.csv"
    os.mkfifo(fifo)  # no writer: a read would wait forever
    assert _refused(fifo).allowed == "it is a named pipe (FIFO); give a regular file"
    link = tmp_path / "z.xlsx"
    link.symlink_to("/dev/zero")
    assert _refused(link).allowed == "it is a character device; give a regular file"


def test_the_population_row_limit_is_checked_while_reading(tmp_path):
    small = Limits("a sample population", max_rows=3)
    path = payroll(tmp_path / "p.csv", n=4)
    with pytest.raises(InvalidInput) as caught:
        read_population(path, "Verifikation", limits=small)
    assert caught.value.allowed == (
        "it has more than 3 rows; a sample population has at most 3 (and a header)"
    )
    assert read_population(payroll(tmp_path / "q.csv", n=3), "Verifikation", limits=small).size == 3
    assert POPULATION.max_rows == 2_000_000
