"""The risk table's page scheduler, without a store or a screen: which page is read next,
which are dropped unread, and which are forgotten once too many are held."""

from __future__ import annotations

from riskctl.services.risks import AssessmentView
from riskctl.tui.widgets.page_scheduler import KEEP_PAGES, PAGE, PageScheduler, page_window


def _rows(page: int, n: int = PAGE) -> list[AssessmentView]:
    return [
        AssessmentView(
            id=page * PAGE + i + 1,
            org="KS",
            year=2025,
            title=f"Risk {page * PAGE + i}",
            description="",
            probability=1,
            significance=1,
            value=1,
            band="low",
            handling="action",
            note="",
            owner=None,
            version=1,
        )
        for i in range(n)
    ]


def _drain(scheduler: PageScheduler, visible: range, cursor_row: int) -> list[int]:
    """The pages in the order the scheduler has them read, each read arriving at once."""
    read = []
    while (page := scheduler.next_page(visible, cursor_row)) is not None:
        read.append(page)
        scheduler.in_flight = None
        scheduler.store(page, _rows(page), visible.start)
    return read


def test_the_window_is_the_screen_and_a_screen_up_and_down():
    assert page_window(range(0, 39)) == (0, 0)
    assert page_window(range(1000, 1039)) == (9, 10)
    assert page_window(range(990, 1029)) == (9, 10)


def test_the_cursors_page_comes_first_then_the_screens_then_the_nearest():
    scheduler = PageScheduler()
    scheduler.want((8, 9, 10, 11), total=100_000)
    # The screen shows rows 990-1029 (pages 9 and 10); the cursor is on row 1005 (page 10).
    assert _drain(scheduler, range(990, 1029), 1005) == [10, 9]
    # Pages 8 and 11 lie outside the window: the view has left them, they are not read.
    assert scheduler.wanted == set()
    assert scheduler.reads == 2


def test_one_page_is_read_at_a_time():
    scheduler = PageScheduler()
    scheduler.want((0, 1), total=1000)
    assert scheduler.next_page(range(0, 150), 0) == 0
    assert scheduler.next_page(range(0, 150), 0) is None
    scheduler.in_flight = None
    assert scheduler.next_page(range(0, 150), 0) == 1


def test_pages_past_the_end_or_already_held_are_not_wanted():
    scheduler = PageScheduler()
    scheduler.store(0, _rows(0), 0)
    scheduler.want((-1, 0, 1, 2, 3), total=250)
    assert scheduler.wanted == {1, 2}
    empty = PageScheduler()
    empty.want((0, 1), total=0)
    assert empty.wanted == {0}  # an empty result still reads its one (empty) page


def test_the_pages_farthest_from_the_view_are_forgotten_first():
    scheduler = PageScheduler()
    for page in range(KEEP_PAGES + 5):
        scheduler.store(page, _rows(page), 0)
    assert sorted(scheduler.pages) == list(range(KEEP_PAGES))
    assert scheduler.loaded_rows == KEEP_PAGES * PAGE
    assert scheduler.reads == KEEP_PAGES + 5


def test_a_new_generation_keeps_the_old_rows_on_screen_until_read_again():
    scheduler = PageScheduler()
    scheduler.store(0, _rows(0), 0)
    scheduler.store(3, _rows(3), 0)
    first = scheduler.row(5)
    scheduler.reset(keep_rows=True)
    assert scheduler.generation == 1 and scheduler.pages == {}
    assert scheduler.row(5) == first
    assert scheduler.loaded_rows == 0
    scheduler.drop_stale_past(250)  # the result shrank to 250 rows: page 3 is gone
    assert scheduler.row(305) is None and scheduler.row(5) == first
    scheduler.reset(keep_rows=False)
    assert scheduler.row(5) is None
