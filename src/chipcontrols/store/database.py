"""Opening the store: the SQLAlchemy engine, SQLite pragmas, migrations, and serialised write transactions.

Durability and ordering rules, in one place:

- SQLite runs in WAL mode with ``synchronous=FULL``: every commit is fsynced before it returns, so an
  audit record acknowledged to a client survives a killed process *and* a power cut.
  ``CHIPCONTROLS_SQLITE_SYNCHRONOUS=NORMAL`` trades the latter for latency: a committed record then
  survives the process being killed (the WAL is in the OS cache) but not a crash of the machine. Writes that must not interleave (the audit chain) use ``BEGIN IMMEDIATE``,
  which takes SQLite's write lock at the start of the transaction, so two processes cannot fork the chain.
- PostgreSQL takes a transaction-scoped advisory lock (``pg_advisory_xact_lock``) for the same writes.
- Within one process a ``threading.Lock`` orders the writers first, so they queue instead of retrying.
- SQLite's WAL is checkpointed by a background thread once a second (started with the first write),
  so no request pays for a checkpoint; the WAL is also checkpointed when the store is closed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from chipcontrols import settings
from chipcontrols.errors import StoreError

__all__ = ["Store", "open_store", "utc_now"]

# Any constant; identifies chipcontrols' advisory lock among others on the same PostgreSQL server.
_ADVISORY_LOCK_KEY = 0x63686970


def utc_now() -> str:
    """The current time as an ISO 8601 UTC timestamp with microseconds."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _sqlite_synchronous() -> str:
    """FULL (default: fsync at every commit) or NORMAL (``CHIPCONTROLS_SQLITE_SYNCHRONOUS=NORMAL``)."""
    value = os.environ.get("CHIPCONTROLS_SQLITE_SYNCHRONOUS", "FULL").strip().upper()
    if value not in ("FULL", "NORMAL", "EXTRA"):
        raise StoreError(f"CHIPCONTROLS_SQLITE_SYNCHRONOUS must be FULL, NORMAL or EXTRA, not {value!r}.")
    return value


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, issue BEGIN, so that BEGIN IMMEDIATE is possible.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={_sqlite_synchronous()}")
        cursor.execute("PRAGMA busy_timeout=30000")
        # Checkpoints run in Store's background thread, not inside a request's commit.
        cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


class Store:
    """An open database: sessions for reads, ``serialised()`` for writes that must be totally ordered."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.dialect = url.split(":", 1)[0].split("+", 1)[0]
        if self.dialect not in ("sqlite", "postgresql"):
            raise StoreError(f"Unsupported database URL {url!r}: use sqlite:///PATH or postgresql+psycopg://...")
        options: dict[str, Any] = {}
        if self.dialect == "sqlite":
            options["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            options.update(pool_pre_ping=True, pool_size=10, max_overflow=10)
        try:
            self.engine = create_engine(url, **options)
        except (SQLAlchemyError, ImportError, ValueError) as error:
            raise StoreError(f"Cannot use the database {self.safe_url()}: {error}") from None
        if self.dialect == "sqlite":
            _configure_sqlite(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_lock = threading.Lock()
        self._checkpointer: threading.Thread | None = None
        self._closing = threading.Event()

    def _start_checkpointer(self) -> None:
        if self.dialect != "sqlite" or self._checkpointer is not None:
            return
        self._checkpointer = threading.Thread(target=self._checkpoint_loop, name="sqlite-checkpoint", daemon=True)
        self._checkpointer.start()

    def _checkpoint_loop(self) -> None:
        while not self._closing.wait(1.0):
            self.checkpoint("PASSIVE")

    def checkpoint(self, mode: str = "PASSIVE") -> None:
        """Copy the SQLite WAL into the database file (no-op on PostgreSQL)."""
        if self.dialect != "sqlite":
            return
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql(f"PRAGMA wal_checkpoint({mode})")
        except SQLAlchemyError:
            pass

    def safe_url(self) -> str:
        """The URL without its password, for messages."""
        return self.engine.url.render_as_string(hide_password=True) if hasattr(self, "engine") else self.url

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in an ordinary transaction, committed at the end (rolled back on error)."""
        try:
            with self._sessions() as session, session.begin():
                yield session
        except SQLAlchemyError as error:
            raise StoreError(f"Database error on {self.safe_url()}: {error.__class__.__name__}: {error}") from None

    @contextmanager
    def serialised(self) -> Iterator[Session]:
        """A write transaction no other writer (thread or process) runs concurrently with; committed durably."""
        self._start_checkpointer()
        with self._write_lock:
            try:
                with self.engine.connect() as connection:
                    connection = connection.execution_options(sqlite_begin="IMMEDIATE")
                    with Session(bind=connection, expire_on_commit=False) as session, session.begin():
                        if self.dialect == "postgresql":
                            session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                            {"key": _ADVISORY_LOCK_KEY})
                        yield session
            except SQLAlchemyError as error:
                raise StoreError(
                    f"Database error on {self.safe_url()}: {error.__class__.__name__}: {error}"
                ) from None

    def migrate(self) -> None:
        """Create or upgrade the schema to the newest Alembic revision (safe with concurrent starters)."""
        config = Config()
        config.set_main_option("script_location", "chipcontrols.store:migrations")
        try:
            with self._write_lock, self.engine.connect() as connection:
                connection = connection.execution_options(sqlite_begin="IMMEDIATE")
                with connection.begin():
                    if self.dialect == "postgresql":
                        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
        except SQLAlchemyError as error:
            raise StoreError(f"Cannot prepare the database {self.safe_url()}: {error}") from None

    def dispose(self) -> None:
        self._closing.set()
        if self._checkpointer is not None:
            self._checkpointer.join(timeout=5)
            self._checkpointer = None
        self.checkpoint("TRUNCATE")
        self.engine.dispose()


def open_store(data_dir: str | Path | None = None, *, url: str | None = None, migrate: bool = True) -> Store:
    """Open (and by default migrate) the store named by ``url``, else by the settings for ``data_dir``."""
    store = Store(url or settings.database_url(data_dir))
    if migrate:
        store.migrate()
    return store
