"""`advisor-app headless`: one call with no window, for support staff and automation.

Signs in, goes online, accepts the next ringing request, keeps the call for `--duration` seconds
(or until the customer hangs up), hangs up and writes a JSON report: milestones since the accept,
one sample a second, the security code and the platform's record of the call. The same engine
(`Engine`, `PlatformGateway`, `AdvisorDesk`, `CallService`) runs as in the desktop app, only the
listener differs.

Exit status: 0 after a call that connected and ended with a record of the platform, 1 otherwise
(the reason is printed to stderr and written to the report).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from advisor_app.call.listener import CallPhase, CallQuality
from advisor_app.call.media import MediaChoice
from advisor_app.call.service import CallService
from advisor_app.call.session import CallSample, CallSession
from advisor_app.credentials import CredentialStore
from advisor_app.desk import AdvisorDesk
from advisor_app.desk_listener import ConnectionState
from advisor_app.domain.frames import DisplayFrame
from advisor_app.domain.models import (
    Account,
    Booking,
    Call,
    CallRequest,
    CallRequestState,
    Presence,
)
from advisor_app.engine import Engine
from advisor_app.logging_setup import configure_logging
from advisor_app.platform_gateway import PlatformGateway
from advisor_app.quality.policy import LineReading, QualityDecision
from advisor_app.session import AdvisorSession
from network.api_client import PlatformClient
from network.errors import PlatformError

log = logging.getLogger("advisor_app.headless")

DEFAULT_CAMERA = "lavfi:testsrc2=size=640x480:rate=30"
DEFAULT_MICROPHONE = "lavfi:sine=frequency=440:sample_rate=48000"
SELF_TEST_CHAT = "Headless self-test: can you read this?"
# How long a finished call waits for its hang-up report to reach the platform before the exit.
HANG_UP_DELIVERY_S = 60.0
# `CallTimeline` moments written to the report as events (besides "accepted").
_TIMELINE_EVENTS = (
    "offer_received",
    "connected",
    "first_remote_video_frame",
    "first_remote_audio",
    "ended",
)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="advisor-app headless",
        description="Take one live call with no window and write a JSON report of it.",
    )
    parser.add_argument("--server", required=True, metavar="URL", help="the platform's address")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument(
        "--auto-accept", action="store_true", help="accept the next ringing request (required)"
    )
    parser.add_argument("--duration", type=float, default=30.0, metavar="S", help="call length")
    parser.add_argument("--report", required=True, type=Path, metavar="FILE")
    parser.add_argument(
        "--camera",
        default=DEFAULT_CAMERA,
        metavar="SPEC",
        help=f"FORMAT:INPUT as PyAV opens it, or 'none' (default: {DEFAULT_CAMERA})",
    )
    parser.add_argument(
        "--microphone",
        default=DEFAULT_MICROPHONE,
        metavar="SPEC",
        help="a sound device name or index, 'default', or lavfi:GRAPH "
        f"(default, as no device is assumed: {DEFAULT_MICROPHONE})",
    )
    parser.add_argument("--speaker", default="none", metavar="SPEC", help="default: none")
    parser.add_argument("--wait", type=float, default=120.0, metavar="S", help="wait for a ring")
    parser.add_argument("--ca-bundle", metavar="FILE")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="send a chat line and turn the camera off and on again during the call",
    )
    parser.add_argument(
        "--reconnect-at",
        type=float,
        metavar="S",
        help="S seconds into the call, replace the connection with a fresh one (as after a drop)",
    )
    parser.add_argument("--frame-markers", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser.parse_args(list(argv))


class CallReport:
    """Listens to the call and keeps what the JSON report needs (a `CallListener`)."""

    def __init__(self) -> None:
        self.started_at = time.time()
        self._accepted = time.monotonic()
        self._cpu_at_accept = time.process_time()
        self.events: list[dict[str, Any]] = []
        self.samples: list[dict[str, Any]] = []
        self.chats: list[str] = []
        self.remote_camera: list[dict[str, Any]] = []
        self.notices: list[str] = []
        self.line: list[dict[str, Any]] = []
        self.security_code: str | None = None
        self.final_call: Call | None = None
        self.end_detail: str | None = None
        self.connected = asyncio.Event()
        self.add_event("accepted", self._accepted)

    def t(self, at: float | None = None) -> float:
        return round((time.monotonic() if at is None else at) - self._accepted, 3)

    def add_event(self, event: str, at: float | None = None, **extra: Any) -> None:
        self.events.append({"t": self.t(at), "event": event, **extra})

    # CallListener
    def phase_changed(self, phase: CallPhase, reason: str | None) -> None:
        log.info("call phase %s%s", phase, f" ({reason})" if reason else "")
        if phase is CallPhase.IN_CALL:
            self.connected.set()

    def remote_video(self, frame: DisplayFrame) -> None:  # noqa: ARG002
        return None

    def local_video(self, frame: DisplayFrame) -> None:  # noqa: ARG002
        return None

    def remote_camera_changed(self, on: bool) -> None:
        self.remote_camera.append({"t": self.t(), "on": on})
        self.add_event("remote_camera_on" if on else "remote_camera_off")

    def security_code_ready(self, code: str) -> None:
        if self.security_code is not None and code != self.security_code:
            self.add_event("security_code_changed")  # a fresh connection, new certificates
        self.security_code = code

    def security_code_unverified(self) -> None:
        self.security_code = None
        self.add_event("security_code_unverified")

    def chat_received(self, text: str) -> None:
        self.chats.append(text)
        self.add_event("chat_received")

    def notice(self, text: str) -> None:
        log.warning("notice: %s", text)
        self.notices.append(text)

    def quality_sampled(self, quality: CallQuality) -> None:  # noqa: ARG002
        return None  # the richer `add_sample` is recorded instead

    def end_unconfirmed(self, decided_at: datetime) -> None:
        self.add_event("end_unconfirmed", decided_at=decided_at.isoformat())

    def call_ended(self, call: Call | None, reason: str) -> None:
        self.final_call = call
        self.end_detail = reason

    def call_recorded(self, call: Call) -> None:
        self.final_call = call
        self.add_event("end_recorded")

    # QualityObserver
    def line_measured(self, reading: LineReading) -> None:
        def kbps(value: float | None) -> float | None:
            return None if value is None else round(value, 1)

        self.line.append(
            {
                "t": self.t(reading.at),
                "up_kbps": kbps(reading.up_kbps),
                "down_kbps": kbps(reading.down_kbps),
                "up_floor_kbps": kbps(reading.up_floor_kbps),
                "down_floor_kbps": kbps(reading.down_floor_kbps),
                "loss": round(reading.loss, 4),
                "up_loss": None if reading.up_loss is None else round(reading.up_loss, 4),
                "down_loss": None if reading.down_loss is None else round(reading.down_loss, 4),
                "queueing": reading.queueing,
                "rtt_ms": kbps(reading.rtt_ms),
                "received_kbps": kbps(reading.received_kbps),
            }
        )

    def quality_decided(self, decision: QualityDecision) -> None:
        """Every decision of the quality rule is an event with its figures."""
        extra: dict[str, Any] = {
            "video": decision.video.name.lower(),
            "reason": decision.reason,
            **decision.figures.as_dict(),
        }
        if decision.countdown_s is not None:
            extra["countdown_s"] = round(decision.countdown_s, 1)
        if decision.probe_kbps is not None:
            extra["probe_kbps"] = round(decision.probe_kbps)
        self.add_event(str(decision.kind), decision.at, **extra)

    def add_sample(self, sample: CallSample) -> None:
        peer = sample.peer
        self.samples.append(
            {
                "t": self.t(),
                "sent_kbps": {
                    "audio": round(peer.audio_sent_kbps, 1),
                    "video": round(peer.video_sent_kbps, 1),
                    "total": round(peer.sent_kbps, 1),
                },
                "received_kbps": {
                    "audio": round(peer.audio_received_kbps, 1),
                    "video": round(peer.video_received_kbps, 1),
                    "total": round(peer.received_kbps, 1),
                },
                "audio_packets_received": round(peer.audio_packets_received, 1),
                "speech_ms_received": round(peer.speech_ms_received),
                "loss": round(peer.loss, 4),
                "rtt_ms": None if peer.rtt_ms is None else round(peer.rtt_ms, 1),
                "fps_in": sample.fps_in,
                "fps_out": sample.fps_out,
            }
        )

    def to_json(self, session: CallSession | None, error: str | None) -> dict[str, Any]:
        if session is not None:
            timeline = session.timeline
            for name in _TIMELINE_EVENTS:
                at = getattr(timeline, name)
                if at is not None:
                    self.add_event(name, at)
            self.events.sort(key=lambda event: float(event["t"]))
        call = self.final_call
        body: dict[str, Any] = {
            "role": "advisor",
            "call_id": session.call_id if session else None,
            "started_at": self.started_at,
            "security_code": self.security_code,
            "generation": session.generation if session else 0,
            "events": self.events,
            "samples": self.samples,
            "chat_received": self.chats,
            "remote_camera": self.remote_camera,
            "notices": self.notices,
            "line": self.line,
            "ended": {
                "reason": call.end_reason.value if call and call.end_reason else None,
                "by": call.ended_by if call else None,
                "billed_seconds": call.billed_seconds if call else None,
                "billed_until": _iso(call.billed_until) if call else None,
                # This side's decision to end, on the platform's clock (None: the other side's).
                "decided_at": _iso(session.decided_at) if session else None,
                "detail": self.end_detail,
            },
            "error": error,
        }
        if session is not None:
            wall = (session.timeline.ended or time.monotonic()) - self._accepted
            body["cpu"] = {
                "process_seconds": round(time.process_time() - self._cpu_at_accept, 3),
                "wall_seconds": round(wall, 3),
            }
            body["counters"] = {
                "remote_video_frames": session.remote_video.frames,
                "remote_audio_frames": session.speaker.frames_received,
            }
            if session.remote_video.marker_arrivals:
                body["marker_arrivals"] = list(session.remote_video.marker_arrivals)
            camera = session.local_media.camera
            captured = camera.capture_times() if camera is not None else []
            if captured:  # the advisor's stamped frames (--frame-markers), for latency
                body["capture_times"] = captured
        return body


class _DeskWatch:
    """The desk's listener in headless mode: logs, and wakes the waiter on a ringing request."""

    def __init__(self) -> None:
        self.ringing: asyncio.Queue[CallRequest] = asyncio.Queue()
        self._seen: set[str] = set()

    def signed_in(self, account: Account) -> None:
        log.info("signed in as %s", account.display_name or account.id)

    def signed_out(self, reason: str) -> None:
        log.warning("signed out: %s", reason)

    def connection_changed(self, state: ConnectionState, detail: str) -> None:
        log.info("platform link %s %s", state, detail)

    def presence_changed(self, presence: Presence) -> None:
        log.info("presence %s", presence)

    def call_requests_changed(self, requests: tuple[CallRequest, ...]) -> None:
        for request in requests:
            if request.state is CallRequestState.RINGING and request.id not in self._seen:
                self._seen.add(request.id)
                self.ringing.put_nowait(request)

    def bookings_changed(self, bookings: tuple[Booking, ...]) -> None:  # noqa: ARG002
        return None

    def clock_offset_changed(self, offset_seconds: float) -> None:  # noqa: ARG002
        return None

    def problem(self, message: str) -> None:
        log.warning("problem: %s", message)


