"""The simulated customer: rings an advisor and takes the call with a synthetic camera and tone.

    python -m platform_server.customer_bot --server URL [--advisor ID] --duration S --report FILE
        [--camera SPEC] [--demo]

Uses only the customer API (docs/platform-api.md): registers a customer, requests a live call from
the named (or the first online) advisor, and when accepted offers with aiortc (the app's own
`network.peer.CallPeer` in the offerer's role), keeps the call, and writes a JSON report from its
side. It needs no audio device: the microphone is a lavfi tone and remote audio is only counted.
Its camera stamps a frame number into every picture, so the other side can measure latency.

`--demo` loops for the embedded demo: whenever the advisor is online, it waits a few seconds and
rings (alias and age vary); after a decline or a missed ring it waits ~30 s; in a call it stays
until the advisor hangs up. It also makes one booking request on start. One log line per step.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import random
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiortc import MediaStreamTrack
from aiortc.mediastreams import MediaStreamError

from advisor_app.domain.models import (
    Call,
    CallRequest,
    CallRequestState,
    CallState,
    EndReason,
    IceServer,
)
from advisor_app.quality.policy import VideoLevel
from advisor_app.quality.video import REDUCED_KBPS, ShapedVideoTrack
from media.camera import CameraTrack, CameraUnavailable
from media.device_spec import parse_camera_spec
from media.microphone import MicrophoneTrack
from media.speaker import SpeakerPlayer
from network.control_channel import (
    AudioBitrate,
    CameraChanged,
    ChatLine,
    ControlMessage,
    Notice,
    VideoRequest,
)
from network.notices import english
from network.peer import CallConnectionError, CallPeer
from network.quality_report import OwnStatsReporter
from network.security_code import AnsweringCode, CodeUnverifiedError, OfferingCode
from platform_server.call_heartbeats import send_heartbeats
from platform_server.customer_api import (
    BotError,
    CustomerApi,
    PlatformUnavailableError,
    Signal,
)
from platform_server.wire import format_ts

log = logging.getLogger("customer_bot")

ALIASES = ("Anna", "Jonas", "Mia", "Lukas", "Sophie", "Felix", "Marie", "Paul", "Lea", "Max")
DEFAULT_CAMERA = "lavfi:testsrc2=size=640x480:rate=30"
TONE = "lavfi:sine=frequency=660:sample_rate=48000"
CONNECT_TIMEOUT_S = 15.0
REVEAL_WITHIN_S = 15.0  # after answering a fresh connection (docs: "Call security code")
# How long the hang-up report is retried while the platform cannot be reached (then the bot ends).
HANGUP_RETRY_S = 120.0
CHAT_LINE = "Hallo! Können Sie mich gut sehen und hören?"


class BotCall:
    """One call from the customer's side, offering with aiortc, with its report."""

    def __init__(self, api: CustomerApi, call_id: str, camera_spec: str, accepted_at: float):
        self.api = api
        self.call_id = call_id
        self.camera_spec = camera_spec
        self.accepted = accepted_at
        self.events: list[dict[str, Any]] = []
        self.samples: list[dict[str, Any]] = []
        self.chats: list[str] = []
        self.remote_camera: list[dict[str, Any]] = []
        self.notices: list[str] = []
        self.video_paused_by_advisor = False  # the advisor's `video_request`: the line is too slow
        self.video_frames = 0
        self.security_code: str | None = None
        self.ended_by_remote = asyncio.Event()
        self.connected = False
        self.camera: CameraTrack | None = None
        self.video: ShapedVideoTrack | None = None  # the camera's frames as sent
        self.microphone: MicrophoneTrack | None = None
        self.ice_servers: tuple[IceServer, ...] = ()
        self.generation = 0  # the advisor's fresh connections after a drop count up
        self.speech_kbps: int | None = None  # the advisor's `audio_bitrate`
        self.speaker = SpeakerPlayer("none")
        self.tasks: list[asyncio.Task[Any]] = []
        self.peer: CallPeer | None = None
        self.answer: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.code: OfferingCode | AnsweringCode | None = None  # the current connection's
        self.final: Call | None = None
        self.media_seen = False  # RTP from the advisor since the last heartbeat
        self.event("accepted", accepted_at)

    def event(self, name: str, at: float | None = None, **extra: Any) -> None:
        t = (time.monotonic() if at is None else at) - self.accepted
        self.events.append({"t": round(t, 3), "event": name, **extra})

    async def run(self, duration: float | None, self_test: bool) -> None:
        self.ice_servers = await self.api.ice_servers()
        self.tasks.append(
            asyncio.ensure_future(send_heartbeats(self.api.send, self.call_id, self._media_arrived))
        )
        self.peer = self._new_peer()
        await self._open_media()
        sdp = await self.peer.offer()
        code = self.code = OfferingCode(sdp)
        await self.api.signal(self.call_id, {"kind": "offer", "sdp": sdp, **code.offer_fields()})
        log.info("offer sent for %s", self.call_id)
        answer = await asyncio.wait_for(self.answer, CONNECT_TIMEOUT_S)
        answer_sdp = str(answer.get("sdp", ""))
        await self.peer.accept_answer(answer_sdp)
        self.security_code = code.answered(answer_sdp, answer)  # CodeUnverifiedError: take_call
        await self.api.signal(self.call_id, code.reveal_fields())
        await self.peer.wait_connected(CONNECT_TIMEOUT_S)
        self.connected = True
        self.event("connected")
        log.info("connected; security code %s", self.security_code)
        self.tasks.append(asyncio.ensure_future(self._sample()))
        if self_test:
            self.tasks.append(asyncio.ensure_future(self._self_test()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.ended_by_remote.wait(), duration)

    def _new_peer(self) -> CallPeer:
        """A peer for the current generation; a replaced one's late callbacks are ignored."""
        generation = self.generation

        def current() -> bool:
            return generation == self.generation

        peer = CallPeer(
            self.ice_servers,
            on_remote_track=lambda track: self._remote_track(track) if current() else None,
            on_control=lambda message: self._control(message) if current() else None,
        )
        if self.speech_kbps is not None:
            peer.set_speech_bitrate(self.speech_kbps)
        return peer

    async def _open_media(self) -> None:
        assert self.peer is not None
        try:
            camera = CameraTrack(parse_camera_spec(self.camera_spec), stamp_frame_numbers=True)
            await camera.start()
            self.camera = camera
            self.video = ShapedVideoTrack(camera)
        except CameraUnavailable as exc:
            log.warning("no camera (%s): audio only", exc)
        self.microphone = MicrophoneTrack(TONE)
        await self.microphone.start()
        self._attach_media(self.peer)
        self.tasks.append(asyncio.ensure_future(_stop_with(self.microphone)))

    def _attach_media(self, peer: CallPeer) -> None:
        sending_video = self.video is not None and not self.video_paused_by_advisor
        peer.set_video(self.video if sending_video else None)
        peer.set_audio(self.microphone)

    async def _reconnect(self, offer: dict[str, Any], generation: int) -> None:
        """The advisor offers a fresh connection (docs: "Reconnect"): answer it on a new peer."""
        old, self.generation = self.peer, generation
        log.info("fresh connection %d offered by the advisor", generation)
        self.event("reconnect_offered", generation=generation)
        if old is not None:
            await old.close()  # camera and microphone stay open: CallPeer relays them
        peer = self.peer = self._new_peer()
        self._attach_media(peer)
        self.security_code, self.code = None, None
        try:
            code = AnsweringCode(offer["sdp"], offer)
        except CodeUnverifiedError as exc:
            await self._unverified(exc)
            return
        try:
            sdp = await peer.answer(offer["sdp"])
            self.code = code
            await self.api.signal(
                self.call_id,
                {"kind": "answer", "sdp": sdp, "generation": generation, **code.answer_fields(sdp)},
            )
            self.tasks.append(asyncio.ensure_future(self._await_reveal(code)))
            await peer.wait_connected(CONNECT_TIMEOUT_S)
        except (CallConnectionError, BotError, ConnectionError) as exc:
            log.warning("fresh connection %d failed: %s", generation, exc)
            return
        if generation == self.generation:
            self.event("reconnected", generation=generation)
            log.info("fresh connection %d is up; security code %s", generation, self.security_code)

    async def _self_test(self) -> None:
        assert self.peer is not None
        await asyncio.sleep(1.0)
        self.peer.send(ChatLine(CHAT_LINE))
        self.event("chat_sent")
        if self.camera is None or self.video is None:
            return
        await asyncio.sleep(1.0)
        self.peer.set_video(None)
        self.camera.stop()
        self.peer.send(CameraChanged(on=False))
        self.event("camera_off")
        await asyncio.sleep(2.0)
        await self.camera.start()
        self.peer.set_video(self.video)
        self.peer.send(CameraChanged(on=True))
        self.event("camera_on")

    def _remote_track(self, track: MediaStreamTrack) -> None:
        if track.kind == "audio":
            self.tasks.append(asyncio.ensure_future(self.speaker.start(track)))
        else:
            self.tasks.append(asyncio.ensure_future(self._count_video(track)))

    async def _count_video(self, track: MediaStreamTrack) -> None:
        with contextlib.suppress(MediaStreamError):
            while True:
                await track.recv()
                if self.video_frames == 0:
                    self.event("first_remote_video_frame")
                self.video_frames += 1

    def _control(self, message: ControlMessage) -> None:
        match message:
            case ChatLine(text=text):
                self.chats.append(text)
                self.event("chat_received")
                log.info("chat from the advisor received")
            case CameraChanged(on=on):
                self.event("remote_camera_on" if on else "remote_camera_off")
                self.remote_camera.append({"t": self.events[-1]["t"], "on": on})
            case VideoRequest(on=on, reason=reason, max_kbps=max_kbps, fill=fill):
                if self.peer is not None:  # a probe's rate, or a cap, like the page's maxBitrate
                    probe = on and reason == "probe"
                    self.peer.set_video_probe_kbps(max_kbps if probe else None, probe and fill)
                    self.peer.set_video_cap(max_kbps if on and not probe else None)
                if self.video is not None:  # a browser, too, sends fewer pixels at a low rate
                    small = on and max_kbps is not None and max_kbps <= REDUCED_KBPS
                    self.video.set_level(VideoLevel.REDUCED if small else VideoLevel.FULL)
                self.tasks.append(asyncio.ensure_future(self._follow_video_request(on, reason)))
            case AudioBitrate(kbps=kbps):
                self.speech_kbps = kbps
                if self.peer is not None:
                    self.peer.set_speech_bitrate(kbps)
                self.event("speech_bitrate", kbps=kbps)
            case Notice(code=code):
                text = english(message) or code  # the report reads as the advisor's app words it
                self.notices.append(text)
                self.event("notice", text=text, code=code)
                log.info("notice from the advisor: %s", text)

    async def _follow_video_request(self, on: bool, reason: str) -> None:
        """Stops or resumes sending video as the advisor asks, like the customer page does."""
        if (
            self.peer is None
            or self.camera is None
            or self.video is None
            or on != self.video_paused_by_advisor
        ):
            return
        self.video_paused_by_advisor = not on
        self.event("video_resumed" if on else "video_paused", reason=reason)
        log.info("video %s at the advisor's request (%s)", "resumed" if on else "paused", reason)
        if on:
            await self.camera.start()
            self.peer.set_video(self.video)
        else:
            self.peer.set_video(None)
            self.camera.stop()

    async def _sample(self) -> None:
        assert self.peer is not None
        frames = 0
        peer = self.peer
        own_stats = OwnStatsReporter(peer.bandwidth)
        while True:
            await asyncio.sleep(1.0)
            if peer is not self.peer:  # a fresh connection: its own counters and estimates
                peer = self.peer
                own_stats = OwnStatsReporter(peer.bandwidth)
            sample = await peer.sample()
            self.media_seen = self.media_seen or sample.packets_received > 0
            peer.send(own_stats.report(sample, float(self.video_frames - frames)))
            if self.speaker.first_audio_at is not None and not any(
                e["event"] == "first_remote_audio" for e in self.events
            ):
                self.event("first_remote_audio", self.speaker.first_audio_at)
            self.samples.append(
                {
                    "t": round(time.monotonic() - self.accepted, 3),
                    "sent_kbps": {
                        "audio": sample.audio_sent_kbps,
                        "video": sample.video_sent_kbps,
                        "total": sample.sent_kbps,
                    },
                    "received_kbps": {
                        "audio": sample.audio_received_kbps,
                        "video": sample.video_received_kbps,
                        "total": sample.received_kbps,
                    },
                    "audio_packets_received": round(sample.audio_packets_received, 1),
                    "speech_ms_received": round(sample.speech_ms_received),
                    "loss": sample.loss,
                    "rtt_ms": sample.rtt_ms,
                    "fps_in": self.video_frames - frames,
                }
            )
            frames = self.video_frames

    async def _revealed(self, reveal: dict[str, Any]) -> None:
        """The advisor's nonce of the current fresh connection: check it, then show the code."""
        code = self.code
        if not isinstance(code, AnsweringCode) or code.code is not None:
            return
        try:
            self.security_code = code.revealed(reveal)
        except CodeUnverifiedError as exc:
            await self._unverified(exc)
            return
        log.info("connection %d: security code %s", self.generation, self.security_code)

    async def _await_reveal(self, code: AnsweringCode) -> None:
        """A relay that holds the reveal back must not leave the call without a code."""
        await asyncio.sleep(REVEAL_WITHIN_S)
        if self.code is code and code.code is None:
            await self._unverified(CodeUnverifiedError(f"no reveal within {REVEAL_WITHIN_S:.0f} s"))

    async def _unverified(self, problem: CodeUnverifiedError) -> None:
        """No valid code: the commitment was missing or broken. End the call as `unverified`."""
        log.warning("security code unverified: %s", problem)
        self.security_code = None
        self.event("security_code_unverified")
        await self.hang_up("unverified")
        self.ended_by_remote.set()  # the call is over: `run` returns

    def signal(self, data: dict[str, Any]) -> None:
        generation = data.get("generation", 0)
        if data.get("kind") == "offer" and isinstance(generation, int):
            if generation > self.generation and isinstance(data.get("sdp"), str):
                self.tasks.append(asyncio.ensure_future(self._reconnect(data, generation)))
            return
        if data.get("kind") == "answer" and generation == 0 and not self.answer.done():
            self.answer.set_result(data)
        elif data.get("kind") == "reveal" and generation == self.generation:
            self.tasks.append(asyncio.ensure_future(self._revealed(data)))
        elif data.get("kind") == "hangup":
            log.info("the advisor hung up")
            self.event("remote_hangup")
            self.ended_by_remote.set()

    def call_update(self, call: Call) -> None:
        if call.state is CallState.ENDED:
            self.final = call
            self.ended_by_remote.set()

    async def _media_arrived(self) -> bool:
        arrived, self.media_seen = self.media_seen, False
        return arrived

    async def hang_up(self, reason: str) -> None:
        """Ends the call now: the signal, then the report with the second it was decided,
        retried with backoff until the platform acknowledged it (idempotent on its side)."""
        at = self.api.platform_now()
        with contextlib.suppress(ConnectionError):
            await self.api.signal(
                self.call_id, {"kind": "hangup", "reason": reason, "at": format_ts(at)}
            )
        delay, deadline = 0.5, time.monotonic() + HANGUP_RETRY_S
        while True:
            try:
                self.final = await self.api.platform(
                    "hang-up", self.api.client.hangup_call, self.call_id, EndReason(reason), at
                )
                return
            except PlatformUnavailableError as exc:
                failure: Exception = exc
            except BotError as exc:  # the platform answered: retrying would change nothing
                log.warning("hang-up refused: %s", exc)
                return
            except (TimeoutError, OSError) as exc:
                failure = exc
            if time.monotonic() + delay > deadline:
                log.warning("hang-up not acknowledged within %.0f s: %s", HANGUP_RETRY_S, failure)
                return
            log.info("hang-up not acknowledged (%s); again in %.1f s", failure, delay)
            await asyncio.sleep(delay)
            delay = min(2 * delay, 8.0)

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.speaker.stop()
        if self.peer is not None:
            await self.peer.close()
        if self.camera is not None:
            self.camera.close()
        deadline = time.monotonic() + 3.0
        while (self.final is None or self.final.state is not CallState.ENDED) and (
            time.monotonic() < deadline
        ):
            with contextlib.suppress(BotError):
                self.final = await self.api.platform(
                    "the call", self.api.client.get_call, self.call_id
                )
            if self.final is not None and self.final.state is CallState.ENDED:
                break
            await asyncio.sleep(0.2)
        self.event("ended")

    def report(self, started_at: float, error: str | None) -> dict[str, Any]:
        final = self.final
        return {
            "role": "customer",
            "call_id": self.call_id,
            "started_at": started_at,
            "security_code": self.security_code,
            "generation": self.generation,
            "events": self.events,
            "samples": self.samples,
            "chat_received": self.chats,
            "remote_camera": self.remote_camera,
            "notices": self.notices,
            "counters": {
                "remote_video_frames": self.video_frames,
                "remote_audio_frames": self.speaker.frames_received,
            },
            "capture_times": _capture_times(self.camera),
            "ended": {
                "reason": final.end_reason if final is not None else None,
                "by": final.ended_by if final is not None else None,
                "billed_seconds": final.billed_seconds if final is not None else None,
            },
            "error": error,
        }


async def _stop_with(track: MicrophoneTrack) -> None:
    try:
        await asyncio.Event().wait()
    finally:
        track.stop()


def _capture_times(camera: CameraTrack | None) -> list[tuple[int, float]]:
    if camera is None:
        return []
    numbers = range(max(0, camera.frames_captured - 600), camera.frames_captured)
    times = ((n, camera.capture_time(n)) for n in numbers)
    return [(n, t) for n, t in times if t is not None]


async def pick_advisor(api: CustomerApi, wanted: str | None) -> dict[str, Any] | None:
    if wanted:
        advisor: dict[str, Any] = await api.request("GET", f"/advisors/{wanted}")
        return advisor
    advisors = (await api.request("GET", "/advisors"))["advisors"]
    return next((a for a in advisors if a["presence"] == "online"), None)


async def ring(api: CustomerApi, advisor_id: str) -> tuple[str | None, str, float]:
    """Requests a live call; returns (call_id or None, final request state, monotonic accept)."""
    alias, age = random.choice(ALIASES), random.randint(19, 78)  # noqa: S311 (not security)
    request = await api.request(
        "POST", "/call-requests", {"advisor_id": advisor_id, "alias": alias, "age": age}
    )
    log.info("ringing advisor %s as %s (%d), request %s", advisor_id, alias, age, request["id"])
    while True:
        event = await api.next_event(90.0)
        if isinstance(event, CallRequest) and event.id == request["id"]:
            if event.state is CallRequestState.ACCEPTED:
                log.info("accepted: call %s", event.call_id)
                return event.call_id, "accepted", time.monotonic()
            if event.state is not CallRequestState.RINGING:
                log.info("request %s", event.state)
                return None, str(event.state), time.monotonic()


async def take_call(
    api: CustomerApi,
    call_id: str,
    accepted_at: float,
    options: argparse.Namespace,
    duration: float | None,
) -> dict[str, Any]:
    started_at = time.time() - (time.monotonic() - accepted_at)
    call = BotCall(api, call_id, options.camera, accepted_at)
    router = asyncio.ensure_future(_route_events(api, call))
    error: str | None = None
    try:
        await call.run(duration, self_test=not options.no_self_test)
        if not call.ended_by_remote.is_set():
            log.info("duration reached: hanging up")
            await call.hang_up("hangup")
    except CodeUnverifiedError as exc:
        error = f"security code unverified: {exc}"
        log.warning("call ended: %s", error)
        call.event("security_code_unverified")
        await call.hang_up("unverified")
    except (CallConnectionError, BotError, TimeoutError) as exc:
        error = str(exc) or type(exc).__name__
        log.warning("call failed: %s", error)
        await call.hang_up("error")
    finally:
        router.cancel()
        await call.close()
    ended = call.report(started_at, error)
    log.info("call ended: %s", ended["ended"])
    return ended


async def _route_events(api: CustomerApi, call: BotCall) -> None:
    while True:
        event = await api.events.get()
        if isinstance(event, Signal) and event.call_id == call.call_id:
            call.signal(event.data)
        elif isinstance(event, Call) and event.id == call.call_id:
            call.call_update(event)


async def book_once(api: CustomerApi, advisor_id: str) -> None:
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    slots = [(tomorrow.replace(hour=h)).strftime("%Y-%m-%dT%H:%M:%SZ") for h in (9, 14)]
    try:
        booking = await api.request(
            "POST",
            "/bookings",
            {
                "advisor_id": advisor_id,
                "alias": random.choice(ALIASES),  # noqa: S311
                "age": random.randint(20, 70),  # noqa: S311
                "wished_slots": slots,
                "duration_minutes": 30,
                "request_text": "Ich möchte gern über meine berufliche Zukunft sprechen.",
            },
        )
        log.info("booking requested: %s", booking["id"])
    except BotError as exc:
        log.warning("booking failed: %s", exc)


async def run(options: argparse.Namespace) -> dict[str, Any]:
    api = CustomerApi(options.server)
    report: dict[str, Any] = {"role": "customer", "error": "stopped"}
    try:
        await api.register()
        await api.open_socket()
        if options.demo:
            await demo_loop(api, options)
        advisor = await pick_advisor(api, options.advisor)
        if advisor is None:
            raise BotError("no advisor is online")
        call_id, state, accepted_at = await ring(api, advisor["id"])
        if call_id is None:
            raise BotError(f"the call request was {state}")
        report = await take_call(api, call_id, accepted_at, options, options.duration)
    except (BotError, TimeoutError) as exc:
        log.error("customer bot: %s", exc or type(exc).__name__)
        report = {"role": "customer", "error": str(exc) or type(exc).__name__}
    finally:
        await api.close()
    return report


async def demo_loop(api: CustomerApi, options: argparse.Namespace) -> None:
    booked = False
    while True:
        try:
            advisor = await pick_advisor(api, options.advisor)
        except BotError as exc:
            log.warning("advisor list: %s", exc)
            advisor = None
        if advisor is None or advisor.get("presence") != "online":
            await asyncio.sleep(3.0)
            continue
        if not booked:
            booked = True
            await book_once(api, advisor["id"])
        await asyncio.sleep(random.uniform(6.0, 10.0))  # noqa: S311
        try:
            call_id, _state, accepted_at = await ring(api, advisor["id"])
        except (BotError, TimeoutError) as exc:
            log.info("could not ring: %s", exc)
            await asyncio.sleep(10.0)
            continue
        if call_id is None:
            await asyncio.sleep(30.0)
            continue
        await take_call(api, call_id, accepted_at, options, duration=None)
        await asyncio.sleep(10.0)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="customer_bot", description="A simulated customer who rings an advisor."
    )
    parser.add_argument("--server", required=True, metavar="URL")
    parser.add_argument("--advisor", metavar="ID", help="default: the first online advisor")
    parser.add_argument("--duration", type=float, default=30.0, metavar="S")
    parser.add_argument("--report", metavar="FILE")
    parser.add_argument("--camera", default=DEFAULT_CAMERA, metavar="SPEC")
    parser.add_argument("--demo", action="store_true", help="ring again and again (demo)")
    parser.add_argument("--no-self-test", action="store_true", help="no chat or camera off/on")
    return parser.parse_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="%(asctime)s customer-bot %(message)s"
    )
    for noisy in ("aioice", "aiortc"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        report = asyncio.run(run(options))
    except KeyboardInterrupt:
        return 130
    if options.report:
        Path(options.report).write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0 if report.get("error") is None and report.get("ended", {}).get("reason") else 1


if __name__ == "__main__":
    sys.exit(main())
