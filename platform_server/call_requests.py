"""Live call requests: a customer rings an online advisor, who accepts or declines in time.

A ringing request times out `ring_timeout` seconds after `created_at` (platform clock). Accepting
opens a live call (`CallService.create`), which makes the advisor busy.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import Any

from platform_server import errors
from platform_server.accounts import AccountStore, Caller
from platform_server.calls import CallService
from platform_server.chat import ChatService
from platform_server.clock import Clock
from platform_server.db import transaction
from platform_server.events import EventHub
from platform_server.parties import party_column, require_party, require_role
from platform_server.wire import format_ts, new_id, parse_ts


def call_request_view(row: sqlite3.Row) -> dict[str, Any]:
    return {
        key: row[key]
        for key in (
            "id", "advisor_id", "alias", "age", "state", "created_at", "answered_at",
            "decline_reason", "call_id",
        )
    }  # fmt: skip


class CallRequestService:
    def __init__(
        self,
        *,
        conn: sqlite3.Connection,
        clock: Clock,
        hub: EventHub,
        accounts: AccountStore,
        calls: CallService,
        chat: ChatService,
        ring_timeout_seconds: float,
    ) -> None:
        self._conn = conn
        self._clock = clock
        self._hub = hub
        self._accounts = accounts
        self._calls = calls
        self._chat = chat
        self._ring_timeout = timedelta(seconds=ring_timeout_seconds)

    def create(self, caller: Caller, advisor_id: str, alias: str, age: int) -> dict[str, Any]:
        require_role(caller, "customer")
        advisor = self._accounts.advisor(advisor_id)
        if advisor["presence"] != "online":
            raise errors.conflict("the advisor is not online; book an appointment instead")
        request_id = new_id("req")
        with transaction(self._conn):
            self._conn.execute(
                "INSERT INTO call_requests (id, advisor_id, customer_id, alias, age, state,"
                " created_at) VALUES (?, ?, ?, ?, ?, 'ringing', ?)",
                (request_id, advisor_id, caller.account_id, alias, age,
                 format_ts(self._clock.now())),
            )  # fmt: skip
            self._chat.ensure_thread(advisor_id, caller.account_id, alias)
        return self._publish(self._row(request_id))

    def list_for(self, caller: Caller, state: str | None) -> list[dict[str, Any]]:
        query = f"SELECT * FROM call_requests WHERE {party_column(caller)} = ?"  # noqa: S608
        params: list[str] = [caller.account_id]
        if state is not None:
            query += " AND state = ?"
            params.append(state)
        rows = self._conn.execute(query + " ORDER BY created_at DESC, rowid DESC", params)
        return [call_request_view(r) for r in rows.fetchall()]

    def get_for(self, caller: Caller, request_id: str) -> dict[str, Any]:
        return call_request_view(require_party(caller, self._find(request_id), "call request"))

    def accept(self, caller: Caller, request_id: str) -> dict[str, Any]:
        """Open the live call; the customer then sends the offer."""
        require_role(caller, "advisor")
        row = self._ringing(caller, request_id)
        with transaction(self._conn):
            call = self._calls.create("live", row, request_id=request_id)
            self._conn.execute(
                "UPDATE call_requests SET state = 'accepted', answered_at = ?, call_id = ?"
                " WHERE id = ?",
                (format_ts(self._clock.now()), call["id"], request_id),
            )
        view = self._publish(self._row(request_id))
        self._calls.announce(call["id"])
        return view

    def decline(self, caller: Caller, request_id: str, reason: str | None) -> dict[str, Any]:
        require_role(caller, "advisor")
        self._ringing(caller, request_id)
        return self._finish(request_id, "declined", reason)

    def cancel(self, caller: Caller, request_id: str) -> dict[str, Any]:
        require_role(caller, "customer")
        self._ringing(caller, request_id)
        return self._finish(request_id, "cancelled", None)

    def sweep(self) -> None:
        """Time out requests that rang too long."""
        deadline = self._clock.now() - self._ring_timeout
        rows = self._conn.execute("SELECT * FROM call_requests WHERE state = 'ringing'")
        for row in rows.fetchall():
            created = parse_ts(row["created_at"])
            if created is not None and created <= deadline:
                self._finish(row["id"], "timed_out", None)

    def _finish(self, request_id: str, state: str, reason: str | None) -> dict[str, Any]:
        # Only the advisor answers; a cancelled or timed-out request has no answer time.
        answered_at = format_ts(self._clock.now()) if state == "declined" else None
        self._conn.execute(
            "UPDATE call_requests SET state = ?, answered_at = ?, decline_reason = ? WHERE id = ?",
            (state, answered_at, reason, request_id),
        )
        return self._publish(self._row(request_id))

    def _ringing(self, caller: Caller, request_id: str) -> sqlite3.Row:
        row = require_party(caller, self._find(request_id), "call request")
        if row["state"] != "ringing":
            raise errors.conflict(f"the call request is {row['state']}, not ringing")
        return row

    def _publish(self, row: sqlite3.Row) -> dict[str, Any]:
        view = call_request_view(row)
        for account_id in (row["advisor_id"], row["customer_id"]):
            self._hub.publish(account_id, "call_request", view)
        return view

    def _find(self, request_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._conn.execute(
            "SELECT * FROM call_requests WHERE id = ?", (request_id,)
        ).fetchone()
        return row

    def _row(self, request_id: str) -> sqlite3.Row:
        row = self._find(request_id)
        if row is None:
            raise errors.not_found("call request")
        return row
