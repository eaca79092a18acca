"""One immutable view of a call for whoever shows it, computed from the call's events in one place.

What the call window shows of a call (its phase and end, the security code, the customer's tile,
the indicator's figures, the graph's newest reading, the banner, the countdown) is a `CallView`.
`next_view(view, event)` is the pure rule that turns a view and one of the call's events into the
next view; nothing else decides what is shown. `CallViewKeeper` is what a call reports to (it is
the session's `CallListener` and `QualityObserver`, and takes the booked-time guard's warnings):
it holds the view, logs each change `old -> new`, and hands every new view, and the frames and
chat lines (which are not state), to one `ViewListener`: the call window's one bridge.

Runs on the engine loop; the keeper's listener must not block.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from advisor_app.call.listener import CallPhase, CallQuality
from advisor_app.domain.frames import DisplayFrame
from advisor_app.domain.models import Call
from advisor_app.quality.policy import DecisionKind, LineReading, QualityDecision, VideoLevel

log = logging.getLogger(__name__)

NOTICE_SECONDS = 12.0  # how long a banner stays unless it says otherwise
BOOKED_WARNING_SECONDS = 30.0
COUNTDOWN_DEFAULT_S = 5.0


class CustomerTile(enum.StrEnum):
    """What stands where the customer's picture goes."""

    WAITING = "waiting"  # no picture yet (the phase says why)
    VIDEO = "video"  # their picture
    CAMERA_OFF = "camera_off"  # they turned their camera off (or it froze): audio only
    PAUSED = "paused"  # the line is too slow for video: paused on both sides
    RECONNECTING = "reconnecting"  # the connection is being restored


@dataclass(frozen=True, slots=True)
class Banner:
    """A line over the call: a core text (`N_`, translated where shown), or a booked call's end
    warning (`minutes_left` before `ends_at`, worded in the advisor's zone where shown)."""

    text: str
    seconds: float  # 0: it stays until another banner replaces it
    serial: int  # a banner shown again is a new banner
    minutes_left: int | None = None
    ends_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Countdown:
    """The last seconds before the line ends the call."""

    reason: str
    seconds: float
    serial: int


@dataclass(frozen=True, slots=True)
class CallEnding:
    """The end as far as it is known: why, and the platform's record once it came."""

    detail: str
    record: Call | None = None
    final: bool = False  # the platform's record was asked for (it may still be None)
    # The second this side decided to end, while the platform has not acknowledged the hang-up
    # (the app goes on telling it; the bill stops there). None once it did, or when not ours.
    unconfirmed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CallView:
    """Everything shown of one call at one moment."""

    phase: CallPhase = CallPhase.CONNECTING
    ending: CallEnding | None = None
    security_code: str | None = None
    security_code_renewed: bool = False  # a fresh connection brought a new code: read it again
    security_code_unverified: bool = False  # a broken commitment: no code is valid, the call ends
    customer_camera: bool | None = None  # None until their picture came or they said it is off
    paused_for_line: bool = False
    reconnecting: bool = False
    figures: CallQuality | None = None  # the indicator
    reading: LineReading | None = None  # the graph's newest second
    banner: Banner | None = None
    countdown: Countdown | None = None
    serial: int = 0  # numbers banners and countdowns

    @property
    def customer_tile(self) -> CustomerTile:
        """One rule for the customer's tile: the line's reasons first, then their camera."""
        if self.reconnecting:
            return CustomerTile.RECONNECTING
        if self.paused_for_line:
            return CustomerTile.PAUSED
        if self.customer_camera is None:
            return CustomerTile.WAITING
        return CustomerTile.VIDEO if self.customer_camera else CustomerTile.CAMERA_OFF

    @property
    def audio_only(self) -> bool:
        """Video paused for the line (the indicator's note)."""
        return self.paused_for_line


# Events: what a call reports, as values ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PhaseChanged:
    phase: CallPhase
    reason: str | None


@dataclass(frozen=True, slots=True)
class CustomerCameraChanged:
    on: bool


@dataclass(frozen=True, slots=True)
class SecurityCodeReady:
    code: str


@dataclass(frozen=True, slots=True)
class SecurityCodeUnverified:
    pass


@dataclass(frozen=True, slots=True)
class NoticeArrived:
    text: str


@dataclass(frozen=True, slots=True)
class Sampled:
    quality: CallQuality


