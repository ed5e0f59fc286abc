"""The Typer command line: one module per noun, each a thin layer over `riskctl.services`.

Modules here import only Typer and light parts of riskctl at start-up; the store, the services
and the user interfaces are imported inside the commands that need them.
"""
