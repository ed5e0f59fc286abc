"""`riskctl import`: read a register kept in a spreadsheet."""

from __future__ import annotations
