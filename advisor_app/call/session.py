"""One call on the engine loop: signalling, the peer, local and remote media, hang-up and billing.

`CallSession` implements `CallCommands` for the call window and reports through a `CallListener`.
It subscribes to the platform's signalling for its call, answers the customer's offer (live
calls) or offers itself (booked calls), tells the platform every 2 s whether the customer's media
arrives (`advisor_app.call.heartbeat`: the platform bills by it), plays the customer's audio,
converts video for display off the GUI thread, and ends the call on either side's hang-up, the
platform's end, a failure, or a connection that is not up within `CONNECT_TIMEOUT_S`. Its own
end goes to the platform with the second it was decided, through the gateway's outbox that keeps
sending it until the platform has it (`advisor_app.call.hangup_outbox`). When the line falls
silent mid-call the quality rule asks for a fresh connection (`restore_connection`,
`advisor_app.call.connection`): a new peer with the same camera and microphone. Every exit path
releases the camera, the microphone, the speaker, the tasks and the peer connection, then fetches
the platform's record of the call (billed seconds) and reports `call_ended`.

All methods run on the engine loop; REST calls run in worker threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from aiortc import MediaStreamTrack

from advisor_app.call.clock import SYSTEM_CLOCK, CallClock
from advisor_app.call.connection import Role
from advisor_app.call.hangup_outbox import HangupOutbox
from advisor_app.call.heartbeat import CallHeartbeat
from advisor_app.call.listener import CallListener, CallPhase, CallQuality
from advisor_app.call.media import CallMedia, LocalMedia, RemoteVideo
from advisor_app.call.parts import CallParts, QualityHooks
from advisor_app.call.routes import CallRoute
from advisor_app.call.state import (
    Accepted,
    CallEnd,
    CallStateMachine,
    CallStatus,
    CleanedUp,
    EndRequested,
    MediaConnected,
)
from advisor_app.domain.models import PLATFORM_REASONS, Call, CallState, EndReason, IceServer
from advisor_app.domain.server_clock import ServerClock
from advisor_app.domain.texts import N_
from advisor_app.platform_gateway import PlatformRequests
from advisor_app.quality.control import QualityControl, QualityObserver
from advisor_app.quality.record import RecordingObserver
from media.speaker import SpeakerPlayer
from network.api_client import PlatformClient
from network.control_channel import (
    CameraChanged,
    ChatLine,
    ControlMessage,
    MicrophoneChanged,
    Notice,
    PeerStatsReport,
    VideoRequest,
)
from network.errors import PlatformError
from network.notices import NoticeCode, english, sentence
from network.peer import CallConnectionError, CallPeer, PeerSample
from network.wire import format_timestamp

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 15.0
STATS_INTERVAL_S = 1.0
FINAL_RECORD_WAIT_S = 3.0  # the other side's REST hang-up may land a moment after its signal
# How long the end waits for the platform to acknowledge this side's hang-up before the window
# says it is not confirmed yet (the outbox goes on sending it).
REPORT_WAIT_S = 3.0


class CallPlatform(PlatformRequests, Protocol):
    """What a call needs of the platform (`advisor_app.platform_gateway.PlatformGateway`)."""

    async def send_signal(self, call_id: str, data: dict[str, object]) -> None: ...

    async def send_heartbeat(self, call_id: str, media: bool) -> None: ...

    async def check_link(self) -> bool: ...

    async def ice_servers(self) -> tuple[IceServer, ...]: ...

    @property
    def clock(self) -> ServerClock: ...

    @property
    def hangups(self) -> HangupOutbox: ...


@dataclass(frozen=True, slots=True)
class CallSample:
    """One second of figures: the peer's (kbit/s per kind, loss, rtt) and frames per second."""

    peer: PeerSample
    fps_in: float
    fps_out: float


@dataclass(slots=True)
class CallTimeline:
    """Moments of the call's milestones on its clock (None until they happen)."""

    accepted: float
    offer_received: float | None = None
    """The customer's first offer (live calls; the moment a browser's answering end starts)."""
    connected: float | None = None
    first_remote_video_frame: float | None = None
    first_remote_audio: float | None = None
    ended: float | None = None


