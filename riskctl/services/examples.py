"""Load the example registers shipped in `examples/` (one folder per board, TOML files).

A folder holds `board.toml` (name, code), `analysis-YEAR.toml` (`[[risk]]` tables with key,
title, description, probability, significance, handling, owner, note) and optionally
`plan-YEAR.toml` (status, adopted_on, ref and `[[item]]` tables with key, method, owner and
`[item.interim]` / `[item.annual]` follow-ups). `key` ties one risk together across years.
A board that is already in the store is skipped, so loading twice changes nothing.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from riskctl.errors import InvalidInput
from riskctl.i18n import _
from riskctl.models import Assessment, Org, PlanItem, Risk, pk
from riskctl.paths import examples_dir
from riskctl.services import validate
from riskctl.services.followups import record_followup
from riskctl.services.orgs import add_org, owner_id, scale_of
from riskctl.services.plans.adoption import adopt_plan
from riskctl.services.plans.generate import generate_plan
from riskctl.services.plans.items import add_item

_YEAR_FILE = re.compile(r"^(analysis|plan)-(\d{4})\.toml$")


@dataclass
class LoadResult:
    boards: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    assessments: int = 0
    plans: int = 0
    followups: int = 0


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(
            "example file", str(path), _("it must be readable TOML ({error})").format(error=exc)
        ) from None


def _need(table: Any, key: str, path: Path, where: str) -> Any:
    """`table[key]`, or an `InvalidInput` naming the file, the table and the missing key."""
    if isinstance(table, dict) and key in table:
        return table[key]
    raise InvalidInput(
        "example file",
        str(path),
        _("{where} has no {key}").format(where=where, key=key),
    )


def _tables(data: dict[str, Any], name: str, path: Path) -> list[Any]:
    found = data.get(name, [])
    if not isinstance(found, list):
        raise InvalidInput(
            "example file", str(path), _("{name} must be [[{name}]] tables").format(name=name)
        )
    return found


def load_examples(*, session: Session, directory: Path | None = None) -> LoadResult:
    root = directory or examples_dir()
    boards = sorted(p.parent for p in root.glob("*/board.toml"))
    if not boards:
        raise InvalidInput("examples", str(root), _("no */board.toml found there"))
    result = LoadResult()
    for folder in boards:
        _load_board(session, folder, result)
    return result


def _load_board(session: Session, folder: Path, result: LoadResult) -> None:
    board = _read(folder / "board.toml")
    name = str(_need(board, "name", folder / "board.toml", _("the file")))
    code = board.get("code")
    known = session.exec(select(Org).where(Org.name == name)).first()
    if known is None and code:
        known = session.exec(select(Org).where(func.lower(Org.code) == str(code).lower())).first()
    if known is not None:
        result.skipped.append(code or name)
        return
    org = add_org(session=session, name=name, code=code)
    result.boards.append(code or name)
    by_year: dict[int, dict[str, Path]] = {}
    for path in folder.glob("*.toml"):
        match = _YEAR_FILE.match(path.name)
        if match:
            by_year.setdefault(int(match.group(2)), {})[match.group(1)] = path
    risks: dict[str, Risk] = {}
    for year in sorted(by_year):
        files = by_year[year]
        if "analysis" in files:
            _load_analysis(session, org, year, files["analysis"], risks, result)
        if "plan" in files:
            _load_plan(session, org, year, files["plan"], risks, result)


def _load_analysis(
    session: Session,
    org: Org,
    year: int,
    path: Path,
    risks: dict[str, Risk],
    result: LoadResult,
) -> None:
    assert org.id is not None
    scale = scale_of(session=session, org_id=org.id)
    for number, entry in enumerate(_tables(_read(path), "risk", path), start=1):
        where = _("[[risk]] number {n}").format(n=number)
        for needed in ("title", "probability", "significance"):
            _need(entry, needed, path, where)
        key = str(entry.get("key") or entry["title"])
        title = validate.text(entry["title"], "title", validate.TITLE_MAX, required=True)
        description = validate.text(
            entry.get("description"), "description", validate.DESCRIPTION_MAX
        )
        risk = risks.get(key)
        if risk is None:
            risk = Risk(org_id=org.id, title=title, description=description)
            risks[key] = risk
        else:
            # The newest year's wording becomes the register's.
            risk.title, risk.description = title, description
        session.add(risk)
        session.flush()
        assert risk.id is not None
        session.add(
            Assessment(
                risk_id=risk.id,
                org_id=org.id,
                year=year,
                probability=scale.check("probability", entry["probability"]),
                significance=scale.check("significance", entry["significance"]),
                handling=validate.handling(entry.get("handling", "action")),
                note=validate.text(entry.get("note"), "note", validate.NOTE_MAX),
                owner_id=owner_id(session=session, name=entry.get("owner")),
            )
        )
        result.assessments += 1
    session.flush()


def _load_plan(
    session: Session,
    org: Org,
    year: int,
    path: Path,
    risks: dict[str, Risk],
    result: LoadResult,
) -> None:
    code = org.code or org.name
    data = _read(path)
    wanted: dict[int, Any] = {}
    for number, e in enumerate(_tables(data, "item", path), start=1):
        where = _("[[item]] number {n}").format(n=number)
        key = str(_need(e, "key", path, where))
        if key not in risks:
            raise InvalidInput(
                "example file",
                str(path),
                _("{where}: no risk of the analysis files has the key {key}").format(
                    where=where, key=key
                ),
            )
        for period in ("interim", "annual"):
            if e.get(period):
                for needed in ("assessment", "result"):
                    _need(e[period], needed, path, f"{where} [item.{period}]")
        wanted[pk(risks[key])] = e
    view = generate_plan(session=session, org=code, year=year).plan
    for existing in view.items:
        item = session.get(PlanItem, existing.id)
        assert item is not None
        entry = wanted.get(item.risk_id)
        if entry is None:
            item.removed = True
        else:
            if entry.get("method"):
                item.method, item.method_edited = str(entry["method"]).strip(), True
            if entry.get("owner"):
                item.owner_id = owner_id(session=session, name=entry["owner"])
                item.owner_edited = True
        session.add(item)
    for risk_id, entry in wanted.items():
        if all(i.risk_id != risk_id for i in view.items):
            add_item(
                session=session,
                risk_id=risk_id,
                year=year,
                method=entry.get("method"),
                owner=entry.get("owner"),
            )
    session.flush()
    result.plans += 1
    if data.get("status") != "adopted":
        return
    adopted = adopt_plan(
        session=session, org=code, year=year, decided_on=data.get("adopted_on"), ref=data.get("ref")
    )
    items = {i.risk_id: i.id for i in adopted.items}
    for risk_id, entry in wanted.items():
        for period in ("interim", "annual"):
            follow = entry.get(period)
            if follow:
                record_followup(
                    session=session,
                    item_id=items[risk_id],
                    period=period,
                    assessment=follow["assessment"],
                    result=follow["result"],
                    checked=follow.get("checked"),
                    action=follow.get("action"),
                    done_on=follow.get("date"),
                )
                result.followups += 1