async def run_call(args: argparse.Namespace) -> tuple[dict[str, Any], str | None]:
    """Signs in, takes one call, returns (report, error message or None)."""
    client = PlatformClient(args.server, ca_bundle=args.ca_bundle)
    session = AdvisorSession(client, CredentialStore(), args.server)
    watch = _DeskWatch()
    platform = PlatformGateway(session, client)
    desk = AdvisorDesk(session, platform, watch)
    report = CallReport()
    call: CallSession | None = None
    error: str | None = None
    try:
        await desk.sign_in(args.email, args.password, remember=False)
        await desk.set_presence(Presence.ONLINE)
        log.info("online; waiting up to %.0f s for a ringing request", args.wait)
        request = await asyncio.wait_for(watch.ringing.get(), args.wait)
        report = CallReport()
        media = MediaChoice(
            camera=None if args.camera == "none" else args.camera,
            microphone=args.microphone,
            speaker=args.speaker,
            read_frame_markers=args.frame_markers,
            stamp_frame_numbers=args.frame_markers,
        )
        live = await CallService(desk, platform).take_live(
            request.id, report, media, on_sample=report.add_sample, quality_observer=report
        )
        call = live.session
        await call.hide_video()  # no screen: no picture is converted for one
        log.info("accepted %s (%s, %d)", request.id, request.alias, request.age)
        await _keep_call(call, report, args)
        await _deliver_hang_up(platform)
        if call.final_call is None or not report.connected.is_set():
            error = f"The call did not complete: {report.end_detail or 'no connection'}"
    except TimeoutError:
        error = f"No call request arrived within {args.wait:.0f} seconds."
    except PlatformError as exc:
        error = str(exc)
    finally:
        if call is not None and call.phase is not CallPhase.ENDED:
            await call.hang_up()
            await _deliver_hang_up(platform)
        try:
            await desk.shutdown()
        except PlatformError as exc:
            log.info("could not leave the platform cleanly: %s", exc)
        client.close()
    return report.to_json(call, error), error


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


