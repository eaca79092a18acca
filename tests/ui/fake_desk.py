"""A small stand-in for `AdvisorDesk`: the boundary between the GUI and the engine.

Its coroutines run on the real engine loop (the tests use a real `Engine`); it records what the
GUI asked for and answers with what the test set up, or raises what the test set up.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from datetime import UTC, datetime

from advisor_app.desk_listener import DeskListener
from advisor_app.domain.models import (
    Account,
    Booking,
    BookingState,
    CallRequest,
    CallRequestState,
    Presence,
    Role,
)

ADVISOR = Account(
    id="acc_1", role=Role.ADVISOR, email="anna@example.com", display_name="Anna Berger"
)


class FakeDesk:
    """Implements DeskCommands; `calls` lists (command, args) in the order they ran."""

    def __init__(self, listener: DeskListener) -> None:
        self.listener = listener
        self.calls: list[tuple[str, tuple[object, ...]]] = []
        self.account: Account | None = ADVISOR
        self.restored: Account | None = ADVISOR
        self.failures: dict[str, BaseException] = {}
        self.requests: dict[str, CallRequest] = {}
        self.bookings: dict[str, Booking] = {}  # what confirm/decline_booking answer about
        self.threads: set[str] = set()
        self.gate: asyncio.Event | None = None  # when set by a test, commands wait for it
        self._lock = threading.Lock()

    async def _enter(self, name: str, *args: object) -> None:
        with self._lock:
            self.calls.append((name, args))
        self.threads.add(threading.current_thread().name)
        if self.gate is not None:
            await self.gate.wait()
        await asyncio.sleep(0)
        failure = self.failures.get(name)
        if failure is not None:
            raise failure

    def called(self, name: str) -> list[tuple[object, ...]]:
        with self._lock:
            return [args for n, args in self.calls if n == name]

    async def sign_in(self, email: str, password: str, remember: bool) -> Account:
        await self._enter("sign_in", email, password, remember)
        assert self.account is not None
        self.listener.signed_in(self.account)
        return self.account

    async def restore(self, email: str) -> Account | None:
        await self._enter("restore", email)
        return self.restored

    async def sign_out(self) -> None:
        await self._enter("sign_out")
        self.listener.signed_out("Signed out")

    async def set_presence(self, presence: Presence) -> None:
        await self._enter("set_presence", presence)
        self.listener.presence_changed(presence)

    async def accept(self, request_id: str) -> CallRequest:
        await self._enter("accept", request_id)
        request = self.requests[request_id]
        return dataclasses.replace(
            request,
            state=CallRequestState.ACCEPTED,
            answered_at=datetime.now(UTC),
            call_id=f"call_{request_id}",
        )

    async def decline(self, request_id: str, reason: str) -> CallRequest:
        await self._enter("decline", request_id, reason)
        request = self.requests[request_id]
        return dataclasses.replace(
            request, state=CallRequestState.DECLINED, decline_reason=reason or None
        )

    async def confirm_booking(self, booking_id: str, slot: datetime) -> Booking:
        await self._enter("confirm_booking", booking_id, slot)
        return dataclasses.replace(
            self.bookings[booking_id], state=BookingState.CONFIRMED, confirmed_slot=slot
        )

    async def decline_booking(self, booking_id: str, reason: str) -> Booking:
        await self._enter("decline_booking", booking_id, reason)
        return dataclasses.replace(
            self.bookings[booking_id], state=BookingState.DECLINED, decline_reason=reason
        )

    async def refresh(self) -> None:
        await self._enter("refresh")

    async def shutdown(self) -> None:
        await self._enter("shutdown")
