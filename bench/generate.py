"""A large synthetic store for the benchmarks: deterministic, seeded.

    python bench/generate.py sqlite:///big.db --municipalities 290 --boards 12 --risks 30 \
        --years 2023 2024 2025 [--seed 1] [--big-board 100000]

Every board gets the default 4×4 scale, `risks` risks scored in every year, an adopted plan
of its `control` risks for each year with an annual follow-up for all but the last year.
`--big-board N` adds one board (code BIG) with N risks in the last year, for the TUI and
report benchmarks. Rows go in through SQLAlchemy Core in one transaction per table; this is a
benchmark fixture, not a user's write path, so it writes no audit trail.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, date, datetime

from sqlalchemy import func, insert, select

from riskctl.db import open_store
from riskctl.models import (
    Assessment,
    Band,
    FollowUp,
    Org,
    Owner,
    Plan,
    PlanItem,
    Risk,
    ScaleLevel,
)
from riskctl.scales import default_scale

HANDLINGS = ("control", "action", "accept")
WORDS = ("Felaktiga", "Bristande", "Otydlig", "Försenad", "Saknad", "Ofullständig")
THINGS = (
    "utbetalningar",
    "rutiner",
    "avtal",
    "dokumentation",
    "behörigheter",
    "inköp",
    "attester",
    "uppföljning",
    "system",
    "ersättningar",
)
OWNERS = ("Ekonomichef", "IT-chef", "HR-chef", "Kommundirektör", "Upphandlingschef")
VERDICTS = ("ok", "ok", "near", "remark", "none")


def _batched(rows: list[dict], size: int = 20_000):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def generate(
    url: str,
    municipalities: int,
    boards: int,
    risks: int,
    years: list[int],
    seed: int,
    big_board: int = 0,
) -> dict[str, int]:
    rng = random.Random(seed)
    engine = open_store(url)
    now = datetime.now(UTC)
    scale = default_scale(4)
    with engine.begin() as conn:
        conn.execute(insert(Owner), [{"name": n} for n in OWNERS])
        owner_ids = list(conn.execute(select(Owner.id)).scalars())
        orgs = [
            {
                "name": f"Kommun {m:03d} nämnd {b:02d}",
                "code": f"K{m:03d}N{b:02d}",
                "threshold": 8,
                "created_at": now,
                "version": 1,
            }
            for m in range(municipalities)
            for b in range(boards)
        ]
        if big_board:
            orgs.append(
                {
                    "name": "Stor nämnd",
                    "code": "BIG",
                    "threshold": 8,
                    "created_at": now,
                    "version": 1,
                }
            )
        conn.execute(insert(Org), orgs)
        org_ids = list(conn.execute(select(Org.id).order_by(Org.id)).scalars())
        levels, bands = [], []
        for oid in org_ids:
            for axis, lv in (
                ("probability", scale.probability),
                ("significance", scale.significance),
            ):
                levels += [
                    {
                        "org_id": oid,
                        "axis": axis,
                        "level": x.level,
                        "label": x.label,
                        "label_en": x.label_en,
                        "description": x.description,
                        "description_en": x.description_en,
                    }
                    for x in lv
                ]
            bands += [
                {
                    "org_id": oid,
                    "min_value": b.min_value,
                    "max_value": b.max_value,
                    "label": b.label,
                    "label_en": b.label_en,
                    "color": b.color,
                }
                for b in scale.bands
            ]
        for chunk in _batched(levels):
            conn.execute(insert(ScaleLevel), chunk)
        conn.execute(insert(Band), bands)

        per_org = {oid: risks for oid in org_ids}
        if big_board:
            per_org[org_ids[-1]] = big_board
        risk_rows = [
            {
                "org_id": oid,
                "title": f"{rng.choice(WORDS)} {rng.choice(THINGS)} {n}",
                "description": "Syntetisk risk för prestandamätning.",
                "created_at": now,
                "version": 1,
            }
            for oid, count in per_org.items()
            for n in range(count)
        ]
        for chunk in _batched(risk_rows):
            conn.execute(insert(Risk), chunk)
        risk_list = conn.execute(select(Risk.id, Risk.org_id).order_by(Risk.id)).all()
        assessments = []
        for year in years:
            for rid, oid in risk_list:
                if big_board and oid == org_ids[-1] and year != years[-1]:
                    continue
                assessments.append(
                    {
                        "risk_id": rid,
                        "org_id": oid,
                        "year": year,
                        "probability": rng.randint(1, 4),
                        "significance": rng.randint(1, 4),
                        "handling": rng.choices(HANDLINGS, (2, 5, 3))[0],
                        "note": "Stickprov på 25 underlag.",
                        "owner_id": rng.choice(owner_ids),
                        "created_at": now,
                        "updated_at": now,
                        "version": 1,
                    }
                )
        for chunk in _batched(assessments):
            conn.execute(insert(Assessment), chunk)
        # The last year's plans are drafts, still being prepared.
        plans = [
            {
                "org_id": oid,
                "year": y,
                "status": "adopted" if y != years[-1] else "draft",
                "adopted_on": date(y - 1, 12, 15) if y != years[-1] else None,
                "ref": None,
                "created_at": now,
                "version": 1,
            }
            for oid in org_ids[: municipalities * boards]
            for y in years
        ]
        conn.execute(insert(Plan), plans)
        plan_of = {(o, y): p for p, o, y in conn.execute(select(Plan.id, Plan.org_id, Plan.year))}
        controlled = conn.execute(
            select(
                Assessment.risk_id, Assessment.org_id, Assessment.year, Assessment.owner_id
            ).where(Assessment.handling == "control")
        ).all()
        items = [
            {
                "plan_id": plan_of[(o, y)],
                "risk_id": r,
                "method": "Stickprov på 25 underlag.",
                "owner_id": w,
                "method_edited": False,
                "owner_edited": False,
                "manual": False,
                "removed": False,
                "version": 1,
            }
            for r, o, y, w in controlled
            if (o, y) in plan_of
        ]
        for chunk in _batched(items):
            conn.execute(insert(PlanItem), chunk)
        last = years[-1]
        followed = (
            conn.execute(
                select(PlanItem.id).join(Plan, Plan.id == PlanItem.plan_id).where(Plan.year != last)
            )
            .scalars()
            .all()
        )
        follow_rows = [
            {
                "item_id": i,
                "period": "annual",
                "revision": 1,
                "current": True,
                "assessment": rng.choice(VERDICTS),
                "checked": "",
                "result": "Syntetiskt.",
                "action": "",
                "done_on": None,
                "recorded_at": now,
            }
            for i in followed
        ]
        for chunk in _batched(follow_rows):
            conn.execute(insert(FollowUp), chunk)
        count = conn.execute(select(func.count()).select_from(Assessment)).scalar_one()
    engine.dispose()
    return {
        "orgs": len(org_ids),
        "assessments": count,
        "plan_items": len(items),
        "followups": len(follow_rows),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--municipalities", type=int, default=290)
    parser.add_argument("--boards", type=int, default=12)
    parser.add_argument("--risks", type=int, default=30)
    parser.add_argument("--years", type=int, nargs="+", default=[2023, 2024, 2025])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--big-board", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    counts = generate(
        args.url,
        args.municipalities,
        args.boards,
        args.risks,
        args.years,
        args.seed,
        args.big_board,
    )
    print(f"{counts} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