async def _deliver_hang_up(platform: PlatformGateway) -> None:
    """Before the process ends: the hang-up report still on its way gets time to arrive."""
    if not await platform.hangups.drain(HANG_UP_DELIVERY_S):
        log.warning(
            "the platform did not acknowledge the hang-up within %.0f s", HANG_UP_DELIVERY_S
        )
        platform.hangups.close()


async def _keep_call(call: CallSession, report: CallReport, args: argparse.Namespace) -> None:
    """Keeps the call `args.duration` seconds from the accept, or until it ends by itself."""
    deadline = time.monotonic() + args.duration
    if args.self_test:
        with _suppress_timeout():
            await asyncio.wait_for(report.connected.wait(), max(0.0, deadline - time.monotonic()))
        if report.connected.is_set():
            await _self_test(call, report, deadline)
    if args.reconnect_at is not None:
        with _suppress_timeout():
            await asyncio.wait_for(call.wait_ended(), args.reconnect_at)
        if call.phase is CallPhase.IN_CALL:
            report.add_event("reconnect_requested")
            await call.restore_connection()
    with _suppress_timeout():
        await asyncio.wait_for(call.wait_ended(), max(0.0, deadline - time.monotonic()))
    if call.phase is not CallPhase.ENDED:
        log.info("duration reached: hanging up")
        await call.hang_up()


