"""Checking an import's rows: each row against the rules of the store (`Checker`), every bad
cell collected as a `Problem`, and whether a good row changes what the store has."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from riskctl.errors import shown, visible
from riskctl.i18n import _
from riskctl.models import Assessment
from riskctl.services import validate
from riskctl.services.importing.board import Board
from riskctl.services.importing.read import int_of, text_of
from riskctl.services.orgs import org_label

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
KEEP = object()  # an absent column: keep what the store has


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


@dataclass
class Row:
    """A good row of the file, as it will be written."""

    row: int
    org_id: int
    title: str
    description: str
    probability: int
    significance: int
    decision: str | None
    note: Any  # str, or KEEP
    owner: Any  # str | None, or KEEP
    risk_id: int | None = None  # the register's risk, if it has one


class Checker:
    """Checks rows one by one, collecting every bad cell as a `Problem`."""

    def __init__(
        self,
        mapping: dict[str, int],
        headers: list[str],
        boards: dict[Any, Board],
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
        text = text_of(cells[self.mapping[key]])
        if validate.CONTROL_CHARACTERS.search(text):
            # The rule of `validate.text`, which every other write applies.
            self.bad(number, key, text[:30], self.reasons["control"])
        elif len(text) > limit:
            self.bad(number, key, text[:30] + "…", self.reasons["long"].format(n=limit))
        return text

    def check(self, number: int, cells: list[Any]) -> Row | None:
        """The row as it will be written, or None if it has a bad cell (each one a problem)."""
        before = len(self.problems)
        if len(cells) < self.width:
            cells = [*cells, *([None] * (self.width - len(cells)))]
        board = self._board(number, cells)
        title = self._title(number, cells, board)
        description = self._text(number, cells, "description", validate.DESCRIPTION_MAX)
        p = self._level(number, cells, "probability", board)
        s = self._level(number, cells, "significance", board)
        self._value(number, cells, p, s)
        decision, note = self._handling(number, cells)
        owner: Any = KEEP
        if "owner" in self.mapping:
            owner = self._text(number, cells, "owner", validate.OWNER_MAX) or None
        if len(self.problems) > before or board is None or p is None or s is None:
            return None
        assert board.org.id is not None
        row = Row(number, board.org.id, title, description, p, s, decision, note, owner)
        self._check_lock(row, board)
        return None if len(self.problems) > before else row

    def _title(self, number: int, cells: list[Any], board: Board | None) -> str:
        """The risk's title: not empty, and not a title an earlier row of the board has."""
        title = self._text(number, cells, "title", validate.TITLE_MAX)
        if not title:
            self.bad(number, "title", title, self.reasons["empty"])
        elif board is not None and len(title) <= validate.TITLE_MAX:
            first = board.seen.setdefault(title, number)
            if first != number:
                self.bad(number, "title", title, self.reasons["twice"].format(row=first))
        return title

    def _level(self, number: int, cells: list[Any], key: str, board: Board | None) -> int | None:
        """A probability or significance: a level of the board's scale, else None. Without a
        board (its cell is bad) any whole number passes here."""
        raw = cells[self.mapping[key]]
        level = int_of(raw)
        if board is None:
            levels, text = None, "?"
        elif key == "probability":
            levels, text = board.probability, board.p_range
        else:
            levels, text = board.significance, board.s_range
        if level is None or (levels is not None and level not in levels):
            self.bad(number, key, text_of(raw), self.reasons["range"].format(range=text))
            return None
        return level

    def _value(self, number: int, cells: list[Any], p: int | None, s: int | None) -> None:
        """A risk value, when given, is probability × significance."""
        if "value" not in self.mapping or p is None or s is None:
            return
        raw = cells[self.mapping["value"]]
        if raw not in (None, "") and int_of(raw) != p * s:
            self.bad(number, "value", text_of(raw), self.reasons["value"].format(p=p, s=s, v=p * s))

    def _handling(self, number: int, cells: list[Any]) -> tuple[str | None, Any]:
        """The decision and the note (`KEEP` without a note column); a note that is only a
        decision word is the decision when the row has none."""
        decision: str | None = None
        if "decision" in self.mapping:
            word = text_of(cells[self.mapping["decision"]])
            if word:
                decision = DECISIONS.get(word.lower())
                if decision is None:
                    self.bad(number, "decision", word, self.reasons["decision"])
        note: Any = KEEP
        if "note" in self.mapping:
            note = self._text(number, cells, "note", validate.NOTE_MAX)
            if decision is None and note.lower() in DECISIONS:
                decision, note = DECISIONS[note.lower()], ""
        return decision, note

    def _board(self, number: int, cells: list[Any]) -> Board | None:
        if "board" not in self.mapping:
            return self.boards[self.default_id]
        raw = text_of(cells[self.mapping["board"]])
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

    def _check_lock(self, row: Row, board: Board) -> None:
        """A change to a risk of the year's adopted plan is refused, as `risk edit` refuses."""
        known = board.risks.get(row.title)
        if known is None or known[0] not in board.locked:
            return
        existing = board.assessed.get(known[0])
        if existing is not None and differs(row, existing, known[1], self.owners):
            self.bad(row.row, "title", row.title, self.reasons["locked"].format(year=board.year))


def handling_for(row: Row, existing: Assessment | None) -> str:
    """The row's decision: as given, else the year's assessment's, else read from the note."""
    if row.decision is not None:
        return row.decision
    if existing is not None:
        return existing.handling
    note = row.note if isinstance(row.note, str) else ""
    return "accept" if _ACCEPTED.search(note) else "action"


def differs(row: Row, a: Assessment, description: str, owners: dict[str, int]) -> bool:
    """Whether the row changes the risk's description or its assessment of the year."""
    if row.description and row.description != description:
        return True
    if (row.probability, row.significance) != (a.probability, a.significance):
        return True
    if handling_for(row, a) != a.handling:
        return True
    if row.note is not KEEP and row.note != a.note:
        return True
    if row.owner is KEEP:
        return False
    # An owner the store does not know yet (-1) differs from every owner id.
    wanted = owners.get(row.owner, -1) if row.owner else None
    return wanted != a.owner_id
