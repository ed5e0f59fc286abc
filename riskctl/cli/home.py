"""What `riskctl` with no command shows: the newest analysis in the store."""

from __future__ import annotations

import typer

from riskctl.cli.common import Format, State, emit
from riskctl.cli.risk import LIST_COLUMNS


def show_home(st: State) -> None:
    from sqlalchemy import func
    from sqlmodel import select

    from riskctl.models import Assessment
    from riskctl.services.orgs import list_orgs
    from riskctl.services.risks import list_assessments

    with st.reading() as session:
        orgs = list_orgs(session=session)
        if not orgs:
            typer.echo(
                "The store is empty. Load the examples with `riskctl examples load` or "
                "add a board with `riskctl org add NAME --code CODE`."
            )
            return
        for org in orgs:
            year = session.exec(
                select(func.max(Assessment.year)).where(Assessment.org_id == org.id)
            ).one()
            if year is None:
                continue
            rows = [
                a.as_dict()
                for a in list_assessments(session=session, year=year, org=org.code or org.name)
            ]
            typer.echo(f"Risk analysis {year}, {org.name} ({org.code or '-'}): {len(rows)} risks")
            emit(rows, LIST_COLUMNS, Format.table, wrap={"title": 50})
            typer.echo("")
    typer.echo("See `riskctl --help` for the commands.")
