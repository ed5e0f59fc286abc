"""The rule of `plan generate`, over plain data: what a year's analysis makes of one board's
draft, given the items the draft holds already. No store is read or written here
(`generate` does both), so that the rule can be read, and tested, by itself:

- a risk whose handling is `control` and that the draft does not hold is added, with the
  method its handling note proposes and the assessment's owner;
- an item the draft holds keeps what was edited by hand (its method, its owner); what was
  not edited follows the analysis;
- an item the user removed stays out: it is not added again;
- an item put in by hand (`manual`) stays, whatever its risk's handling;
- a generated item whose risk is no longer `control` is dropped, unless it was edited by
  hand: then it is kept, and reported (`kept_edited`); and unless it has follow-ups, samples
  or evidence, which dropping it would delete: it is kept and reported too
  (`spare_recorded`, once the store has said which items have them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple


class ItemRow(NamedTuple):
    """The columns of a plan item that the rule reads (a row of `generate`'s item query
    has them by the same names)."""

    id: int
    risk_id: int
    method: str
    owner_id: int | None
    method_edited: bool = False
    owner_edited: bool = False
    manual: bool = False
    removed: bool = False


@dataclass
class Reconciled:
    """What to do with one board's draft."""

    # (risk id, method, owner id) of each item to add.
    add: list[tuple[int, str, int | None]] = field(default_factory=list)
    # Item id → the columns to change and their new values.
    change: dict[int, dict[str, Any]] = field(default_factory=dict)
    # Item id → risk id of each item to delete.
    drop: dict[int, int] = field(default_factory=dict)
    # Risk ids whose item is kept, though no longer `control`: edited by hand.
    kept_edited: list[int] = field(default_factory=list)
    # Risk ids whose item is kept, though no longer `control`: it has records.
    kept_recorded: list[int] = field(default_factory=list)


def reconcile(
    proposed: Mapping[int, tuple[str, int | None]], existing: Mapping[int, ItemRow]
) -> Reconciled:
    """The draft's changes (see the module's docstring). `proposed` maps each risk whose
    handling is `control` to the method and owner the analysis gives it; `existing` maps
    risk ids to the items the draft holds, removed ones included."""
    out = Reconciled()
    for risk_id, (method, owner) in proposed.items():
        item = existing.get(risk_id)
        if item is None:
            out.add.append((risk_id, method, owner))
        elif not item.removed:
            change: dict[str, Any] = {}
            if not item.method_edited and item.method != method:
                change["method"] = method
            if not item.owner_edited and item.owner_id != owner:
                change["owner_id"] = owner
            if change:
                out.change[item.id] = change
    for risk_id, item in existing.items():
        if item.removed or item.manual or risk_id in proposed:
            continue
        if item.method_edited or item.owner_edited:
            out.kept_edited.append(risk_id)
        else:
            out.drop[item.id] = risk_id
    return out


def spare_recorded(decision: Reconciled, recorded: set[int]) -> Reconciled:
    """The decision with the items to drop that have records (item ids in `recorded`) kept."""
    if not recorded or recorded.isdisjoint(decision.drop):
        return decision
    return replace(
        decision,
        drop={i: r for i, r in decision.drop.items() if i not in recorded},
        kept_recorded=decision.kept_recorded
        + [r for i, r in decision.drop.items() if i in recorded],
    )
