"""Sample checks (stickprov): a draw anyone can repeat, and a conclusion with a number on it.

The modules:

- `draw`: the published draw algorithm (`sha256-rank-v1`) and the seed.
- `population`: the population file (CSV or XLSX, through `riskctl.tabular`) read as ids.
- `sample_list`: the list of drawn ids written for the checker, put in place only once the
  sample is stored.
- `bound`: the conclusion: the exact upper bound of the error rate and the suggested
  assessment.
- `store`: drawing, showing, verifying a stored sample and recording its result; a new draw
  for the same item and period is a new revision (`riskctl.services.revisions`).
- `summary`: a sample as the TUI and the follow-up reports show it, and its sentence.

These modules read and write files and the store but print nothing.
"""
