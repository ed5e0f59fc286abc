"""Samples in the store: drawing one for an adopted plan's item, showing them, verifying one
against its population file, and recording its result.

Drawing again for the same item and period adds a revision and keeps the earlier one as
history (`riskctl.services.revisions`).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from riskctl import audit
from riskctl.errors import InvalidInput, NotFound, PopulationChanged, RiskctlError
from riskctl.i18n import _
from riskctl.models import PERIODS, Plan, PlanItem, Risk, Sample, pk, utcnow
from riskctl.services import validate
from riskctl.services.orgs import org_label
from riskctl.services.revisions import revisions, supersede
from riskctl.services.sampling.bound import (
    DEFAULT_CONFIDENCE,
    DEFAULT_TOLERABLE_RATE,
    fraction,
    suggest,
    upper_bound,
)
from riskctl.services.sampling.draw import ALGORITHM, choose_seed, draw, seed_value
from riskctl.services.sampling.population import Population, parse_population, read_bytes


@dataclass
class SampleView:
    """A stored sample and, once recorded, its result."""

    item: int
    org: str
    year: int
    title: str
    period: str
    revision: int
    current: bool
    algorithm: str
    seed: int
    id_column: str
    population_file: str
    population_sha256: str
    population_size: int
    size: int
    ids: list[str]
    drawn_at: str
    user: str
    errors: int | None
    error_rate: float | None
    upper_bound: float | None
    confidence: float | None
    tolerable_rate: float | None
    suggested_assessment: str | None
    result_at: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def sample_view(row: Sample, plan: Plan, org_name: str, title: str) -> SampleView:
    """A stored sample as it is shown, with its error rate and bound once a result is in."""
    has_result = row.errors is not None and row.confidence is not None
    rate = bound = None
    verdict = None
    if has_result:
        assert row.errors is not None and row.confidence is not None
        rate = row.errors / row.size
        bound = upper_bound(row.errors, row.size, row.confidence)
        if row.tolerable_rate is not None:
            verdict = suggest(rate, bound, row.tolerable_rate)
    return SampleView(
        item=row.item_id,
        org=org_name,
        year=plan.year,
        title=title,
        period=row.period,
        revision=row.revision,
        current=row.current,
        algorithm=row.algorithm,
        seed=row.seed,
        id_column=row.id_column,
        population_file=row.population_file,
        population_sha256=row.population_sha256,
        population_size=row.population_size,
        size=row.size,
        ids=list(json.loads(row.ids)),
        drawn_at=row.drawn_at.isoformat(),
        user=row.user,
        errors=row.errors,
        error_rate=rate,
        upper_bound=bound,
        confidence=row.confidence,
        tolerable_rate=row.tolerable_rate,
        suggested_assessment=verdict,
        result_at=row.result_at.isoformat() if row.result_at else None,
    )


def item_context(
    session: Session, item_id: Any, *, lock: bool = False
) -> tuple[PlanItem, Plan, str, str]:
    """The plan item a sample or evidence file belongs to, its plan, board name and risk
    title; with `lock`, the plan's row is locked as every write that adoption forbids does."""
    from riskctl.services.plans.items import find_item

    item, plan, org = find_item(session, item_id, lock=lock)
    risk = session.get(Risk, item.risk_id)
    assert risk is not None
    return item, plan, org_label(org), risk.title


def require_adopted(item: PlanItem, plan: Plan, org_name: str, refusal: str) -> None:
    """Refuse a draft plan's item: `refusal` is the translated template, with {year} and
    {org}, e.g. "the {year} plan of {org} is a draft; only an adopted plan's item can …"."""
    if plan.status != "adopted":
        raise InvalidInput("item", item.id, refusal.format(year=plan.year, org=org_name))


def draw_sample(
    *,
    session: Session,
    item_id: Any,
    population: Population,
    size: Any,
    seed: Any = None,
    period: str = "annual",
    replace: bool = False,
) -> SampleView:
    """Draw and store a sample for an adopted plan's item.

    A current sample for the same item and period is refused unless `replace`; replacing
    keeps the earlier one as history (a new revision).
    """
    item, plan, org_name, title = item_context(session, item_id, lock=True)
    period = validate.period(period)
    n = validate.integer(size, "--size")
    chosen = choose_seed() if seed is None else seed_value(seed)
    require_adopted(
        item,
        plan,
        org_name,
        _("the {year} plan of {org} is a draft; only an adopted plan's item can be sampled"),
    )
    if not 1 <= n <= population.size:
        raise InvalidInput(
            "--size",
            size,
            _("use 1 to {count}, the number of ids in {file}").format(
                count=population.size, file=population.name
            ),
        )
    earlier = revisions(session, Sample, item.id, period)
    current = [s for s in earlier if s.current]
    if current and not replace:
        old = current[0]
        raise InvalidInput(
            "item",
            item.id,
            _(
                "it already has an {period} sample (revision {revision}, {size} of {total}, "
                "drawn {date}); give --replace to draw a new one (the earlier one is kept as "
                "history)"
            ).format(
                period=period,
                revision=old.revision,
                size=old.size,
                total=old.population_size,
                date=f"{old.drawn_at:%Y-%m-%d}",
            ),
        )
    revision = supersede(session, earlier)
    row = Sample(
        item_id=pk(item),
        period=period,
        revision=revision,
        current=True,
        algorithm=ALGORITHM,
        seed=chosen,
        id_column=population.id_column,
        population_file=population.name[:255],
        population_sha256=population.sha256,
        population_size=population.size,
        size=n,
        ids=json.dumps(draw(population.ids, n, chosen), ensure_ascii=False),
        drawn_at=utcnow(),
        user=str(session.info.get(audit.USER_KEY) or audit.current_user()),
    )
    session.add(row)
    session.flush()
    return sample_view(row, plan, org_name, title)


