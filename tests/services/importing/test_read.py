"""Reading an import: where the header is, which column is which field, a cell's value."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskctl.errors import InvalidInput
from riskctl.services.importing.read import int_of, map_columns, read_file, text_of

from .conftest import HEADER, write_csv


def test_the_header_is_the_first_row_naming_the_required_columns(tmp_path: Path):
    path = write_csv(tmp_path / "a.csv", "Riskanalys 2025;;;\n" + HEADER + "A;d;1;2;2;\n")
    sheet = read_file(path)
    assert sheet.header_row == 2
    assert sheet.rows == [(3, ["A", "d", "1", "2", "2", ""])]


def test_columns_map_to_fields_in_swedish_or_english_and_others_are_ignored(tmp_path: Path):
    text = "Risk title;Description;Likelihood;Consequence;Risk value (p × s);Kommentar\n"
    sheet = read_file(write_csv(tmp_path / "en.csv", text + "A;d;1;2;2;x\n"))
    mapping, ignored = map_columns(sheet)
    assert mapping == {
        "title": 0,
        "description": 1,
        "probability": 2,
        "significance": 3,
        "value": 4,
    }
    assert ignored == ["Kommentar"]


def test_a_field_named_by_two_columns_is_refused(tmp_path: Path):
    text = "Risk;Riskbeskrivning;Sannolikhet;Väsentlighet;Probability\nA;d;1;2;3\n"
    with pytest.raises(InvalidInput) as caught:
        map_columns(read_file(write_csv(tmp_path / "twice.csv", text)))
    assert caught.value.allowed == "it appears twice (as 'Sannolikhet'); keep one"


def test_a_missing_required_column_is_named_in_both_languages(tmp_path: Path):
    text = "Risk;Sannolikhet;Väsentlighet\nA;1;2\n"
    with pytest.raises(InvalidInput) as caught:
        map_columns(read_file(write_csv(tmp_path / "short.csv", text)))
    assert caught.value.allowed == "missing Riskbeskrivning (or Description)"


def test_a_file_of_another_kind_is_refused(tmp_path: Path):
    with pytest.raises(InvalidInput, match=r"give a \.csv or \.xlsx file"):
        read_file(write_csv(tmp_path / "a.ods", HEADER))
    with pytest.raises(InvalidInput, match="the file does not exist"):
        read_file(tmp_path / "missing.txt")


@pytest.mark.parametrize(
    ("cell", "text"),
    [("  Brand  ", "Brand"), ("'=SUM(A1)", "=SUM(A1)"), ("'-5", "-5"), (None, ""), (3, "3")],
)
def test_a_text_cell_is_stripped_and_an_exports_apostrophe_taken_away(cell, text):
    assert text_of(cell) == text


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        (3, 3),
        (3.0, 3),
        ("3", 3),
        (" 3 ", 3),
        ("3,0", 3),
        ("3.5", None),
        (2.5, None),
        (True, None),
        ("x", None),
        ("", None),
        ("nan", None),
        ("²", None),
    ],
)
def test_a_whole_number_cell(cell, number):
    assert int_of(cell) == number
