"""Chat threads (one per advisor-customer pair) and their messages."""

from __future__ import annotations

import sqlite3
from typing import Any

from platform_server.accounts import Caller
from platform_server.clock import Clock
from platform_server.db import transaction
from platform_server.events import EventHub
from platform_server.parties import party_column, require_party
from platform_server.wire import format_ts, new_id


def message_view(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "thread_id": row["thread_id"],
        "sender": row["sender"],
        "text": row["text"],
        "created_at": row["created_at"],
    }


class ChatService:
    def __init__(self, conn: sqlite3.Connection, clock: Clock, hub: EventHub) -> None:
        self._conn = conn
        self._clock = clock
        self._hub = hub

    def ensure_thread(self, advisor_id: str, customer_id: str, alias: str) -> str:
        """The pair's thread, created on first contact; it shows the alias last given."""
        row = self._conn.execute(
            "SELECT id FROM threads WHERE advisor_id = ? AND customer_id = ?",
            (advisor_id, customer_id),
        ).fetchone()
        if row is not None:
            self._conn.execute("UPDATE threads SET alias = ? WHERE id = ?", (alias, row["id"]))
            return str(row["id"])
        thread_id = new_id("thr")
        self._conn.execute(
            "INSERT INTO threads (id, advisor_id, customer_id, alias) VALUES (?, ?, ?, ?)",
            (thread_id, advisor_id, customer_id, alias),
        )
        return thread_id

    def threads(self, caller: Caller) -> list[dict[str, Any]]:
        # The column name comes from `party_column`, never from the client.
        query = (
            "SELECT t.id, t.advisor_id, t.alias,"  # noqa: S608 - column from party_column
            " (SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id AND m.sender != ?"
            "  AND m.read_by_other = 0) AS unread"
            f" FROM threads t WHERE t.{party_column(caller)} = ? ORDER BY t.rowid DESC"
        )
        rows = self._conn.execute(query, (caller.role, caller.account_id)).fetchall()
        return [
            {"id": r["id"], "advisor_id": r["advisor_id"], "alias": r["alias"],
             "unread": r["unread"]}
            for r in rows
        ]  # fmt: skip

    def messages(self, caller: Caller, thread_id: str) -> list[dict[str, Any]]:
        """All messages of the thread, oldest first; marks the other side's as read."""
        self._thread(caller, thread_id)
        self._conn.execute(
            "UPDATE messages SET read_by_other = 1 WHERE thread_id = ? AND sender != ?",
            (thread_id, caller.role),
        )
        rows = self._conn.execute(
            "SELECT * FROM messages WHERE thread_id = ? ORDER BY created_at, rowid", (thread_id,)
        ).fetchall()
        return [message_view(r) for r in rows]

    def post(self, caller: Caller, thread_id: str, text: str) -> dict[str, Any]:
        thread = self._thread(caller, thread_id)
        return self.add_message(thread, caller.role, text)

    def add_message(self, thread: sqlite3.Row, sender: str, text: str) -> dict[str, Any]:
        """Store a message and deliver it to both parties."""
        message_id = new_id("msg")
        with transaction(self._conn):
            self._conn.execute(
                "INSERT INTO messages (id, thread_id, sender, text, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (message_id, thread["id"], sender, text, format_ts(self._clock.now())),
            )
        row = self._conn.execute("SELECT * FROM messages WHERE id = ?", (message_id,)).fetchone()
        view = message_view(row)
        for account_id in (thread["advisor_id"], thread["customer_id"]):
            self._hub.publish(account_id, "message", view)
        return view

    def _thread(self, caller: Caller, thread_id: str) -> sqlite3.Row:
        row = self._conn.execute("SELECT * FROM threads WHERE id = ?", (thread_id,)).fetchone()
        return require_party(caller, row, "thread")
