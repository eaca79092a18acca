"""Calls: creation from an accepted request or a booking, heartbeats, billing, ending, timeouts.

The platform owns each call's lifetime and its bill (`call_billing` has the rules): billing starts
when both parties' heartbeats confirmed media (`started_at`, state `active`) and ends at
`billed_until`; `billed_seconds` counts whole seconds between the two. A party silent for the
silence limit ends the call (`connection_lost`); a call that never connects ends after the
connecting timeout (`error`). While a call is not ended the advisor is `busy`; when it ends the
advisor goes back to the presence they had before (if still `busy`).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from platform_server import errors
from platform_server.accounts import Caller
from platform_server.call_billing import (
    ClaimRefusedError,
    billed_seconds,
    billed_until,
    billing_start,
    check_claim,
    confirmed_until,
    silent,
)
from platform_server.call_parties import Liveness, PartyRecords
from platform_server.clock import Clock, Ticker
from platform_server.db import transaction
from platform_server.events import EventHub
from platform_server.parties import party_column, require_party
from platform_server.presence import PresenceBoard
from platform_server.wire import format_ts, new_id, parse_ts

log = logging.getLogger(__name__)

CallEndedListener = Callable[[sqlite3.Row], None]
# (the record as it was, the record as a party's late report made it)
CallRevisedListener = Callable[[sqlite3.Row, sqlite3.Row], None]


def call_view(row: sqlite3.Row) -> dict[str, Any]:
    return {
        key: row[key]
        for key in (
            "id", "kind", "request_id", "booking_id", "advisor_id", "alias", "age", "state",
            "created_at", "started_at", "ended_at", "end_reason", "ended_by", "billed_seconds",
            "billed_until",
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
        ticker: Ticker,
    ) -> None:
        self._conn = conn
        self._clock = clock
        self._hub = hub
        self._presence = presence
        self._connecting_timeout = timedelta(seconds=connecting_timeout_seconds)
        self._parties = PartyRecords(conn)
        self._liveness = Liveness(ticker)
        self._ended_listeners: list[CallEndedListener] = []
        self._revised_listeners: list[CallRevisedListener] = []

    def on_ended(self, listener: CallEndedListener) -> None:
        """Be told (synchronously) about every call that ends, e.g. to finish its booking."""
        self._ended_listeners.append(listener)

    def on_revised(self, listener: CallRevisedListener) -> None:
        """Be told when a party's late hang-up report changed a `connection_lost` end."""
        self._revised_listeners.append(listener)

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

    def heartbeat(self, caller: Caller, call_id: str, media: bool) -> sqlite3.Row:
        """A party is alive and says whether media arrives from the other side; may start billing.

        Returns the call's record (an ended call is returned unchanged, so the party learns it).
        """
        row = self.get_for(caller, call_id)
        if row["state"] == "ended":
            return row
        self._liveness.heard(call_id, caller.role)
        if media:
            # The other party's media arrives: it is in the call, even where its own line is too
            # full for its heartbeats (speech on a 48 kbit/s line kept the queue full, and the
            # customer's event socket stalled for over 20 s while its speech arrived).
            self._liveness.vouched(call_id, _other_role(caller.role))
        self._parties.heartbeat(call_id, caller.role, self._clock.now(), media)
        return self._start_billing_if_due(row)

    def _start_billing_if_due(self, row: sqlite3.Row) -> sqlite3.Row:
        if row["started_at"] is not None:
            return row
        start = billing_start(*self._parties.media_of(row["id"]))
        if start is None:
            return row
        self._conn.execute(
            "UPDATE calls SET state = 'active', started_at = ? WHERE id = ? AND started_at IS NULL",
            (format_ts(start), row["id"]),
        )
        log.info("call %s: both parties confirmed media, billing started", row["id"])
        row = self._row(row["id"])
        self._publish(row)
        return row

    def hang_up(
        self, caller: Caller, call_id: str, reason: str, decided_at: datetime | None = None
    ) -> sqlite3.Row:
        """A party's report that it ended the call at `decided_at` (default: now). Idempotent.

        The first report ends an open call. A report of a call that has ended returns its record
        unchanged, except that the first party report decided before the platform ended the call
        for `connection_lost` replaces that end: the party's word arrived late, its line was down.
        A reason the party may not give is 403 and changes nothing.
        """
        row = self.get_for(caller, call_id)
        try:
            check_claim(caller.role, reason)
        except ClaimRefusedError as exc:
            raise errors.forbidden(str(exc)) from None
        decided = decided_at if decided_at is not None else self._clock.now()
        if row["state"] != "ended":
            return self.end(row, reason, caller.role, decided)
        ended_at = parse_ts(row["ended_at"])
        if row["end_reason"] == "connection_lost" and ended_at is not None and decided < ended_at:
            return self._revise(row, reason, caller.role, decided, ended_at)
        return row

    def end(
        self,
        row: sqlite3.Row,
        reason: str,
        ended_by: str,
        decided: datetime | None = None,
        *,
        advisor_gone: bool = False,
    ) -> sqlite3.Row:
        """End a call, bill it, restore presence, tell listeners and both parties.

        `decided`: when the party that ended it decided to (None for the platform's own rules);
        `advisor_gone`: the advisor fell silent, so they are `offline` afterwards, not `online`.
        """
        now = self._clock.now()
        until = self._billed_until(row, now, decided)
        billed = billed_seconds(_started(row), until)
        with transaction(self._conn):
            changed = self._conn.execute(
                "UPDATE calls SET state = 'ended', ended_at = ?, end_reason = ?, ended_by = ?,"
                " billed_seconds = ?, billed_until = ? WHERE id = ? AND state != 'ended'",
                (format_ts(now), reason, ended_by, billed, _ts_or_none(until), row["id"]),
            ).rowcount
        ended = self._row(row["id"])
        if not changed:  # someone else ended it first
            return ended
        self._liveness.forget(row["id"])
        log.info("call %s ended: %s by %s, %d s billed", row["id"], reason, ended_by, billed)
        if row["presence_after"] is not None and self._presence.get(row["advisor_id"]) == "busy":
            self._presence.set(
                row["advisor_id"], "offline" if advisor_gone else row["presence_after"]
            )
        for listener in self._ended_listeners:
            listener(ended)
        self._publish(ended)
        return ended

    def _revise(
        self, row: sqlite3.Row, reason: str, by: str, decided: datetime, ended_at: datetime
    ) -> sqlite3.Row:
        until = self._billed_until(row, ended_at, decided)
        billed = billed_seconds(_started(row), until)
        self._conn.execute(
            "UPDATE calls SET end_reason = ?, ended_by = ?, billed_seconds = ?, billed_until = ?"
            " WHERE id = ? AND end_reason = 'connection_lost'",
            (reason, by, billed, _ts_or_none(until), row["id"]),
        )
        revised = self._row(row["id"])
        log.info("call %s: %s's late report replaces connection_lost: %s, %d s billed",
                 row["id"], by, reason, billed)  # fmt: skip
        for listener in self._revised_listeners:
            listener(row, revised)
        self._publish(revised)
        return revised

    def _billed_until(
        self, row: sqlite3.Row, end: datetime, decided: datetime | None
    ) -> datetime | None:
        media_until = confirmed_until(*self._parties.media_of(row["id"]))
        return billed_until(_started(row), media_until, end, decided)

    def sweep(self) -> None:
        """End calls stuck in `connecting` longer than the timeout (reason `error`) and calls with
        a party silent for the silence limit (`connection_lost`, billed to the confirmed media)."""
        deadline = self._clock.now() - self._connecting_timeout
        rows = self._conn.execute("SELECT * FROM calls WHERE state = 'connecting'").fetchall()
        for row in rows:
            created = parse_ts(row["created_at"])
            if created is not None and created <= deadline:
                self.end(row, "error", "platform")
        silent_parties: dict[str, list[str]] = {}
        for call_id, role in self._parties.heartbeat_parties():
            if silent(self._liveness.silent_for(call_id, role)):
                silent_parties.setdefault(call_id, []).append(role)
        for call_id, roles in silent_parties.items():
            row = self._row(call_id)
            if row["state"] != "ended":
                log.info("call %s: no heartbeat from the %s", call_id, " and the ".join(roles))
                # An advisor whose app is gone takes no more live calls until it is back.
                self.end(row, "connection_lost", "platform", advisor_gone="advisor" in roles)

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


def _started(row: sqlite3.Row) -> datetime | None:
    return parse_ts(row["started_at"]) if row["started_at"] else None


def _ts_or_none(moment: datetime | None) -> str | None:
    return format_ts(moment) if moment is not None else None


def _other_role(role: str) -> str:
    return "customer" if role == "advisor" else "advisor"
