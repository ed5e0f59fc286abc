"""The internal control plan (seed 003, Bilaga 1): the controls of the year's plan, highest
risk value first, under each plan's decision line (and a warning when its seal is broken)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from riskctl.errors import NotFound
from riskctl.i18n import _
from riskctl.models import Org, Plan
from riskctl.services import validate
from riskctl.services.orgs import org_label
from riskctl.services.plans.adoption import decided_view
from riskctl.services.plans.views import PlanView
from riskctl.services.reports.model import Column, Report, Table
from riskctl.services.reports.shared import (
    ALL,
    Boards,
    band_fill,
    band_legend,
    board_column,
    decision_line,
    exporter_labels,
    heading,
    plans_of,
    seal_line,
)


def plan_columns(lang: str) -> list[Column]:
    return [
        Column("title", _("Risk", lang), width=28, strong=True),
        Column("description", _("Risk description", lang), width=40),
        Column("value", _("Risk value", lang), "number", 13),
        Column("method", _("Method", lang), width=50),
        Column("owner", _("Owner", lang), width=18),
    ]


def plan_report(*, session: Session, year: int, org: str, lang: str = "sv") -> Report:
    """Seed 003, Bilaga 1: the controls of the year's plan, highest risk value first."""
    year = validate.year(year)
    boards = Boards(session, org)
    plans = _plans_or_refuse(session, boards, year)
    columns = plan_columns(lang)
    if boards.all:
        columns.insert(0, board_column(lang))
    table = Table(_("Plan", lang), columns)
    lines = heading(boards, lang)
    decisions = []
    for the_org, plan in plans:
        view = decided_view(session=session, plan=plan, lang=lang)
        lines += _plan_heading(view, the_org.name if boards.all else None, lang)
        decisions.append(_decision(the_org, view))
        _add_items(table, boards, the_org, view)
    scales = [boards.scale(o.id) for o, _p in plans if o.id is not None]
    return Report(
        kind="plan",
        lang=lang,
        year=year,
        board=boards.name(lang),
        title=_("Internal control plan {year}", lang).format(year=year),
        heading=lines,
        table=table,
        legends=[band_legend(scales, lang)],
        labels=exporter_labels(lang),
        meta={"org": boards.ref or ALL, "plans": decisions},
    )


def _plans_or_refuse(session: Session, boards: Boards, year: int) -> list[tuple[Org, Plan]]:
    """The boards' plans of `year`; refused, with the command that makes one, if there are none."""
    plans = plans_of(session, boards, year)
    if plans:
        return plans
    missing = (
        _("no board has an internal control plan for {year}; generate it with {command}")
        if boards.all
        else _("{board} has no internal control plan for {year}; generate it with {command}")
    )
    raise NotFound(
        "plan",
        year,
        missing.format(
            board=org_label(boards.orgs[0]),
            year=year,
            command=f"`riskctl plan generate --year {year} --org ORG`",
        ),
    )


def _plan_heading(view: PlanView, board: str | None, lang: str) -> list[str]:
    """A plan's lines of the heading: its decision, and the warning if its seal is broken.
    `board` names the plan's board in a report of every board."""
    line = decision_line(view, lang)
    out = [f"{board}: {line}" if board else line]
    if view.seal_broken:
        out.append(seal_line(view, board, lang))
    return out


def _decision(the_org: Org, view: PlanView) -> dict[str, Any]:
    """A plan's decision and seal, for JSON."""
    return {
        "board": the_org.name,
        "status": view.status,
        "adopted_on": view.adopted_on,
        "ref": view.ref,
        "fingerprint": view.fingerprint,
        "seal": "broken" if view.seal_broken else "ok",
        "seal_problems": list(view.seal_problems or []),
    }


def _add_items(table: Table, boards: Boards, the_org: Org, view: PlanView) -> None:
    """A row per item of the plan, its risk value coloured by the board's band."""
    assert the_org.id is not None
    scale = boards.scale(the_org.id)
    for item in view.items:
        table.rows.append(
            {
                "board": the_org.name,
                "title": item.title,
                "description": item.description,
                "value": item.value,
                "method": item.method,
                "owner": item.owner or "",
            }
        )
        fill = band_fill(scale, item.value)
        table.fills.append({"value": fill} if fill else {})
