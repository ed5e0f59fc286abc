"""An import from start to end: the boards read, every row checked, then all rows written in
the caller's transaction, or `ImportRejected` raised and nothing written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from riskctl.errors import ImportRejected, InvalidInput
from riskctl.i18n import _
from riskctl.models import Org
from riskctl.services import validate
from riskctl.services.importing.board import load_board, owner_names
from riskctl.services.importing.check import Checker, Row
from riskctl.services.importing.read import Sheet, map_columns
from riskctl.services.importing.write import plan_writes, write_import
from riskctl.services.orgs import list_orgs, org_label, resolve_org

ALL = "all"


@dataclass
class ImportResult:
    """What an import did (or, as a dry run, would do)."""

    org: str
    year: int
    rows: int = 0
    created: int = 0  # new risks in the register
    added: int = 0  # new assessments of risks the register had
    updated: int = 0
    unchanged: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def written(self) -> int:
        return self.created + self.added + self.updated

    def as_dict(self) -> dict[str, Any]:
        return {
            "org": self.org,
            "year": self.year,
            "rows": self.rows,
            "created": self.created,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "ignored_columns": self.ignored_columns,
            "dry_run": self.dry_run,
        }


def import_sheet(
    *,
    session: Session,
    sheet: Sheet,
    year: int,
    org: str,
    dry_run: bool = False,
    lang: str = "en",
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> ImportResult:
    """Check every row of `sheet`, then write them all (unless `dry_run`), or raise
    `ImportRejected` listing every bad cell and write nothing.

    `on_total(n)` is told how many rows will be written, `progress(k)` each time k more are.
    """
    year = validate.year(year)
    mapping, ignored = map_columns(sheet)
    everyone = str(org).strip().lower() == ALL
    orgs = _orgs(session, org, everyone, mapping)
    boards = {o.id: load_board(session, o, year, lock=not dry_run) for o in orgs}
    owners = owner_names(session)
    result = ImportResult(
        org=ALL if everyone else org_label(orgs[0]),
        year=year,
        ignored_columns=ignored,
        dry_run=dry_run,
    )
    checker = Checker(
        mapping,
        sheet.headers,
        boards,
        _by_ref(orgs),
        orgs[0].id if not everyone else None,
        owners,
        lang,
    )
    good = _check_rows(checker, sheet, result)
    if checker.problems:
        raise ImportRejected(sheet.source, checker.problems, lang)
    plan = plan_writes(good, boards, owners)
    result.created, result.added = plan.created, plan.added
    result.updated, result.unchanged = plan.updated, plan.unchanged
    if dry_run or not good:
        return result
    if on_total is not None:
        on_total(len(plan.new_assessments) + len(plan.changed))
    write_import(session, plan, year, progress)
    return result


def _orgs(session: Session, org: str, everyone: bool, mapping: dict[str, int]) -> list[Org]:
    """The board imported into, or with `all` every board (the file names each row's)."""
    if not everyone:
        return [resolve_org(session=session, ref=org)]
    if "board" not in mapping:
        raise InvalidInput("--org", org, _("'all' needs a Nämnd (Board) column in the file"))
    return list_orgs(session=session)


def _by_ref(orgs: list[Org]) -> dict[str, int]:
    """A board's id by its name and its code, in lower case: how a Nämnd cell names it."""
    by_ref: dict[str, int] = {}
    for o in orgs:
        assert o.id is not None
        by_ref[o.name.lower()] = o.id
        if o.code:
            by_ref[o.code.lower()] = o.id
    return by_ref


def _check_rows(checker: Checker, sheet: Sheet, result: ImportResult) -> list[Row]:
    """The good rows; empty rows are skipped, the others counted in `result.rows`."""
    good: list[Row] = []
    for number, cells in sheet.rows:
        if all(c is None or (type(c) is str and not c.strip()) for c in cells):
            continue
        result.rows += 1
        row = checker.check(number, cells)
        if row is not None:
            good.append(row)
    return good
