"""Goal 5: the terminal UI on a board-year of 100,000 risks, against a bare DataTable.

    python bench/tui.py sqlite:///big.db [--org BIG] [--year 2025] [--runs 5]

Two kinds of measurement:

* From outside, as a user starts it: `riskctl tui --org BIG --year 2025` runs in a
  pseudo-terminal of 160×48; the time is from starting the command until the first row of
  the analysis (its title, read from the store beforehand) has been written to the terminal.
  The same session then pages down, jumps to the end and searches before quitting; its peak
  resident memory is the process's own high-water mark (VmHWM), read before it quits. The
  baseline is `bench/bare_datatable.py`, a Textual app that fills a `DataTable` with the
  same rows, measured the same way (it only shows its first screen).
* In-process, headless at the same size, keys delivered as the terminal driver delivers
  them: the CPU time (`time.process_time`: every thread, so the store's reads count too)
  from a key press until the app is idle again with what the key asked for on screen. A
  filter keystroke is typed into the search field and waited for each time (past the
  field's 0.25 s pause), so that every key pays for its own query; typing at 8 keys a
  second, as a person does, queries once per word, and is measured too. The app freezes
  its start-up objects out of the garbage collector when it runs in a terminal
  (`RiskctlApp.run`); so does this measurement, once the first screen is up.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import gc
import os
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PY = sys.executable
SIZE = (160, 48)
PAGE_DOWN = b"\x1b[6~"
END = b"\x1b[F"
CTRL_Q = b"\x11"
SEARCH = "inköp 99"


@dataclass
class Session:
    first_rows: float
    """Seconds from starting the command until the first row was on the terminal."""
    peak_mb: float


class Terminal:
    """A command in a pseudo-terminal; everything it writes is read and kept."""

    def __init__(self, args: list[str], env: dict[str, str], size: tuple[int, int] = SIZE):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.output = bytearray()
        self.closed = False

    def _read(self, timeout: float) -> bool:
        """Read what is waiting (up to `timeout` s); False once the program has gone."""
        if self.closed:
            return False
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                self.closed = True
                return False
            self.output += chunk
        return True

    def wait_for(self, needle: bytes, timeout: float, since: int = 0) -> float:
        """Seconds since the start when `needle` had been written (after byte `since`)."""
        deadline = time.perf_counter() + timeout
        while needle not in self.output[since:]:
            if time.perf_counter() > deadline or not self._read(0.005):
                tail = bytes(self.output[-2000:]).decode(errors="replace")
                raise RuntimeError(f"{needle!r} did not appear; the terminal ends with:\n{tail}")
        return time.perf_counter() - self.started

    def quiet(self, seconds: float = 0.3, timeout: float = 30) -> None:
        """Wait until the program has written nothing for `seconds`."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            size = len(self.output)
            until = time.perf_counter() + seconds
            while time.perf_counter() < until and self._read(0.02):
                pass
            if len(self.output) == size:
                return

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def peak_mb(self) -> float:
        """The program's peak resident memory so far (VmHWM), in MB.

        Not `wait4`'s ru_maxrss: Linux keeps in it the resident size of the process that
        started the program (this benchmark, at the fork) when that was larger.
        """
        with open(f"/proc/{self.proc.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM in /proc: not Linux?")

    def finish(self, timeout: float = 60) -> float:
        """Quit (ctrl+q) and read to the end; the peak resident memory, in MB."""
        peak = self.peak_mb()
        self.send(CTRL_Q)
        deadline = time.perf_counter() + timeout
        while self._read(0.05):
            if time.perf_counter() > deadline:
                self.proc.kill()
                break
        self.proc.wait()
        os.close(self.master)
        if self.proc.returncode != 0:
            tail = bytes(self.output[-2000:]).decode(errors="replace")
            raise RuntimeError(f"exit {self.proc.returncode}; the terminal ends with:\n{tail}")
        return peak


def first_row_title(url: str, org: str, year: int) -> str:
    from riskctl.db import open_store, reading
    from riskctl.services.risk_browse import page_assessments

    engine = open_store(url)
    with reading(engine) as session:
        [first] = page_assessments(session=session, org=org, year=year, limit=1)
    engine.dispose()
    return first.title


def riskctl_session(env: dict[str, str], org: str, year: int, needle: bytes) -> Session:
    """`riskctl tui` as a user runs it: the first screen, paging, the end, a search, quit."""
    term = Terminal([PY, "-m", "riskctl", "tui", "--org", org, "--year", str(year)], env)
    try:
        shown = term.wait_for(needle, timeout=120)
        term.quiet()
        for _ in range(20):
            term.send(PAGE_DOWN)
        term.quiet()
        term.send(END)
        term.quiet()
        mark = len(term.output)
        term.send(b"/")
        term.quiet()
        for char in SEARCH:
            term.send(char.encode())
            time.sleep(0.1)
        term.wait_for(b"filtered", timeout=60, since=mark)
        term.quiet()
    except BaseException:
        term.proc.kill()
        raise
    return Session(shown, term.finish())


