"""The platform's SQLite database: one file inside the data directory the user chose.

Every statement runs on the database's own worker thread, never on the event loop: a handler
hands its work over with `await db.run(service.method, *args)` (the one way to reach the
database), so a slow disk or another program holding the lock cannot freeze sockets, timers and
`/time`. The file is in WAL mode (readers never wait for a writer) with a short busy timeout; a
database that stays locked or is full answers 503 with a clear message (`database_busy`,
`storage_full`) instead of hanging the server.

Timestamps are stored as the wire strings (`wire.format_ts`), which sort in time order.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import ParamSpec, TypeVar

from platform_server import errors

log = logging.getLogger(__name__)

DB_FILE_NAME = "platform.sqlite3"
# How long one statement waits for another program's lock before the request gets a 503.
# Our own statements never wait on each other (one connection, one thread); only an outside
# program (a backup, a shell) can hold the lock, and a client would rather hear "busy" at once.
BUSY_TIMEOUT_SECONDS = 0.25
# Work waiting for the database thread beyond this is refused at once (503): with a lock held,
# each write waits out the busy timeout, and a queue without bound would answer minutes late.
MAX_WAITING_WORK = 16
# Seconds a client is told to wait (Retry-After) after a 503 from the database.
RETRY_AFTER_SECONDS = 2

P = ParamSpec("P")
T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('advisor', 'customer')),
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    presence TEXT NOT NULL DEFAULT 'offline',
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    created_at TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    expires_at TEXT NOT NULL,
    used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS access_tokens (
    token_hash TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS call_requests (
    id TEXT PRIMARY KEY,
    advisor_id TEXT NOT NULL REFERENCES accounts(id),
    customer_id TEXT NOT NULL REFERENCES accounts(id),
    alias TEXT NOT NULL,
    age INTEGER NOT NULL,
    state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    answered_at TEXT,
    decline_reason TEXT,
    call_id TEXT
);
CREATE TABLE IF NOT EXISTS bookings (
    id TEXT PRIMARY KEY,
    advisor_id TEXT NOT NULL REFERENCES accounts(id),
    customer_id TEXT NOT NULL REFERENCES accounts(id),
    alias TEXT NOT NULL,
    age INTEGER NOT NULL,
    wished_slots TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    request_text TEXT NOT NULL,
    state TEXT NOT NULL,
    confirmed_slot TEXT,
    paid INTEGER NOT NULL DEFAULT 0,
    decline_reason TEXT,
    confirmation_code TEXT,
    failed_verifications INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS calls (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    request_id TEXT,
    booking_id TEXT,
    advisor_id TEXT NOT NULL REFERENCES accounts(id),
    customer_id TEXT NOT NULL REFERENCES accounts(id),
    alias TEXT NOT NULL,
    age INTEGER NOT NULL,
    state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    ended_at TEXT,
    end_reason TEXT,
    ended_by TEXT,
    billed_seconds INTEGER NOT NULL DEFAULT 0,
    presence_after TEXT,
    billed_until TEXT
);
CREATE TABLE IF NOT EXISTS threads (
    id TEXT PRIMARY KEY,
    advisor_id TEXT NOT NULL REFERENCES accounts(id),
    customer_id TEXT NOT NULL REFERENCES accounts(id),
    alias TEXT NOT NULL,
    UNIQUE (advisor_id, customer_id)
);
CREATE TABLE IF NOT EXISTS messages (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL REFERENCES threads(id),
    sender TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_by_other INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS call_requests_by_state ON call_requests(state);
CREATE INDEX IF NOT EXISTS calls_by_state ON calls(state);
CREATE INDEX IF NOT EXISTS messages_by_thread ON messages(thread_id);
"""


