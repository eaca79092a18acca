"""Bookings: appointment requests, the advisor's answer, payment, the identity code, the call.

The confirmation code is created when the advisor confirms and is shown to the customer only;
the advisor checks what the customer tells them with `verify` (at most `MAX_VERIFY_FAILURES`
wrong tries per booking, so the code cannot be guessed).
"""

from __future__ import annotations

import hmac
import json
import secrets
import sqlite3
from datetime import datetime, timedelta
from typing import Any

from platform_server import errors
from platform_server.accounts import AccountStore, Caller
from platform_server.call_billing import booking_outcome
from platform_server.calls import CallService, call_view
from platform_server.chat import ChatService
from platform_server.clock import Clock
from platform_server.db import transaction
from platform_server.events import EventHub
from platform_server.parties import party_column, require_party, require_role
from platform_server.wire import format_ts, new_id, parse_ts

MAX_VERIFY_FAILURES = 10
# How far ahead a slot may lie: bookings are for the coming weeks, not for the year 9999.
MAX_SLOT_AHEAD = timedelta(days=366)
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud on a call
# A booked call may start this long before the booked start (platform rules), until the end.
CALL_WINDOW_BEFORE_START = timedelta(minutes=10)


def booking_view(row: sqlite3.Row, for_customer: bool) -> dict[str, Any]:
    view = {
        key: row[key]
        for key in (
            "id", "advisor_id", "alias", "age", "duration_minutes", "request_text", "state",
            "confirmed_slot", "decline_reason", "created_at", "updated_at",
        )
    }  # fmt: skip
    view["wished_slots"] = json.loads(row["wished_slots"])
    view["paid"] = bool(row["paid"])
    if for_customer:
        view["confirmation_code"] = row["confirmation_code"]
    return view


def new_confirmation_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


