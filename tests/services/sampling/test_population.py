"""The population file: a header, and one row per item with a unique id."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from riskctl.errors import InvalidInput
from riskctl.services.sampling.population import parse_population, read_population


def _parse(text: str, id_column: str = "Verifikation", name: str = "p.csv"):  # type: ignore[no-untyped-def]
    return parse_population(text.encode("utf-8"), name, id_column)


def test_a_population_is_its_ids_in_file_order_rows_and_digest(population: Path):
    read = read_population(population, " Verifikation ")
    assert (read.size, read.ids[:2], read.id_column) == (300, ["L00001", "L00002"], "Verifikation")
    assert read.rows["L00002"] == ["L00002", "1002", "Anställd 2"]
    assert read.sha256 == hashlib.sha256(population.read_bytes()).hexdigest()
    assert read.name == "loner-2024.csv"


def test_empty_rows_are_skipped_and_short_rows_padded():
    read = _parse("Verifikation;Belopp\nA;1\n;\nB\n")
    assert read.ids == ["A", "B"] and read.rows["B"] == ["B", ""]


def test_an_id_twice_is_refused_with_both_rows():
    with pytest.raises(InvalidInput) as caught:
        _parse("Verifikation;Belopp\nA;1\nB;2\nA;3\n")
    assert caught.value.allowed == (
        "the id 'A' occurs twice in column 'Verifikation' (rows 2 and 4); the ids must be unique"
    )


def test_a_row_without_an_id_is_refused_by_its_number():
    with pytest.raises(InvalidInput) as caught:
        _parse("Verifikation;Belopp\nA;1\n;2\n")
    assert caught.value.allowed == "row 3 has no id in column 'Verifikation'; every row needs one"


def test_an_unknown_id_column_lists_the_files_columns():
    with pytest.raises(InvalidInput) as caught:
        _parse("Verifikation;Belopp\nA;1\n", id_column="Id")
    assert caught.value.field == "--id-column"
    assert caught.value.allowed == "p.csv has no such column; its columns are: Verifikation, Belopp"


def test_an_id_column_named_twice_is_refused():
    with pytest.raises(InvalidInput, match="has that column twice"):
        _parse("Id;Id\n1;2\n", id_column="Id")


@pytest.mark.parametrize(
    ("text", "name", "says"),
    [
        ("", "p.csv", "the file is empty; it needs a header row"),
        ("Verifikation;Belopp\n", "p.csv", "the file has no rows below its header"),
        (
            "Verifikation\nA\n",
            "p.ods",
            "use a .csv file (UTF-8, ; or , between columns) or an .xlsx",
        ),
    ],
)
def test_a_file_without_a_population_is_refused(text, name, says):
    with pytest.raises(InvalidInput) as caught:
        _parse(text, name=name)
    assert caught.value.allowed == says
