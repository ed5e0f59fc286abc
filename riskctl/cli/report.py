"""`riskctl report`: the board's documents (analysis, plan, follow-up, heat map)."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, help="The board's documents: analysis, plan, "
                  "follow-up and heat map as Markdown, HTML, XLSX, DOCX, CSV or JSON.")
