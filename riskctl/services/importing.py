"""Import a year's risk analysis from a spreadsheet (CSV or XLSX), all or nothing.

The layout is the one `riskctl report analysis` exports, with Swedish or English column
names; `Risk`, `Riskbeskrivning`, `Sannolikhet` and `Väsentlighet` (Risk, Description,
Probability, Significance) are required, `Riskvärde`, `Hantering`, `Beslut`, `Ansvarig` and
`Nämnd` (Risk value, Handling, Decision, Owner, Board) optional; other columns are ignored.
The header is the first row that names the required columns (row 1 in an export); rows are
numbered as the spreadsheet shows them.

Each row is matched to a risk of the board by its title (`Risk`), else the risk is created;
the row becomes the risk's assessment in the year (added, or changed if it differs).

Handling: `Beslut`/`Decision` holds the decision word (control/action/accept, or
internkontroll/åtgärd/accepteras) and `Hantering`/`Handling` the note, as the exports write
them, so a round trip is exact. Without a decision, a `Hantering` cell that is only a
decision word is the decision (and the note is empty); any other text is the note, and the
decision is kept from the risk's assessment that year if there is one, else it is `accept`
when the text says "accepteras"/"accepted" and `action` otherwise.

An empty `Riskbeskrivning` keeps the register's description; an absent optional column keeps
(or, for a new assessment, defaults) its field. `Riskvärde`, when given, must equal
probability × significance. Text cells neutralised by an export (a leading apostrophe before
=, +, -, @) are restored.

Every row is checked before anything is written; a file with any bad row writes nothing and
`ImportRejected` lists every bad cell by row number, column and reason. A good file is
written in the caller's one transaction with bulk inserts (SQLAlchemy Core executemany).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy import select as core_select
from sqlmodel import Session, SQLModel, col, select

from riskctl import audit, audit_chain
from riskctl.cell_safety import restore
from riskctl.errors import Conflict, InvalidInput, RiskctlError, shown, visible
from riskctl.i18n import _, ngettext
from riskctl.models import Assessment, Org, Plan, PlanItem, utcnow
from riskctl.services import validate
from riskctl.services.orgs import list_orgs, org_label, resolve_org, scale_of
from riskctl.services.plans import locks as plan_locks
from riskctl.services.text_search import indexed_at_the_end
from riskctl.tabular import (
    IMPORT,
    Limits,
    cell_text,
    kind_of,
    parse_csv,
    parse_xlsx,
    read_bytes,
)

ALL = "all"
CHUNK = 5000
HEADER_SEARCH_ROWS = 10

# Column names (lower case, without a trailing "?" or ":" or a "(…)" note) → field.
ALIASES: dict[str, str] = {
    "risk": "title",
    "identifierad risk": "title",
    "identified risk": "title",
    "title": "title",
    "risk title": "title",
    "riskbeskrivning": "description",
    "beskrivning": "description",
    "description": "description",
    "risk description": "description",
    "sannolikhet": "probability",
    "probability": "probability",
    "likelihood": "probability",
    "väsentlighet": "significance",
    "significance": "significance",
    "konsekvens": "significance",
    "consequence": "significance",
    "riskvärde": "value",
    "risk value": "value",
    "value": "value",
    "hantering": "note",
    "handling": "note",
    "handling note": "note",
    "beslut": "decision",
    "decision": "decision",
    "handling decision": "decision",
    "ansvarig": "owner",
    "owner": "owner",
    "nämnd": "board",
    "styrelse": "board",
    "board": "board",
    "organisation": "board",
}
REQUIRED = ("title", "description", "probability", "significance")
REQUIRED_NAMES = {
    "sv": ("Risk", "Riskbeskrivning", "Sannolikhet", "Väsentlighet"),
    "en": ("Risk", "Description", "Probability", "Significance"),
}
DECISIONS = {
    "control": "control",
    "internkontroll": "control",
    "intern kontroll": "control",
    "kontroll": "control",
    "internal control": "control",
    "action": "action",
    "åtgärd": "action",
    "åtgärder": "action",
    "measures": "action",
    "accept": "accept",
    "accepteras": "accept",
    "accepterad": "accept",
    "accepted": "accept",
    "acceptera": "accept",
}
_ACCEPTED = re.compile(r"\b(accepteras|accepterad|accepted)\b", re.IGNORECASE)
_KEEP = object()  # an absent column: keep what the store has


@dataclass
class Sheet:
    """A table read from a file: the header row's number, its names, and numbered rows."""

    source: str
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[Any]]]