def datatable_session(
    env: dict[str, str], path: str, org: str, year: int, needle: bytes
) -> Session:
    """The baseline: a DataTable of every row of the board-year, to its first screen."""
    term = Terminal([PY, str(HERE / "bare_datatable.py"), path, org, str(year)], env)
    try:
        shown = term.wait_for(needle, timeout=600)
        term.quiet()
    except BaseException:
        term.proc.kill()
        raise
    return Session(shown, term.finish())


def sessions(run: Callable[[], Session], times: int) -> list[Session]:
    run()  # warm up: bytecode and the page cache
    return [run() for _ in range(times)]


# --- keystrokes, in-process ------------------------------------------------------------------


IDLE_CPU = 0.002
"""CPU seconds in one 40 ms poll below which the app counts as idle. An idle Textual app
still spends about 0.3 ms a poll on its timers, more on a loaded machine; drawing a screen
costs tens of milliseconds."""
IDLE_TIMEOUT = 120.0


async def _idle(app: Any, ready: Callable[[], bool] = lambda: True, least: float = 0) -> None:
    """Until the app has nothing left to do: no worker running, `ready()`, and (almost) no
    CPU used in two polls in a row (the screen has been drawn). The polls sleep; they cost no
    CPU. Gives up after `IDLE_TIMEOUT` seconds rather than wait for ever."""
    await asyncio.sleep(least)
    quiet = 0
    last = time.process_time()
    deadline = time.monotonic() + IDLE_TIMEOUT
    while quiet < 2:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the app was not idle within {IDLE_TIMEOUT:.0f} s")
        await asyncio.sleep(0.04)
        now = time.process_time()
        busy = now - last > IDLE_CPU or any(w.is_running for w in app.workers) or not ready()
        quiet = 0 if busy else quiet + 1
        last = now


async def _key_cpu(
    app: Any, key: str, ready: Callable[[], bool] = lambda: True, least: float = 0
) -> float:
    """CPU seconds from a key press until the app is idle again with `ready()` true.

    The key goes in as the terminal driver delivers it; nothing else (no test harness) runs
    in the process meanwhile, so the CPU time is the app's: its handlers, its workers' reads
    from the store, its drawing.
    """
    from textual import events

    started = time.process_time()
    app._driver.send_message(events.Key(key, _char(key)))
    await _idle(app, ready, least)
    return time.process_time() - started


def _char(key: str) -> str | None:
    return {"space": " "}.get(key, key if len(key) == 1 else None)


async def _typed_cpu(app: Any, keys: list[str], pause: float, ready: Callable[[], bool]) -> float:
    """CPU seconds per key of `keys` typed `pause` s apart, until the app is done with them."""
    from textual import events

    started = time.process_time()
    for key in keys:
        app._driver.send_message(events.Key(key, _char(key)))
        await asyncio.sleep(pause)
    await _idle(app, ready, least=0.3)
    return (time.process_time() - started) / len(keys)


async def _riskctl_keys(url: str, org: str, year: int, presses: int) -> dict[str, list[float]]:
    from riskctl.db import open_store
    from riskctl.tui.app import RiskctlApp
    from riskctl.tui.widgets.risk_table import RiskTable

    engine = open_store(url)
    with tempfile.TemporaryDirectory() as tmp:
        app = RiskctlApp(
            engine, org=org, year=year, lang="en", memory_path=Path(tmp) / "tui-state.json"
        )
        async with app.run_test(size=SIZE):
            await _idle(app, lambda: bool(app.screen.query(RiskTable)))
            table = app.screen.query_one(RiskTable)
            await _idle(app, lambda: table.row(0) is not None)
            gc.freeze()  # as `RiskctlApp.run` does once the first screen is up

            def shown() -> bool:
                return table.highlighted is not None

            down = [await _key_cpu(app, "pagedown", shown) for _ in range(presses)]
            end = [await _key_cpu(app, "end", shown)]
            up = [await _key_cpu(app, "pageup", shown) for _ in range(presses)]
            await _key_cpu(app, "home", shown)
            await _key_cpu(app, "slash")
            typed = []
            for word in (SEARCH, "system"):
                keys = [("space" if c == " " else c, word[: n + 1]) for n, c in enumerate(word)]
                keys += [("backspace", word[:n]) for n in range(len(word) - 1, -1, -1)]
                for key, text in keys:

                    def found(text: str = text) -> bool:
                        query = table.table_query
                        return (
                            query is not None
                            and query.where.search == text.strip()
                            and table.total is not None
                            and (table.total == 0 or table.row(0) is not None)
                        )

                    # Past the search field's pause, so that every key queries the store.
                    typed.append(await _key_cpu(app, key, found, least=0.3))
            # As a person types: 8 keys a second, the field's pause is not reached between them.
            flowing = []
            for word in (SEARCH, "system"):
                keys = ["space" if c == " " else c for c in word]

                def done(text: str = word) -> bool:
                    query = table.table_query
                    return (
                        query is not None and query.where.search == text and table.total is not None
                    )

                flowing.append(await _typed_cpu(app, keys, 0.125, done))
                await _typed_cpu(app, ["backspace"] * len(word), 0.125, lambda: True)
    engine.dispose()
    return {"down": down, "end": end, "up": up, "typed": typed, "flowing": flowing}


