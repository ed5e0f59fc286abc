"""Widgets of the terminal UI: the risk table, the heat map, the context bar and friends.

`risk_table` draws the analysis table; `page_scheduler` decides which pages of its rows are
read from the store and kept.
"""
