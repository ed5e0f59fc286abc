"""What a command knows beyond its own options: the global options and the store they open.

`state(ctx)` gives a command its `State`: --db, --lang and --user, the settings they choose
(the config file, the environment) and the store, opened on first use and closed as the
command ends. Start-up's garbage collection (`begin_start_up`, `end_start_up`) is here too:
it ends as the store is opened.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

import typer

from riskctl.errors import RiskctlError
from riskctl.i18n import language_of, set_language

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from riskctl.config import Settings

_T = TypeVar("_T")


@dataclass
class State:
    """Global options and the store, opened on first use."""

    db: str | None = None
    lang: str | None = None
    user: str | None = None
    # The state made before the options are parsed only picks the language: its settings'
    # warnings are left to the command's own state, so that each is said once.
    quiet: bool = False
    _settings: Settings | None = field(default=None, repr=False)
    _engine: Engine | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from riskctl.config import load_settings

            self._settings = load_settings(self.db, self.lang, self.user)
            if not self.quiet:
                for warning in self._settings.warnings:
                    typer.echo(f"riskctl: {warning}", err=True)
        return self._settings

    def choose_language(self) -> None:
        """Set the language of every text: --lang, else $RISKCTL_LANG, else the config file's
        `lang`, else the locale (LC_ALL, LC_MESSAGES, LANG); English unless one says Swedish."""
        try:
            chosen = self.settings.lang
        except RiskctlError:
            # A broken config file is reported by the command that needs the settings.
            chosen = self.lang
        set_language(language_of(chosen) if chosen else None)

    @property
    def language(self) -> str:
        """sv or en: the language texts are shown in (see `choose_language`)."""
        from riskctl.i18n import language

        return language()

    def engine(self) -> Engine:
        if self._engine is None:
            from riskctl.db import open_store
            from riskctl.paths import default_database_url

            url = self.settings.database_url
            end_start_up()
            self._engine = open_store(url, create_dirs=url == default_database_url())
        return self._engine

    def close(self) -> None:
        """Close the store's connections: the command is over (see `main`'s callback)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    @contextmanager
    def reading(self) -> Iterator[Session]:
        from riskctl.db import reading

        with reading(self.engine()) as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        from riskctl.db import writing

        with writing(self.engine(), self.settings.user) as session:
            yield session

    def write(self, work: Callable[[Session], _T], *, blind: bool = True) -> _T:
        """`work` in one write transaction; a `blind` one (no --if-version) is run again when
        another controller wrote the same rows at the same moment (`write_retrying`)."""
        from riskctl.db import write_retrying

        return write_retrying(self.engine(), work, user=self.settings.user, blind=blind)


def state(ctx: typer.Context) -> State:
    end_start_up()  # the command's modules are imported: what it reads next is its own
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
        root.call_on_close(root.obj.close)
    return root.obj


def given_language(args: Sequence[str]) -> str | None:
    """The value of the global --lang in `args`, if it comes before the command."""
    tokens = iter(args)
    for token in tokens:
        if token == "--lang":
            return next(tokens, None)
        if token.startswith("--lang="):
            return token.partition("=")[2]
        if token in ("--db", "--user"):
            next(tokens, None)
        elif not token.startswith("-") or token == "--":
            return None  # the command: what follows are its own arguments
    return None


# Garbage collection in a process that runs one command and exits (the console script,
# `riskctl.cli.main.run`). Its start-up (Typer, SQLModel and SQLAlchemy, the tables) makes
# some 120,000 objects that live until the process ends, and next to no garbage (some 700
# objects). So the collector is off while it runs (its collections cost ~35 ms of
# `riskctl risk list`); as the command opens the store, what start-up made is frozen
# (`gc.freeze`) and the collector is on again. No collection walks those objects again, nor
# the interpreter's last one as the process exits (~70 ms); the objects made from then on (the
# engine, sessions, rows, the terminal UI) are collected as before. A command that never
# opens the store (help, a usage error, `riskctl db`) ends with the collector still off. The
# store's connections are closed by `State.close` as the command ends, not left to that last
# collection (SQLite then removes its WAL files, as before). The tests run many commands in
# one process: they never call `begin_start_up`.
_starting_up = False


def begin_start_up() -> None:
    """The process runs one command: no garbage collection until `end_start_up`."""
    global _starting_up
    _starting_up = True
    gc.disable()


def end_start_up() -> None:
    """Start-up is over (the command opens the store): freeze what it made, collect again."""
    global _starting_up
    if _starting_up:
        _starting_up = False
        gc.freeze()
        gc.enable()