@dataclass(frozen=True, slots=True)
class LineMeasured:
    reading: LineReading


@dataclass(frozen=True, slots=True)
class QualityDecided:
    decision: QualityDecision


@dataclass(frozen=True, slots=True)
class BookedEndNear:
    minutes: int
    ends_at: datetime | None


@dataclass(frozen=True, slots=True)
class CallEnded:
    record: Call | None
    detail: str


@dataclass(frozen=True, slots=True)
class EndUnconfirmed:
    decided_at: datetime


@dataclass(frozen=True, slots=True)
class CallRecorded:
    record: Call


ViewEvent = (
    PhaseChanged
    | CustomerCameraChanged
    | SecurityCodeReady
    | SecurityCodeUnverified
    | NoticeArrived
    | Sampled
    | LineMeasured
    | QualityDecided
    | BookedEndNear
    | CallEnded
    | EndUnconfirmed
    | CallRecorded
)

# What the quality rule's decisions put in the banner; seconds 0 stays until replaced.
_DECISION_BANNERS = {
    DecisionKind.VIDEO_OFF: 0.0,
    DecisionKind.DEGRADED: NOTICE_SECONDS,
    DecisionKind.RECONNECTING: 0.0,
    DecisionKind.RECONNECTED: NOTICE_SECONDS,
    DecisionKind.COUNTDOWN_CANCELLED: NOTICE_SECONDS,
}


def next_view(view: CallView, event: ViewEvent) -> CallView:
    """The view after `event` (pure)."""
    replace = dataclasses.replace
    match event:
        case PhaseChanged(phase=phase, reason=reason):
            ending = view.ending
            if reason is not None and phase in (CallPhase.ENDING, CallPhase.ENDED):
                ending = ending or CallEnding(reason)
            view = replace(view, phase=phase, ending=ending)
        case CallEnded(record=record, detail=detail):
            unconfirmed = view.ending.unconfirmed_at if view.ending else None
            ending = CallEnding(detail, record, final=True, unconfirmed_at=unconfirmed)
            # Over is over: no countdown or line banner stays on top of the summary.
            view = replace(view, phase=CallPhase.ENDED, ending=ending, countdown=None, banner=None)
        case EndUnconfirmed(decided_at=decided_at):
            ending = replace(view.ending or CallEnding(""), unconfirmed_at=decided_at)
            view = replace(view, ending=ending)
        case CallRecorded(record=record):
            ending = replace(view.ending or CallEnding(""), record=record, unconfirmed_at=None)
            view = replace(view, ending=ending)
        case CustomerCameraChanged(on=on):
            view = replace(view, customer_camera=on)
        case SecurityCodeReady() | SecurityCodeUnverified():
            view = _with_code(view, event)
        case NoticeArrived(text=text):
            view = _with_banner(view, text, NOTICE_SECONDS)
        case Sampled(quality=quality):
            view = replace(view, figures=quality)
        case LineMeasured(reading=reading):
            view = replace(view, reading=reading)
        case BookedEndNear(minutes=minutes, ends_at=ends_at):
            serial = view.serial + 1
            banner = Banner("", BOOKED_WARNING_SECONDS, serial, minutes, ends_at)
            view = replace(view, banner=banner, serial=serial)
        case QualityDecided(decision=decision):
            view = _decided(view, decision)
    return view


def _decided(view: CallView, decision: QualityDecision) -> CallView:
    replace = dataclasses.replace
    kind = decision.kind
    if kind is DecisionKind.VIDEO_OFF:
        view = replace(view, paused_for_line=True)
    elif kind is DecisionKind.VIDEO_ON and decision.video is not VideoLevel.OFF:
        view = _with_banner(replace(view, paused_for_line=False), decision.reason, NOTICE_SECONDS)
    elif kind is DecisionKind.RECONNECTING:
        view = replace(view, reconnecting=True)
    elif kind is DecisionKind.RECONNECTED:
        view = replace(view, reconnecting=False)
    elif kind is DecisionKind.COUNTDOWN:
        serial = view.serial + 1
        left = decision.countdown_s or COUNTDOWN_DEFAULT_S
        view = replace(view, countdown=Countdown(decision.reason, left, serial), serial=serial)
    elif kind in (DecisionKind.COUNTDOWN_CANCELLED, DecisionKind.ENDED):
        view = replace(view, countdown=None)
    shown_for = _DECISION_BANNERS.get(kind)
    if shown_for is not None:
        view = _with_banner(view, decision.reason, shown_for)
    return view


