"""Engines, sessions and schema migrations. Nothing here connects at import time.

SQLite runs with foreign keys on, WAL and a busy timeout, and write transactions begin
IMMEDIATE so that two writers queue instead of failing half-way. PostgreSQL URLs are driven by
psycopg 3. The schema is managed by the Alembic environment in `db/` (shipped in the wheel).
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from riskctl import audit
from riskctl.errors import ConcurrentWrite, InvalidInput, StoreError
from riskctl.i18n import _

# The newest migration in db/versions; a test checks it against Alembic's own head, so that
# opening a store that is up to date needs no Alembic at all.
SCHEMA_HEAD = "0006"
BUSY_TIMEOUT_MS = 10_000
# How often a write without `--if-version` is tried when another one wrote the same rows.
BLIND_ATTEMPTS = 6
# PostgreSQL's deadlock and serialisation failures: the transaction was rolled back whole.
_RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})

T = TypeVar("T")

# What migration 0005 makes outside the models: SQLite's FTS5 table of the risks' texts with
# its shadow tables, PostgreSQL's pg_trgm indexes. Alembic's comparison leaves them alone.
UNMODELLED = frozenset(
    {"risk_text", *(f"risk_text_{shadow}" for shadow in ("data", "idx", "docsize", "config"))}
    | {"ix_risk_title_trgm", "ix_risk_description_trgm"}
)


def has_text_index(conn: Connection) -> bool:
    """Whether the store has revision 0005's text index of the risks (it may have been left
    out: an SQLite without FTS5's trigram tokenizer, no right to create pg_trgm)."""
    if conn.dialect.name == "sqlite":
        query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'risk_text'"
    else:
        query = "SELECT 1 FROM pg_indexes WHERE indexname = 'ix_risk_title_trgm'"
    return conn.exec_driver_sql(query).first() is not None


def plain_rows(connection: Connection, query: Any) -> list[tuple[Any, ...]]:
    """The rows of `query` as the driver returns them: plain tuples.

    For reads of 100,000s of rows, where making SQLAlchemy's rows costs a quarter of the
    read. Only a query whose parameters and columns need no conversion (numbers and text)
    goes to the driver directly; any other takes SQLAlchemy's way.
    """
    dialect = connection.dialect
    compiled = query.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    converted = [c.type._cached_result_processor(dialect, None) for c in query.selected_columns]
    converted += [b.type._cached_bind_processor(dialect) for b in compiled.binds.values()]
    if any(convert is not None for convert in converted):
        return [tuple(row) for row in connection.execute(query)]
    params = compiled.construct_params()
    args = tuple(params[k] for k in compiled.positiontup or ()) if compiled.positional else params
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), args)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def modelled(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic's `include_name`: whether the schema object `name` is one the models hold."""
    return name not in UNMODELLED


def url_help() -> str:
    """What a database URL looks like, in the current language."""
    return _("use sqlite:///PATH or postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE")


def parse_url(raw: str) -> URL:
    """Parse and normalise a database URL; the error never shows a password."""
    try:
        url = make_url(raw)
    except (ArgumentError, ValueError):
        raise InvalidInput("database URL", mask_url(raw), url_help()) from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if url.drivername not in ("sqlite", "sqlite+pysqlite"):
            raise InvalidInput("database URL", mask_url(raw), url_help())
        return url
    if backend in ("postgresql", "postgres"):
        if not url.database:
            raise InvalidInput(
                "database URL",
                mask_url(raw),
                _("name the database: {help}").format(help=url_help()),
            )
        return url.set(drivername="postgresql+psycopg")
    raise InvalidInput("database URL", mask_url(raw), url_help())


def mask_url(raw: str) -> str:
    """The URL with any password replaced by ***, also for URLs that do not parse."""
    try:
        return make_url(raw).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        head, sep, tail = raw.partition("://")
        if sep and "@" in tail:
            cred, _at, host = tail.rpartition("@")
            user = cred.split(":", 1)[0]
            return f"{head}://{user}:***@{host}" if ":" in cred else raw
        return raw


def without_password(text: str, password: Any) -> str:
    """`text` with the password masked where it stands as a word of its own (in a URL, after
    `password=`): masking every occurrence of a short password inside other words would
    show, by the letters it hides, what the password is."""
    if not password:
        return text
    import re

    word = re.compile(r"(?<![\w])" + re.escape(str(password)) + r"(?![\w])")
    return word.sub("***", text)


def shown(url: URL) -> str:
    """The URL as a user wrote it, without its password."""
    text = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite":
        from urllib.parse import unquote

        return unquote(text)
    return text.replace("postgresql+psycopg://", "postgresql://", 1)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def sqlite_path(url: URL) -> Path | None:
    db = url.database
    if not db or db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db)