async def _self_test(call: CallSession, report: CallReport, deadline: float) -> None:
    """Chat and camera off/on, so the other side's report can show they crossed over."""
    await asyncio.sleep(min(1.0, max(0.0, deadline - time.monotonic() - 3)))
    await call.send_chat(SELF_TEST_CHAT)
    report.add_event("chat_sent")
    # Camera off late enough that the other side has seen the picture first.
    if deadline - time.monotonic() > 6.0:
        await asyncio.sleep(2.0)
        await call.set_camera(False)
        report.add_event("camera_off")
        await asyncio.sleep(2.0)
        await call.set_camera(True)
        report.add_event("camera_on")


class _suppress_timeout:  # noqa: N801 (used like contextlib.suppress)
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> bool:
        return kind is not None and issubclass(kind, TimeoutError)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    configure_logging(verbose=args.verbose)
    if not args.auto_accept:
        print(
            "headless mode needs --auto-accept (it accepts the next ringing call)", file=sys.stderr
        )
        return 2
    engine = Engine("headless engine")
    engine.start()
    try:
        report, error = engine.submit(run_call(args)).result()
    finally:
        engine.stop()
    try:
        args.report.write_text(json.dumps(report, indent=2), encoding="utf-8")
    except OSError as exc:
        print(f"could not write the report to {args.report}: {exc}", file=sys.stderr)
        return 1
    if error is not None:
        print(f"advisor-app headless: {error}", file=sys.stderr)
        return 1
    ended = report["ended"]
    print(
        f"call ended ({ended['reason']}, by {ended['by']}), billed {ended['billed_seconds']} s; "
        f"security code {report['security_code']}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
