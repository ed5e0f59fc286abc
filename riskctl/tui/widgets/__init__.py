"""Widgets of the terminal UI: the risk table, the heat map, the context bar and friends."""
