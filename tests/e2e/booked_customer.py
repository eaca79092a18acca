"""A customer in the test's own process: books or rings over the real API, and calls with the
app's own aiortc peer (`network.peer.CallPeer`), so the advisor's real `CallSession` and the
platform's real signalling carry the call. It sends a tone (the platform bills only once both
sides confirmed media arriving: its heartbeats and the app's).

Both agree on the security code as every client does (`network.security_code`): `security_code`
is what this customer would read out.

Booked calls: it answers the advisor's offer (`answer_next_call`). Live calls: it rings
(`ring`) and offers the moment its socket says the request was accepted (`offer_when_accepted`),
as a browser does; `offered` is set once its offer left, which lets a test hold the advisor's
accept back until then.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from typing import Any

from advisor_app.domain.models import Call, CallRequest, CallState
from media.microphone import MicrophoneTrack
from network.peer import CallPeer
from network.security_code import AnsweringCode, OfferingCode
from platform_server.call_heartbeats import heartbeat, send_heartbeats
from platform_server.customer_api import CustomerApi, Signal
from platform_server.testing import RunningPlatform
from platform_server.wire import format_ts

TONE = "lavfi:sine=frequency=660:sample_rate=48000"


class BookingCustomer:
    """Register with `start()`; `close()` at the end."""

    def __init__(self, platform: RunningPlatform) -> None:
        self._platform = platform
        self.api: CustomerApi | None = None
        self.peer: CallPeer | None = None
        self.answered = asyncio.Event()
        self.offered = asyncio.Event()
        self.security_code: str | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._tone: MicrophoneTrack | None = None

    async def start(self) -> None:
        self.api = CustomerApi(self._platform.base_url)
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

    async def wait_billing(self, call_id: str, within_s: float = 10.0) -> None:
        """Until the platform bills the call: both parties confirmed media (heartbeats)."""
        assert self.api is not None
        async with asyncio.timeout(within_s):
            while True:
                event = await self.api.events.get()
                active = isinstance(event, Call) and event.state is CallState.ACTIVE
                if active and event.id == call_id:
                    return

    async def pay(self, booking_id: str) -> None:
        assert self.api is not None
        await self.api.request("POST", f"/bookings/{booking_id}/pay", {})

    async def answer_next_call(self, within_s: float = 20.0) -> str:
        """Waits for the advisor's offer and answers it; returns the call's id."""
        assert self.api is not None
        async with asyncio.timeout(within_s):
            offer = await self._next_signal("offer")
        call_id = offer.call_id
        self.peer = await self._new_peer()
        data = offer.data
        code = AnsweringCode(str(data["sdp"]), data)
        answer = await self.peer.answer(str(data["sdp"]))
        await self.api.signal(
            call_id, {"kind": "answer", "sdp": answer, **code.answer_fields(answer)}
        )
        async with asyncio.timeout(within_s):
            reveal = await self._next_signal("reveal")
        self.security_code = code.revealed(reveal.data)
        self._tasks.add(asyncio.get_running_loop().create_task(self._beat(call_id, self.peer)))
        self.answered.set()
        return call_id

    async def ring(self, alias: str = "Jonas", age: int = 41) -> str:
        """Asks the advisor for a live call; returns the request's id."""
        assert self.api is not None
        body = {"advisor_id": self._platform.advisor_id, "alias": alias, "age": age}
        request: dict[str, Any] = await self.api.request("POST", "/call-requests", body)
        return str(request["id"])

    async def offer_when_accepted(self, request_id: str, within_s: float = 20.0) -> str:
        """Offers as soon as the request is accepted, then takes the advisor's answer."""
        assert self.api is not None
        async with asyncio.timeout(within_s):
            while True:
                event = await self.api.events.get()
                if isinstance(event, CallRequest) and event.id == request_id and event.call_id:
                    call_id = event.call_id
                    break
        self.peer = await self._new_peer()
        offer = await self.peer.offer()
        code = OfferingCode(offer)
        await self.api.signal(call_id, {"kind": "offer", "sdp": offer, **code.offer_fields()})
        self.offered.set()
        async with asyncio.timeout(within_s):
            answer = await self._next_signal("answer")
        await self.peer.accept_answer(str(answer.data["sdp"]))
        self.security_code = code.answered(str(answer.data["sdp"]), answer.data)
        await self.api.signal(call_id, code.reveal_fields())
        self._tasks.add(asyncio.get_running_loop().create_task(self._beat(call_id, self.peer)))
        self.answered.set()
        return call_id

    async def _next_signal(self, kind: str) -> Signal:
        """The next signal of ``kind`` from the advisor (the events before it are passed over)."""
        assert self.api is not None
        while True:
            event = await self.api.events.get()
            if isinstance(event, Signal) and event.data.get("kind") == kind:
                return event

    async def hang_up(self, call_id: str, reason: str = "hangup") -> None:
        assert self.api is not None
        await self.api.signal(call_id, {"kind": "hangup", "reason": reason})
        await self.api.request("POST", f"/calls/{call_id}/hangup", {"reason": reason})

    async def _new_peer(self) -> CallPeer:
        """A peer that sends a tone (a customer's microphone)."""
        if self._tone is None:
            self._tone = MicrophoneTrack(TONE)
            await self._tone.start()
        peer = CallPeer((), on_remote_track=lambda _t: None, on_control=lambda _m: None)
        peer.set_audio(self._tone)
        return peer

    async def _beat(self, call_id: str, peer: CallPeer) -> None:
        """Heartbeats as every customer sends them: the platform bills by them."""
        assert self.api is not None
        await send_heartbeats(self.api.send, call_id, lambda: self._media_arrived(peer))

    async def _media_arrived(self, peer: CallPeer) -> bool:
        return (await peer.sample()).packets_received > 0

    async def beat_now(self, call_id: str) -> None:
        """One heartbeat now, between the regular ones (after a jump of the platform's clock)."""
        assert self.api is not None
        assert self.peer is not None
        await self.api.send(heartbeat(call_id, await self._media_arrived(self.peer)))

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.peer is not None:
            await self.peer.close()
        if self._tone is not None:
            self._tone.stop()
        if self.api is not None:
            with contextlib.suppress(Exception):
                await self.api.close()
