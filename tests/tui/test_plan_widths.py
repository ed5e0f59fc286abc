"""The plan table's columns: what a width leaves for the risk, the method and the owner."""

from __future__ import annotations

from riskctl.tui.screens.plan import ItemWidths, item_widths


def test_a_wide_table_shows_method_and_owner_the_title_taking_two_fifths():
    assert item_widths(100, ["Ekonomichef", None]) == ItemWidths(
        wide=True, title=29, method=45, owner=11
    )


def test_an_owner_column_is_never_wider_than_22_nor_narrower_than_its_heading():
    assert item_widths(100, ["x" * 40]).owner == 22
    assert item_widths(100, [None, "HR"]).owner == len("Owner")


def test_a_narrow_table_gives_the_title_all_it_has_and_never_less_than_25():
    assert item_widths(60, ["Ekonomichef"]) == ItemWidths(wide=False, title=49, method=0, owner=11)
    assert item_widths(10, []).title == 25
