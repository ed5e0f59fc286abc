"""The terminal UI (Textual): another thin layer over `riskctl.services`, like the CLI.

Nothing outside this package imports it except the `tui`/`serve` commands, which do so only
when they run, so that `riskctl --help` never loads Textual.
"""
