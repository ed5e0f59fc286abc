"""A stored sample as the TUI and the follow-up reports show it: its figures and one
sentence in Swedish and English."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from riskctl.i18n import _, ngettext
from riskctl.models import Plan, PlanItem, Risk, Sample
from riskctl.services import validate
from riskctl.services.sampling.store import sample_view
from riskctl.vocabulary import percent


def sample_summary(
    *, session: Session, item_id: int, period: str | None = None
) -> dict[str, Any] | None:
    """The item's current sample as a dict, or None if it has none.

    Without `period`, the most recently drawn current sample. Keys: item, period, revision,
    size, population_size, population_sha256, seed, id_column, drawn_at, user, errors,
    error_rate, upper_bound, confidence, tolerable_rate, suggested_assessment (the last six
    None until a result is recorded) and sentence ({"sv": …, "en": …}).
    """
    return sample_summaries(session=session, item_ids=[item_id], period=period).get(item_id)


def sample_summaries(
    *, session: Session, item_ids: Sequence[int], period: str | None = None
) -> dict[int, dict[str, Any]]:
    """`sample_summary` for many items in one query: item id → summary (items with none left
    out)."""
    if not item_ids:
        return {}
    query = (
        select(Sample, PlanItem, Plan, Risk)
        .join(PlanItem, col(PlanItem.id) == Sample.item_id)
        .join(Plan, col(Plan.id) == PlanItem.plan_id)
        .join(Risk, col(Risk.id) == PlanItem.risk_id)
        .where(col(Sample.item_id).in_(list(item_ids)), col(Sample.current).is_(True))
    )
    if period is not None:
        query = query.where(Sample.period == validate.period(period))
    out: dict[int, dict[str, Any]] = {}
    for row, _item, plan, risk in session.exec(query.order_by(col(Sample.drawn_at))).all():
        view = sample_view(row, plan, "", risk.title).as_dict()
        for key in ("org", "year", "title", "ids", "current", "algorithm", "population_file"):
            view.pop(key)
        view["sentence"] = {lang: sample_sentence(view, lang) for lang in ("sv", "en")}
        out[row.item_id] = view  # the newest drawn wins
    return out


def _count(n: int, lang: str) -> str:
    return f"{n:,}".replace(",", "\u00a0" if lang == "sv" else ",")


def sample_sentence(summary: dict[str, Any], lang: str = "sv") -> str:
    """One sentence for a follow-up report, e.g. "Stickprov om 50 av 1 200 poster: 2 fel
    (4 %); övre gräns 12,1 % med 95 % konfidens (tolerabel felfrekvens 5 %)."."""
    fields = {
        "n": _count(summary["size"], lang),
        "total": _count(summary["population_size"], lang),
        "seed": summary["seed"],
    }
    if summary.get("errors") is None:
        return _(
            "Sample of {n} of {total} items (seed {seed}); no result recorded yet.", lang
        ).format(**fields)
    return ngettext(
        "Sample of {n} of {total} items (seed {seed}): {errors} error ({rate}); upper bound "
        "{bound} at {confidence} confidence (tolerable rate {tolerable}).",
        "Sample of {n} of {total} items (seed {seed}): {errors} errors ({rate}); upper bound "
        "{bound} at {confidence} confidence (tolerable rate {tolerable}).",
        summary["errors"],
        lang,
    ).format(
        **fields,
        errors=summary["errors"],
        rate=percent(summary["error_rate"], lang),
        bound=percent(summary["upper_bound"], lang),
        confidence=percent(summary["confidence"], lang, 2),
        tolerable=percent(summary["tolerable_rate"], lang, 2),
    )
