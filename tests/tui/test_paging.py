"""A board-year of 100,000 risks: the table reads pages from the store, never every row."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import Engine, text

from riskctl.db import writing
from riskctl.services.orgs import add_org
from riskctl.tui.widgets.risk_table import PAGE, RiskTable
from tests.tui.helpers import settle

N = 100_000


@pytest.fixture
def store_url(sqlite_url: str) -> str:
    return sqlite_url


@pytest.fixture
def big_store(engine: Engine) -> Engine:
    """One board with N risks in 2025, written by SQLite itself (the services would take
    minutes to add them one by one)."""
    with writing(engine) as session:
        org_id = add_org(session=session, name="Stora nämnden", code="BIG").id
    with engine.begin() as conn:
        conn.execute(
            text(
                "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < :last) "
                "INSERT INTO risk (org_id, title, description, created_at, version) "
                "SELECT :org, printf('Risk %06d', i), '', CURRENT_TIMESTAMP, 1 FROM n"
            ),
            {"org": org_id, "last": N - 1},
        )
        conn.execute(
            text(
                "INSERT INTO assessment (risk_id, org_id, year, probability, significance, "
                "handling, note, created_at, updated_at, version) "
                "SELECT id, org_id, 2025, (id * 7) % 4 + 1, (id * 13 / 4) % 4 + 1, 'action', '', "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1 FROM risk WHERE org_id = :org"
            ),
            {"org": org_id},
        )
    return engine


async def test_a_hundred_thousand_risks_open_fast_and_scroll_in_pages(make_app, big_store):
    app = make_app(org="BIG", year=2025)
    started = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        opened = time.perf_counter() - started
        table = app.screen.query_one(RiskTable)
        assert table.total == N
        first = table.row(0)
        assert first is not None and first.value == 16
        # Only the pages around the view were read, not 100,000 rows.
        assert table.loaded_rows <= 3 * PAGE
        # About a second on a developer's machine; the bound leaves room for a busy CI.
        assert opened < 8, f"the board-year took {opened:.1f} s to open"
        await pilot.press("end")
        await settle(pilot)
        last = table.highlighted
        assert table.cursor_row == N - 1 and last is not None and last.value == 1
        for _ in range(5):
            await pilot.press("pageup")
        await settle(pilot)
        assert table.highlighted is not None
        assert table.loaded_rows <= 6 * PAGE
        assert table.reads <= 8


async def test_deep_pages_and_a_search_show_the_right_risks_in_order(make_app, big_store):
    """The last page, a page deep in the middle and a search's rows are the risks that a
    plain sort of the whole board-year puts there (highest value first, then as entered)."""
    order = (
        "SELECT r.id FROM assessment a JOIN risk r ON r.id = a.risk_id WHERE a.year = 2025 {} "
        "ORDER BY a.probability * a.significance DESC, a.id"
    )
    with big_store.connect() as conn:
        expected = list(conn.execute(text(order.format(""))).scalars())
        many, few = (
            list(conn.execute(text(order.format(f"AND r.title LIKE '%{term}%'"))).scalars())
            for term in ("Risk 09", "Risk 0999")
        )
    # Risk 090000–099999: more than the store puts in order at once; Risk 099900–099999.
    assert (len(many), len(few)) == (10_000, 100)

    def ids(table: RiskTable, rows: range) -> list[int | None]:
        return [risk.id if (risk := table.row(i)) else None for i in rows]

    app = make_app(org="BIG", year=2025)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(RiskTable)
        assert ids(table, range(30)) == expected[:30]
        await pilot.press("end")
        await settle(pilot)
        assert ids(table, range(N - PAGE, N)) == expected[-PAGE:]
        for _ in range(40):
            await pilot.press("pageup")
        await settle(pilot)
        top = int(table.scroll_y)
        assert top < N - 40 * 30
        assert ids(table, range(top, top + 30)) == expected[top : top + 30]
        assert table.highlighted is not None
        assert table.highlighted.id == expected[table.cursor_row]

        await pilot.press("slash", *"Risk", "space", *"09", "enter")
        await settle(pilot)
        assert table.total == len(many)
        assert ids(table, range(30)) == many[:30]
        await pilot.press("end")
        await settle(pilot)
        assert ids(table, range(len(many) - PAGE, len(many))) == many[-PAGE:]

        await pilot.press("slash", "end", *"99", "enter")  # the field selects its text
        await settle(pilot)
        assert table.total == len(few)
        assert ids(table, range(len(few))) == few