@dataclass(frozen=True)
class Problem:
    """One bad cell: its spreadsheet row, the column as the file names it, value, reason."""

    row: int
    column: str
    value: Any
    reason: str

    def text(self, lang: str = "en") -> str:
        return _("row {row}, {column}: {value} is not allowed; {reason}", lang).format(
            row=self.row, column=visible(self.column), value=shown(self.value), reason=self.reason
        )


# A file of 100,000 bad rows is reported by its first bad cells and the count, not a
# screenful per row.
PROBLEMS_LISTED = 50


class ImportRejected(RiskctlError):
    """The file has bad rows; nothing was written. `problems` lists each bad cell."""

    exit_code = 2

    def __init__(self, source: str, problems: list[Problem], lang: str = "en") -> None:
        rows = len({p.row for p in problems})
        super().__init__(
            ngettext(
                "{source}: {count} bad row; nothing was imported",
                "{source}: {count} bad rows; nothing was imported",
                rows,
                lang,
            ).format(source=source, count=rows)
        )
        self.problems = problems
        self.lines = [p.text(lang) for p in problems[:PROBLEMS_LISTED]]
        if len(problems) > PROBLEMS_LISTED:
            self.lines.append(
                ngettext(
                    "… and {more} more bad cell ({total} in all; the first {listed} are listed)",
                    "… and {more} more bad cells ({total} in all; the first {listed} are listed)",
                    len(problems) - PROBLEMS_LISTED,
                    lang,
                ).format(
                    more=len(problems) - PROBLEMS_LISTED,
                    total=len(problems),
                    listed=PROBLEMS_LISTED,
                )
            )


@dataclass
class ImportResult:
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


# --- reading files ---------------------------------------------------------------------------


def normalise_header(name: Any) -> str:
    text = " ".join(str(name or "").replace("\ufeff", "").split()).lower()
    text = re.sub(r"\s*\(.*\)$", "", text)
    return text.rstrip("?:* ").strip()


def _is_header(cells: list[Any]) -> bool:
    names = {ALIASES.get(normalise_header(c)) for c in cells}
    return {"title", "probability", "significance"} <= names


def _find_header(rows: list[list[Any]]) -> int:
    for n, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _is_header(cells):
            return n
    return -1


def read_csv(path: Path, *, delimiter: str | None = None, limits: Limits = IMPORT) -> Sheet:
    """Read CSV by the rules of `riskctl.tabular`: UTF-8 (with or without BOM) or
    Windows-1252, `;`, `,` or tab (sniffed), within the limits of a register import."""
    data = read_bytes(path, field="FILE", limit=limits.max_bytes, what=_(limits.what))
    table = parse_csv(data, field="FILE", shown=str(path), limits=limits, delimiter=delimiter)
    return _sheet(str(path), table.rows)


def _sheet(source: str, records: list[list[Any]]) -> Sheet:
    at = _find_header(records)
    if at < 0:
        first = records[0] if records else []
        _missing_columns(source, [str(c) for c in first if c not in (None, "")])
    rows = [(at + 2 + n, r) for n, r in enumerate(records[at + 1 :])]
    return Sheet(source, at + 1, [str(h or "") for h in records[at]], rows)


def read_xlsx(path: Path, *, sheet: str | None = None, limits: Limits = IMPORT) -> Sheet:
    """Read the first sheet whose header names the required columns (or the named sheet).

    Formulas are not evaluated: a formula cell gives the value Excel last saved for it.
    """
    data = read_bytes(path, field="FILE", limit=limits.max_bytes, what=_(limits.what))
    table = parse_xlsx(
        data,
        field="FILE",
        shown=str(path),
        limits=limits,
        sheet=sheet,
        wanted=lambda head: _find_header(head) >= 0,
        head_rows=HEADER_SEARCH_ROWS,
    )
    if table.sheet is None:
        _missing_columns(str(path), [])
    return _sheet(f"{path} [{table.sheet}]", table.rows)


def read_file(
    path: Path,
    *,
    sheet: str | None = None,
    delimiter: str | None = None,
    limits: Limits = IMPORT,
) -> Sheet:
    kind = kind_of(path)
    if kind == "xlsx":
        return read_xlsx(path, sheet=sheet, limits=limits)
    if kind == "csv":
        return read_csv(path, delimiter=delimiter, limits=limits)
    if not path.exists():
        raise InvalidInput("FILE", str(path), _("no such file"))
    raise InvalidInput("FILE", str(path), _("give a .csv or .xlsx file"))


