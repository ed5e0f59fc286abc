"""`riskctl serve` answers only its own user's browser: the served host and origin, with the
token printed at start. A real server process, real sockets, aiohttp's client as the browser."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

WORDS = ("Kommunstyrelsen", "Välfärdsbrottslighet")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(home: Path, store: str) -> dict[str, str]:
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "RISKCTL_DATABASE_URL": store,
        "RISKCTL_LANG": "en",
        "NO_COLOR": "1",
        "LANG": "C.UTF-8",
    }
    env.pop("RISKCTL_DEBUG", None)
    env.pop("RISKCTL_CONFIG", None)  # XDG_CONFIG_HOME keeps the developer's config out
    return env


@dataclass
class Served:
    port: int
    token: str
    url: str
    err: Path
    out: Path
    store: str
    pid: int

    def children(self) -> list[str]:
        return Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def cookie(self) -> dict[str, str]:
        return {"Cookie": f"riskctl_token_{self.port}={self.token}"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    home = tmp_path_factory.mktemp("serve")
    store = f"sqlite:///{home / 'store.db'}"
    env = _env(home, store)
    subprocess.run(
        [sys.executable, "-m", "riskctl", "examples", "load"],
        env=env,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    err, out = home / "stderr.txt", home / "stdout.txt"
    with err.open("w") as e, out.open("w") as o:
        server = subprocess.Popen(
            [sys.executable, "-m", "riskctl", "serve", "--port", str(port)],
            stdout=o,
            stderr=e,
            env=env,
        )
    try:
        found = None
        for _ in range(300):
            found = re.search(r"(http://\S+/\?token=(\S+))", err.read_text())
            if found or server.poll() is not None:
                break
            time.sleep(0.1)
        assert found, err.read_text()
        yield Served(port, found.group(2), found.group(1), err, out, store, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    async def go() -> tuple[int, dict[str, str], str]:
        async with (
            aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session,
            session.get(url, headers=headers or {}, allow_redirects=False) as r,
        ):
            return r.status, dict(r.headers), await r.text()

    return asyncio.run(go())


async def _screen(url: str, headers: dict[str, str]) -> str:
    """What a browser tab is sent in its first seconds: the UI drawn by `riskctl tui`."""
    got = b""
    async with (
        aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session,
        session.ws_connect(url, headers=headers) as ws,
    ):
        await ws.send_str('["resize", {"width": 100, "height": 30}]')
        try:
            while not all(word.encode() in got for word in WORDS):
                message = await asyncio.wait_for(ws.receive(), 20)
                if message.type == aiohttp.WSMsgType.BINARY:
                    got += message.data
                elif message.type == aiohttp.WSMsgType.TEXT:
                    got += message.data.encode()
                else:
                    break
        except TimeoutError:
            pass
    return got.decode("utf-8", "replace")


def _ws_status(url: str, headers: dict[str, str]) -> int:
    """The status a websocket handshake gets: 101 if it was accepted."""

    async def go() -> int:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
            try:
                async with session.ws_connect(url, headers=headers) as ws:
                    await ws.close()
                    return 101
            except aiohttp.WSServerHandshakeError as exc:
                return exc.status

    return asyncio.run(go())


def test_the_token_url_sets_a_strict_cookie_and_leaves_the_address_bar(served):
    status, headers, _body = _get(served.url)
    assert status == 303
    assert headers["Location"] == "/"
    cookie = headers["Set-Cookie"]
    assert cookie.startswith(f"riskctl_token_{served.port}={served.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    status, _headers, page = _get(f"{served.origin}/", served.cookie)
    assert status == 200
    assert f'data-session-websocket-url="ws://127.0.0.1:{served.port}/ws"' in page


@pytest.mark.parametrize(
    "headers",
    [
        {},  # no token
        {"Cookie": "riskctl_token_1=x"},
        "wrong-cookie",
        "evil-host",
        "evil-origin",
    ],
)
def test_the_page_and_static_files_are_refused_without_the_token_host_and_origin(served, headers):
    if headers == "wrong-cookie":
        # One character off, whatever the token's last character is.
        wrong = served.token[:-1] + ("B" if served.token.endswith("A") else "A")
        headers = {"Cookie": f"riskctl_token_{served.port}={wrong}"}
    elif headers == "evil-host":
        headers = {**served.cookie, "Host": f"evil.example:{served.port}"}
    elif headers == "evil-origin":
        headers = {**served.cookie, "Origin": "http://evil.example"}
    for path in ("/", "/static/js/textual.js", "/download/x"):
        status, _headers, body = _get(f"{served.origin}{path}", headers)
        assert status == 403, path
        assert served.token not in body


def test_a_wrong_token_in_the_url_is_refused(served):
    status, headers, body = _get(f"{served.origin}/?token=guess")
    assert status == 403
    assert "Set-Cookie" not in headers
    assert "token" in body


def test_the_websocket_of_another_site_or_host_starts_nothing(served):
    ws = f"{served.origin}/ws?width=80&height=24"
    evil = [
        {**served.cookie, "Origin": "http://evil.example"},
        {**served.cookie, "Origin": f"http://localhost:{served.port}"},
        {**served.cookie, "Origin": served.origin, "Host": f"evil.example:{served.port}"},
        {"Origin": served.origin},
        {"Origin": served.origin, "Cookie": f"riskctl_token_{served.port}=wrong"},
    ]
    for headers in evil:
        assert _ws_status(ws, headers) == 403, headers
    assert _ws_status(f"{ws}&token=wrong", {"Origin": served.origin}) == 403
    # No `riskctl tui` was started for any of them.
    assert served.children() == []


def test_the_served_page_gets_the_ui_over_its_websocket(served):
    headers = {**served.cookie, "Origin": served.origin}
    screen = asyncio.run(_screen(f"{served.origin}/ws?width=100&height=30", headers))
    assert all(word in screen for word in WORDS)


def test_the_start_prints_the_token_url_and_no_password(served):
    err = served.err.read_text()
    assert f"http://127.0.0.1:{served.port}/?token={served.token}" in err
    assert "do not share it" in err
    assert len(served.token) >= 40


def test_the_token_is_in_no_log(served):
    assert _get(served.url)[0] == 303
    assert _get(f"{served.origin}/?token=guess")[0] == 403
    assert served.err.read_text().count(served.token) == 1  # the address printed at start
    log = served.out.read_text()
    assert "GET" in log and "/?token" not in log and served.token not in log


def test_a_port_in_use_is_one_line_exit_2(served, tmp_path):
    again = subprocess.run(
        [sys.executable, "-m", "riskctl", "serve", "--port", str(served.port)],
        capture_output=True,
        text=True,
        env=_env(tmp_path, served.store),
        timeout=60,
    )
    assert again.returncode == 2
    assert again.stderr == (
        f"riskctl: --port: {served.port} is not allowed; it is in use by another program; "
        "choose another with --port\n"
    )


def test_the_server_listens_on_localhost_only(served):
    addresses = [a for a in _local_addresses() if not a.startswith("127.")]
    for address in addresses:
        with socket.socket() as s:
            s.settimeout(2)
            assert s.connect_ex((address, served.port)) != 0, address


def _local_addresses() -> list[str]:
    try:
        out = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout
    except OSError:
        return []
    return [a for a in out.split() if ":" not in a]


def test_each_start_makes_a_new_token_and_the_old_one_opens_nothing(served, tmp_path):
    port = _free_port()
    err = tmp_path / "stderr.txt"
    with err.open("w") as e:
        other = subprocess.Popen(
            [sys.executable, "-m", "riskctl", "serve", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=e,
            env=_env(tmp_path, served.store),
        )
    try:
        found = None
        for _ in range(300):
            found = re.search(r"/\?token=(\S+)", err.read_text())
            if found or other.poll() is not None:
                break
            time.sleep(0.1)
        assert found, err.read_text()
        assert found.group(1) != served.token
        origin = f"http://127.0.0.1:{port}"
        assert _get(f"{origin}/?token={served.token}")[0] == 403
        assert _get(f"{origin}/", {"Cookie": f"riskctl_token_{port}={served.token}"})[0] == 403
        assert _get(f"{origin}/?token={found.group(1)}")[0] == 303
    finally:
        other.terminate()
        other.wait(timeout=10)
