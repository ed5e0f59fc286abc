"""The yearly internal control plan, one module per concern:

- `views`: the plan as it is now (`ItemView`, `PlanView`, `plan_view`), its events, and
  what the follow-ups of a year's plans found;
- `methods`: the control method a handling note proposes;
- `reconcile`: the rule of `plan generate` over plain data (hand edits survive, removed
  items stay removed, items whose risk left control are dropped or reported);
- `generate`: `plan generate`, read → `reconcile` → write, with its warnings;
- `items`: a draft's items edited by hand (set, add, remove), and `find_item`;
- `adoption`: adopt, reopen, and the plan as the board decided it (`decided_view`,
  `show_plan`);
- `diff`: what differs between a plan now and its last adopted snapshot;
- `seal`: an adoption's fingerprint and `plan verify`'s checks of the seal;
- `locks`: what an adopted plan forbids, decided under a lock on the plan's row, and the
  words of its refusals; it imports nothing of the other modules, nor of `services.risks`,
  which leans on it.

Callers import the module they need; this package re-exports nothing.
"""
