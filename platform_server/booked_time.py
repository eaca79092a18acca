"""The platform as the authority on a booking's time: no-show and the booked end.

The advisor app enforces the same rules while it runs (`advisor_app.domain.booking_rules`); this
sweep makes them hold when the app is closed, crashed or offline, so neither side can escape them:

- No answer within `NO_ANSWER_GRACE` after the booked start, after the advisor tried to call
  before that deadline: a ringing call ends with `no_answer` and the booking becomes `no_show`
  (it counts as used). An advisor who never called does not make the customer a no-show.
- At the booked end (start + booked duration, however late the call began) an open call ends with
  `booked_end` (booking `completed`); a booking whose call was answered but then dropped
  becomes `completed` too.

Runs with every timer sweep, on the platform's clock (`Clock`), so `--test-clock` moves it.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime, timedelta

from platform_server.bookings import BookingService
from platform_server.calls import CallService
from platform_server.clock import Clock
from platform_server.wire import format_ts, parse_ts

log = logging.getLogger(__name__)

NO_ANSWER_GRACE = timedelta(minutes=15)  # platform rules: 15 minutes after the booked start


class BookedTimeKeeper:
    """Ends booked calls and settles bookings whose time rules have fallen due."""

    def __init__(
        self,
        *,
        conn: sqlite3.Connection,
        clock: Clock,
        calls: CallService,
        bookings: BookingService,
    ) -> None:
        self._conn = conn
        self._clock = clock
        self._calls = calls
        self._bookings = bookings

    def sweep(self) -> None:
        now = self._clock.now()
        # A slot can only be due once its no-show deadline or its end has passed: both lie after
        # the start, so bookings starting later than now are skipped by the query.
        rows = self._conn.execute(
            "SELECT * FROM bookings WHERE state IN ('confirmed', 'in_call')"
            " AND confirmed_slot IS NOT NULL AND confirmed_slot <= ?",
            (format_ts(now),),
        ).fetchall()
        for row in rows:
            self._settle(row, now)

    def _settle(self, booking: sqlite3.Row, now: datetime) -> None:
        start = parse_ts(booking["confirmed_slot"])
        if start is None:
            return
        end = start + timedelta(minutes=int(booking["duration_minutes"]))
        deadline = start + NO_ANSWER_GRACE
        calls = self._conn.execute(
            "SELECT * FROM calls WHERE booking_id = ? ORDER BY created_at", (booking["id"],)
        ).fetchall()
        answered = any(call["started_at"] is not None for call in calls)
        open_call = next((call for call in calls if call["state"] != "ended"), None)
        tried_in_time = any(
            (created := parse_ts(call["created_at"])) is not None and created < deadline
            for call in calls
        )
        if now >= deadline and not answered and tried_in_time:
            log.info("booking %s: no answer within the grace time", booking["id"])
            if open_call is not None:
                self._calls.end(open_call, "no_answer", "platform")  # booking -> no_show
            elif booking["state"] == "confirmed":
                self._bookings.settle(booking["id"], "no_show")
            return
        if now < end:
            return
        if open_call is not None:
            log.info("booking %s: booked end reached, call cut", booking["id"])
            self._calls.end(open_call, "booked_end", "platform")  # booking -> completed
        elif booking["state"] == "confirmed" and answered:
            self._bookings.settle(booking["id"], "completed")
