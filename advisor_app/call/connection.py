"""The call's connection to the customer: the current peer, its signalling, fresh ones after a drop.

`CallConnection` owns the `CallPeer` of the current *generation* (docs/platform-api.md,
"Reconnect"). It answers the customer's offer (live calls) or offers itself (booked calls),
applies answers and trickled candidates in arrival order, and ignores signals of an older
generation. `restore()` replaces the peer with a fresh one that carries the same camera and
microphone and offers it with the next generation: aiortc has no ICE restart, so this is how a
call survives a changed network or a path that stopped working. Callbacks of a replaced peer are
dropped, so a closed connection's late events change nothing.

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
from network.speech_opus import SPEECH_OPUS_BITRATE

log = logging.getLogger(__name__)

__all__ = ["CallConnection", "ConnectionEvents", "Role"]

Role = Literal["answer", "offer"]
Step = Coroutine[Any, Any, None]

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
    ) -> None:
        self.call_id = call_id
        self.generation = 0
        """Which connection of the call is current: 0 the first, +1 for each fresh one."""
        self.security_code: str | None = None
        self._send_signal = send_signal
        self._local = local
        self._events = events
        self._role = role
        self._relay_only = relay_only
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

    def set_video_probe_kbps(self, kbps: float | None) -> None:
        """A probe of the line sends `kbps` of video (None: no probe)."""
        if self._peer is not None:
            self._peer.set_video_probe_kbps(kbps)

    async def offer(self) -> None:
        """Offers the current peer (booked calls, and every fresh connection)."""
        assert self._peer is not None
        sdp = await self._peer.offer()
        signal: dict[str, object] = {"kind": "offer", "sdp": sdp}
        if self.generation:
            signal["generation"] = self.generation
        await self._send_signal(signal)

    def step_for(self, data: dict[str, object]) -> Step | None:
        """What an `offer`, `answer` or `candidate` signal asks for (None: nothing to do).

        The caller runs the step; a failure of the first connection's negotiation raises
        `CallConnectionError` or `PlatformError` (the call cannot go on), a fresh one's is logged
        and retried by the quality rule.
        """
        kind, sdp = data.get("kind"), data.get("sdp")
        generation = data.get("generation", 0)
        if generation != self.generation:
            log.info("ignored a %s of connection %r (now %d)", kind, generation, self.generation)
            return None
        offering = self._role == "offer" or self.generation > 0
        if kind == "offer" and not offering and isinstance(sdp, str):
            if self._offer_taken:
                log.info("ignored a repeated offer")
                return None
            self._offer_taken = True
            return self._answer(sdp)
        if kind == "answer" and offering and isinstance(sdp, str):
            return self._accept_answer(sdp)
        if kind == "candidate" and isinstance(data.get("candidate"), str):
            mid, index = data.get("sdpMid"), data.get("sdpMLineIndex")
            return self._add_candidate(
                str(data["candidate"]),
                mid if isinstance(mid, str) else None,
                index if isinstance(index, int) else None,
            )
        log.info("ignored a %r signal", str(kind)[:20])
        return None

    async def _answer(self, offer_sdp: str) -> None:
        await self._ready.wait()
        assert self._peer is not None
        async with self._signalling:
            sdp = await self._peer.answer(offer_sdp)
        await self._send_signal({"kind": "answer", "sdp": sdp})
        self._publish_security_code()

    async def _accept_answer(self, answer_sdp: str) -> None:
        await self._ready.wait()
        assert self._peer is not None
        try:
            async with self._signalling:
                await self._peer.accept_answer(answer_sdp)
        except CallConnectionError as exc:
            if self.generation == 0:
                raise
            log.warning("fresh connection %d: %s", self.generation, exc)
            return
        self._publish_security_code()

    async def _add_candidate(self, candidate: str, mid: str | None, index: int | None) -> None:
        await self._ready.wait()
        assert self._peer is not None
        async with self._signalling:
            await self._peer.add_remote_candidate(candidate, mid, index)

    def _publish_security_code(self) -> None:
        code = self._peer.security_code if self._peer else None
        if code is not None and code != self.security_code:
            self.security_code = code
            self._events.security_code_changed(code)

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
                self._peer = self._new_peer()
                self._events.connection_replaced(self._peer)
            await self.offer()
        except (CallConnectionError, PlatformError) as exc:
            log.warning("fresh connection %d not offered: %s", self.generation, exc)
        finally:
            self._restoring = False

    async def close(self) -> None:
        """Closes the current peer; a peer still closing after PEER_CLOSE_WAIT_S is given up."""
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
