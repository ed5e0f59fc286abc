"""A few pictures of the screens (pytest-textual-snapshot), each saying what it must show.

Update them only after reading the report: `pytest tests/tui/test_snapshots.py
--snapshot-update`, then look at every changed SVG in tests/tui/__snapshots__/.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tests.tui.helpers import settle


@pytest.fixture
def store_url(sqlite_examples_url: str) -> str:
    return sqlite_examples_url


@pytest.fixture
def examples_store(engine):
    return engine


def test_analysis_at_80x24(snap_compare, make_app, examples_store):
    """Kommunstyrelsen's 2025 analysis in a terminal of 80 × 24.

    The context bar names the board and 2025 and highlights "1 Analysis". Below the search
    field and the band, handling and owner filters, the table lists the risks by risk value:
    Välfärdsbrottslighet (12, red) first, then Energibrist/effektbrist and Cyberhot (8,
    orange), then the 6s (yellow). Beside it the heat map counts 9 risks at probability 3 ×
    significance 2 and 1 at 3 × 4, in band colours, over the band legend. The status line
    says "33 risks · sorted by risk value ↓"; the footer shows n, e, del, /, s, ^q and f1.
    """

    async def run_before(pilot):
        await settle(pilot)

    assert snap_compare(
        make_app(org="KS", year=2025), terminal_size=(80, 24), run_before=run_before
    )


def test_adopted_plan_shows_as_locked(snap_compare, make_app, examples_store):
    """The adopted 2024 plan at 120 × 30.

    The header says ADOPTED (amber badge) with "date not recorded", "locked: r reopens it"
    and the fingerprint. The table lists the 9 controls, highest risk value first (Cyberhot,
    8, orange), with method and owner; the Control tab beside it shows Cyberhot's
    description, risk value and full method. The status line counts 9 controls and the 2
    changes since adoption; the footer offers only r Reopen (no generate, edit or adopt).
    """

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(
        make_app(org="KS", year=2024), terminal_size=(120, 30), run_before=run_before
    )


def test_follow_up_with_summary(snap_compare, make_app, examples_store):
    """The annual follow-up of the 2024 plan at 120 × 36.

    "Annual" is highlighted in the header. Each control has a grey ○ for the interim period
    and a coloured ● for the annual one (green, yellow or red). The summary counts
    ● 3 ● 5 ● 1 ● 0 and gives the sentence of `followup summary` ("The plan comprised nine
    identified risks in total. …"); the overdue list starts with the 2023 annual follow-ups.
    The form shows Cyberhot with "2 remark close to target" chosen (yellow) and the recorded
    texts, and says it is revision 1.
    """

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)

    assert snap_compare(
        make_app(org="KS", year=2024), terminal_size=(120, 36), run_before=run_before
    )


def test_risk_form_in_swedish_with_an_inline_error(snap_compare, make_app, examples_store):
    """The risk form in Swedish at 80 × 24, editing Välfärdsbrottslighet with its title erased.

    The fields are labelled Rubrik, Beskrivning, Sannolikhet, Väsentlighet, Hantering,
    Ansvarig and Hanteringstext; the scores read "3 – Möjlig" and "4 – Allvarlig" and the
    risk value "12 Mycket hög (3 × 4)" on red. Under the empty title, in red, the rule of the
    services' refusal: "den får inte vara tom". Spara and Avbryt at the bottom.
    """

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        title = pilot.app.screen.query_one("#title", Input)
        title.value = ""
        # A blinking cursor would make the picture depend on the moment it is taken.
        title.cursor_blink = False
        await settle(pilot)

    assert snap_compare(
        make_app(org="KS", year=2025, lang="sv"), terminal_size=(80, 24), run_before=run_before
    )
