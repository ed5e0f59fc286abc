"""`riskctl db`: the store's schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from riskctl.cli.help_text import App
from riskctl.cli.state import state
from riskctl.i18n import _

# Its help is in `riskctl.cli.main.Root.lazy_groups`.
app = App(no_args_is_help=True)


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Create or upgrade the store's schema to the newest revision.

    A shared PostgreSQL store is only ever upgraded by this command.

    Example: riskctl --db postgresql://controller@dbhost/riskctl db upgrade
    """
    from riskctl import db
    from riskctl.paths import default_database_url

    url = state(ctx).settings.database_url
    engine = db.make_engine(url, create_dirs=url == default_database_url())
    before = db.current_revision(engine)
    db.upgrade(engine)
    after = db.current_revision(engine)
    where = db.shown(engine.url)
    if before == after:
        typer.echo(
            _("{store} is at the newest revision {revision}").format(store=where, revision=after)
        )
    elif before is None:
        typer.echo(_("upgraded {store} from empty to {after}").format(store=where, after=after))
    else:
        typer.echo(
            _("upgraded {store} from {before} to {after}").format(
                store=where, before=before, after=after
            )
        )
    with db.translate_errors(engine, write=False), engine.connect() as conn:
        indexed = db.has_text_index(conn)
    if not indexed:
        hint = _(
            "the store has no text index of the risks (on PostgreSQL: the pg_trgm extension "
            "could not be created, see the README); searching a large board reads every risk"
        )
        typer.echo(_("warning: {warning}").format(warning=hint), err=True)


@app.command("current")
def current(ctx: typer.Context) -> None:
    """Show the store's URL (without password), its revision and the newest one.

    Example: riskctl db current
    """
    from riskctl import db

    engine = db.make_engine(state(ctx).settings.database_url, must_exist=True)
    rev = db.current_revision(engine)
    head = db.head_revision()
    where = db.shown(engine.url)
    status = _("up to date") if rev == head else _("behind: run `riskctl db upgrade`")
    if rev is None:
        line = _("revision none (newest {head}): {status}").format(head=head, status=status)
    else:
        line = _("revision {revision} (newest {head}): {status}").format(
            revision=rev, head=head, status=status
        )
    typer.echo(f"{where}\n{line}")


def _check_writable(file: Path) -> None:
    """Refuse a backup into a directory that cannot be written (read-only, not ours) before
    anything is copied: as the one-line error of the path (exit 2), also when pg_dump is the
    one that would write."""
    import os

    from riskctl.errors import unwritable

    directory = file.resolve().parent
    if not directory.is_dir():
        return  # `db.backup` says that the directory must exist
    probe = directory / f".{file.name}.{os.getpid()}.probe"
    try:
        os.close(os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        os.unlink(probe)
    except OSError as exc:
        raise unwritable("FILE", file, exc) from None


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
    from riskctl.errors import unwritable

    # As it is: a backup taken before an upgrade must not be upgraded itself.
    engine = db.make_engine(state(ctx).settings.database_url, must_exist=True)
    _check_writable(file)
    try:
        how = db.backup(engine, file)
    except OSError as exc:
        raise unwritable("FILE", file, exc) from None
    typer.echo(
        _("backed up {store} to {file} ({how})").format(
            store=db.shown(engine.url), file=file, how=how
        )
    )
