"""`python -m riskctl` runs the command line."""

from riskctl.cli.main import run

run()
