"""A sample as the TUI and the follow-up reports show it."""

from __future__ import annotations

from riskctl.services.sampling.population import read_population
from riskctl.services.sampling.store import draw_sample, record_result
from riskctl.services.sampling.summary import sample_sentence, sample_summaries, sample_summary


def test_the_summary_of_an_items_current_sample_with_its_sentences(item, write, read, population):
    with read() as session:
        assert sample_summary(session=session, item_id=item) is None
    with write() as session:
        draw_sample(
            session=session,
            item_id=item,
            population=read_population(population, "Verifikation"),
            size=50,
            seed=3,
        )
        record_result(session=session, item_id=item, errors=0)
    with read() as session:
        summary = sample_summary(session=session, item_id=item)
        assert sample_summaries(session=session, item_ids=[item, 10**6]) == {item: summary}
    assert summary is not None
    assert (summary["size"], summary["population_size"], summary["errors"]) == (50, 300, 0)
    assert "ids" not in summary and "title" not in summary
    assert summary["sentence"]["en"] == (
        "Sample of 50 of 300 items (seed 3): 0 errors (0%); upper bound 5.8% at 95% "
        "confidence (tolerable rate 5%)."
    )
    assert summary["sentence"]["sv"].startswith("Stickprov om 50 av 300 poster")


def test_a_sample_without_a_result_says_so():
    summary = {"size": 1200, "population_size": 25000, "seed": 7, "errors": None}
    assert sample_sentence(summary, "en") == (
        "Sample of 1,200 of 25,000 items (seed 7); no result recorded yet."
    )
    assert sample_sentence(summary, "sv").startswith("Stickprov om 1\u00a0200 av 25\u00a0000")
