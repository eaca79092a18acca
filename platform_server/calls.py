"""Calls: creation from an accepted request or a booking, billing, ending, the connecting timeout.

Billing runs from the first `connected` report (`started_at`) to the end; `billed_seconds` counts
whole seconds. While a call is not ended the advisor is `busy`; when it ends the advisor goes back
to the presence they had before (if still `busy`).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from platform_server import errors
from platform_server.accounts import Caller
from platform_server.clock import Clock
from platform_server.db import transaction
from platform_server.events import EventHub
from platform_server.parties import party_column, require_party
from platform_server.presence import PresenceBoard
from platform_server.wire import format_ts, new_id, parse_ts

log = logging.getLogger(__name__)

CallEndedListener = Callable[[sqlite3.Row], None]


def call_view(row: sqlite3.Row) -> dict[str, Any]:
    return {
        key: row[key]
        for key in (
            "id", "kind", "request_id", "booking_id", "advisor_id", "alias", "age", "state",
            "created_at", "started_at", "ended_at", "end_reason", "ended_by", "billed_seconds",
        )
    }  # fmt: skip


class CallService:
    def __init__(
        self,
        *,
        conn: sqlite3.Connection,
        clock: Clock,
        hub: EventHub,
        presence: PresenceBoard,
        connecting_timeout_seconds: float,
    ) -> None:
        self._conn = conn
        self._clock = clock
        self._hub = hub
        self._presence = presence
        self._connecting_timeout = timedelta(seconds=connecting_timeout_seconds)
        self._ended_listeners: list[CallEndedListener] = []

    def on_ended(self, listener: CallEndedListener) -> None:
        """Be told (synchronously) about every call that ends, e.g. to finish its booking."""
        self._ended_listeners.append(listener)

    def open_call_of(self, advisor_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._conn.execute(
            "SELECT * FROM calls WHERE advisor_id = ? AND state != 'ended'", (advisor_id,)
        ).fetchone()
        return row

    def create(
        self,
        kind: str,
        source: sqlite3.Row,
        request_id: str | None = None,
        booking_id: str | None = None,
    ) -> sqlite3.Row:
        """Open a call for the pair in `source` (a request or booking row); advisor turns busy.

        The caller runs this inside its own transaction and publishes afterwards.
        """
        if self.open_call_of(source["advisor_id"]) is not None:
            raise errors.conflict("the advisor is already in a call")
        before = self._presence.get(source["advisor_id"])
        presence_after = "online" if kind == "live" or before == "online" else None
        call_id = new_id("call")
        self._conn.execute(
            "INSERT INTO calls (id, kind, request_id, booking_id, advisor_id, customer_id, alias,"
            " age, state, created_at, presence_after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'connecting', ?, ?)",
            (call_id, kind, request_id, booking_id, source["advisor_id"], source["customer_id"],
             source["alias"], source["age"], format_ts(self._clock.now()), presence_after),
        )  # fmt: skip
        return self._row(call_id)

    def announce(self, call_id: str) -> sqlite3.Row:
        """Tell both parties the call's current state (and the advisor's presence if needed)."""
        row = self._row(call_id)
        if row["state"] != "ended" and row["presence_after"] is not None:
            self._presence.set(row["advisor_id"], "busy")
        self._publish(row)
        return row

    def list_for(self, caller: Caller) -> list[dict[str, Any]]:
        rows = self._conn.execute(
            f"SELECT * FROM calls WHERE {party_column(caller)} = ?"  # noqa: S608
            " ORDER BY created_at DESC, rowid DESC",
            (caller.account_id,),
        ).fetchall()
        return [call_view(r) for r in rows]

    def get_for(self, caller: Caller, call_id: str) -> sqlite3.Row:
        return require_party(caller, self._find(call_id), "call")

    def connected(self, caller: Caller, call_id: str) -> dict[str, Any]:
        """A party reports media flowing; the first report starts billing."""
        row = self.get_for(caller, call_id)
        if row["state"] == "ended":
            raise errors.conflict("the call has ended")
        if row["state"] == "connecting":
            self._conn.execute(
                "UPDATE calls SET state = 'active', started_at = ? WHERE id = ?",
                (format_ts(self._clock.now()), call_id),
            )
            row = self._row(call_id)
            self._publish(row)
        return call_view(row)

    def hang_up(self, caller: Caller, call_id: str, reason: str) -> dict[str, Any]:
        row = self.get_for(caller, call_id)
        if row["state"] == "ended":
            raise errors.conflict("the call has already ended")
        return call_view(self.end(row, reason, caller.role))

    def end(self, row: sqlite3.Row, reason: str, ended_by: str) -> sqlite3.Row:
        """End a call, bill it, restore presence, tell listeners and both parties."""
        now = self._clock.now()
        started = parse_ts(row["started_at"]) if row["started_at"] else None
        billed = max(0, int((now - started).total_seconds())) if started else 0
        with transaction(self._conn):
            self._conn.execute(
                "UPDATE calls SET state = 'ended', ended_at = ?, end_reason = ?, ended_by = ?,"
                " billed_seconds = ? WHERE id = ?",
                (format_ts(now), reason, ended_by, billed, row["id"]),
            )
        ended = self._row(row["id"])
        log.info("call %s ended: %s by %s, %d s billed", row["id"], reason, ended_by, billed)
        if row["presence_after"] is not None and self._presence.get(row["advisor_id"]) == "busy":
            self._presence.set(row["advisor_id"], row["presence_after"])
        for listener in self._ended_listeners:
            listener(ended)
        self._publish(ended)
        return ended

    def sweep(self) -> None:
        """End calls stuck in `connecting` longer than the timeout (reason `error`)."""
        deadline = self._clock.now() - self._connecting_timeout
        rows = self._conn.execute("SELECT * FROM calls WHERE state = 'connecting'").fetchall()
        for row in rows:
            created = parse_ts(row["created_at"])
            if created is not None and created <= deadline:
                self.end(row, "error", "platform")

    def _publish(self, row: sqlite3.Row) -> None:
        view = call_view(row)
        for account_id in (row["advisor_id"], row["customer_id"]):
            self._hub.publish(account_id, "call", view)

    def _find(self, call_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._conn.execute(
            "SELECT * FROM calls WHERE id = ?", (call_id,)
        ).fetchone()
        return row

    def _row(self, call_id: str) -> sqlite3.Row:
        row = self._find(call_id)
        if row is None:
            raise errors.not_found("call")
        return row