def _missing_columns(source: str, found: list[str]) -> NoReturn:
    raise InvalidInput(
        _("columns of {source}").format(source=source),
        ", ".join(found) or _("nothing"),
        _(
            "the header row must name Risk, Riskbeskrivning, Sannolikhet and "
            "Väsentlighet (or Risk, Description, Probability and Significance)"
        ),
    )


def map_columns(sheet: Sheet) -> tuple[dict[str, int], list[str]]:
    """Field → column index, and the names of the columns that are ignored."""
    mapping: dict[str, int] = {}
    ignored = []
    for index, name in enumerate(sheet.headers):
        key = ALIASES.get(normalise_header(name))
        if key is None:
            if str(name).strip():
                ignored.append(str(name).strip())
            continue
        if key in mapping:
            raise InvalidInput(
                _("column"),
                name,
                _("it appears twice (as {name}); keep one").format(
                    name=repr(sheet.headers[mapping[key]])
                ),
            )
        mapping[key] = index
    missing = [
        n for n, key in zip(REQUIRED_NAMES["sv"], REQUIRED, strict=True) if key not in mapping
    ]
    if missing:
        raise InvalidInput(
            _("columns of {source}").format(source=sheet.source),
            ", ".join(h for h in sheet.headers if h),
            _("missing {columns} (or {english})").format(
                columns=", ".join(missing),
                english=", ".join(
                    REQUIRED_NAMES["en"][REQUIRED_NAMES["sv"].index(m)] for m in missing
                ),
            ),
        )
    return mapping, ignored


# --- checking rows ---------------------------------------------------------------------------


@dataclass
class _Row:
    row: int
    org_id: int
    title: str
    description: str
    probability: int
    significance: int
    decision: str | None
    note: Any  # str, or _KEEP
    owner: Any  # str | None, or _KEEP
    risk_id: int | None = None  # the register's risk, if it has one


@dataclass
class _Board:
    org: Org
    probability: set[int]
    significance: set[int]
    p_range: str
    s_range: str
    risks: dict[str, tuple[int, str]] = field(default_factory=dict)  # title → (id, description)
    assessed: dict[int, Assessment] = field(default_factory=dict)  # risk id → this year's
    year: int = 0
    locked: set[int] = field(default_factory=set)  # risks of the year's adopted plan
    seen: dict[str, int] = field(default_factory=dict)  # title → first row in the file


def _text_cell(value: Any) -> str:
    """A cell as text (`riskctl.tabular.cell_text`): stripped, an export's neutralising
    apostrophe taken away."""
    if type(value) is not str:
        value = cell_text(value)
    return (restore(value) if value[:1] == "'" else value).strip()


