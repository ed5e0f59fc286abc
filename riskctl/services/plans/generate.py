"""`plan generate`: build or refresh the year's draft plans from the risk analysis.

In three steps: read the boards, their analysis and their drafts' items as plain rows;
decide each draft's changes by the rule in `reconcile` (pure); write them, and warn about
what the plan leaves out (high risks not under control, last year's remarks).
Set-based, so that all boards of a municipality or a country take a handful of queries.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, case, insert
from sqlmodel import Session, col, select

from riskctl import audit
from riskctl.db import plain_rows
from riskctl.errors import NotFound
from riskctl.i18n import _
from riskctl.models import Assessment, Org, Plan, PlanItem, Risk, pk, utcnow
from riskctl.services import validate
from riskctl.services.orgs import resolve_org
from riskctl.services.plans import locks
from riskctl.services.plans.adoption import decided_view
from riskctl.services.plans.methods import method_from_note
from riskctl.services.plans.reconcile import Reconciled, reconcile, spare_recorded
from riskctl.services.plans.views import PlanView, findings_by_board

# A row of the analysis, as `_read_analysis` gives it:
# (org id, risk id, probability, significance, handling, note, owner id, title, assessment id)
AnalysisRow = tuple[Any, ...]


@dataclass
class GenerateResult:
    plan: PlanView
    added: int
    updated: int
    dropped: int
    warnings: list[str]


@dataclass
class BoardGeneration:
    """What `plan generate` did for one board; `skipped` says why a board was left alone."""

    org: str
    plan_id: int | None
    added: int = 0
    updated: int = 0
    dropped: int = 0
    warnings: list[str] = field(default_factory=list)
    skipped: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def generate_plan(*, session: Session, org: str, year: int) -> GenerateResult:
    """Build or refresh one board's draft from the analysis (see `generate_plans`)."""
    the_org = resolve_org(session=session, ref=org)
    year = validate.year(year)
    [board] = generate_plans(session=session, year=year, org_ids=[pk(the_org)], strict=True)
    plan = session.get(Plan, board.plan_id)
    assert plan is not None
    return GenerateResult(
        plan=decided_view(session=session, plan=plan),
        added=board.added,
        updated=board.updated,
        dropped=board.dropped,
        warnings=board.warnings,
    )


def generate_plans(
    *, session: Session, year: int, org_ids: list[int] | None = None, strict: bool = False
) -> list[BoardGeneration]:
    """Build or refresh the year's draft plans: every risk whose handling is `control`.

    Rows already in a draft keep what the user edited; rows the user removed stay out;
    generated rows whose risk is no longer `control` leave the draft unless edited by hand
    (`reconcile`). With `strict` (one board), an adopted plan or a missing analysis is an
    error; otherwise such boards are reported as skipped.
    """
    year = validate.year(year)
    # Plain rows through the session's connection: no ORM bookkeeping for 100,000s of rows.
    connection = session.connection()
    boards = _read_boards(session, org_ids)
    analysis = _read_analysis(connection, year, org_ids)
    plans = _lock_plans(connection, year, org_ids)
    results = _board_results(session, year, boards, analysis, plans, strict)
    _create_plans(session, year, results)
    active = {r.plan_id: oid for oid, r in results.items() if not r.skipped}
    items = _read_items(connection, active)
    decisions = {oid: reconcile(_proposed(analysis[oid]), items[oid]) for oid in active.values()}
    # An item that was followed up, sampled or has evidence stays: deleting it would delete
    # those records with it.
    recorded = locks.items_with_records(
        session, [item_id for decision in decisions.values() for item_id in decision.drop]
    )
    decisions = {oid: spare_recorded(d, recorded) for oid, d in decisions.items()}
    titles = _Titles(analysis)
    _report(results, decisions, titles)
    inserts = _write(session, active, decisions)
    _warn(session, year, boards, analysis, titles, results, items, inserts)
    return list(results.values())


