"""`riskctl tui` and `riskctl serve` on the command line: help, errors, and the web server."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


@pytest.fixture
def store_url(sqlite_url: str) -> str:
    return sqlite_url


def test_help_names_tui_and_serve_without_loading_textual():
    code = (
        "import sys\n"
        "from riskctl.cli.main import app\n"
        "for args in (['--help'], ['tui', '--help'], ['serve', '--help']):\n"
        "    try:\n"
        "        app(args, standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'NO-TEXTUAL')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "120"},
        check=True,
    ).stdout
    assert out.strip().endswith("NO-TEXTUAL")
    assert "tui" in out and "serve" in out
    assert "no login" in out


def test_an_unknown_board_is_refused_before_the_screen_is_taken(cli):
    assert cli("examples", "load").exit_code == 0
    result = cli("tui", "--org", "XYZ")
    assert result.exit_code == 2
    assert "org: 'XYZ' is not allowed; known boards: KS" in result.stderr
    assert cli("tui", "--year", "3000").exit_code == 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


WORDS = ("Kommunstyrelsen", "Välfärdsbrottslighet")


async def _screen_over_websocket(port: int) -> str:
    """What a browser would be sent in its first seconds: the UI drawn by `riskctl tui`."""
    import aiohttp  # textual-serve's own web framework

    got = b""
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"http://localhost:{port}/ws?width=100&height=30") as ws,
    ):
        await ws.send_str('["resize", {"width": 100, "height": 30}]')
        try:
            while not all(word.encode() in got for word in WORDS):
                message = await asyncio.wait_for(ws.receive(), 15)
                if message.type == aiohttp.WSMsgType.BINARY:
                    got += message.data
                elif message.type == aiohttp.WSMsgType.TEXT:
                    got += message.data.encode()
                else:
                    break
        except TimeoutError:
            pass
    return got.decode("utf-8", "replace")


def test_serve_warns_and_serves_the_ui_on_localhost(cli, store_url):
    assert cli("examples", "load").exit_code == 0
    port = _free_port()
    env = {**os.environ, "RISKCTL_DATABASE_URL": store_url, "NO_COLOR": "1"}
    env.pop("RISKCTL_DEBUG", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "riskctl", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        page = ""
        for _ in range(200):
            try:
                with urllib.request.urlopen(f"http://localhost:{port}/", timeout=2) as r:
                    page = r.read().decode()
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.1)
        assert "riskctl" in page and "/ws" in page
        screen = asyncio.run(_screen_over_websocket(port))
        assert all(word in screen for word in WORDS)
    finally:
        server.terminate()
        out, err = server.communicate(timeout=10)
    assert "no login of its own" in err
    assert f"http://localhost:{port}" in err
    # The store reaches the browser sessions in the environment, not on a command line that
    # the server prints (a PostgreSQL URL may carry a password).
    assert "riskctl tui" in out and store_url not in out