class CallSession:
    """One call from accept to the platform's final record; implements `CallCommands`.

    Built before the call has an id (a live call's signals may come while the request is being
    accepted: `signal_received` and `call_updated` take them from the start); `start(call_id,
    route)` then runs it. Its connection and quality control come from ``parts``
    (`advisor_app.call.parts`), its media from ``media``. `advisor_app.call.service.CallService`
    is how calls are started.
    """

    def __init__(
        self,
        platform: CallPlatform,
        listener: CallListener,
        media: CallMedia,
        parts: CallParts,
        *,
        role: Role = "answer",
        connect_timeout_s: float = CONNECT_TIMEOUT_S,
        on_sample: Callable[[CallSample], None] | None = None,
        quality_observer: QualityObserver | None = None,
        clock: CallClock = SYSTEM_CLOCK,
    ) -> None:
        self._call_id: str | None = None
        self._clock = clock
        self.timeline = CallTimeline(accepted=clock.monotonic())
        self.security_code: str | None = None
        self.final_call: Call | None = None
        self._platform = platform
        self._listener = listener
        self._role = role
        self._connect_timeout_s = connect_timeout_s
        self._on_sample = on_sample
        self._quality_observer = quality_observer
        self._parts = parts
        self.quality: QualityControl | None = None
        self._quality_record: RecordingObserver | None = None
        self._state = CallStateMachine(self._status_changed)
        self._local = media.local
        self._speaker = media.speaker
        self._remote_video = media.remote_video
        self._connection = parts.connection(self._send_signal, self._local, self, role=role)
        self._route: CallRoute | None = None
        self._restoring = False  # a fresh connection is being set up (its link checked first)
        # The platform link's check, begun when the media fell silent (None: none pending).
        self._link_check: asyncio.Task[bool] | None = None
        self._heartbeat = CallHeartbeat(self._send_heartbeat, clock)
        self._decided_at: datetime | None = None  # when this side decided to end (platform clock)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._done = asyncio.get_running_loop().create_future()
        self._finishing = False

    # -- the call's course ------------------------------------------------------------------------

    @property
    def call_id(self) -> str:
        """The platform's id of the call (known from `start` on)."""
        if self._call_id is None:
            raise RuntimeError("the call has not started yet")
        return self._call_id

    @property
    def phase(self) -> CallPhase:
        return self._state.phase

    @property
    def speaker(self) -> SpeakerPlayer:
        return self._speaker

    @property
    def remote_video(self) -> RemoteVideo:
        return self._remote_video

    @property
    def local_media(self) -> LocalMedia:
        return self._local

    @property
    def peer(self) -> CallPeer | None:
        return self._connection.peer

    @property
    def decided_at(self) -> datetime | None:
        """When this side decided to end the call, on the platform's clock (None: it did not)."""
        return self._decided_at

    @property
    def heartbeats_sent(self) -> int:
        """Heartbeats that reached the platform's socket so far (the platform bills by them)."""
        return self._heartbeat.sent

    @property
    def generation(self) -> int:
        """Which connection of the call is current: 0 the first, +1 for each fresh one."""
        return self._connection.generation

    async def start(self, call_id: str, route: CallRoute) -> None:
        """Opens camera and microphone, builds the peer and offers if asked; `route` brings the
        call's signals (to `signal_received`) until the call is released.

        Never raises: a failure ends the call with a reason (see `wait_ended`).
        """
        self._call_id = self._connection.call_id = self._state.call_id = call_id
        self._route = route
        self._state.handle(Accepted())
        self._spawn(self._watch_connect_timeout())
        self._spawn(self._heartbeat.run())
        try:
            ice_servers = await self._platform.ice_servers()
        except PlatformError as exc:
            log.warning("no ICE servers from the platform (%s): host candidates only", exc)
            ice_servers = ()
        if self._state.ending:
            return
        await self._local.open()
        connection = self._connection
        connection.open(ice_servers)
        self._quality_record = RecordingObserver(
            self._platform, self.call_id, self._quality_observer
        )
        hooks = QualityHooks(
            notice=self._listener.notice,
            end_call=self._end_for_quality,
            observer=self._quality_record,
            restore_connection=self._restore_requested,
            check_link=self._media_fell_silent,
        )
        self.quality = self._parts.quality(connection, self._local, hooks)
        if self._role == "offer":
            await self._guard(connection.offer())

    async def wait_ended(self) -> Call | None:
        """Waits until the call ended and was cleaned up; the platform's record if fetched."""
        await asyncio.shield(self._done)
        return self.final_call

    # -- a fresh connection after a drop ----------------------------------------------------------

    def _media_fell_silent(self) -> None:
        """Nothing arrives any more: the platform link proves itself now (`check_link`: a ping,
        and a fresh socket at once if it stays unanswered), not when the fresh connection's
        offer is due 2 s later. After a move to another network the check and the new socket
        took 3 s of the 12 in which the call must be carried on, and the fresh connection was
        replaced by the next attempt just before it connected."""
        if self._state.ending or (self._link_check is not None and not self._link_check.done()):
            return
        check = asyncio.get_running_loop().create_task(self._platform.check_link())
        self._tasks.add(check)  # cancelled with the call's other tasks at its end
        check.add_done_callback(self._tasks.discard)
        self._link_check = check

    def _restore_requested(self) -> None:
        """The quality rule found the line silent: try a fresh connection (one at a time)."""
        if not self._restoring:
            self._spawn(self.restore_connection())

    async def restore_connection(self) -> None:
        """Replaces the connection with a fresh one (`CallConnection.restore`); never raises.

        The signalling socket proves itself first (`check_link`): what silenced the media (the
        computer moved to another network, a line that went down) may have killed the socket
        too, and an offer sent into a dead socket would be lost without a word.
        """
        if self._state.ending or self._restoring:
            return
        self._restoring = True
        check, self._link_check = self._link_check, None
        try:
            linked = await check if check is not None else await self._platform.check_link()
            if not linked:
                log.info("call %s: no working platform link yet; offering anyway", self.call_id)
            if not self._state.ending:
                await self._connection.restore()
        finally:
            self._restoring = False

    # -- ConnectionEvents ----------------------------------------------------------------------

    def security_code_changed(self, code: str) -> None:
        self.security_code = code
        self._listener.security_code_ready(code)

    def security_code_unverified(self, problem: str) -> None:
        """No valid code for this connection (`network.security_code`): say so, end the call."""
        log.warning("call %s: security code unverified (%s)", self._call_id, problem)
        self.security_code = None
        self._listener.security_code_unverified()
        text = sentence(NoticeCode.CODE_UNVERIFIED)
        self._listener.notice(text)
        self._end(EndReason.UNVERIFIED, "advisor", text)

    def connection_replaced(self, peer: CallPeer) -> None:
        if self.quality is not None:
            self.quality.meter.follow(peer.bandwidth, round_trip=peer.round_trip)
            self.quality.connection_replaced()

    async def _watch_connect_timeout(self) -> None:
        await self._clock.sleep(self._connect_timeout_s)
        if self._state.phase is CallPhase.CONNECTING:
            self._end(
                EndReason.ERROR,
                "advisor",
                N_(
                    "CallSession", "The connection could not be set up within {seconds} seconds."
                ).format(seconds=f"{self._connect_timeout_s:.0f}"),
            )

    async def _connected(self) -> None:
        self.timeline.connected = self._clock.monotonic()
        self._state.handle(MediaConnected())
        self._spawn(self._sample_stats())
        self._spawn(self._remote_video.watch_gaps(lambda: self._state.phase))

    async def _sample_stats(self) -> None:
        first = True  # the first sample has no interval yet: all zero, not a cut link
        while not self._state.ending:
            await self._clock.sleep(STATS_INTERVAL_S)
            peer = self._connection.peer
            if peer is None or self._state.ending:
                return
            peer_sample = await peer.sample()  # a fresh connection's first: all zero
            if peer_sample.packets_received > 0:
                self._heartbeat.media_arrived()
            if self.quality is not None and not first:
                await self.quality.step(peer_sample)
            first = False
            sample = CallSample(
                peer=peer_sample,
                fps_in=self._remote_video.take_fps(),
                fps_out=self._local.take_fps(),
            )
            self._note_first_audio()
            self._listener.quality_sampled(
                CallQuality(
                    sent_kbps=peer_sample.sent_kbps,
                    received_kbps=peer_sample.received_kbps,
                    loss=peer_sample.loss,
                    rtt_ms=peer_sample.rtt_ms,
                )
            )
            if self._on_sample is not None:
                self._on_sample(sample)

    def _note_first_audio(self) -> None:
        if self.timeline.first_remote_audio is None and self._speaker.first_audio_at is not None:
            self.timeline.first_remote_audio = self._speaker.first_audio_at

    # -- events from the peer and the platform ----------------------------------------------------

    def remote_track(self, track: MediaStreamTrack) -> None:
        if track.kind == "audio":
            self._spawn(self._speaker.start(track))
        else:
            self._spawn(self._remote_video.receive(track, self._first_remote_frame))

    def _first_remote_frame(self, at: float) -> None:
        self.timeline.first_remote_video_frame = at

    def control_received(self, message: ControlMessage) -> None:
        match message:
            case CameraChanged(on=on):
                self._remote_video.remote_says_camera(on)
            case ChatLine(text=text):
                self._listener.chat_received(text)
            case Notice():
                words = english(message)  # the other side's notice, in this app's own words
                if words is not None:
                    self._listener.notice(words)
            case MicrophoneChanged(on=on):
                log.info("customer microphone %s", "on" if on else "off")
            case VideoRequest(on=on, reason=reason):
                log.info("customer asks for video %s (%s)", "on" if on else "off", reason)
            case PeerStatsReport() if self.quality is not None:
                self.quality.peer_reported(message)

    def connection_state_changed(self, state: str) -> None:
        if state == "connected" and self._state.phase is CallPhase.CONNECTING:
            self._spawn(self._connected())
        elif state == "connected":
            log.info("call %s: connection %d is up", self._call_id, self.generation)
        elif state == "failed" and self._state.phase is CallPhase.IN_CALL:
            # Mid-call the quality rule decides: fresh connections within its grace period.
            log.info("call %s: connection %d failed", self._call_id, self.generation)
        elif state == "failed":
            self._end(
                EndReason.ERROR,
                "advisor",
                N_("CallSession", "The connection to the customer was lost."),
            )

    def signal_received(self, from_: str, data: dict[str, object]) -> None:
        """A signal of this call from the platform's socket (`CallRoute`)."""
        kind = data.get("kind")
        if kind == "offer" and self.timeline.offer_received is None:
            self.timeline.offer_received = self._clock.monotonic()
        if kind in ("offer", "answer", "reveal", "candidate"):
            step = self._connection.step_for(data)
            if step is not None:
                self._spawn(self._guard(step))
        elif kind == "hangup":
            by = from_ if from_ in ("advisor", "customer") else "customer"
            self._end(
                _end_reason(data.get("reason")), by, N_("CallSession", "The customer hung up.")
            )
        else:
            log.info("ignored a %r signal from %s", str(kind)[:20], from_)

    def call_updated(self, call: Call) -> None:
        """The platform's record of this call changed (`CallRoute`)."""
        if call.state is CallState.ENDED:
            self.final_call = call
            by = call.ended_by or "platform"
            reason = call.end_reason or EndReason.ERROR
            detail = (
                N_("CallSession", "The customer hung up.")
                if by == "customer"
                else N_("CallSession", "The platform ended the call.")
            )
            self._end(reason, by, detail)

    async def _guard(self, step: Coroutine[Any, Any, None]) -> None:
        """Runs a setup step; a failure ends the call with its readable reason."""
        try:
            await step
        except CallConnectionError as exc:
            self._end(EndReason.ERROR, "advisor", str(exc))
        except PlatformError as exc:
            self._end(
                EndReason.ERROR,
                "advisor",
                N_("CallSession", "Signalling failed: {error}").format(error=exc),
            )

    # -- CallCommands ------------------------------------------------------------------------------

    async def hang_up(self, reason: EndReason = EndReason.HANGUP) -> None:
        """Ends the call from this side and waits until it is cleaned up."""
        self._end(reason, "advisor", N_("CallSession", "You ended the call."))
        await self.wait_ended()

    async def set_microphone(self, on: bool) -> None:
        self._local.set_microphone(on)
        self._connection.send(MicrophoneChanged(on))

    async def set_camera(self, on: bool) -> None:
        if await self._local.set_camera(on):
            self._connection.send(CameraChanged(on))

    async def show_video_at(
        self, remote: tuple[int, int] | None, local: tuple[int, int] | None
    ) -> None:
        """The call window's views are this many pixels: frames are converted to fit them."""
        self._remote_video.show_at(remote)
        self._local.show_preview_at(local)

    async def hide_video(self) -> None:
        """No view shows the call's video (the window is minimized, or there is no screen):
        nothing is converted for one until `show_video_at`."""
        self._remote_video.hide()
        self._local.hide_preview()

    async def send_chat(self, text: str) -> None:
        if text.strip():
            self._connection.send(ChatLine(text))

    # -- ending ------------------------------------------------------------------------------------

    def _end_for_quality(self, detail: str, decided_at: float | None = None) -> None:
        """The line cannot carry the call: end with reason `bandwidth` (billing stops at the
        decision: `decided_at` in this computer's `time.time()` seconds, default now)."""
        decided = None if decided_at is None else self._platform.clock.server_time_of(decided_at)
        self._end(EndReason.BANDWIDTH, "advisor", detail, decided)

    def _end(
        self, reason: EndReason, by: str, detail: str, decided_at: datetime | None = None
    ) -> None:
        if self._state.handle(EndRequested(CallEnd(reason, by, detail))) and not self._finishing:
            self._finishing = True
            if by == "advisor":
                self._decided_at = decided_at or self._platform.clock.now_server()
            asyncio.get_running_loop().create_task(self._finish(), name=f"end {self._call_id}")

    async def _finish(self) -> None:
        end = self._state.status.end
        assert end is not None
        report: asyncio.Task[Call | None] | None = None
        try:
            started = self._call_id is not None  # a call ended while being accepted never ran
            if end.by == "advisor" and started:
                report = await self._tell_hangup(end.reason)
            await self._release()
            if started and (report is None or report.done()):
                await self._fetch_final_record()
        finally:
            self.timeline.ended = self._clock.monotonic()
            self._state.handle(CleanedUp())
            if report is not None and not report.done() and self._decided_at is not None:
                self._listener.end_unconfirmed(self._decided_at)
                report.add_done_callback(self._recorded_late)
            self._listener.call_ended(self.final_call, end.detail)
            if not self._done.done():
                self._done.set_result(None)

    async def _tell_hangup(self, reason: EndReason) -> asyncio.Task[Call | None] | None:
        """Tells the other side and the platform (the outbox's report, which goes on until the
        platform has it); waits a little for the platform's answer. None: nothing to report,
        the platform's own rule ends the call (the booked time)."""
        if reason in PLATFORM_REASONS:
            log.info("call %s: %s is the platform's to record", self.call_id, reason)
            return None
        decided = self._decided_at or self._platform.clock.now_server()
        at = format_timestamp(decided)
        with contextlib.suppress(PlatformError):
            await self._platform.send_signal(
                self.call_id, {"kind": "hangup", "reason": reason.value, "at": at}
            )
        report = self._platform.hangups.report(self.call_id, reason, decided)
        try:
            self.final_call = await asyncio.wait_for(asyncio.shield(report), REPORT_WAIT_S)
        except TimeoutError:
            log.warning("call %s: the platform has not acknowledged the hang-up yet", self.call_id)
        return report

    def _recorded_late(self, report: asyncio.Task[Call | None]) -> None:
        """The platform acknowledged the hang-up after the call window was told the end."""
        if report.cancelled() or report.exception() is not None:
            return
        call = report.result()
        if call is not None:
            self.final_call = call
            self._listener.call_recorded(call)

    async def _release(self) -> None:
        if self._route is not None:
            self._route.close()
            self._route = None
        current = asyncio.current_task()
        tasks = [task for task in self._tasks if task is not current]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self._speaker.stop()
        await self._connection.close()
        await self._local.close()
        self._remote_video.close()

    async def _fetch_final_record(self) -> None:
        deadline = self._clock.monotonic() + FINAL_RECORD_WAIT_S
        while self.final_call is None or self.final_call.state is not CallState.ENDED:
            try:
                self.final_call = await self._platform.request(
                    PlatformClient.get_call, self.call_id
                )
            except PlatformError as exc:
                log.warning("could not fetch the call's final record: %s", exc)
                return
            if self.final_call.state is CallState.ENDED or self._clock.monotonic() > deadline:
                return
            await self._clock.sleep(0.2)

    def _status_changed(self, status: CallStatus) -> None:
        self._listener.phase_changed(status.phase, status.end.detail if status.end else None)

    # -- helpers -----------------------------------------------------------------------------------

    async def _send_signal(self, data: dict[str, object]) -> None:
        await self._platform.send_signal(self.call_id, data)

    async def _send_heartbeat(self, media: bool) -> None:
        await self._platform.send_heartbeat(self.call_id, media)

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("call task failed", exc_info=task.exception())
            self._end(
                EndReason.ERROR, "advisor", N_("CallSession", "The call failed unexpectedly.")
            )


def _end_reason(value: object) -> EndReason:
    try:
        return EndReason(str(value))
    except ValueError:
        return EndReason.HANGUP
