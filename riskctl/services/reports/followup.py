"""The follow-up of the plan (seeds 000 and 002): each control of an adopted plan with its
assessment as a colour, the sample check's figures where there is one, the summary sentence of
the annual report and the legend of the four assessment levels."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from riskctl.errors import InvalidInput, NotFound
from riskctl.i18n import _
from riskctl.models import FollowUp, Org, Plan
from riskctl.services import validate
from riskctl.services.followups import summarise
from riskctl.services.orgs import org_label
from riskctl.services.plans.adoption import decided_view
from riskctl.services.plans.seal import check_plan
from riskctl.services.plans.seal import summary as seal_summary
from riskctl.services.plans.views import ItemView, PlanView
from riskctl.services.reports.model import Column, Legend, LegendEntry, Report, Table
from riskctl.services.reports.shared import (
    ALL,
    Boards,
    board_column,
    decision_line,
    exporter_labels,
    heading,
    plans_of,
    seal_line,
    seal_text,
)
from riskctl.services.sampling.bound import DEFAULT_CONFIDENCE
from riskctl.services.sampling.summary import sample_summaries
from riskctl.vocabulary import ASSESSMENT_COLORS, assessment_words, percent, period_title

COUNTS = ("risks", "ok", "near", "remark", "none")
"""The totals of a follow-up report's JSON: the plan's risks and each assessment level."""


def assessment_labels(lang: str) -> dict[str, str]:
    """Short labels for a `Bedömning` cell: the colour says it, the word prints in grey too."""
    return assessment_words("label", lang)


def assessment_legend(lang: str) -> list[LegendEntry]:
    """Seed 002's explanation of the four levels."""
    texts = assessment_words("text", lang)
    labels = assessment_labels(lang)
    return [LegendEntry(ASSESSMENT_COLORS[k], labels[k], texts[k]) for k in ASSESSMENT_COLORS]


def followup_columns(lang: str, period: str) -> list[Column]:
    """Seed 000 (annual) or seed 002 (interim), with the seeds' own column names."""
    if period == "annual":
        middle = [
            Column("description", _("Risk description", lang), width=34),
            Column("method", _("Follow-up", lang), width=34),
        ]
    else:
        middle = [
            Column("checked", _("What is checked?", lang), width=34),
            Column("method", _("Method", lang), width=30),
        ]
    return [
        Column("title", _("Identified risk", lang), width=24, strong=True),
        *middle,
        Column("assessment_text", _("Assessment", lang), "assessment", 19),
        Column("result", _("Result", lang), width=44),
        Column("action", _("Action", lang), width=40),
    ]


def sample_columns(lang: str) -> list[Column]:
    """The sample check's figures, after the result: only in a report with a sample."""
    return [
        Column("sample_size", _("Sample (n)", lang), "number", 10),
        Column("sample_errors", _("Errors", lang), "number", 7),
        Column("upper_bound_text", _("Upper bound", lang), "number", 10),
    ]


def _sample_cells(
    found: dict[str, Any] | None, lang: str, confidence: float | None
) -> dict[str, Any]:
    """An item's sample figures for its row: the cells, and the raw numbers for JSON.

    `confidence` is that of every result in the report; when they differ (None), each bound
    names its own.
    """
    if found is None:
        return {"sample_size": None, "sample_errors": None, "upper_bound_text": ""}
    bound = found["upper_bound"]
    text = ""
    if bound is not None:
        text = percent(bound, lang)
        if confidence is None:
            text += f" ({percent(found['confidence'], lang, 2)})"
    return {
        "sample_size": found["size"],
        "sample_errors": found["errors"],
        "upper_bound_text": text,
        "sample": {
            k: found[k]
            for k in (
                "size",
                "population_size",
                "population_sha256",
                "seed",
                "errors",
                "error_rate",
                "upper_bound",
                "confidence",
                "tolerable_rate",
                "suggested_assessment",
            )
        },
    }


def _sample_note(confidence: float | None, lang: str) -> str:
    """What the sample columns mean, for the board: a paragraph under the summary."""
    if confidence is None:
        return _(
            "Sample (n) is the number of items checked, Errors the errors found in them and "
            "Upper bound the error rate of the whole population that is not exceeded with "
            "the confidence given in brackets.",
            lang,
        )
    return _(
        "Sample (n) is the number of items checked, Errors the errors found in them and "
        "Upper bound the error rate of the whole population that is not exceeded with "
        "{confidence} confidence.",
        lang,
    ).format(confidence=percent(confidence, lang, 2))


def report_confidence(samples: dict[int, dict[str, Any]]) -> float | None:
    """One confidence for the whole report (the note names it), or None when the samples'
    confidences differ: then each bound says its own. With no confidence recorded, the
    default one."""
    confidences = {s["confidence"] for s in samples.values() if s["confidence"] is not None}
    return None if len(confidences) > 1 else min(confidences, default=DEFAULT_CONFIDENCE)