def _int_cell(value: Any) -> int | None:
    """A whole number from a cell (3, 3.0, "3", " 3 ", "3,0"), else None."""
    if type(value) is int:
        return value
    if type(value) is str and value.isdecimal():
        return int(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = _text_cell(value)
    try:
        return int(text)
    except ValueError:
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return None
        return int(number) if number.is_integer() and number == number else None


def _load_board(session: Session, org: Org, year: int, *, lock: bool = False) -> _Board:
    assert org.id is not None
    # A write locks the board's plan first (see `plan_locks`): which risks it holds and their
    # assessments are read as committed now.
    plan = (
        plan_locks.lock_board_year(session, org.id, year)
        if lock
        else session.exec(select(Plan).where(Plan.org_id == org.id, Plan.year == year)).first()
    )
    scale = scale_of(session=session, org_id=org.id)
    ps = [lv.level for lv in scale.probability]
    ss = [lv.level for lv in scale.significance]
    board = _Board(org, set(ps), set(ss), f"{min(ps)}–{max(ps)}", f"{min(ss)}–{max(ss)}", year=year)
    risk = _table("risk")
    for rid, title, description in session.execute(
        core_select(risk.c.id, risk.c.title, risk.c.description).where(risk.c.org_id == org.id)
    ).all():
        board.risks[title] = (rid, description)
    for a in session.exec(
        select(Assessment).where(Assessment.org_id == org.id, Assessment.year == year)
    ).all():
        board.assessed[a.risk_id] = a
    if plan is not None and plan.status == "adopted":
        board.locked.update(
            session.exec(
                select(PlanItem.risk_id).where(
                    PlanItem.plan_id == plan.id, col(PlanItem.removed).is_(False)
                )
            ).all()
        )
    return board


def _table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


def _owner_names(session: Session) -> dict[str, int]:
    owner = _table("owner")
    rows = session.execute(core_select(owner.c.id, owner.c.name)).all()
    return {name: oid for oid, name in rows}


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
    if everyone:
        if "board" not in mapping:
            raise InvalidInput("--org", org, _("'all' needs a Nämnd (Board) column in the file"))
        orgs = list_orgs(session=session)
    else:
        orgs = [resolve_org(session=session, ref=org)]
    boards = {o.id: _load_board(session, o, year, lock=not dry_run) for o in orgs}
    by_ref: dict[str, int] = {}
    for o in orgs:
        assert o.id is not None
        by_ref[o.name.lower()] = o.id
        if o.code:
            by_ref[o.code.lower()] = o.id
    default_id = orgs[0].id if not everyone else None
    owners = _owner_names(session)
    result = ImportResult(
        org=ALL if everyone else org_label(orgs[0]),
        year=year,
        ignored_columns=ignored,
        dry_run=dry_run,
    )
    checker = _Checker(mapping, sheet.headers, boards, by_ref, default_id, owners, lang)
    good: list[_Row] = []
    for number, cells in sheet.rows:
        if all(c is None or (type(c) is str and not c.strip()) for c in cells):
            continue
        result.rows += 1
        row = checker.check(number, cells)
        if row is not None:
            good.append(row)
    if checker.problems:
        raise ImportRejected(sheet.source, checker.problems, lang)
    plan = _plan_writes(good, boards, owners, result)
    if dry_run or not good:
        return result
    if on_total is not None:
        on_total(len(plan.new_assessments) + len(plan.changed))
    _write(session, plan, year, progress)
    return result


class _Checker:
    """Checks rows one by one, collecting every bad cell as a `Problem`."""

    def __init__(
        self,
        mapping: dict[str, int],
        headers: list[str],
        boards: dict[Any, _Board],
        by_ref: dict[str, int],
        default_id: int | None,
        owners: dict[str, int],
        lang: str,
    ) -> None:
        self.mapping, self.headers, self.boards = mapping, headers, boards
        self.by_ref, self.default_id, self.owners, self.lang = by_ref, default_id, owners, lang
        self.problems: list[Problem] = []
        self.width = max(mapping.values()) + 1
        self.reasons = {
            "range": _("use {range}", lang),
            "empty": _("it must not be empty", lang),
            "long": _("use at most {n} characters", lang),
            "control": _("it must not contain control characters", lang),
            "twice": _("the same risk is in row {row} already", lang),
            "value": _("the risk value is probability × significance = {p} × {s} = {v}", lang),
            "decision": _(
                "use control, action or accept (internkontroll, åtgärd, accepteras)", lang
            ),
            "board": _("use a board of the store: {known}", lang),
            "other_board": _("the file is imported into {board} (--org)", lang),
            "locked": _("the risk is in the adopted {year} plan; reopen the plan first", lang),
        }

    def bad(self, number: int, key: str, value: Any, reason: str) -> None:
        self.problems.append(Problem(number, self.headers[self.mapping[key]], value, reason))

    def _text(self, number: int, cells: list[Any], key: str, limit: int) -> str:
        text = _text_cell(cells[self.mapping[key]])
        if validate.CONTROL_CHARACTERS.search(text):
            # The rule of `validate.text`, which every other write applies.
            self.bad(number, key, text[:30], self.reasons["control"])
        elif len(text) > limit:
            self.bad(number, key, text[:30] + "…", self.reasons["long"].format(n=limit))
        return text

    def check(self, number: int, cells: list[Any]) -> _Row | None:
        before = len(self.problems)
        if len(cells) < self.width:
            cells = [*cells, *([None] * (self.width - len(cells)))]
        mapping = self.mapping
        board = self._board(number, cells)

        title = self._text(number, cells, "title", validate.TITLE_MAX)
        if not title:
            self.bad(number, "title", title, self.reasons["empty"])
        elif board is not None and len(title) <= validate.TITLE_MAX:
            first = board.seen.setdefault(title, number)
            if first != number:
                self.bad(number, "title", title, self.reasons["twice"].format(row=first))
        description = self._text(number, cells, "description", validate.DESCRIPTION_MAX)

        p = _int_cell(cells[mapping["probability"]])
        if p is None or (board is not None and p not in board.probability):
            self.bad(
                number,
                "probability",
                _text_cell(cells[mapping["probability"]]),
                self.reasons["range"].format(range=board.p_range if board else "?"),
            )
            p = None
        s = _int_cell(cells[mapping["significance"]])
        if s is None or (board is not None and s not in board.significance):
            self.bad(
                number,
                "significance",
                _text_cell(cells[mapping["significance"]]),
                self.reasons["range"].format(range=board.s_range if board else "?"),
            )
            s = None
        if "value" in mapping and p is not None and s is not None:
            raw = cells[mapping["value"]]
            if raw not in (None, "") and _int_cell(raw) != p * s:
                self.bad(
                    number,
                    "value",
                    _text_cell(raw),
                    self.reasons["value"].format(p=p, s=s, v=p * s),
                )

        decision: str | None = None
        if "decision" in mapping:
            word = _text_cell(cells[mapping["decision"]])
            if word:
                decision = DECISIONS.get(word.lower())
                if decision is None:
                    self.bad(number, "decision", word, self.reasons["decision"])
        note: Any = _KEEP
        if "note" in mapping:
            note = self._text(number, cells, "note", validate.NOTE_MAX)
            if decision is None and note.lower() in DECISIONS:
                decision, note = DECISIONS[note.lower()], ""
        owner: Any = _KEEP
        if "owner" in mapping:
            owner = self._text(number, cells, "owner", validate.OWNER_MAX) or None

        if len(self.problems) > before or board is None or p is None or s is None:
            return None
        assert board.org.id is not None
        row = _Row(number, board.org.id, title, description, p, s, decision, note, owner)
        self._check_lock(row, board)
        return None if len(self.problems) > before else row

    def _board(self, number: int, cells: list[Any]) -> _Board | None:
        if "board" not in self.mapping:
            return self.boards[self.default_id]
        raw = _text_cell(cells[self.mapping["board"]])
        found = self.by_ref.get(raw.lower()) if raw else None
        if self.default_id is None:
            if found is None:
                known = ", ".join(sorted(org_label(b.org) for b in self.boards.values()))
                self.bad(number, "board", raw, self.reasons["board"].format(known=known))
                return None
            return self.boards[found]
        if raw and found != self.default_id:
            label = org_label(self.boards[self.default_id].org)
            self.bad(number, "board", raw, self.reasons["other_board"].format(board=label))
        return self.boards[self.default_id]

    def _check_lock(self, row: _Row, board: _Board) -> None:
        """A change to a risk of the year's adopted plan is refused, as `risk edit` refuses."""
        known = board.risks.get(row.title)
        if known is None or known[0] not in board.locked:
            return
        existing = board.assessed.get(known[0])
        if existing is not None and _differs(row, existing, known[1], self.owners):
            self.bad(row.row, "title", row.title, self.reasons["locked"].format(year=board.year))


def _handling_for(row: _Row, existing: Assessment | None) -> str:
    if row.decision is not None:
        return row.decision
    if existing is not None:
        return existing.handling
    note = row.note if isinstance(row.note, str) else ""
    return "accept" if _ACCEPTED.search(note) else "action"


def _differs(row: _Row, a: Assessment, description: str, owners: dict[str, int]) -> bool:
    """Whether the row changes the risk's description or its assessment of the year."""
    if row.description and row.description != description:
        return True
    if (row.probability, row.significance) != (a.probability, a.significance):
        return True
    if _handling_for(row, a) != a.handling:
        return True
    if row.note is not _KEEP and row.note != a.note:
        return True
    if row.owner is _KEEP:
        return False
    # An owner the store does not know yet (-1) differs from every owner id.
    wanted = owners.get(row.owner, -1) if row.owner else None
    return wanted != a.owner_id


# --- writing ---------------------------------------------------------------------------------


@dataclass
class _Writes:
    new_risks: list[_Row] = field(default_factory=list)
    descriptions: dict[int, tuple[str, str]] = field(default_factory=dict)  # id → (old, new)
    new_assessments: list[_Row] = field(default_factory=list)
    changed: list[tuple[_Row, Assessment]] = field(default_factory=list)
    owners: set[str] = field(default_factory=set)


def _plan_writes(
    rows: list[_Row], boards: dict[Any, _Board], owners: dict[str, int], result: ImportResult
) -> _Writes:
    plan = _Writes()
    for row in rows:
        board = boards[row.org_id]
        if isinstance(row.owner, str):
            plan.owners.add(row.owner)
        known = board.risks.get(row.title)
        if known is None:
            plan.new_risks.append(row)
            plan.new_assessments.append(row)
            result.created += 1
            continue
        rid, description = known
        row.risk_id = rid
        if row.description and row.description != description:
            plan.descriptions[rid] = (description, row.description)
        existing = board.assessed.get(rid)
        if existing is None:
            plan.new_assessments.append(row)
            result.added += 1
        elif _differs(row, existing, description, owners):
            plan.changed.append((row, existing))
            result.updated += 1
        else:
            result.unchanged += 1
    return plan


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _ensure_unchanged(session: Session, assessment: Table, plan: _Writes) -> None:
    """Lock the assessments the import will change and refuse if any changed since it read
    them: somebody else's edit is never overwritten (exit 3, nothing imported)."""
    read = {a.id: (a.version, a.risk_id) for _, a in plan.changed}
    ids = list(read)
    for chunk in _chunks(ids):
        rows = session.execute(
            core_select(assessment.c.id, assessment.c.version)
            .where(assessment.c.id.in_(chunk))
            .with_for_update()
        ).all()
        for aid, version in rows:
            if version != read[aid][0]:
                raise Conflict(
                    _(
                        "risk {id} was changed by somebody else while the file was read; "
                        "nothing was imported, import it again"
                    ).format(id=read[aid][1])
                )


def _write(
    session: Session, plan: _Writes, year: int, progress: Callable[[int], None] | None
) -> None:
    """Bulk inserts and updates (Core executemany) in the caller's transaction, each audited
    as the ORM's flush hook would audit it (see `riskctl.audit`)."""
    now = utcnow()
    risk, assessment, owner = _table("risk"), _table("assessment"), _table("owner")
    _ensure_unchanged(session, assessment, plan)
    owners = _owner_names(session)
    missing = sorted(plan.owners - set(owners))
    if missing:
        session.execute(insert(owner), [{"name": name} for name in missing])
        owners = _owner_names(session)
        audit_created(session, "owner", [{"id": owners[n], "name": n} for n in missing])
    with indexed_at_the_end(session):
        for chunk in _chunks(plan.new_risks):
            _insert_many(
                session,
                risk,
                [
                    {"org_id": r.org_id, "title": r.title, "description": r.description}
                    for r in chunk
                ],
                {"version": 1, "created_at": now},
            )
    ids: dict[tuple[int, str], int] = {}
    for org_id in {r.org_id for r in plan.new_risks}:
        for rid, title in session.execute(
            core_select(risk.c.id, risk.c.title).where(risk.c.org_id == org_id)
        ).all():
            ids[(org_id, title)] = rid
    audit_created(
        session,
        "risk",
        [
            {
                "id": ids[(r.org_id, r.title)],
                "org_id": r.org_id,
                "title": r.title,
                "description": r.description,
            }
            for r in plan.new_risks
        ],
    )
    if plan.descriptions:
        session.execute(
            update(risk)
            .where(risk.c.id == bindparam("rid"))
            .values(description=bindparam("text"), version=risk.c.version + 1),
            [{"rid": rid, "text": new} for rid, (_old, new) in plan.descriptions.items()],
        )
        _audit_changes(
            session,
            [
                ("risk", rid, "description", old, new)
                for rid, (old, new) in plan.descriptions.items()
            ],
        )

    def owner_of(row: _Row, default: int | None) -> int | None:
        if row.owner is _KEEP:
            return default
        return owners[row.owner] if row.owner else None

    for chunk in _chunks(plan.new_assessments):
        values = []
        for r in chunk:
            rid = r.risk_id if r.risk_id is not None else ids[(r.org_id, r.title)]
            values.append(
                {
                    "risk_id": rid,
                    "org_id": r.org_id,
                    "year": year,
                    "probability": r.probability,
                    "significance": r.significance,
                    "handling": _handling_for(r, None),
                    "note": r.note if isinstance(r.note, str) else "",
                    "owner_id": owner_of(r, None),
                }
            )
        _insert_many(
            session, assessment, values, {"version": 1, "created_at": now, "updated_at": now}
        )
        audit_created(session, "risk", values, id_key="risk_id", label=f"*[{year}]")
        if progress is not None:
            progress(len(chunk))
    changes = []
    changed_fields: list[tuple[str, int, str, Any, Any]] = []
    for r, a in plan.changed:
        new = {
            "probability": r.probability,
            "significance": r.significance,
            "handling": _handling_for(r, a),
            "note": a.note if r.note is _KEEP else r.note,
            "owner_id": owner_of(r, a.owner_id),
        }
        changes.append(
            {
                "aid": a.id,
                "p": new["probability"],
                "s": new["significance"],
                "h": new["handling"],
                "n": new["note"],
                "o": new["owner_id"],
                "at": now,
            }
        )
        changed_fields += [
            ("risk", a.risk_id, f"{name}[{year}]", getattr(a, name), value)
            for name, value in new.items()
            if getattr(a, name) != value
        ]
    for chunk in _chunks(changes):
        session.execute(
            update(assessment)
            .where(assessment.c.id == bindparam("aid"))
            .values(
                probability=bindparam("p"),
                significance=bindparam("s"),
                handling=bindparam("h"),
                note=bindparam("n"),
                owner_id=bindparam("o"),
                updated_at=bindparam("at"),
                version=assessment.c.version + 1,
            ),
            chunk,
        )
        if progress is not None:
            progress(len(chunk))
    _audit_changes(session, changed_fields)
    # The ORM objects read for the checks are stale now.
    session.expire_all()


def _insert_many(
    session: Session, table: Table, rows: list[dict[str, Any]], constants: dict[str, Any]
) -> None:
    """INSERT the rows as one executemany in the session's transaction.

    The statement is compiled by SQLAlchemy Core for the session's dialect; the values go
    to the driver as they are, with the type conversions (the timestamps) done once for the
    constants instead of once per row: `session.execute(insert(table), rows)` spends most of
    its time converting the same timestamp 100,000 times. Every other value is an int or a
    str, which no dialect converts (checked below).
    """
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    keys = [*rows[0], *constants]
    compiled = insert(table).compile(dialect=dialect, column_keys=keys)
    fixed = {}
    for key, value in constants.items():
        convert = table.c[key].type._cached_bind_processor(dialect)
        fixed[key] = convert(value) if convert else value
    for key in rows[0]:
        if table.c[key].type._cached_bind_processor(dialect) is not None:
            raise TypeError(f"{table.name}.{key} needs a conversion; insert it by the ORM")
    params: list[Any] = rows
    for r in rows:  # the rows are ours to change: they were built for this insert
        r.update(fixed)
    if compiled.positional:
        order = list(compiled.positiontup or [])
        getter = itemgetter(*order)
        params = [getter(r) for r in rows] if len(order) > 1 else [(getter(r),) for r in rows]
    conn.exec_driver_sql(str(compiled), params)


_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def audit_created(
    session: Session, entity: str, rows: list[dict[str, Any]], id_key: str = "id", label: str = "*"
) -> None:
    """What `riskctl.audit.record_created` writes (one entry per row, the row as JSON),
    written as one executemany: the audit of a 100,000-row import costs as much as the rows.
    A test checks that the entries equal `record_created`'s."""
    if not rows:
        return
    user = session.info.get(audit.USER_KEY)
    if not user:
        raise RuntimeError("a change without an audit user: write through riskctl.db.writing")
    keys = [k for k in rows[0] if k not in audit.SKIPPED]
    text = audit.text
    encode = _JSON.encode
    at = utcnow()
    # audit.text() of an int is str(), of a str or None the value itself.
    audit_chain.append(
        session,
        [
            (
                at,
                user,
                entity,
                row[id_key],
                label,
                None,
                encode(
                    {
                        k: v
                        if v is None or type(v) is str
                        else (str(v) if type(v) is int else text(v))
                        for k, v in ((k, row[k]) for k in keys)
                    }
                ),
            )
            for row in rows
        ],
    )


def _audit_changes(session: Session, changes: list[tuple[str, int, str, Any, Any]]) -> None:
    """Audit entries for fields changed by a bulk update: (entity, id, field, old, new)."""
    if not changes:
        return
    user = session.info.get(audit.USER_KEY)
    if not user:
        raise RuntimeError("a change without an audit user: write through riskctl.db.writing")
    at = utcnow()
    audit_chain.append(
        session,
        [
            (at, user, entity, entity_id, name, audit.text(old), audit.text(new))
            for entity, entity_id, name, old, new in changes
        ],
    )
