"""What happened during a call, as the parties recorded it: the explanation of a bill.

The advisor app records its quality decisions on the call record (`video_paused`, `video_resumed`,
`ended_bandwidth`, `identity_verified`, …) so that a disputed bill can be explained later from
the call history. Only short facts are stored, never audio, video or chat text. Either party of
the call may record and read; at most `MAX_EVENTS_PER_CALL` per call (409 after that), so a
misbehaving client cannot grow the database without bound.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from typing import Any

from platform_server import errors
from platform_server.accounts import Caller
from platform_server.calls import CallService
from platform_server.clock import Clock
from platform_server.wire import format_ts, new_id, parse_ts

MAX_EVENTS_PER_CALL = 200
# An event's own time may differ a little from the platform's (the app's clock offset is measured,
# not exact); times far outside the call are refused.
CLOCK_TOLERANCE = timedelta(minutes=2)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS call_events (
    id TEXT PRIMARY KEY,
    call_id TEXT NOT NULL REFERENCES calls(id),
    at TEXT NOT NULL,
    by TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS call_events_by_call ON call_events(call_id, at);
"""


def call_event_view(row: sqlite3.Row) -> dict[str, Any]:
    return {key: row[key] for key in ("id", "call_id", "at", "by", "kind", "detail")}


class CallEventLog:
    def __init__(self, conn: sqlite3.Connection, clock: Clock, calls: CallService) -> None:
        self._conn = conn
        self._clock = clock
        self._calls = calls
        conn.executescript(_SCHEMA)

    def record(
        self, caller: Caller, call_id: str, kind: str, detail: str, at: datetime | None
    ) -> dict[str, Any]:
        call = self._calls.get_for(caller, call_id)
        now = self._clock.now()
        moment = at if at is not None else now
        created = parse_ts(call["created_at"])
        if created is not None and not (
            created - CLOCK_TOLERANCE <= moment <= now + CLOCK_TOLERANCE
        ):
            raise errors.invalid("the event's time lies outside the call", ["at: out of range"])
        (count,) = self._conn.execute(
            "SELECT COUNT(*) FROM call_events WHERE call_id = ?", (call_id,)
        ).fetchone()
        if count >= MAX_EVENTS_PER_CALL:
            raise errors.conflict(f"a call keeps at most {MAX_EVENTS_PER_CALL} events")
        event_id = new_id("evt")
        self._conn.execute(
            "INSERT INTO call_events (id, call_id, at, by, kind, detail) VALUES (?, ?, ?, ?, ?, ?)",
            (event_id, call_id, format_ts(moment), caller.role, kind, detail),
        )
        return self._view(event_id)

    def list_for(self, caller: Caller, call_id: str) -> list[dict[str, Any]]:
        self._calls.get_for(caller, call_id)
        rows = self._conn.execute(
            "SELECT * FROM call_events WHERE call_id = ? ORDER BY at, rowid", (call_id,)
        ).fetchall()
        return [call_event_view(r) for r in rows]

    def _view(self, event_id: str) -> dict[str, Any]:
        row = self._conn.execute("SELECT * FROM call_events WHERE id = ?", (event_id,)).fetchone()
        return call_event_view(row)
