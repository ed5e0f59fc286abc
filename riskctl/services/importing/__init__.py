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
`riskctl.errors.ImportRejected` lists every bad cell by row number, column and reason. A good
file is written in the caller's one transaction with bulk inserts (SQLAlchemy Core
executemany).

The modules, in the order an import runs through them:

- `read`: file → `Sheet` (through `riskctl.tabular`), the column names → fields, a cell as
  text or number.
- `board`: what the store holds for a board and year, as the checks compare rows with it.
- `check`: each row against the rules (`Checker`), each bad cell a `Problem`; whether a row
  changes what the store has.
- `write`: which rows create, add or change what (`plan_writes`, pure), and the bulk writes
  with their audit entries.
- `run`: `import_sheet`, which reads the boards, checks every row, then writes or refuses.
"""
