"""The call's connection to the customer: the current peer, its signalling, fresh ones after a drop.

`CallConnection` owns the `CallPeer` of the current *generation* (docs/platform-api.md,
"Reconnect"). It answers the customer's offer (live calls) or offers itself (booked calls),
applies answers and trickled candidates in arrival order, and ignores signals of an older
generation. Each connection agrees on its security code with a commitment before the reveal
(`network.security_code`): an offer commits, an answer adds a nonce, the offerer's `reveal`
follows; a missing or broken commitment is reported, never shown as a code. `restore()`
replaces the peer with a fresh one that carries the same camera and microphone and offers it
with the next generation: aiortc has no ICE restart, so this is how a call survives a changed
network or a path that stopped working. Callbacks of a replaced peer are dropped, so a closed
connection's late events change nothing.

The session (`advisor_app.call.session`) keeps the call's course: phases, media, quality, ending.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from typing import Any, Literal, Protocol

from aiortc import MediaStreamTrack

from advisor_app.call.media import LocalMedia
from network.control_channel import ControlMessage
from network.errors import PlatformError
from network.ice import IceServerLike
from network.peer import CallConnectionError, CallPeer
from network.security_code import AnsweringCode, CodeUnverifiedError, OfferingCode
from network.speech_opus import SPEECH_OPUS_BITRATE

log = logging.getLogger(__name__)

__all__ = ["CallConnection", "ConnectionEvents", "Role"]

Role = Literal["answer", "offer"]
Step = Coroutine[Any, Any, None]

# How long an answered connection waits for the offerer's reveal: it follows the answer by one
# signalling round trip; a relay that holds it back must not leave the call without a code.
REVEAL_WITHIN_S = 15.0
# How long a fresh connection (or the call's end) waits for the peer it lets go of to close. On a
# network that is gone that may take for ever: aioice waits for a socket bound to an address that
# no longer exists (lab: a new address mid-call) and the fresh connection was never offered.
PEER_CLOSE_WAIT_S = 1.0


class ConnectionEvents(Protocol):
    """What the connection reports to its call (on the engine loop)."""

    def remote_track(self, track: MediaStreamTrack) -> None: ...

    def control_received(self, message: ControlMessage) -> None: ...

    def connection_state_changed(self, state: str) -> None: ...

    def security_code_changed(self, code: str) -> None: ...

    def security_code_unverified(self, problem: str) -> None:
        """The other side's commitment was missing or broken: someone may sit in the middle."""

    def connection_replaced(self, peer: CallPeer) -> None: ...