def open_database(data_dir: Path) -> sqlite3.Connection:
    """Open (and create if needed) the database in `data_dir`: WAL, short busy timeout."""
    data_dir.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        data_dir / DB_FILE_NAME,
        isolation_level=None,
        check_same_thread=False,  # opened here, used only on the database thread afterwards
        timeout=BUSY_TIMEOUT_SECONDS,
    )
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.executescript(_SCHEMA)
    _add_missing_columns(conn)
    return conn


class Database:
    """The one connection and the one thread that uses it.

    Services keep the connection (`conn`) and stay plain synchronous code; whoever runs on the
    event loop calls them through `run`, which executes them on the database thread, one at a
    time, in the order they were handed over. Services may publish events from there: the
    `EventHub` carries them over to the loop.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="platform-db", initializer=self._mark_thread
        )
        self._waiting = 0
        self._waiting_lock = threading.Lock()
        self._thread_id: int | None = None
        # Statements prepared on any other thread once the database thread runs are refused:
        # service code called straight from the event loop fails its tests instead of freezing
        # the server in production one day.
        conn.set_authorizer(self._only_on_database_thread)

    def _mark_thread(self) -> None:
        self._thread_id = threading.get_ident()

    def _only_on_database_thread(self, *_action: object) -> int:
        if self._thread_id is None or threading.get_ident() == self._thread_id:
            return sqlite3.SQLITE_OK
        log.error("a statement was prepared off the database thread: use `await db.run(...)`")
        return sqlite3.SQLITE_DENY

    @classmethod
    def open(cls, data_dir: Path) -> Database:
        """Open the database file; at start-up, before the server takes requests."""
        return cls(open_database(data_dir))

    async def run(self, work: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `work(*args, **kwargs)` on the database thread and return its result.

        A lock held too long by another program, or a full disk, raises a 503 `ApiError`; so
        does work arriving while `MAX_WAITING_WORK` items already wait.
        """
        with self._waiting_lock:
            if self._waiting >= MAX_WAITING_WORK:
                log.warning("database work refused: %d items already waiting", self._waiting)
                raise database_busy()
            self._waiting += 1
        try:
            future = self._executor.submit(_translated, work, *args, **kwargs)
            return await asyncio.wrap_future(future)
        finally:
            with self._waiting_lock:
                self._waiting -= 1

    def close(self) -> None:
        """Finish the work handed over, then close the connection (at shutdown)."""
        self._executor.submit(self.conn.close).result()
        self._executor.shutdown()


def _translated(work: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run `work`, turning SQLite's "locked" and "full" into the API's 503 errors."""
    try:
        return work(*args, **kwargs)
    except sqlite3.OperationalError as exc:
        name = getattr(exc, "sqlite_errorname", "")
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            log.warning("database locked by another program; request refused (%s)", name)
            raise database_busy() from exc
        if name.startswith("SQLITE_FULL"):
            log.error("database or disk full; request refused")
            raise errors.ApiError(
                503,
                "storage_full",
                "the platform's storage is full; try again later",
                retry_after=RETRY_AFTER_SECONDS,
            ) from exc
        raise


def database_busy() -> errors.ApiError:
    return errors.ApiError(
        503,
        "database_busy",
        "the platform's database is busy; try again in a few seconds",
        retry_after=RETRY_AFTER_SECONDS,
    )


# Columns added after a release: (table, column, declaration). A database made before gets them.
_ADDED_COLUMNS = (("calls", "billed_until", "TEXT"),)


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    for table, column, declaration in _ADDED_COLUMNS:
        present = {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}
        if column not in present:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")


class transaction:  # noqa: N801 - used like a keyword: `with transaction(conn):`
    """Run the enclosed statements atomically (the connection is otherwise in autocommit)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self._conn.execute("BEGIN IMMEDIATE")
        return self._conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            try:
                self._conn.execute("COMMIT")
            except sqlite3.Error:
                self._rollback()
                raise
        else:
            self._rollback()

    def _rollback(self) -> None:
        # SQLite may have rolled back already (a full disk does): ROLLBACK would then fail and
        # hide the error that matters.
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")
