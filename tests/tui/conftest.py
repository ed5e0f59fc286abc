"""Fixtures for the terminal UI tests: an app on the test store, and waiting for its workers.

Every test runs the real app on a real store (the `engine` fixture: SQLite, and PostgreSQL
when configured) with RISKCTL_DEBUG set, so that a bug in a worker fails the test instead of
becoming a notification.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from riskctl.i18n import set_language

TODAY = date(2025, 9, 15)
"""A fixed day: after the interim deadline of 2025, before the annual one."""


@pytest.fixture(autouse=True)
def _tui_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("RISKCTL_DEBUG", "1")
    yield
    # The app sets the process's language; later tests must start from the default.
    set_language(None)


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A fresh SQLite store, for modules that override `store_url` to run on SQLite only:
    what they test is the screen, not the store, and the workflows run on both."""
    import shutil

    path = tmp_path / "store.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def sqlite_examples_template(
    sqlite_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """A migrated SQLite store with the examples loaded, made once for the session."""
    import shutil

    from riskctl.db import make_engine, writing
    from riskctl.services.examples import load_examples

    path = tmp_path_factory.mktemp("examples") / "examples.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with writing(engine) as session:
        load_examples(session=session)
    engine.dispose()
    return path


@pytest.fixture
def sqlite_examples_url(sqlite_examples_template: Path, tmp_path: Path) -> str:
    """A fresh SQLite store with the examples, for screen tests that run on SQLite only
    (override `store_url` with it, and `examples_store` with `engine`)."""
    import shutil

    path = tmp_path / "store.db"
    shutil.copy(sqlite_examples_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def memory_file(tmp_path: Path) -> Path:
    return tmp_path / "state" / "tui-state.json"


@pytest.fixture
def make_app(engine: Engine, memory_file: Path) -> Callable[..., Any]:
    """`make_app(org="KS", year=2025, lang="en")`: the app on the test store."""
    from riskctl.tui.app import RiskctlApp

    def make(**kwargs: Any) -> RiskctlApp:
        kwargs.setdefault("lang", "en")
        kwargs.setdefault("memory_path", memory_file)
        kwargs.setdefault("today", TODAY)
        return RiskctlApp(engine, **kwargs)

    return make


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests (Pilot needs a loop) without an asyncio plugin for pytest."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True