def _read_boards(session: Session, org_ids: list[int] | None) -> dict[int, tuple[str, int]]:
    """Board id → (its label, its threshold), by name."""
    query = select(Org.id, Org.code, Org.name, Org.threshold).order_by(col(Org.name))
    if org_ids is not None:
        query = query.where(col(Org.id).in_(org_ids))
    return {
        pk_: (code or name, threshold)
        for pk_, code, name, threshold in session.exec(query).all()
        if pk_ is not None
    }


def _read_analysis(
    connection: Connection, year: int, org_ids: list[int] | None
) -> dict[int, list[AnalysisRow]]:
    """Board id → the year's analysis (`AnalysisRow`), highest risk value first."""
    query = (
        select(  # type: ignore[call-overload]
            Assessment.org_id,
            Assessment.risk_id,
            Assessment.probability,
            Assessment.significance,
            Assessment.handling,
            # Only a controlled risk's note is read (for its method): notes are the bulk.
            case((col(Assessment.handling) == "control", col(Assessment.note)), else_=""),
            Assessment.owner_id,
            Risk.title,
            Assessment.id,
        )
        .join(Risk, col(Risk.id) == Assessment.risk_id)
        .where(Assessment.year == year)
    )
    if org_ids is not None:
        query = query.where(col(Assessment.org_id).in_(org_ids))
    analysis: dict[int, list[AnalysisRow]] = {}
    for row in plain_rows(connection, query):
        analysis.setdefault(row[0], []).append(row)
    for rows in analysis.values():
        # Highest risk value first, as the analysis lists them (sorting here is cheaper than
        # in SQL, which would sort the whole year of every board at once).
        rows.sort(key=lambda row: (-row[2] * row[3], row[8]))
    return analysis


def _lock_plans(
    connection: Connection, year: int, org_ids: list[int] | None
) -> dict[int, tuple[int, str]]:
    """Board id → (plan id, status) of the year's plans, locked (in one order, so that two
    refreshes never wait for each other): an adoption waits for the refresh, or the refresh
    finds the plan adopted."""
    query = (
        select(Plan.org_id, Plan.id, Plan.status)
        .where(Plan.year == year)
        .order_by(col(Plan.id))
        .with_for_update()
    )
    if org_ids is not None:
        query = query.where(col(Plan.org_id).in_(org_ids))
    return {oid: (plan_id, status) for oid, plan_id, status in connection.execute(query)}


def _board_results(
    session: Session,
    year: int,
    boards: dict[int, tuple[str, int]],
    analysis: dict[int, list[AnalysisRow]],
    plans: dict[int, tuple[int, str]],
    strict: bool,
) -> dict[int, BoardGeneration]:
    """A result for each board that has an analysis; a board whose plan is adopted, or whose
    seal is broken, is skipped (refused, with `strict`)."""
    # A status changed past riskctl (a broken seal) leaves the plan as it is.
    implied = locks.status_by_events(session, [plan_id for plan_id, _s in plans.values()])
    broken = {plan_id for plan_id, status in plans.values() if implied[plan_id] != status}
    results: dict[int, BoardGeneration] = {}
    for oid, (label, _threshold) in boards.items():
        if oid not in analysis:
            if strict:
                raise NotFound(
                    "year",
                    year,
                    _("{board} has no risk analysis for {year}").format(board=label, year=year),
                )
            continue
        plan_id, status = plans.get(oid, (None, None))
        skipped = "broken" if plan_id in broken else "adopted" if status == "adopted" else None
        if skipped is not None and strict:
            assert plan_id is not None
            _refuse(session, oid, plan_id, skipped)
        results[oid] = BoardGeneration(label, plan_id, skipped=skipped)
    return results