class CallConnection:
    """The current peer connection of one call, and its replacement after a drop."""

    def __init__(
        self,
        call_id: str,
        send_signal: Callable[[dict[str, object]], Awaitable[None]],
        local: LocalMedia,
        events: ConnectionEvents,
        *,
        role: Role = "answer",
        relay_only: bool = False,
        reveal_within_s: float = REVEAL_WITHIN_S,
    ) -> None:
        self.call_id = call_id
        self.generation = 0
        """Which connection of the call is current: 0 the first, +1 for each fresh one."""
        self.security_code: str | None = None
        self._code: OfferingCode | AnsweringCode | None = None  # the current connection's
        self._send_signal = send_signal
        self._local = local
        self._events = events
        self._role = role
        self._relay_only = relay_only
        self._reveal_within_s = reveal_within_s
        self._reveal_deadline: asyncio.Task[None] | None = None
        self._ice_servers: tuple[IceServerLike, ...] = ()
        self._peer: CallPeer | None = None
        self._speech_kbps = SPEECH_OPUS_BITRATE // 1000
        self._ready = asyncio.Event()  # signals that arrive while media opens wait for it
        self._offer_taken = False
        self._signalling = asyncio.Lock()  # offer/answer and candidates apply in arrival order
        self._restoring = False
        self._closing: set[asyncio.Task[None]] = set()  # peers let go of, still closing

    @property
    def peer(self) -> CallPeer | None:
        return self._peer

    def open(self, ice_servers: Iterable[IceServerLike]) -> CallPeer:
        """Builds the call's first peer; signals that waited for it apply from now on."""
        self._ice_servers = tuple(ice_servers)
        self._peer = self._new_peer()
        self._ready.set()
        return self._peer

    def _new_peer(self) -> CallPeer:
        generation = self.generation

        def current() -> bool:
            return generation == self.generation

        events = self._events
        peer = CallPeer(
            self._ice_servers,
            on_remote_track=lambda track: events.remote_track(track) if current() else None,
            on_control=lambda message: events.control_received(message) if current() else None,
            on_connection_state=lambda state: (
                events.connection_state_changed(state) if current() else None
            ),
            relay_only=self._relay_only,
        )
        peer.set_speech_bitrate(self._speech_kbps)
        self._local.attach(peer)
        return peer

    # -- what the call asks of it ----------------------------------------------------------------

    def send(self, message: ControlMessage) -> None:
        """A control message to the customer over the current connection."""
        if self._peer is not None:
            self._peer.send(message)

    def set_speech_kbps(self, kbps: int) -> None:
        """Speech at `kbps` on this connection and every fresh one."""
        self._speech_kbps = kbps
        if self._peer is not None:
            self._peer.set_speech_bitrate(kbps)

    def set_video_line_kbps(self, kbps: float | None) -> None:
        """The line towards the customer is full at `kbps` (None: not known to be full)."""
        if self._peer is not None:
            self._peer.set_line_kbps(kbps)

    def set_video_probe_kbps(self, kbps: float | None, fill: bool = False) -> None:
        """A probe of the line sends `kbps` of video (None: no probe), padded with `fill`."""
        if self._peer is not None:
            self._peer.set_video_probe_kbps(kbps, fill)

    async def offer(self) -> None:
        """Offers the current peer (booked calls, and every fresh connection)."""
        assert self._peer is not None
        sdp = await self._peer.offer()
        code = self._code = OfferingCode(sdp)
        await self._send_signal(self._tagged({"kind": "offer", "sdp": sdp, **code.offer_fields()}))

    def _tagged(self, signal: dict[str, object]) -> dict[str, object]:
        """`signal` with the current connection's generation (absent for the first one)."""
        if self.generation:
            signal["generation"] = self.generation
        return signal

    def step_for(self, data: dict[str, object]) -> Step | None:
        """What an `offer`, `answer`, `reveal` or `candidate` signal asks for (None: nothing).

        The caller runs the step; a failure of the first connection's negotiation raises
        `CallConnectionError` or `PlatformError` (the call cannot go on), a fresh one's is logged
        and retried by the quality rule.
        """
        kind, sdp = data.get("kind"), data.get("sdp")
        generation = data.get("generation", 0)
        if generation != self.generation:
            log.info("ignored a %s of connection %r (now %d)", kind, generation, self.generation)
            return None
        if kind == "candidate" and isinstance(data.get("candidate"), str):
            mid, index = data.get("sdpMid"), data.get("sdpMLineIndex")
            return self._add_candidate(
                str(data["candidate"]),
                mid if isinstance(mid, str) else None,
                index if isinstance(index, int) else None,
            )
        step = self._negotiation_step(kind, sdp, data)
        if step is None:
            log.info("ignored a %r signal", str(kind)[:20])
        return step

    def _negotiation_step(self, kind: object, sdp: object, data: dict[str, object]) -> Step | None:
        """The step of this connection's offer, answer or reveal (by this side's role)."""
        offering = self._role == "offer" or self.generation > 0
        if kind == "offer" and not offering and isinstance(sdp, str) and not self._offer_taken:
            self._offer_taken = True
            return self._answer(sdp, data)
        if kind == "answer" and offering and isinstance(sdp, str):
            return self._accept_answer(sdp, data)
        if kind == "reveal" and not offering:
            return self._revealed(data)
        return None

    async def _answer(self, offer_sdp: str, offer: dict[str, object]) -> None:
        await self._ready.wait()
        assert self._peer is not None
        try:
            code = AnsweringCode(offer_sdp, offer)
        except CodeUnverifiedError as exc:
            self._unverified(exc)
            return
        async with self._signalling:
            sdp = await self._peer.answer(offer_sdp)
            self._code = code
        await self._send_signal({"kind": "answer", "sdp": sdp, **code.answer_fields(sdp)})
        self._reveal_deadline = asyncio.get_running_loop().create_task(self._await_reveal(code))

    async def _await_reveal(self, code: AnsweringCode) -> None:
        await asyncio.sleep(self._reveal_within_s)
        self._reveal_deadline = None
        if self._code is code and code.code is None:
            self._unverified(CodeUnverifiedError(f"no reveal within {self._reveal_within_s:.0f} s"))

    async def _accept_answer(self, answer_sdp: str, answer: dict[str, object]) -> None:
        await self._ready.wait()
        assert self._peer is not None
        generation, code = self.generation, self._code
        try:
            async with self._signalling:
                await self._peer.accept_answer(answer_sdp)
        except CallConnectionError as exc:
            if self.generation == 0:
                raise
            log.warning("fresh connection %d: %s", self.generation, exc)
            return
        if generation != self.generation or not isinstance(code, OfferingCode):
            return  # a fresh connection replaced this one meanwhile
        try:
            shown = code.answered(answer_sdp, answer)
        except CodeUnverifiedError as exc:
            self._unverified(exc)
            return
        await self._send_signal(self._tagged(code.reveal_fields()))
        self._publish_security_code(shown)

    async def _revealed(self, reveal: dict[str, object]) -> None:
        await self._ready.wait()
        async with self._signalling:
            code = self._code
        if not isinstance(code, AnsweringCode) or code.code is not None:
            log.info("ignored a reveal: no answer of this connection waits for one")
            return
        self._stop_reveal_deadline()
        try:
            shown = code.revealed(reveal)
        except CodeUnverifiedError as exc:
            self._unverified(exc)
            return
        self._publish_security_code(shown)

    async def _add_candidate(self, candidate: str, mid: str | None, index: int | None) -> None:
        await self._ready.wait()
        assert self._peer is not None
        async with self._signalling:
            await self._peer.add_remote_candidate(candidate, mid, index)

    def _publish_security_code(self, code: str) -> None:
        if code != self.security_code:
            self.security_code = code
            self._events.security_code_changed(code)

    def _unverified(self, problem: CodeUnverifiedError) -> None:
        log.warning("call %s, connection %d: %s", self.call_id, self.generation, problem)
        self._events.security_code_unverified(str(problem))

    # -- a fresh connection after a drop ----------------------------------------------------------

    async def restore(self) -> None:
        """Replaces the peer with a fresh one and offers it with the next generation.

        The camera and microphone stay open and move to the new peer (`CallPeer` relays them, so
        closing the old one does not stop them); the customer's side answers on a new connection
        of its own. Never raises: a failed offer is retried by the quality rule a few seconds
        later, within its grace period.
        """
        if self._peer is None or self._restoring:
            return
        self._restoring = True
        try:
            async with self._signalling:
                old = self._peer
                self.generation += 1
                log.info("call %s: fresh connection, generation %d", self.call_id, self.generation)
                await self._let_go(old)
                self._code = None
                self._stop_reveal_deadline()
                self._peer = self._new_peer()
                self._events.connection_replaced(self._peer)
            await self.offer()
        except (CallConnectionError, PlatformError) as exc:
            log.warning("fresh connection %d not offered: %s", self.generation, exc)
        finally:
            self._restoring = False

    def _stop_reveal_deadline(self) -> None:
        if self._reveal_deadline is not None:
            self._reveal_deadline.cancel()
            self._reveal_deadline = None

    async def close(self) -> None:
        """Closes the current peer; a peer still closing after PEER_CLOSE_WAIT_S is given up."""
        self._stop_reveal_deadline()
        if self._peer is not None:
            await self._let_go(self._peer)
        closing = list(self._closing)
        for task in closing:
            task.cancel()
        await asyncio.gather(*closing, return_exceptions=True)

    async def _let_go(self, peer: CallPeer) -> None:
        """Closes `peer`, waiting at most PEER_CLOSE_WAIT_S; the rest goes on in the background."""
        task = asyncio.get_running_loop().create_task(peer.close())
        self._closing.add(task)
        task.add_done_callback(self._closed)
        done, _ = await asyncio.wait({task}, timeout=PEER_CLOSE_WAIT_S)
        if not done:
            log.info("call %s: a connection let go of is still closing", self.call_id)

    def _closed(self, task: asyncio.Task[None]) -> None:
        self._closing.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("closing a connection failed: %r", task.exception())
