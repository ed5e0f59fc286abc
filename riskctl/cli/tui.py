"""`riskctl tui` and `riskctl serve`: the terminal UI, in a terminal or a browser."""

from __future__ import annotations