def _refuse(session: Session, oid: int, plan_id: int, skipped: str) -> None:
    """Raise the error that says why one board's plan cannot be generated."""
    plan = session.get(Plan, plan_id)
    assert plan is not None
    if skipped == "broken":
        locks.refuse_broken_status(session, [plan])
        return
    org = session.get(Org, oid)
    assert org is not None
    locks.ensure_draft(plan, org)


def _create_plans(session: Session, year: int, results: dict[int, BoardGeneration]) -> None:
    """A draft for each board that has none, audited as created."""
    new_plans = [
        {"org_id": oid, "year": year, "status": "draft", "created_at": utcnow(), "version": 1}
        for oid, r in results.items()
        if r.plan_id is None
    ]
    if not new_plans:
        return
    created = session.execute(
        insert(Plan).returning(col(Plan.id), col(Plan.org_id)), new_plans
    ).all()
    for plan_id, oid in created:
        results[oid].plan_id = plan_id
    ids = {oid: plan_id for plan_id, oid in created}
    audit.record_created(session, "plan", [{**row, "id": ids[row["org_id"]]} for row in new_plans])


def _read_items(connection: Connection, active: dict[Any, int]) -> dict[int, dict[int, Any]]:
    """Board id → risk id → the draft's item (a row with `reconcile.ItemRow`'s columns).
    Plain rows: only the items that change are loaded as objects (and so audited)."""
    items: dict[int, dict[int, Any]] = {oid: {} for oid in active.values()}
    plan_ids = list(active)
    for start in range(0, len(plan_ids), 5000):
        for row in connection.execute(
            select(  # type: ignore[call-overload]
                PlanItem.id,
                PlanItem.plan_id,
                PlanItem.risk_id,
                PlanItem.method,
                PlanItem.owner_id,
                PlanItem.method_edited,
                PlanItem.owner_edited,
                PlanItem.manual,
                PlanItem.removed,
            ).where(col(PlanItem.plan_id).in_(plan_ids[start : start + 5000]))
        ).all():
            items[active[row[1]]][row[2]] = row
    return items


def _proposed(rows: list[AnalysisRow]) -> dict[int, tuple[str, int | None]]:
    """Risk id → (method, owner id) that the analysis proposes for each controlled risk."""
    return {row[1]: (method_from_note(row[5]), row[6]) for row in rows if row[4] == "control"}


def _report(
    results: dict[int, BoardGeneration], decisions: dict[int, Reconciled], titles: _Titles
) -> None:
    """Each board's counts, and the items kept although their risk left control."""
    kept_edited = _("kept {title} (edited by hand) although its handling is no longer control")
    kept_recorded = _(
        "kept {title}: it has follow-ups, samples or evidence, although its "
        "handling is no longer control"
    )
    for oid, decision in decisions.items():
        result = results[oid]
        result.added = len(decision.add)
        result.updated = len(decision.change)
        result.dropped = len(decision.drop)
        for text, risk_ids in (
            (kept_edited, decision.kept_edited),
            (kept_recorded, decision.kept_recorded),
        ):
            result.warnings.extend(
                text.format(title=titles.of(oid, risk_id) or risk_id) for risk_id in risk_ids
            )


def _write(
    session: Session, active: dict[Any, int], decisions: dict[int, Reconciled]
) -> list[dict[str, Any]]:
    """The decisions written: changed and dropped items through the ORM (audited one by
    one), new ones in bulk (audited as created). Returns the rows inserted."""
    changes = {i: c for d in decisions.values() for i, c in d.change.items()}
    touched = list(changes) + [i for d in decisions.values() for i in d.drop]
    for start in range(0, len(touched), 5000):
        for loaded in session.exec(
            select(PlanItem).where(col(PlanItem.id).in_(touched[start : start + 5000]))
        ).all():
            if loaded.id in changes:
                for name, value in changes[pk(loaded)].items():
                    setattr(loaded, name, value)
            else:
                session.delete(loaded)
    inserts = [
        {
            "plan_id": plan_id,
            "risk_id": risk_id,
            "method": method,
            "owner_id": owner,
            "method_edited": False,
            "owner_edited": False,
            "manual": False,
            "removed": False,
            "version": 1,
        }
        for plan_id, oid in active.items()
        for risk_id, method, owner in decisions[oid].add
    ]
    if inserts:
        created_items = session.execute(
            insert(PlanItem).returning(
                col(PlanItem.id), col(PlanItem.plan_id), col(PlanItem.risk_id)
            ),
            inserts,
        ).all()
        ids = {(plan_id, risk_id): item_id for item_id, plan_id, risk_id in created_items}
        audit.record_created(
            session,
            "item",
            [{**row, "id": ids[(row["plan_id"], row["risk_id"])]} for row in inserts],
        )
    session.flush()
    return inserts