def _current(session: Session, item: PlanItem, period: str | None) -> Sample:
    """The item's current sample in `period`; without a period, its only current one."""
    query = select(Sample).where(Sample.item_id == item.id, col(Sample.current).is_(True))
    if period is not None:
        query = query.where(Sample.period == validate.period(period))
    rows = session.exec(query.order_by(col(Sample.drawn_at).desc())).all()
    if not rows:
        command = f"`riskctl sample draw {item.id} --population FILE --id-column COL --size N`"
        hint = (
            _("no sample has been drawn for the {period} period; draw one with {command}")
            if period
            else _("no sample has been drawn; draw one with {command}")
        )
        raise NotFound("item", item.id, hint.format(period=period, command=command))
    if len(rows) > 1:
        found = [p for p in PERIODS if any(r.period == p for r in rows)]
        periods = (
            _("{first} and {second}").format(first=found[0], second=found[1])
            if len(found) == 2
            else ", ".join(found)
        )
        raise InvalidInput(
            "item",
            item.id,
            _("it has samples for {periods}; give --period to choose one").format(periods=periods),
        )
    return rows[0]


def show_samples(
    *, session: Session, item_id: Any, period: str | None = None, history: bool = False
) -> list[SampleView]:
    """An item's current samples (with `history`, the replaced ones too), newest first."""
    item, plan, org_name, title = item_context(session, item_id)
    query = select(Sample).where(Sample.item_id == item.id)
    if period is not None:
        query = query.where(Sample.period == validate.period(period))
    if not history:
        query = query.where(col(Sample.current).is_(True))
    rows = session.exec(query.order_by(col(Sample.period), col(Sample.revision).desc())).all()
    return [sample_view(r, plan, org_name, title) for r in rows]


@dataclass
class Verified:
    item: int
    period: str
    revision: int
    population_file: str
    population_sha256: str
    population_size: int
    seed: int
    size: int
    ids_match: bool

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ids_match, **asdict(self)}


def verify_sample(
    *,
    session: Session,
    item_id: Any,
    path: str | os.PathLike[str],
    period: str | None = None,
) -> Verified:
    """Re-draw the item's current sample from `path` with the stored seed.

    A file whose SHA-256 differs from the one drawn from raises `PopulationChanged`, saying
    whether the same ids would still be drawn from it.
    """
    item, _plan, _org, _title = item_context(session, item_id)
    row = _current(session, item, period)
    data = read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    stored = list(json.loads(row.ids))
    name = Path(path).name
    if digest != row.population_sha256:
        try:
            now = parse_population(data, name, row.id_column, shown=str(path))
            same = draw(now.ids, row.size, row.seed) == stored if row.size <= now.size else False
            detail = (
                _("the same ids would still be drawn from it")
                if same
                else _("a different sample would be drawn from it")
            )
        except InvalidInput as exc:
            detail = _("it no longer reads as the population ({reason})").format(reason=exc.allowed)
        raise PopulationChanged(
            _(
                "the population has changed: {name} now has SHA-256 {digest}…, but the "
                "{period} sample of item {item} was drawn from a file with SHA-256 {drawn}… "
                "({file}); {detail}"
            ).format(
                name=name,
                digest=digest[:12],
                period=row.period,
                item=item.id,
                drawn=row.population_sha256[:12],
                file=row.population_file,
                detail=detail,
            )
        )
    population = parse_population(data, name, row.id_column, shown=str(path))
    again = draw(population.ids, row.size, row.seed)
    if again != stored:
        raise RiskctlError(
            _(
                "the {period} sample of item {item} does not reproduce from the same "
                "population (SHA-256 {digest}…); the stored sample may have been altered"
            ).format(period=row.period, item=item.id, digest=digest[:12])
        )
    return Verified(
        item=row.item_id,
        period=row.period,
        revision=row.revision,
        population_file=name,
        population_sha256=digest,
        population_size=population.size,
        seed=row.seed,
        size=row.size,
        ids_match=True,
    )


def record_result(
    *,
    session: Session,
    item_id: Any,
    errors: Any,
    tolerable_rate: Any = DEFAULT_TOLERABLE_RATE,
    confidence: Any = DEFAULT_CONFIDENCE,
    period: str | None = None,
) -> SampleView:
    """Record the errors found in the item's current sample; recording again overwrites the
    result (the audit trail keeps the earlier values)."""
    item, plan, org_name, title = item_context(session, item_id, lock=True)
    row = _current(session, item, period)
    k = validate.integer(errors, "--errors")
    if not 0 <= k <= row.size:
        raise InvalidInput(
            "--errors", errors, _("use 0 to {size}, the sample's size").format(size=row.size)
        )
    rate = fraction(tolerable_rate, "--tolerable-rate", 0.0, 1.0)
    conf = fraction(confidence, "--confidence", 0.5, 1.0)
    require_adopted(
        item,
        plan,
        org_name,
        _(
            "the {year} plan of {org} is a draft; only an adopted plan's item can have a "
            "sample result recorded"
        ),
    )
    row.errors = k
    row.tolerable_rate = rate
    row.confidence = conf
    row.result_at = utcnow()
    session.add(row)
    session.flush()
    return sample_view(row, plan, org_name, title)