def _prepare_sqlite_file(path: Path) -> None:
    if not path.parent.is_dir():
        raise StoreError(
            _("cannot open the store {path}: the directory {directory} does not exist").format(
                path=path, directory=path.parent
            )
        )
    if not path.exists():
        # The register may hold sensitive notes: readable by its owner only.
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def make_engine(
    raw_url: str, *, create_dirs: bool = False, must_exist: bool = False, **kwargs: Any
) -> Engine:
    """An engine for the URL; for SQLite the file is created (mode 0600) if it is missing,
    unless `must_exist` (for commands that only look, or copy)."""
    url = parse_url(raw_url)
    if url.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            if must_exist and not path.is_file():
                raise StoreError(_("there is no store at {path}").format(path=path))
            if create_dirs:
                path.parent.mkdir(parents=True, exist_ok=True)
            _prepare_sqlite_file(path)
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("connect_args", {"connect_timeout": 10})
    return create_engine(url, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite would defer it).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("riskctl_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A session for reads; nothing it does is committed.

    On PostgreSQL its statements see one snapshot (REPEATABLE READ; a transaction that only
    reads is never refused for it): a check that read a plan before another controller's
    reopening and its events after it would call a sound seal broken."""
    if not is_sqlite(engine):
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with translate_errors(engine, write=False), Session(engine) as session:
        yield session


@contextmanager
def writing(engine: Engine, user: str | None = None) -> Iterator[Session]:
    """A session whose work commits as one transaction, or not at all.

    Every change it makes is audited under `user` (see `riskctl.audit.current_user`).
    """
    write_engine = engine.execution_options(riskctl_write=True)
    with translate_errors(engine), Session(write_engine) as session, session.begin():
        session.info[audit.USER_KEY] = audit.current_user(user)
        yield session


def write_retrying(
    engine: Engine, work: Callable[[Session], T], *, user: str | None = None, blind: bool
) -> T:
    """Run `work` in one write transaction (`writing`) and return what it returns.

    A `blind` write (no `--if-version`: "set this field", whatever its version) that meets
    another transaction's write of the same rows is run again from the start, reading the
    rows anew, a few times after a short random pause. A checked write fails at once (exit
    3): its user asked to be told.
    """
    for attempt in range(1, BLIND_ATTEMPTS + 1):
        try:
            with writing(engine, user) as session:
                return work(session)
        except ConcurrentWrite:
            if not blind or attempt == BLIND_ATTEMPTS:
                raise
        # Jittered, growing pauses, so that writers that met once do not meet again.
        time.sleep(random.uniform(0.005, 0.02) * attempt)
    raise AssertionError("unreachable")


@contextmanager
def translate_errors(engine: Engine, *, write: bool = True) -> Iterator[None]:
    """Turn driver errors into one-line messages that never show a password; `write` says
    whether the work changes the store (its failure "refused the change") or only reads it."""
    try:
        yield
    except StaleDataError:
        raise ConcurrentWrite(
            _(
                "the row was changed by somebody else since it was read; nothing was written, "
                "read it again and repeat the change"
            )
        ) from None
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise StoreError(describe_db_error(engine, exc, write=write)) from None
        # The services check uniqueness before they write, so a duplicate that reaches the
        # store was written by another controller between that check and this write.
        raise ConcurrentWrite(
            _(
                "somebody else wrote the same record at the same moment; nothing was written, "
                "read it again and repeat the change"
            )
        ) from None
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES:
            raise ConcurrentWrite(
                _(
                    "another write to the same records ran at the same moment; nothing was "
                    "written, repeat the change"
                )
            ) from None
        raise StoreError(describe_db_error(engine, exc, write=write)) from None
    except SQLAlchemyError as exc:
        raise StoreError(_("store error: {name}").format(name=type(exc).__name__)) from None


def is_unique_violation(exc: IntegrityError) -> bool:
    """A UNIQUE constraint refused the row (SQLSTATE 23505 on PostgreSQL)."""
    if getattr(exc.orig, "sqlstate", None) == "23505":
        return True
    return "UNIQUE constraint failed" in str(exc.orig)


def describe_db_error(engine: Engine, exc: DBAPIError, *, write: bool = True) -> str:
    where = shown(engine.url)
    detail = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
    detail = without_password(detail, engine.url.password)
    if exc.connection_invalidated or "connect" in detail.lower():
        return _("cannot reach the store {store}: {detail}").format(store=where, detail=detail)
    if not write:
        return _("cannot read the store {store}: {detail}").format(store=where, detail=detail)
    return _("the store {store} refused the change: {detail}").format(store=where, detail=detail)


# --- schema migrations -------------------------------------------------------------------


def _alembic_config(connection: Any = None) -> Any:
    from alembic.config import Config

    from riskctl.paths import migrations_dir

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with translate_errors(engine, write=False), engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with translate_errors(engine), engine.begin() as conn:
        command.upgrade(_alembic_config(conn), revision)


def open_store(raw_url: str, *, create_dirs: bool = False) -> Engine:
    """Connect and make sure the schema is at the newest revision.

    SQLite stores (one user) are created or upgraded here. A shared PostgreSQL store is
    upgraded only by `riskctl db upgrade`, so that one controller's newer riskctl does not
    change the schema under everybody else.
    """
    engine = make_engine(raw_url, create_dirs=create_dirs)
    current = current_revision(engine)
    if current == SCHEMA_HEAD:
        return engine
    head = head_revision()
    if is_sqlite(engine):
        upgrade(engine)
        return engine
    where = shown(engine.url)
    if current is None:
        text = _(
            "the store {store} has no riskctl schema; run `riskctl db upgrade` (head is {head})"
        )
    else:
        text = _(
            "the store {store} is at schema revision {revision}; "
            "run `riskctl db upgrade` (head is {head})"
        )
    raise StoreError(text.format(store=where, revision=current, head=head))


def backup(engine: Engine, target: Path) -> str:
    """Copy the store to `target`: SQLite's online backup API, or pg_dump for PostgreSQL.

    The copy is written to an exclusive temporary file next to the target and moved into
    place when complete; a target that exists (a link too) is refused.
    """
    import shutil
    import sqlite3
    import subprocess

    from riskctl.safe_write import temp_path, write_file

    if is_sqlite(engine):
        path = sqlite_path(engine.url)
        if path is None:
            raise InvalidInput("database URL", str(engine.url), _("an in-memory store has no file"))
        # An exclusive temporary file with a random name, readable by its owner only from the
        # first byte like the store itself: a link planted beside the target is never followed.
        with temp_path(target, "FILE", mode=0o600) as partial:
            try:
                source, copy = sqlite3.connect(path), sqlite3.connect(partial)
                try:
                    source.backup(copy)
                finally:
                    copy.close()
                    source.close()
            except sqlite3.Error as exc:
                raise StoreError(
                    _("cannot back up {path}: {error}").format(path=path, error=exc)
                ) from None
        return "sqlite"
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise StoreError(
            _(
                "pg_dump is not installed; install the PostgreSQL client tools "
                "(e.g. apt-get install postgresql-client) or back up on the server"
            )
        )
    url = engine.url
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    # Only what the URL says: a socket or peer connection works for pg_dump as for riskctl.
    conninfo = url.set(drivername="postgresql", password=None)
    args = [
        pg_dump,
        "--format=custom",
        "--no-owner",
        f"--dbname={conninfo.render_as_string(hide_password=False)}",
    ]

    def dump(fh: IO[bytes]) -> None:
        # To standard output, into riskctl's own exclusive temporary file: pg_dump never
        # opens a path itself.
        fh.flush()
        done = subprocess.run(args, stdout=fh, stderr=subprocess.PIPE, text=True, env=env)
        if done.returncode != 0:
            detail = (done.stderr.strip().splitlines() or ["failed"])[-1]
            detail = without_password(detail, url.password)
            raise StoreError(_("pg_dump failed: {detail}").format(detail=detail))

    write_file(target, "FILE", dump, mode=0o600, replace=False)
    return "pg_dump"