class _Titles:
    """Risk titles by board, for warnings: built for a board only when it has one."""

    def __init__(self, analysis: dict[int, list[AnalysisRow]]) -> None:
        self._analysis = analysis
        self._by_board: dict[int, dict[int, str]] = {}

    def of(self, oid: int, risk_id: int) -> str | None:
        if oid not in self._by_board:
            self._by_board[oid] = {row[1]: row[7] for row in self._analysis.get(oid, [])}
        return self._by_board[oid].get(risk_id)


def _warn(
    session: Session,
    year: int,
    boards: dict[int, tuple[str, int]],
    analysis: dict[int, list[AnalysisRow]],
    titles: _Titles,
    results: dict[int, BoardGeneration],
    items: dict[int, dict[int, Any]],
    inserts: list[dict[str, Any]],
) -> None:
    """High risks not under control, and last year's remarks that are not in the plan."""
    added: dict[int, set[int]] = {}
    for row in inserts:
        added.setdefault(row["plan_id"], set()).add(row["risk_id"])
    findings = findings_by_board(session=session, year=year - 1, org_ids=list(results))
    not_under_control = _not_under_control_texts()
    remarks = _remark_texts()
    for oid, result in results.items():
        if result.skipped:
            continue
        in_plan = {rid for rid, item in items.get(oid, {}).items() if not item.removed}
        in_plan |= added.get(result.plan_id or 0, set())
        threshold = boards[oid][1]
        for _org, risk_id, p, s, handling, _note, _owner, title, _id in analysis[oid]:
            if p * s >= threshold and risk_id not in in_plan:
                text = not_under_control.get(handling, not_under_control[""])
                result.warnings.append(
                    text.format(title=title, value=p * s, threshold=threshold, handling=handling)
                )
        for risk_id, verdict in findings.get(oid, {}).items():
            if risk_id not in in_plan:
                name = titles.of(oid, risk_id)
                if name is None:  # the risk is no longer in this year's analysis
                    risk = session.get(Risk, risk_id)
                    name = risk.title if risk is not None else str(risk_id)
                warning = remarks[verdict]
                result.warnings.append(warning.format(title=name, previous=year - 1, year=year))


def _not_under_control_texts() -> dict[str, str]:
    """The warnings for a high risk that the plan leaves out, in words that fit its handling,
    translated once per run: a national roll-up can warn tens of thousands of times."""
    return {
        "action": _(
            "{title} has risk value {value} (threshold {threshold}) but its handling is action"
        ),
        "accept": _(
            "{title} has risk value {value} (threshold {threshold}) but its handling is accept"
        ),
        "": _(
            "{title} has risk value {value} (threshold {threshold}) but its handling is {handling}"
        ),
    }


def _remark_texts() -> dict[str, str]:
    """The warnings for last year's remarks on a risk that the plan leaves out, by verdict."""
    return {
        "near": _(
            "{title}: the {previous} follow-up found remarks close to target, "
            "but the risk is not in the {year} plan"
        ),
        "remark": _(
            "{title}: the {previous} follow-up found remarks, "
            "but the risk is not in the {year} plan"
        ),
    }
