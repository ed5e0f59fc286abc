"""`riskctl db`: the store's schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from riskctl.cli.common import state

app = typer.Typer(no_args_is_help=True, help="The store: schema revision and upgrades.")


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Create or upgrade the store's schema to the newest revision.

    A shared PostgreSQL store is only ever upgraded by this command.

    Example: riskctl --db postgresql://controller@dbhost/riskctl db upgrade
    """
    from riskctl import db

    engine = db.make_engine(state(ctx).settings.database_url)
    before = db.current_revision(engine)
    db.upgrade(engine)
    after = db.current_revision(engine)
    where = db.shown(engine.url)
    if before == after:
        typer.echo(f"{where} is at the newest revision {after}")
    else:
        typer.echo(f"upgraded {where} from {before or 'empty'} to {after}")


@app.command("current")
def current(ctx: typer.Context) -> None:
    """Show the store's URL (without password), its revision and the newest one.

    Example: riskctl db current
    """
    from riskctl import db

    engine = db.make_engine(state(ctx).settings.database_url)
    rev = db.current_revision(engine)
    head = db.head_revision()
    where = db.shown(engine.url)
    status = "up to date" if rev == head else "behind: run `riskctl db upgrade`"
    typer.echo(f"{where}\nrevision {rev or 'none'} (newest {head}): {status}")


@app.command("backup")
def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Where to write the copy.")],
) -> None:
    """Back up the store: a SQLite copy (online backup API) or a pg_dump custom archive.

    Restore a PostgreSQL archive with pg_restore; a SQLite copy is a store of its own.

    Example: riskctl db backup ks-2025-12-16.db
    """
    from riskctl import db

    engine = state(ctx).engine()
    how = db.backup(engine, file)
    typer.echo(f"backed up {db.shown(engine.url)} to {file} ({how})")
