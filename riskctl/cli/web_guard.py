"""`riskctl serve`'s web server: textual-serve's, answering only its own user's browser.

Each browser tab's websocket starts a `riskctl tui` that can read and change the store, so
every request must prove it comes from the page riskctl served:

- the `Host` must be the served address (a DNS-rebinding page names its own host);
- an `Origin`, when the browser sends one (it always does for a websocket and for a
  cross-site request), must be the served origin;
- the token made at this start must come with it: as `?token=` on the URL printed at start
  (the page then sets it as an HttpOnly, SameSite=Strict cookie and drops it from the
  address bar) or as that cookie.

Anything else gets 403 and never the token. Imported only by `riskctl serve`.
"""

from __future__ import annotations

import asyncio
import errno
import hmac
import secrets
import signal
import socket
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from textual_serve.server import Server

from riskctl.errors import InvalidInput
from riskctl.i18n import N_, _

HOST = "127.0.0.1"


WRONG_HOST = N_("another host")
WRONG_ORIGIN = N_("another site's page")
NO_TOKEN = N_("no token or a wrong one")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_token() -> str:
    """A fresh secret for this start: 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)


def listen(port: int) -> socket.socket:
    """The listening socket on localhost, or the one-line error if the port is taken."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            reason = _("it is in use by another program; choose another with --port")
        else:
            reason = _("it cannot be opened ({reason})").format(reason=exc.strerror or exc)
        raise InvalidInput("--port", port, reason) from None
    return sock


class PathOnlyAccessLog(AbstractAccessLogger):
    """The access log without the query string: the token never lands in a log."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %s %s", request.remote, request.method, request.path, response.status
        )


class GuardedServer(Server):
    """textual-serve's server on a socket already bound, behind the Host/Origin/token guard."""

    def __init__(self, command: str, *, sock: socket.socket, token: str, title: str) -> None:
        port = int(sock.getsockname()[1])
        super().__init__(command, host=HOST, port=port, title=title)
        self.sock = sock
        self.token = token
        self.host_header = f"{HOST}:{port}"
        self.origin = f"http://{self.host_header}"
        # Cookies are shared by every port of a host: the name keeps two servers apart.
        self.cookie = f"riskctl_token_{port}"

    @property
    def url(self) -> str:
        """The address to open, with the token."""
        return f"{self.origin}/?token={self.token}"

    def _valid(self, given: str | None) -> bool:
        if not given:
            return False
        return hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))

    def refusal(self, request: web.Request) -> str | None:
        """Why the request is refused (for the 403's text), None if it may go on."""
        if request.headers.get("Host") != self.host_header:
            return WRONG_HOST
        origin = request.headers.get("Origin")
        if origin is not None and origin != self.origin:
            return WRONG_ORIGIN
        if not (
            self._valid(request.query.get("token")) or self._valid(request.cookies.get(self.cookie))
        ):
            return NO_TOKEN
        return None

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()

        @web.middleware
        async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
            why = self.refusal(request)
            if why is not None:
                text = _(
                    "riskctl serve refuses this request ({reason}); open the address riskctl "
                    "printed when it started"
                ).format(reason=_(why))
                return web.Response(status=403, text=text + "\n")
            if request.path == "/" and "token" in request.query:
                # The token becomes a cookie the page's scripts cannot read and other sites
                # cannot send, and leaves the address bar (and the history).
                rest = {k: v for k, v in request.query.items() if k != "token"}
                response: web.StreamResponse = web.Response(
                    status=303, headers={"Location": str(request.rel_url.with_query(rest))}
                )
                response.set_cookie(
                    self.cookie, self.token, httponly=True, samesite="Strict", path="/"
                )
            else:
                response = await handler(request)
            response.headers.setdefault("Referrer-Policy", "no-referrer")
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Cache-Control", "no-store")
            return response

        app.middlewares.append(guard)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """riskctl prints its own lines (with the token) before it serves."""

    def serve(self, debug: bool = False) -> None:
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.request_exit)
        web.run_app(
            self._make_app(),
            sock=self.sock,
            handle_signals=False,
            loop=loop,
            print=None,
            access_log_class=PathOnlyAccessLog,
        )
