"""Domain rules that need no store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from riskctl import scales
from riskctl.db import mask_url, parse_url, without_password
from riskctl.errors import InvalidInput
from riskctl.services.followups import deadline
from riskctl.services.plans.methods import method_from_note
from riskctl.services.summary_text import summary_sentence


def test_method_is_the_sample_check_sentence_of_the_note():
    note = (
        "Risken ingår i kommunstyrelsens plan för internkontroll 2024. Kommunledningskontoret "
        "har ett pågående arbete. En granskning ska genomföras genom stickprov att ramavtal "
        "finns."
    )
    assert (
        method_from_note(note) == "En granskning ska genomföras genom stickprov att ramavtal finns."
    )


def test_method_falls_back_to_the_whole_note():
    assert method_from_note("Utbildning av alla chefer.") == "Utbildning av alla chefer."


@dataclass
class Counts:
    risks: int
    ok: int = 0
    near: int = 0
    remark: int = 0
    none: int = 0
    remark_titles: list[str] = field(default_factory=list)


def test_summary_sentence_grammar_in_both_languages():
    one = Counts(risks=1, remark=1, remark_titles=["Ramavtal följs inte"])
    assert summary_sentence(one, "sv") == (
        "Planen omfattade totalt en identifierad risk. Uppföljningen av risken Ramavtal följs "
        "inte visade på anmärkningar."
    )
    many = Counts(risks=14, ok=14)
    assert summary_sentence(many, "en") == (
        "The plan comprised 14 identified risks in total. No remarks were noted for any of the "
        "risks at the follow-up."
    )
    two = Counts(risks=3, near=1, remark=2, remark_titles=["A", "B"])
    assert "riskerna A och B visade på anmärkningar" in summary_sentence(two, "sv")
    assert "En risk visade på vissa avvikelser" in summary_sentence(two, "sv")


@pytest.mark.parametrize(
    ("period", "year", "expected"),
    [
        ("interim", 2025, date(2025, 8, 31)),
        ("annual", 2025, date(2026, 2, 28)),
        ("annual", 2027, date(2028, 2, 29)),
    ],
)
def test_deadlines(period, year, expected):
    assert deadline(period, year) == expected


def test_deadline_setting_must_be_a_month_and_day():
    with pytest.raises(InvalidInput, match="interim_due: 'aug' is not allowed"):
        deadline("interim", 2025, interim_due="aug")


def test_bands_must_cover_every_risk_value_once():
    gap = scales.ScaleSet(
        scales.PROBABILITY_4,
        scales.SIGNIFICANCE_4,
        (scales.BandSpec(1, 6, "Låg", "Low", "#00ff00"),),
    )
    with pytest.raises(InvalidInput, match="risk value 8"):
        scales.check_bands(gap)
    scales.check_bands(scales.default_scale(4))
    scales.check_bands(scales.default_scale(5))


def test_scale_file_defines_a_5x5_board(tmp_path):
    levels = "\n".join(f'[[probability]]\nlabel = "P{n}"\n' for n in range(1, 6))
    levels += "\n".join(f'[[significance]]\nlabel = "S{n}"\n' for n in range(1, 6))
    bands = (
        '[[band]]\nmin = 1\nmax = 9\nlabel = "Låg"\ncolor = "#00ff00"\n'
        '[[band]]\nmin = 10\nmax = 25\nlabel = "Hög"\ncolor = "#ff0000"\n'
    )
    path = tmp_path / "scale.toml"
    path.write_text(levels + bands, encoding="utf-8")
    loaded = scales.load_scale_file(path)
    assert [lv.label for lv in loaded.probability] == ["P1", "P2", "P3", "P4", "P5"]
    assert len(loaded.bands) == 2


@pytest.mark.parametrize("raw", ["mysql://u@h/db", "nonsense", "postgresql://u@h/"])
def test_unsupported_urls_are_refused(raw):
    with pytest.raises(InvalidInput, match="database URL"):
        parse_url(raw)


def test_passwords_are_masked():
    assert mask_url("postgresql://anna:hemligt@db/riskctl") == "postgresql://anna:***@db/riskctl"
    assert "hemligt" not in mask_url("postgresql://anna:hemligt@db:bad/x")


def test_a_store_error_masks_the_password_as_a_word_not_its_letters(tmp_path):
    """A one-letter password masked wherever its letter stands would show, by the gaps, what
    it is ('invalid ***ort number'); it is masked where it stands alone, as in a URL."""
    from typer.testing import CliRunner

    from riskctl.cli.main import app

    url = "postgresql://anna:p@127.0.0.1:99999/riskctl"
    out = CliRunner().invoke(app, ["--db", url, "risk", "list", "--year", "2025", "--org", "KS"])
    assert out.exit_code == 1
    assert "invalid port number" in out.stderr
    assert "anna:***@127.0.0.1" in out.stderr and ":p@" not in out.stderr
    assert without_password('password=p host=h: bad "p"', "p") == 'password=*** host=h: bad "***"'
