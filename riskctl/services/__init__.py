"""Domain services: pure logic over a SQLModel session, shared by the CLI and the TUI.

Every function takes the session as a keyword argument and neither commits nor prints; the
caller decides the transaction (see `riskctl.db.writing`). None of these modules imports
Textual or Typer.
"""
