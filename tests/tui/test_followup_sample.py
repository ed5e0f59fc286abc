"""The follow-up screen's sample panel: a control's sample, its bound and its evidence.

The sample is drawn, its result recorded and evidence attached through the services on the
store (as `riskctl sample draw/result` and `riskctl followup attach` do); the screen must
then show them for the highlighted control and the period shown, and nothing for a control
without a sample.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import update

from riskctl.models import Evidence
from riskctl.services.evidence import attach_evidence
from riskctl.services.plans.adoption import show_plan
from riskctl.services.sampling.population import read_population
from riskctl.services.sampling.store import draw_sample, record_result
from riskctl.tui.screens.followup import FollowUpScreen
from riskctl.tui.widgets.sample_panel import SamplePanel
from tests.tui.helpers import settle

SEED = 20250301


def _population(path: Path, n: int = 1200) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["Verifikation", "Belopp"])
        writer.writerows([f"L{i:05d}", 1000 + i] for i in range(1, n + 1))
    return path


def _sampled(write, tmp_path: Path, *, errors: int | None = 2) -> list[int]:
    """Draw 50 of 1 200 for the first control of KS's adopted 2024 plan, record `errors`
    and attach a checklist and the sample list; the plan's item ids, in the screen's order."""
    population = read_population(_population(tmp_path / "loner-2024.csv"), "Verifikation")
    checklist = tmp_path / "checklista.pdf"
    checklist.write_bytes(b"%PDF-1.4 signed checklist")
    sample_list = tmp_path / "urval.csv"
    sample_list.write_text("draw;Verifikation\n1;L00001\n", encoding="utf-8")
    with write() as session:
        items = [i.id for i in show_plan(session=session, org="KS", year=2024).items]
        draw_sample(session=session, item_id=items[0], population=population, size=50, seed=SEED)
        if errors is not None:
            record_result(session=session, item_id=items[0], errors=errors)
        attach_evidence(session=session, item_id=items[0], path=checklist)
        attach_evidence(session=session, item_id=items[0], path=sample_list, period="annual")
    return items


async def _open_followup(pilot) -> FollowUpScreen:
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FollowUpScreen)
    return screen


async def test_the_panel_shows_the_sample_its_bound_and_the_evidence(
    make_app, examples_store, write, tmp_path
):
    items = _sampled(write, tmp_path)
    app = make_app(org="KS", year=2024)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await _open_followup(pilot)
        assert screen.period == "annual"
        assert screen.highlighted_item().id == items[0]
        panel = screen.query_one("#fu-sample", SamplePanel)
        assert panel.display
        shown = str(panel.render())
        # 2 errors in 50: 4 %, and the exact 95 % upper bound 0.1206 — above the tolerable
        # 5 %, while the rate is below it: "close to target".
        assert "Sample: 50 of 1,200" in shown
        assert "2 errors (4%)" in shown
        assert "upper bound 12.1% at 95%" in shown
        assert "suggested: remark close to target" in shown
        assert f"seed {SEED} · population SHA-256 " in shown
        assert "✓ checklista.pdf" in shown
        assert "✓ urval.csv" in shown
        assert "✗" not in shown
        # The next control has no sample and no evidence: no panel.
        await pilot.press("down")
        await settle(pilot)
        assert screen.highlighted_item().id == items[1]
        assert not panel.display
        await pilot.press("up")
        await settle(pilot)
        assert panel.display and "Sample: 50 of 1,200" in str(panel.render())
        # The interim period has no sample; the evidence attached for no period is shown,
        # the annual sample list is not.
        await pilot.press("p")
        await settle(pilot)
        assert screen.period == "interim"
        assert panel.display
        shown = str(panel.render())
        assert "Sample:" not in shown
        assert "✓ checklista.pdf" in shown
        assert "urval.csv" not in shown


async def test_an_altered_file_is_a_warning_and_an_open_result_is_said(
    make_app, examples_store, write, engine, tmp_path
):
    items = _sampled(write, tmp_path, errors=None)
    with engine.begin() as conn:
        conn.execute(
            update(Evidence)
            .where(Evidence.item_id == items[0], Evidence.file == "checklista.pdf")
            .values(content=b"something else")
        )
    app = make_app(org="KS", year=2024, lang="sv")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await _open_followup(pilot)
        panel = screen.query_one("#fu-sample", SamplePanel)
        shown = str(panel.render())
        assert "Stickprov: 50 av 1\u00a0200 · resultatet är inte registrerat" in shown
        assert "övre gräns" not in shown
        assert "✗ checklista.pdf" in shown
        assert "det sparade innehållet har inte längre sin SHA-256" in shown
        assert "✓ urval.csv" in shown


async def test_swedish_figures(make_app, examples_store, write, tmp_path):
    _sampled(write, tmp_path)
    app = make_app(org="KS", year=2024, lang="sv")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await _open_followup(pilot)
        shown = str(screen.query_one("#fu-sample", SamplePanel).render())
        assert "Stickprov: 50 av 1\u00a0200" in shown
        assert "2 fel (4 %)" in shown
        assert "övre gräns 12,1 % med 95 % konfidens" in shown
        assert "förslag: anmärkning nära målvärde" in shown
        assert "Underlag:" in shown
