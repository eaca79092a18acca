"""A customer for the booked-call tests: books over the real API and answers the advisor's call.

It answers with the app's own aiortc peer (`network.peer.CallPeer` in the answerer's role), so the
advisor's real `CallSession` and the platform's real signalling carry the call; its media are the
lavfi camera and a tone, like the simulated customer's.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from typing import Any

import aiohttp

from network.peer import CallPeer
from platform_server.customer_bot import CustomerApi
from platform_server.testing import RunningPlatform
from platform_server.wire import format_ts


class BookingCustomer:
    """Register with `start()`; `close()` at the end."""

    def __init__(self, platform: RunningPlatform) -> None:
        self._platform = platform
        self._http: aiohttp.ClientSession | None = None
        self.api: CustomerApi | None = None
        self.peer: CallPeer | None = None
        self.answered = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._http = aiohttp.ClientSession()
        self.api = CustomerApi(self._platform.base_url, self._http)
        await self.api.register()
        await self.api.open_socket()

    async def book(self, slot: datetime, alias: str = "Mia", minutes: int = 45) -> dict[str, Any]:
        assert self.api is not None
        body = {
            "advisor_id": self._platform.advisor_id,
            "alias": alias,
            "age": 34,
            "wished_slots": [format_ts(slot)],
            "duration_minutes": minutes,
            "request_text": "Ich möchte über meinen Berufswechsel sprechen.",
        }
        booking: dict[str, Any] = await self.api.request("POST", "/bookings", body)
        return booking

    async def booking(self, booking_id: str) -> dict[str, Any]:
        assert self.api is not None
        result: dict[str, Any] = await self.api.request("GET", f"/bookings/{booking_id}")
        return result

    async def pay(self, booking_id: str) -> None:
        assert self.api is not None
        await self.api.request("POST", f"/bookings/{booking_id}/pay", {})

    async def answer_next_call(self, within_s: float = 20.0) -> str:
        """Waits for the advisor's offer and answers it; returns the call's id."""
        assert self.api is not None
        async with asyncio.timeout(within_s):
            while True:
                event = await self.api.events.get()
                data = event.get("data") or {}
                if event.get("type") == "signal" and data.get("kind") == "offer":
                    break
        call_id = str(event["call_id"])
        self.peer = CallPeer((), on_remote_track=lambda _t: None, on_control=lambda _m: None)
        answer = await self.peer.answer(str(data["sdp"]))
        await self.api.signal(call_id, {"kind": "answer", "sdp": answer})
        self.answered.set()
        return call_id

    async def close(self) -> None:
        if self.peer is not None:
            await self.peer.close()
        if self.api is not None:
            with contextlib.suppress(Exception):
                await self.api.close()
        if self._http is not None:
            await self._http.close()
