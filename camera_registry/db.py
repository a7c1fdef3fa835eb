"""Database plumbing shared by the API, the CLI and the tests.

One declarative ``Base`` (with a constraint naming convention so Alembic names
are stable), one ``make_engine`` that knows the two supported engines —
SQLite with SpatiaLite (the embedded default) and PostgreSQL with PostGIS —
and one session dependency.
"""

from __future__ import annotations

import importlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

from geoalchemy2.admin.dialects.sqlite import init_spatialite, load_spatialite_driver
from sqlalchemy import Connection, DateTime, Engine, MetaData, create_engine, event, text
from sqlalchemy.engine import URL, Dialect, make_url
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import TypeDecorator

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SRID = 4326


class Base(DeclarativeBase):
    """Declarative base of every table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp stored as UTC on both engines.

    SQLite has no timezone type; storing naive UTC there and ``timestamptz`` on
    PostgreSQL gives the same aware ``datetime`` back from both.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Refuse naive datetimes; normalise to UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return aware UTC datetimes."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def sqlite_module() -> ModuleType:
    """The DB-API module that can load SpatiaLite on this interpreter.

    Some CPython builds (pyenv's among them) disable loadable extensions in the
    standard ``sqlite3``; ``pysqlite3`` from PyPI then does the job.
    """
    if hasattr(sqlite3.Connection, "enable_load_extension"):
        return sqlite3
    return importlib.import_module("pysqlite3.dbapi2")


def _on_sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (savepoints work)
    load_spatialite_driver(dbapi_conn)  # type: ignore[no-untyped-call]
    dbapi_conn.execute("PRAGMA foreign_keys = ON")
    dbapi_conn.execute("PRAGMA busy_timeout = 10000")
    dbapi_conn.execute("PRAGMA journal_mode = WAL")
    init_spatialite(dbapi_conn, transaction=True, init_mode="WGS84")


#: Execution option of a connection whose next transaction will write (see :func:`begin_writer`).
WRITER = "camreg_writer"
#: Connection info: SQLite's count of changed rows when the transaction began.
_CHANGES_AT_BEGIN = "camreg_changes_at_begin"


def _on_sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITER) else "BEGIN")
    conn.info[_CHANGES_AT_BEGIN] = _changes(conn)


def _changes(conn: Any) -> int:
    """Rows inserted, updated or deleted on this SQLite connection since it opened."""
    return int(conn.connection.dbapi_connection.total_changes)


def is_spatialite(session: Session | Connection) -> bool:
    """Whether a session runs on SpatiaLite, not PostGIS (engine-specific SQL branches on it)."""
    bind = session if isinstance(session, Connection) else session.get_bind()
    return bind.dialect.name == "sqlite"


def begin_writer(session: Session) -> None:
    """Make sure the session's transaction may write: on SQLite, end its reads first.

    SQLite in WAL mode cannot turn a read transaction into a write once another
    connection has committed since it began: it fails at once with "database is
    locked", and waiting would not help.  So a transaction that has only read
    is committed (nothing to lose) and the next one starts with ``BEGIN
    IMMEDIATE``, which takes the write lock first, waiting up to
    ``busy_timeout``.  A transaction that has written already holds the lock and
    is left alone, so its writes stay atomic with what follows.  PostgreSQL
    (read committed) needs nothing of this.
    """
    if not is_spatialite(session):
        return
    if session.in_transaction():
        session.flush()
        conn = session.connection()
        began = conn.info.get(_CHANGES_AT_BEGIN)
        if began is None or _changes(conn) != began:
            return  # has written (or is a savepoint inside a caller's transaction)
        session.commit()
    session.connection(execution_options={WRITER: True})


def restart_as_writer(session: Session) -> None:
    """Commit a long check's reads and begin the transaction that writes its result.

    For a check-then-write that reads for a long time (an import): on SQLite
    any commit by another connection meanwhile would make its first write fail
    at once, as :func:`begin_writer` explains.  The reads (and any temporary
    tables) are committed and the writes begin with ``BEGIN IMMEDIATE``; what
    changed in between must be caught by the writes' own checks (versions,
    unique keys).  PostgreSQL needs nothing of this: its reads keep their locks.
    """
    if not is_spatialite(session):
        return
    session.commit()
    session.connection(execution_options={WRITER: True})


#: A pooled PostgreSQL connection left idle longer than this is pinged before use:
#: a server restart, a failover or a firewall may have cut it meanwhile.  One used
#: more recently is not (``pool_pre_ping`` would cost a round trip per request).
PING_AFTER_IDLE_S = 1.0


def _on_pg_checkin(_dbapi_conn: Any, record: ConnectionPoolEntry) -> None:
    record.info["idle_since"] = time.monotonic()


def _pinger(dialect: Dialect) -> Callable[[Any, ConnectionPoolEntry, Any], None]:
    def on_checkout(dbapi_conn: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")  # none yet on a new connection
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_S:
            return
        try:
            dialect.do_ping(dbapi_conn)
        except Exception as exc:
            # The pool drops every connection made before now, then connects anew;
            # if the server is still down, that raises and the request gets a 503.
            raise InvalidatePoolError("pooled connection lost while idle") from exc

    return on_checkout


#: Pooled connections kept open per process, and how many more it may open under load.
#: Together they match the worker threads (40, AnyIO's default), so a busy server does
#: not keep closing and reopening connections (≈ 7 ms each with SpatiaLite loaded).
POOL_SIZE, POOL_OVERFLOW = 20, 20


def _postgis_engine(url: URL, *, echo: bool) -> Engine:
    # LIFO keeps the connections in use warm, so that few of them ever need the ping.
    engine = create_engine(
        url,
        echo=echo,
        pool_use_lifo=True,
        hide_parameters=True,
        pool_size=POOL_SIZE,
        max_overflow=POOL_OVERFLOW,
    )
    event.listen(engine, "checkin", _on_pg_checkin)
    event.listen(engine, "checkout", _pinger(engine.dialect))
    return engine


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine for a SpatiaLite file or a PostGIS database."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        # GDAL (through pyogrio) must be loaded before SpatiaLite in a process: the other
        # order crashes when a GeoPackage is written (and at exit).
        importlib.import_module("pyogrio")
        os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")
        database = parsed.database or ""
        file_db = database not in ("", ":memory:")
        if file_db:
            os.makedirs(os.path.dirname(os.path.abspath(database)), exist_ok=True)
        engine = create_engine(
            parsed,
            module=sqlite_module(),
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": 30},
            hide_parameters=True,
            **({"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW} if file_db else {}),
        )
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    if backend == "postgresql":
        return _postgis_engine(parsed, echo=echo)
    raise ValueError(f"unsupported database {backend!r}: use sqlite:/// or postgresql+psycopg://")


def engine_info(session: Session) -> dict[str, str]:
    """Name and spatial-extension version of the engine behind a session."""
    if is_spatialite(session):
        row = session.execute(text("SELECT spatialite_version(), sqlite_version()")).one()
        return {"engine": "spatialite", "spatialite": row[0], "sqlite": row[1]}
    sql = text("SELECT postgis_lib_version(), current_setting('server_version')")
    postgis, server = session.execute(sql).one()
    return {"engine": "postgis", "postgis": postgis, "postgresql": server}


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """The one session factory used by the app and the CLI."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_on(url: str) -> Iterator[Session]:
    """A session on its own engine, disposed afterwards (one CLI command's database work)."""
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            yield session
    finally:
        engine.dispose()


def now_utc() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)
