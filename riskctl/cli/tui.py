"""`riskctl tui` and `riskctl serve`: the terminal UI, in a terminal or a browser.

Textual is imported only when one of these runs, so that `riskctl --help` and every other
command start without it.
"""

from __future__ import annotations

import os
import shlex
import sys
from typing import Annotated

import typer

from riskctl.cli.state import State, state
from riskctl.i18n import N_, _

SERVE_WARNING = N_(
    "anyone with the address below (it holds this start's token) can read and change the "
    "store {store}: do not share it. riskctl serve listens on this computer only "
    "(127.0.0.1); do not make it reachable from other computers (no port forwarding, no "
    "reverse proxy)."
)


def launch(st: State, org: str | None = None, year: int | None = None) -> None:
    """Open the terminal UI on the configured store, on `org` and `year` or the last used."""
    from riskctl.i18n import set_language
    from riskctl.services import validate

    lang = st.language
    set_language(lang)
    if year is not None:
        year = validate.year(year, "--year")
    engine = st.engine()
    if org is not None:
        # An unknown board is refused here, as every command refuses it, before the screen
        # is taken over.
        from riskctl.services.orgs import resolve_org

        with st.reading() as session:
            resolve_org(session=session, ref=org)
    from riskctl.tui.app import RiskctlApp

    settings = st.settings
    app = RiskctlApp(
        engine,
        org=org,
        year=year,
        lang=lang,
        interim_due=settings.interim_due,
        annual_due=settings.annual_due,
        user=settings.user,
    )
    app.run()


def tui(
    ctx: typer.Context,
    org: Annotated[
        str | None,
        typer.Option("--org", "-o", help="Board code or name to open (default: the last used)."),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            help="Year to open (default: the last used, else the board's newest analysis).",
        ),
    ] = None,
) -> None:
    """Open the terminal UI (also what `riskctl` with no command does).

    Example: riskctl tui --org KS --year 2025
    """
    launch(state(ctx), org=org, year=year)


def serve(
    ctx: typer.Context,
    port: Annotated[int, typer.Option("--port", "-p", help="TCP port on localhost.")] = 8000,
    org: Annotated[
        str | None, typer.Option("--org", "-o", help="Board code or name to open.")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", "-y", help="Year to open.")] = None,
) -> None:
    """Serve the terminal UI in a web browser on http://127.0.0.1:PORT, with a token.

    Each browser tab runs its own riskctl on the same store. Only the address printed at
    start (with a new random token each time) opens it; other sites' pages and other host
    names are refused. Anyone with that address can change the store: keep it to yourself.

    Example: riskctl serve --port 8000
    """
    from riskctl.db import mask_url
    from riskctl.services import validate

    st = state(ctx)
    if not 1 <= port <= 65535:
        from riskctl.errors import InvalidInput

        raise InvalidInput("--port", port, _("use a port from 1 to 65535"))
    if year is not None:
        validate.year(year, "--year")
    url = st.settings.database_url
    # Fail here, with the CLI's one-line error, if the store cannot be opened.
    st.engine()
    # The browser sessions are `riskctl tui` processes; the store and language reach them
    # through the environment, so that no password appears on a command line or in the log.
    os.environ["RISKCTL_DATABASE_URL"] = url
    os.environ["RISKCTL_LANG"] = st.language
    if st.settings.user:
        os.environ["RISKCTL_USER"] = st.settings.user
    command = [sys.executable, "-m", "riskctl", "tui"]
    if org:
        command += ["--org", org]
    if year:
        command += ["--year", str(year)]
    from riskctl.cli.web_guard import GuardedServer, listen, new_token

    # Bound before anything is printed: a port in use is one line, exit 2.
    sock = listen(port)
    server = GuardedServer(shlex.join(command), sock=sock, token=new_token(), title="riskctl")
    typer.secho(
        _("warning: {warning}").format(warning=_(SERVE_WARNING).format(store=mask_url(url))),
        fg="yellow",
        err=True,
    )
    typer.echo(
        _("Open {url} in a browser; ctrl+c stops the server.").format(url=server.url), err=True
    )
    server.serve()