def _with_code(view: CallView, event: SecurityCodeReady | SecurityCodeUnverified) -> CallView:
    """A connection's code to read out, or none valid (a broken commitment: the call ends)."""
    if isinstance(event, SecurityCodeUnverified):
        return dataclasses.replace(
            view, security_code=None, security_code_renewed=False, security_code_unverified=True
        )
    renewed = view.security_code is not None and event.code != view.security_code
    return dataclasses.replace(view, security_code=event.code, security_code_renewed=renewed)


def _with_banner(view: CallView, text: str, seconds: float) -> CallView:
    serial = view.serial + 1
    return dataclasses.replace(view, banner=Banner(text, seconds, serial), serial=serial)


def describe(view: CallView) -> str:
    """The view in a log line: state only (no figures, no names, no code)."""
    parts = [str(view.phase), f"tile {view.customer_tile}"]
    if view.banner is not None:
        parts.append(f"banner {view.banner.text or f'{view.banner.minutes_left} min left'!r}")
    if view.countdown is not None:
        parts.append(f"countdown {view.countdown.seconds:.0f} s")
    if view.security_code is not None:
        parts.append("code renewed" if view.security_code_renewed else "code shown")
    if view.security_code_unverified:
        parts.append("code unverified")
    if view.ending is not None and view.ending.final:
        parts.append("ended")
    if view.ending is not None and view.ending.unconfirmed_at is not None:
        parts.append("end not yet confirmed by the platform")
    elif view.ending is not None and view.ending.final and view.ending.record is not None:
        parts.append(f"{view.ending.record.billed_seconds} s billed")
    return ", ".join(parts)


class ViewListener(Protocol):
    """Who shows a call: its view after every change, its frames and chat lines (engine thread)."""

    def view_changed(self, view: CallView) -> None: ...

    def remote_video(self, frame: DisplayFrame) -> None: ...

    def local_video(self, frame: DisplayFrame) -> None: ...

    def chat_received(self, text: str) -> None: ...


class CallViewKeeper:
    """A call's `CallListener` and `QualityObserver`: keeps the view and reports its changes."""

    def __init__(self, listener: ViewListener, *, call: str = "") -> None:
        self._listener = listener
        self._call = call  # for the log only
        self._view = CallView()

    @property
    def view(self) -> CallView:
        return self._view

    def handle(self, event: ViewEvent) -> None:
        old = self._view
        new = next_view(old, event)
        if new == old:
            return
        self._view = new
        before, after = describe(old), describe(new)
        if before != after:
            log.info("call view%s: %s -> %s", self._call, before, after)
        self._listener.view_changed(new)

    # CallListener
    def phase_changed(self, phase: CallPhase, reason: str | None) -> None:
        self.handle(PhaseChanged(phase, reason))

    def remote_video(self, frame: DisplayFrame) -> None:
        self._listener.remote_video(frame)

    def local_video(self, frame: DisplayFrame) -> None:
        self._listener.local_video(frame)

    def remote_camera_changed(self, on: bool) -> None:
        self.handle(CustomerCameraChanged(on))

    def security_code_ready(self, code: str) -> None:
        self.handle(SecurityCodeReady(code))

    def security_code_unverified(self) -> None:
        self.handle(SecurityCodeUnverified())

    def chat_received(self, text: str) -> None:
        self._listener.chat_received(text)

    def notice(self, text: str) -> None:
        self.handle(NoticeArrived(text))

    def quality_sampled(self, quality: CallQuality) -> None:
        self.handle(Sampled(quality))

    def end_unconfirmed(self, decided_at: datetime) -> None:
        self.handle(EndUnconfirmed(decided_at))

    def call_ended(self, call: Call | None, reason: str) -> None:
        self.handle(CallEnded(call, reason))

    def call_recorded(self, call: Call) -> None:
        self.handle(CallRecorded(call))

    # QualityObserver
    def line_measured(self, reading: LineReading) -> None:
        self.handle(LineMeasured(reading))

    def quality_decided(self, decision: QualityDecision) -> None:
        self.handle(QualityDecided(decision))

    # The booked-time guard
    def booked_end_near(self, minutes: int, ends_at: datetime | None = None) -> None:
        self.handle(BookedEndNear(minutes, ends_at))