async def _datatable_keys(path: str, org: str, year: int, presses: int) -> dict[str, list[float]]:
    sys.path.insert(0, str(HERE))
    from bare_datatable import BareTable, read_rows

    app = BareTable(read_rows(path, org, year))
    async with app.run_test(size=SIZE):
        await _idle(app)
        down = [await _key_cpu(app, "pagedown") for _ in range(presses)]
        end = [await _key_cpu(app, "end")]
        up = [await _key_cpu(app, "pageup") for _ in range(presses)]
    return {"down": down, "end": end, "up": up}


# --- the goal ----------------------------------------------------------------------------------


def measure(
    url: str, env: dict[str, str], org: str, year: int, runs: int, presses: int, baseline: bool
) -> dict[str, Any]:
    path = url.removeprefix("sqlite:///")
    title = first_row_title(url, org, year)
    needle = title.encode()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **env,
            "RISKCTL_DATABASE_URL": url,
            "RISKCTL_LANG": "en",
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "XDG_DATA_HOME": str(Path(tmp) / "data"),
            "XDG_CONFIG_HOME": str(Path(tmp) / "config"),
        }
        ours = sessions(lambda: riskctl_session(env, org, year, needle), runs)
        base = (
            sessions(
                lambda: datatable_session(env, path, org, year, needle), max(2, (runs + 1) // 2)
            )
            if baseline
            else []
        )
    keys = asyncio.run(_riskctl_keys(url, org, year, presses))
    base_keys = asyncio.run(_datatable_keys(path, org, year, presses)) if baseline else {}
    return {"ours": ours, "base": base, "keys": keys, "base_keys": base_keys}


def report_goal(report: Any, found: dict[str, Any], rows: int) -> None:
    ours: list[Session] = found["ours"]
    base: list[Session] = found["base"]
    keys: dict[str, list[float]] = found["keys"]
    base_keys: dict[str, list[float]] = found["base_keys"]

    def med(values: list[float]) -> float:
        return statistics.median(values)

    def ms(values: list[float] | None) -> float | None:
        return med(values) * 1000 if values else None

    report.add(
        f"5. TUI on {rows:,} risks: first screen with rows",
        med([s.first_rows for s in ours]),
        med([s.first_rows for s in base]) if base else None,
        "≤ 2 s",
        extra="(riskctl tui in a 160×48 pty; baseline: a DataTable of every row)",
    )
    report.add(
        f"5. TUI on {rows:,} risks: peak memory",
        med([s.peak_mb for s in ours]),
        med([s.peak_mb for s in base]) if base else None,
        "≤ 150 MB",
        unit="MB",
        extra="(ours: start, 20 page-downs, end, a search)",
    )
    for key, name in (("down", "page-down"), ("up", "page-up from the end")):
        report.add(
            f"5. TUI: {name} keystroke (CPU)",
            med(keys[key]) * 1000,
            ms(base_keys.get(key)),
            "≤ 50 ms",
            unit="ms",
            extra=f"(max {max(keys[key]) * 1000:.0f} ms over {len(keys[key])} keys)",
        )
    report.add(
        "5. TUI: end keystroke (CPU)",
        med(keys["end"]) * 1000,
        ms(base_keys.get("end")),
        "≤ 50 ms",
        unit="ms",
    )
    report.add(
        "5. TUI: filter keystroke (CPU)",
        med(keys["typed"]) * 1000,
        None,
        "≤ 50 ms",
        unit="ms",
        extra=(
            f"(each of {len(keys['typed'])} keys waited for, so each queries the store; "
            f"max {max(keys['typed']) * 1000:.0f} ms)"
        ),
    )
    report.add(
        "5. TUI: filter typed at 8 keys/s (CPU per key)",
        med(keys["flowing"]) * 1000,
        None,
        "≤ 50 ms",
        unit="ms",
        extra=f"(the words “{SEARCH}” and “system”)",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="a SQLite store made by bench/generate.py")
    parser.add_argument("--org", default="BIG")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    from bench.run import Report

    report = Report()
    found = measure(
        args.url,
        dict(os.environ),
        args.org,
        args.year,
        args.runs,
        args.presses,
        not args.no_baseline,
    )
    from riskctl.db import open_store, reading
    from riskctl.services.risk_browse import count_assessments

    engine = open_store(args.url)
    with reading(engine) as session:
        rows = count_assessments(session=session, org=args.org, year=args.year)
    report_goal(report, found, rows)
    print()
    print(report.table())


if __name__ == "__main__":
    main()