class BookingService:
    def __init__(
        self,
        *,
        conn: sqlite3.Connection,
        clock: Clock,
        hub: EventHub,
        accounts: AccountStore,
        calls: CallService,
        chat: ChatService,
    ) -> None:
        self._conn = conn
        self._clock = clock
        self._hub = hub
        self._accounts = accounts
        self._calls = calls
        self._chat = chat
        calls.on_ended(self._after_call)
        calls.on_revised(self._after_revised_call)

    def create(
        self,
        caller: Caller,
        *,
        advisor_id: str,
        alias: str,
        age: int,
        wished_slots: list[datetime],
        duration_minutes: int,
        request_text: str,
    ) -> dict[str, Any]:
        require_role(caller, "customer")
        self._accounts.advisor(advisor_id)
        for slot in wished_slots:
            self._check_slot(slot)
        booking_id = new_id("bkg")
        now = format_ts(self._clock.now())
        with transaction(self._conn):
            self._conn.execute(
                "INSERT INTO bookings (id, advisor_id, customer_id, alias, age, wished_slots,"
                " duration_minutes, request_text, state, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'requested', ?, ?)",
                (booking_id, advisor_id, caller.account_id, alias, age,
                 json.dumps([format_ts(s) for s in wished_slots]), duration_minutes,
                 request_text, now, now),
            )  # fmt: skip
            self._chat.ensure_thread(advisor_id, caller.account_id, alias)
        return self._publish(booking_id, caller)

    def list_for(self, caller: Caller) -> list[dict[str, Any]]:
        rows = self._conn.execute(
            f"SELECT * FROM bookings WHERE {party_column(caller)} = ?"  # noqa: S608
            " ORDER BY created_at DESC, rowid DESC",
            (caller.account_id,),
        ).fetchall()
        return [booking_view(r, caller.role == "customer") for r in rows]

    def get_for(self, caller: Caller, booking_id: str) -> dict[str, Any]:
        return booking_view(self._own(caller, booking_id), caller.role == "customer")

    def confirm(self, caller: Caller, booking_id: str, slot: datetime) -> dict[str, Any]:
        require_role(caller, "advisor")
        self._in_state(caller, booking_id, "requested")
        self._check_slot(slot)
        self._update(
            booking_id,
            "state = 'confirmed', confirmed_slot = ?, confirmation_code = ?",
            format_ts(slot),
            new_confirmation_code(),
        )
        return self._publish(booking_id, caller)

    def decline(self, caller: Caller, booking_id: str, reason: str | None) -> dict[str, Any]:
        require_role(caller, "advisor")
        self._in_state(caller, booking_id, "requested", "confirmed")
        self._update(booking_id, "state = 'declined', decline_reason = ?", reason)
        return self._publish(booking_id, caller)

    def cancel(self, caller: Caller, booking_id: str) -> dict[str, Any]:
        require_role(caller, "customer")
        self._in_state(caller, booking_id, "requested", "confirmed")
        self._update(booking_id, "state = 'cancelled'")
        return self._publish(booking_id, caller)

    def pay(self, caller: Caller, booking_id: str) -> dict[str, Any]:
        """Demo payment: marks the booking paid (paying twice changes nothing)."""
        require_role(caller, "customer")
        row = self._in_state(caller, booking_id, "requested", "confirmed")
        if row["paid"]:
            return booking_view(row, for_customer=True)
        self._update(booking_id, "paid = 1")
        return self._publish(booking_id, caller)

    def verify(self, caller: Caller, booking_id: str, code: str) -> bool:
        """Whether `code` is this booking's confirmation code (advisor only)."""
        require_role(caller, "advisor")
        row = self._own(caller, booking_id)
        if row["failed_verifications"] >= MAX_VERIFY_FAILURES:
            raise errors.rate_limited("too many wrong codes for this booking")
        expected = row["confirmation_code"]
        valid = expected is not None and hmac.compare_digest(
            _normalise_code(expected).encode(), _normalise_code(code).encode()
        )
        if not valid:
            self._conn.execute(
                "UPDATE bookings SET failed_verifications = failed_verifications + 1 WHERE id = ?",
                (booking_id,),
            )
        return valid

    def start_call(self, caller: Caller, booking_id: str) -> dict[str, Any]:
        """The advisor calls the customer for a confirmed, paid booking (extension)."""
        require_role(caller, "advisor")
        row = self._in_state(caller, booking_id, "confirmed")
        if not row["paid"]:
            raise errors.conflict("the booking is not paid yet")
        self._check_call_window(row)
        with transaction(self._conn):
            call = self._calls.create("booked", row, booking_id=booking_id)
            self._set_state(booking_id, "in_call")
        self._publish(booking_id, caller)
        return call_view(self._calls.announce(call["id"]))

    def settle(self, booking_id: str, state: str) -> None:
        """The booked time decided the outcome (`booked_time`): set it and tell both parties."""
        self._set_state(booking_id, state)
        self._publish(booking_id, None)

    def _check_call_window(self, row: sqlite3.Row) -> None:
        """409 unless now lies from 10 minutes before the booked start to the booked end."""
        start = parse_ts(row["confirmed_slot"]) if row["confirmed_slot"] else None
        if start is None:
            raise errors.conflict("the booking has no confirmed time")
        now = self._clock.now()
        opens = start - CALL_WINDOW_BEFORE_START
        if now < opens:
            raise errors.conflict(
                f"the booked call can start from {format_ts(opens)} (10 minutes before the"
                f" booked start {format_ts(start)}); it is {format_ts(now)}"
            )
        if now >= start + timedelta(minutes=int(row["duration_minutes"])):
            raise errors.conflict("the booked time is over")

    def _after_call(self, call: sqlite3.Row) -> None:
        """The call of an `in_call` booking ended: its outcome follows from the call's record."""
        booking_id = call["booking_id"]
        if booking_id is None:
            return
        row = self._find(booking_id)
        if row is None or row["state"] != "in_call":
            return
        self._set_state(booking_id, _outcome(call))
        self._publish(booking_id, None)

    def _after_revised_call(self, before: sqlite3.Row, after: sqlite3.Row) -> None:
        """A late report changed how the booking's last call ended: move its outcome along."""
        booking_id = after["booking_id"]
        if booking_id is None:
            return
        row = self._find(booking_id)
        latest = self._conn.execute(
            "SELECT id FROM calls WHERE booking_id = ? ORDER BY created_at DESC, rowid DESC",
            (booking_id,),
        ).fetchone()
        if row is None or latest is None or latest["id"] != after["id"]:
            return  # a newer call of the booking decides its state
        if row["state"] == _outcome(before) != _outcome(after):
            self._set_state(booking_id, _outcome(after))
            self._publish(booking_id, None)

    def _check_slot(self, slot: datetime) -> None:
        now = self._clock.now()
        if slot <= now:
            raise errors.invalid("a slot lies in the past", [f"{format_ts(slot)} is past"])
        if slot > now + MAX_SLOT_AHEAD:
            raise errors.invalid("a slot lies too far ahead", [f"{format_ts(slot)} > 366 days"])

    def _set_state(self, booking_id: str, state: str) -> None:
        self._update(booking_id, "state = ?", state)

    def _update(self, booking_id: str, assignments: str, *values: Any) -> None:
        self._conn.execute(
            f"UPDATE bookings SET {assignments}, updated_at = ? WHERE id = ?",  # noqa: S608
            (*values, format_ts(self._clock.now()), booking_id),
        )

    def _publish(self, booking_id: str, caller: Caller | None) -> dict[str, Any]:
        """Send each party its own view; return the view for `caller`."""
        row = self._find(booking_id)
        assert row is not None
        self._hub.publish(row["advisor_id"], "booking", booking_view(row, for_customer=False))
        self._hub.publish(row["customer_id"], "booking", booking_view(row, for_customer=True))
        return booking_view(row, for_customer=caller is not None and caller.role == "customer")

    def _in_state(self, caller: Caller, booking_id: str, *states: str) -> sqlite3.Row:
        row = self._own(caller, booking_id)
        if row["state"] not in states:
            raise errors.conflict(f"the booking is {row['state']}; needs {' or '.join(states)}")
        return row

    def _own(self, caller: Caller, booking_id: str) -> sqlite3.Row:
        return require_party(caller, self._find(booking_id), "booking")

    def _find(self, booking_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._conn.execute(
            "SELECT * FROM bookings WHERE id = ?", (booking_id,)
        ).fetchone()
        return row


def _outcome(call: sqlite3.Row) -> str:
    return booking_outcome(call["end_reason"], answered=call["started_at"] is not None)
