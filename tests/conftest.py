"""Fixtures shared by every test: a real store on SQLite and, when configured, PostgreSQL.

`store_url` is parametrised over the backends: a fresh SQLite file per test (copied from one
migrated template), and a fresh PostgreSQL database per test (CREATE DATABASE … TEMPLATE from
one migrated template) when `RISKCTL_TEST_DATABASE_URL` names a server database we may use to
create others, e.g. postgresql://postgres@127.0.0.1/postgres. `.ci/run` sets it.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from riskctl.db import make_engine, reading, upgrade, writing

PG_ENV = "RISKCTL_TEST_DATABASE_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(autouse=True)
def _isolated_env(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """No test reads the developer's config, store or language."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    # The config file is the one in XDG_CONFIG_HOME, which does not exist (a RISKCTL_CONFIG
    # that names a missing file is warned about).
    for name in (
        "RISKCTL_CONFIG",
        "RISKCTL_DATABASE_URL",
        "RISKCTL_LANG",
        "RISKCTL_USER",
        "RISKCTL_DEBUG",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


def _admin_engine() -> Engine | None:
    raw = os.environ.get(PG_ENV)
    if not raw:
        return None
    url = make_url(raw).set(drivername="postgresql+psycopg")
    return create_engine(url, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    admin = _admin_engine()
    if admin is None:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (see README, Development)")
    name = f"riskctl_tmpl_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name)
    engine = make_engine(url.render_as_string(hide_password=False))
    upgrade(engine)
    engine.dispose()
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, migrated, empty store."""
    if request.param == "sqlite":
        path = tmp_path / "store.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    template = request.getfixturevalue("pg_template")
    admin = _admin_engine()
    assert admin is not None
    name = f"riskctl_t_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    yield admin.url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    eng = make_engine(store_url)
    yield eng
    eng.dispose()


@pytest.fixture
def write(engine: Engine):  # type: ignore[no-untyped-def]
    """`with write() as session:` — one committed transaction."""
    return lambda: writing(engine)


@pytest.fixture
def read(engine: Engine):  # type: ignore[no-untyped-def]
    return lambda: reading(engine)


@pytest.fixture
def examples_store(engine: Engine, write) -> Engine:  # type: ignore[no-untyped-def]
    """A store with the shipped example data loaded."""
    from riskctl.services.examples import load_examples

    with write() as session:
        load_examples(session=session)
    return engine


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(store_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run riskctl as a user would, on the test store: `cli("risk", "list", ...)`."""
    from typer.testing import CliRunner

    from riskctl.cli.main import app

    monkeypatch.setenv("RISKCTL_DATABASE_URL", store_url)
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Run:
        result = runner.invoke(app, list(args), input=input)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


def dump(engine: Engine) -> list[tuple[str, list[tuple[object, ...]]]]:
    """Every table's rows, in a stable order: to prove that a failed command changed nothing."""
    from sqlalchemy import inspect

    out = []
    with engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()
            out.append((table, sorted((tuple(r) for r in rows), key=repr)))
    return out


@pytest.fixture
def store_state(engine: Engine):  # type: ignore[no-untyped-def]
    """`store_state()` returns every row of the store, to compare before and after."""
    return lambda: dump(engine)
