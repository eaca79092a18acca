"""The platform's SQLite database: one file inside the data directory the user chose.

All access happens on the server's event-loop thread; statements are short, so they run inline.
Timestamps are stored as the wire strings (`wire.format_ts`), which sort in time order.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

DB_FILE_NAME = "platform.sqlite3"

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
    presence_after TEXT
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
    """Open (and create if needed) the database in `data_dir`."""
    data_dir.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(data_dir / DB_FILE_NAME, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.executescript(_SCHEMA)
    return conn


class transaction:  # noqa: N801 - used like a keyword: `with transaction(conn):`
    """Run the enclosed statements atomically (the connection is otherwise in autocommit)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self._conn.execute("BEGIN IMMEDIATE")
        return self._conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self._conn.execute("COMMIT" if exc_type is None else "ROLLBACK")
