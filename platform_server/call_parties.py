"""What each party of a call told the platform about its media, and when it was last heard.

Persisted per call and role (`call_parties`): the first and last moment the party confirmed media
arriving from the other side, and its last heartbeat. That is everything billing needs, so a
restart of the platform loses nothing.

How long a party has been silent is network time and lives in memory (`Liveness`, on a
`Ticker`): after a restart every party that sent heartbeats gets the whole silence limit again to
come back, so a call whose parties reconnect and still have media goes on; one whose parties
are gone ends by the same rule as without a restart.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from platform_server.call_billing import PartyMedia
from platform_server.clock import Ticker
from platform_server.wire import format_ts, parse_ts

_SCHEMA = """
CREATE TABLE IF NOT EXISTS call_parties (
    call_id TEXT NOT NULL REFERENCES calls(id),
    role TEXT NOT NULL CHECK (role IN ('advisor', 'customer')),
    first_media_at TEXT,
    last_media_at TEXT,
    last_heartbeat_at TEXT,
    PRIMARY KEY (call_id, role)
);
"""


class PartyRecords:
    """The `call_parties` table."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        conn.executescript(_SCHEMA)

    def heartbeat(self, call_id: str, role: str, at: datetime, media: bool) -> None:
        """A heartbeat arrived at `at`; with `media` it confirms media at that moment."""
        now = format_ts(at)
        media_at = now if media else None
        self._conn.execute(
            "INSERT INTO call_parties (call_id, role, first_media_at, last_media_at,"
            " last_heartbeat_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (call_id, role) DO UPDATE SET"
            " first_media_at = COALESCE(first_media_at, excluded.first_media_at),"
            " last_media_at = COALESCE(excluded.last_media_at, last_media_at),"
            " last_heartbeat_at = excluded.last_heartbeat_at",
            (call_id, role, media_at, media_at, now),
        )

    def media_of(self, call_id: str) -> tuple[PartyMedia, PartyMedia]:
        """(advisor, customer) as they told the platform."""
        rows = self._conn.execute(
            "SELECT * FROM call_parties WHERE call_id = ?", (call_id,)
        ).fetchall()
        by_role = {row["role"]: _party(row) for row in rows}
        return by_role.get("advisor", PartyMedia()), by_role.get("customer", PartyMedia())

    def heartbeat_parties(self) -> list[tuple[str, str]]:
        """(call_id, role) of every party that sent heartbeats in a call that has not ended."""
        rows = self._conn.execute(
            "SELECT p.call_id, p.role FROM call_parties p JOIN calls c ON c.id = p.call_id"
            " WHERE c.state != 'ended' AND p.last_heartbeat_at IS NOT NULL"
        ).fetchall()
        return [(row["call_id"], row["role"]) for row in rows]


def _party(row: sqlite3.Row) -> PartyMedia:
    return PartyMedia(
        first_media_at=_ts(row["first_media_at"]),
        last_media_at=_ts(row["last_media_at"]),
    )


def _ts(text: str | None) -> datetime | None:
    return parse_ts(text) if text is not None else None


VOUCHED_AT_MOST_S = 60.0
"""How long the other party's word keeps a party present that is not heard itself: longer than
the stalls a very thin line causes (20-40 s in the lab), bounded so that a lying party cannot
keep a call open for ever."""


class Liveness:
    """When each party was last heard, in this process's network time: itself, or the other
    party confirming that its media arrives (`vouched`)."""

    def __init__(self, ticker: Ticker) -> None:
        self._ticker = ticker
        self._since = ticker.seconds()  # a party not heard since the start counts from it
        self._heard: dict[tuple[str, str], float] = {}
        self._vouched: dict[tuple[str, str], float] = {}

    def heard(self, call_id: str, role: str) -> None:
        self._heard[(call_id, role)] = self._ticker.seconds()

    def vouched(self, call_id: str, role: str) -> None:
        """The other party says this party's media arrives."""
        self._vouched[(call_id, role)] = self._ticker.seconds()

    def silent_for(self, call_id: str, role: str) -> float:
        """Seconds since the party was last heard (or since the platform started), counting the
        other party's word for at most `VOUCHED_AT_MOST_S` of its own silence."""
        now = self._ticker.seconds()
        own = now - self._heard.get((call_id, role), self._since)
        vouched = self._vouched.get((call_id, role))
        if vouched is None or own > VOUCHED_AT_MOST_S:
            return own
        return min(own, now - vouched)

    def forget(self, call_id: str) -> None:
        for role in ("advisor", "customer"):
            self._heard.pop((call_id, role), None)
            self._vouched.pop((call_id, role), None)