def followup_report(
    *, session: Session, year: int, org: str, lang: str = "sv", period: str = "annual"
) -> Report:
    """Seeds 000 and 002: each control of an adopted plan with its assessment as a colour,
    the summary sentence of the annual report and the legend of the four levels."""
    year = validate.year(year)
    period = validate.period(period)
    boards = Boards(session, org)
    plans, unsealed = _adopted_plans(session, boards, year, org, lang)
    views = [
        (the_org, decided_view(session=session, plan=plan, lang=lang)) for the_org, plan in plans
    ]
    samples = sample_summaries(
        session=session, item_ids=[i.id for _o, v in views for i in v.items], period=period
    )
    confidence = report_confidence(samples)
    table = _followup_table(boards, lang, period, with_samples=bool(samples))
    lines = heading(boards, lang)
    lines += [seal_text(problems, the_org.name, lang) for the_org, problems in unsealed]
    labels = assessment_labels(lang)
    summary: list[str] = []
    counts = dict.fromkeys(COUNTS, 0)
    for the_org, view in views:
        lines += _plan_heading(view, the_org.name if boards.all else None, lang)
        found = _current_followups(session, view, period)
        for item in view.items:
            f = found.get(item.id)
            cells = _sample_cells(samples.get(item.id), lang, confidence) if samples else {}
            _add_row(table, the_org, item, f, cells, labels)
        s = summarise(session=session, year=year, org=org_label(the_org), period=period)
        sentence = s.sentence(lang)
        summary.append(f"{the_org.name}: {sentence}" if boards.all else sentence)
        for k, v in s.counts().items():
            counts[k] += v
    if samples:
        summary.append(_sample_note(confidence, lang))
    return Report(
        kind="followup",
        lang=lang,
        year=year,
        board=boards.name(lang),
        title=_("Follow-up of internal control {year}", lang).format(year=year)
        + f" – {period_title(period, lang)}",
        heading=lines,
        summary=summary,
        table=table,
        legends=[Legend(_("Assessment", lang), assessment_legend(lang))],
        labels=exporter_labels(lang),
        meta={"org": boards.ref or ALL, "period": period, **counts, "samples": len(samples)},
    )


def _adopted_plans(
    session: Session, boards: Boards, year: int, org: str, lang: str
) -> tuple[list[tuple[Org, Plan]], list[tuple[Org, list[str]]]]:
    """The adopted plans of `year` to follow up, and the drafts whose seal is broken (with
    what is wrong). Refused when there is no adopted plan: with the broken seal, the draft or
    the missing plan named."""
    known = plans_of(session, boards, year)
    plans = [(o, p) for o, p in known if p.status == "adopted"]
    # A plan set back to draft past riskctl is no ordinary draft: it is named, never left out.
    unsealed = [
        (o, seal.problems)
        for o, p in known
        if p.status != "adopted" and not (seal := check_plan(session, p, lang=lang)).ok
    ]
    if plans:
        return plans, unsealed
    if unsealed:
        the_org, problems = unsealed[0]
        reason = _(
            "it is marked a draft, but its seal is broken ({problems}); see `riskctl plan verify`"
        ).format(problems=seal_summary(problems, lang))
        raise InvalidInput("plan", f"{org_label(the_org)} {year}", reason)
    if not boards.all and known:
        raise InvalidInput(
            "plan",
            f"{org_label(boards.orgs[0])} {year}",
            _("it is a draft; only an adopted plan is followed up"),
        )
    missing = (
        _("no board has an adopted internal control plan for {year}")
        if boards.all
        else _("{board} has no adopted internal control plan for {year}")
    )
    raise NotFound("plan", year, missing.format(board=org_label(boards.orgs[0]), year=year))


def _followup_table(boards: Boards, lang: str, period: str, *, with_samples: bool) -> Table:
    """The empty table: the seed's columns for the period, a board column for every board,
    and the sample columns after the result when any item has a sample check."""
    columns = followup_columns(lang, period)
    if boards.all:
        columns.insert(0, board_column(lang))
    if with_samples:
        at = next(n for n, c in enumerate(columns) if c.key == "result") + 1
        columns[at:at] = sample_columns(lang)
    return Table(_("Follow-up", lang), columns)


def _plan_heading(view: PlanView, board: str | None, lang: str) -> list[str]:
    """A followed-up plan's lines of the heading: its decision (for one board) and the
    warning if its seal is broken. `board` names the board in a report of every board."""
    out = [] if board else [decision_line(view, lang)]
    if view.seal_broken:
        out.append(seal_line(view, board, lang))
    return out


def _current_followups(session: Session, view: PlanView, period: str) -> dict[int, FollowUp]:
    """Item id → the item's current follow-up of `period`, for the items that have one."""
    rows = session.exec(
        select(FollowUp).where(
            col(FollowUp.item_id).in_([i.id for i in view.items]),
            FollowUp.period == period,
            col(FollowUp.current).is_(True),
        )
    ).all()
    return {f.item_id: f for f in rows}


def _add_row(
    table: Table,
    the_org: Org,
    item: ItemView,
    f: FollowUp | None,
    cells: dict[str, Any],
    labels: dict[str, str],
) -> None:
    """An item's row: its recorded assessment (or "not assessed") as a coloured cell with its
    label from `labels`, the result and action, and the sample `cells`."""
    verdict = f.assessment if f else "none"
    table.rows.append(
        {
            "board": the_org.name,
            "title": item.title,
            "description": item.description,
            "checked": (f.checked if f else "") or item.title,
            "method": item.method,
            "assessment": verdict,
            "assessment_text": labels[verdict],
            "result": f.result if f else "",
            "action": f.action if f else "",
            "date": f.done_on if f else None,
            **cells,
        }
    )
    table.fills.append({"assessment_text": ASSESSMENT_COLORS[verdict]})
