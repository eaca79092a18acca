"""Acting on the quality rule during one call, once a second on the engine loop.

`QualityControl` measures the line (`network.quality_meter`), asks the pure rule
(`advisor_app.quality.policy`) what to do, and does it:
- video level: the advisor's camera and video sender (`LocalMedia.set_quality_level`: OFF stops
  both, REDUCED sends fewer pixels and frames);
- the customer: `video_request` (stop or resume sending video) and `notice` lines over the
  `control` channel, so the browser stops its video too and both people read why;
- the advisor: a notice, and every decision with its figures to the `QualityObserver` (the call
  window's indicator, graph and countdown, or the headless report);
- speech: the Opus bitrate of both sides (`advisor_app.quality.speech`): our own sender through
  `set_speech_kbps`, the customer's through an `audio_bitrate` message;
- the video we send: where the meter finds the line towards the customer full, the encoder is
  held below it (`set_video_line_kbps`, `network.video_budget`), whatever aiortc estimates; a
  probe sends the video the rule asks for (`QualityDecision.probe_kbps`: a modest opening rate
  on a line last found slow, then enough to show 320 kbit/s), both ways
  (`set_video_probe_kbps`, and the `video_request`'s `max_kbps` for the customer's side);
- a silent line: `restore_connection()`, which the session answers with a fresh peer connection
  (aiortc has no ICE restart), tried again every few seconds within the grace period;
- the end: `end_call(detail, decided_at)`, which the session turns into a hang-up with reason
  `bandwidth` through the platform, reporting `decided_at` (the wall-clock second the rule
  decided), so billing stops at that second however long the report takes to get through.

A probe (video on again, both ways, for a few seconds) is what the rule asks for when video is
off: with nothing but audio flowing there is no estimate to recover on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from advisor_app.domain.texts import N_
from advisor_app.quality.policy import (
    DecisionKind,
    LineReading,
    QualityDecision,
    QualityState,
    QualityThresholds,
    VideoLevel,
    decide,
)
from advisor_app.quality.speech import SpeechLimits, SpeechState, decide_speech
from advisor_app.quality.video import video_cap_kbps
from network.control_channel import (
    AudioBitrate,
    ControlMessage,
    Notice,
    PeerStatsReport,
    VideoRequest,
)
from network.notices import NoticeCode, notice
from network.peer import PeerSample
from network.quality_meter import LinkMeasurement, LinkMeter

log = logging.getLogger(__name__)

__all__ = ["QualityControl", "QualityObserver", "reading_from"]

_WHY = "bandwidth"  # the `video_request` reason for the line's sake (a probe says "probe")
_SILENCE = "silence"  # the rule's countdown cause when nothing arrives (else "bandwidth")


class QualityObserver(Protocol):
    """Who shows the call's quality; called on the engine thread, must not block."""

    def line_measured(self, reading: LineReading) -> None:
        """One second of the line (the graph)."""

    def quality_decided(self, decision: QualityDecision) -> None:
        """A decision with its figures (indicator, banners, countdown, report)."""


class VideoSwitch(Protocol):
    async def set_quality_level(self, level: VideoLevel) -> None: ...


class QualityControl:
    """The quality rule of one call, with the means to act on it."""

    def __init__(  # noqa: PLR0917 (the call's parts it acts on, injected)
        self,
        meter: LinkMeter,
        video: VideoSwitch,
        tell_peer: Callable[[ControlMessage], object],
        notice: Callable[[str], None],
        end_call: Callable[[str, float], None],
        observer: QualityObserver | None = None,
        *,
        limits: QualityThresholds | None = None,
        speech_limits: SpeechLimits | None = None,
        restore_connection: Callable[[], None] = lambda: None,
        check_link: Callable[[], None] = lambda: None,
        set_speech_kbps: Callable[[int], None] = lambda _kbps: None,
        set_video_line_kbps: Callable[[float | None], None] = lambda _kbps: None,
        set_video_probe_kbps: Callable[[float | None, bool], None] = lambda _kbps, _fill: None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._meter = meter
        self._video = video
        self._tell_peer = tell_peer
        self._notice = notice
        self._end_call = end_call
        self._observer = observer
        self.limits = limits or QualityThresholds()
        self.speech_limits = speech_limits or SpeechLimits()
        self._restore_connection = restore_connection
        self._check_link = check_link
        self._set_speech_kbps = set_speech_kbps
        self._set_video_line_kbps = set_video_line_kbps
        self._set_video_probe_kbps = set_video_probe_kbps
        self._clock = clock
        self._wall_clock = wall_clock
        self._state = QualityState()
        self._speech = SpeechState()
        self.decisions: list[QualityDecision] = []

    @property
    def state(self) -> QualityState:
        return self._state

    @property
    def speech_kbps(self) -> int:
        """The speech bitrate both sides are asked to send (kbit/s)."""
        return self._speech.kbps

    def peer_reported(self, report: PeerStatsReport) -> None:
        """The customer's `stats` message."""
        self._meter.peer_reported(report)

    @property
    def meter(self) -> LinkMeter:
        """What measures the line (a fresh connection points it at itself with `follow`)."""
        return self._meter

    def connection_replaced(self) -> None:
        """A fresh connection is up: its other side hears the current speech bitrate again."""
        if self._speech.kbps != max(self.speech_limits.steps_kbps):
            self._tell_peer(AudioBitrate(self._speech.kbps))

    async def step(self, sample: PeerSample) -> tuple[QualityDecision, ...]:
        """Measures, decides and acts on one second; returns what was decided."""
        measurement = self._meter.measure(sample)
        # The video we send leaves room for speech on a line found full (`network.video_budget`):
        # the narrower direction's, for the way back is often the one that shows it first (our
        # own figures arrive at once, the customer's through the same full line), and video
        # needs both directions anyway.
        known = [
            d.ceiling_kbps for d in (measurement.up, measurement.down) if d.ceiling_kbps is not None
        ]
        self._set_video_line_kbps(min(known) if known else None)
        reading = reading_from(measurement)
        if self._observer is not None:
            self._observer.line_measured(reading)
        before = self._state.sending_video
        # What a notice's code depends on, as the rule stood before: whether video was paused
        # (video back, or full video again) and which countdown a cancel or an end belongs to.
        was = _Before(self._state.video is VideoLevel.OFF, self._state.countdown_cause)
        self._state, decisions = decide(self._state, reading, self.limits)
        was = _Before(was.paused, self._state.countdown_cause or was.cause)
        if not self._state.ended:
            # A probe's video is no sign that the line carries full speech: the decided level is.
            self._speech, speech = decide_speech(
                self._speech, reading, self._state.video, self.speech_limits
            )
            decisions = (*decisions, speech) if speech is not None else decisions
        for decision in decisions:
            await self._apply(decision, before, was)
            before = decision.video
        return decisions

    async def _apply(self, decision: QualityDecision, before: VideoLevel, was: _Before) -> None:
        self.decisions.append(decision)
        log.info(
            "quality: %s (video %s -> %s) %s",
            decision.kind,
            before.name,
            decision.video.name,
            decision.figures.as_dict(),
        )
        if decision.video is not before:
            await self._video.set_quality_level(decision.video)
        if decision.kind in _PROBING:
            self._set_video_probe_kbps(decision.probe_kbps, self._padded(decision))
        self._act(decision, was)
        if self._observer is not None:
            self._observer.quality_decided(decision)
        if decision.kind is DecisionKind.ENDED:
            decided_at = self._wall_clock() - (self._clock() - decision.at)
            self._end_call(decision.reason, decided_at)

    def _act(self, decision: QualityDecision, was: _Before) -> None:
        """What a decision asks of the customer's side, the people and the connection.

        The advisor reads the rule's sentence; the customer's side gets its code (`_coded`).
        """
        match decision.kind:
            case (
                DecisionKind.VIDEO_OFF
                | DecisionKind.PROBE_FAILED
                | DecisionKind.PROBE
                | DecisionKind.STEP_UP
                | DecisionKind.STEP_UP_FAILED  # a step-up comes and goes quietly, as HD does
            ):
                self._ask_customer_video(decision)
                if decision.kind is DecisionKind.VIDEO_OFF:
                    self._tell_both(decision.reason, notice(NoticeCode.VIDEO_PAUSED))
            case DecisionKind.VIDEO_ON:
                self._tell_peer(_video_request(decision))
                back = NoticeCode.VIDEO_BACK if was.paused else NoticeCode.FULL_VIDEO_AGAIN
                self._tell_both(decision.reason, notice(back))
            case DecisionKind.DEGRADED:
                self._tell_peer(_video_request(decision))
                self._notice(decision.reason)
            case DecisionKind.COUNTDOWN:
                seconds = round(decision.countdown_s or self.limits.countdown_s)
                ending = (
                    NoticeCode.ENDING_CONNECTION_LOST
                    if was.cause == _SILENCE
                    else NoticeCode.ENDING_TOO_SLOW
                )
                self._tell_both(
                    N_("CallQuality", "{reason} ({seconds} s)").format(
                        reason=decision.reason, seconds=seconds
                    ),
                    notice(ending, seconds=seconds),
                )
            case DecisionKind.RECONNECTING:
                self._check_link()  # a fresh connection's offer will need the platform link
                self._tell_both(decision.reason, notice(NoticeCode.CONNECTION_INTERRUPTED))
            case DecisionKind.RECONNECTED:
                self._tell_both(decision.reason, notice(NoticeCode.CONNECTION_BACK))
            case DecisionKind.COUNTDOWN_CANCELLED:
                back = (
                    NoticeCode.CONNECTION_BACK
                    if was.cause == _SILENCE
                    else NoticeCode.CONNECTION_RECOVERED
                )
                self._tell_both(decision.reason, notice(back))
            case DecisionKind.RESTORE:
                self._restore_connection()
            case DecisionKind.SPEECH_BITRATE if decision.speech_kbps is not None:
                self._set_speech_kbps(decision.speech_kbps)
                self._tell_peer(AudioBitrate(decision.speech_kbps))
            case DecisionKind.ENDED if was.cause == _SILENCE:
                lost_for = round(decision.figures.held_s)
                self._tell_peer(notice(NoticeCode.ENDED_CONNECTION_LOST, seconds=lost_for))
            case DecisionKind.ENDED:
                self._tell_peer(notice(NoticeCode.ENDED_TOO_SLOW))

    def _ask_customer_video(self, decision: QualityDecision) -> None:
        """The customer's video after video went off, during a probe or a step-up (padded to
        full video's rate) and after it. A probe's opening on a
        thin line goes one way, our own video only: whether the line is still thin shows on
        either, and the customer's video joining it flooded the other way too (its first
        second, a burst of up to 112 kbit/s on a 64 kbit/s line, cost the advisor's speech a
        second at each probe: the lab's thin line on the advisor's side). The customer's video
        comes with the full probe."""
        kbps = decision.probe_kbps if decision.kind is DecisionKind.PROBE else None
        if kbps is None or kbps >= self.limits.probe_kbps:
            self._tell_peer(_video_request(decision, fill=self._padded(decision)))

    def _padded(self, decision: QualityDecision) -> bool:
        """A full probe must show its rate, padded where the picture makes less; an opening on a
        thin line only has to stay clean, and padding would cost its speech."""
        if decision.kind is DecisionKind.STEP_UP:
            return True  # full video's rate, on a line that carried reduced video calmly
        kbps = decision.probe_kbps if decision.kind is DecisionKind.PROBE else None
        return kbps is not None and kbps >= self.limits.probe_kbps

    def _tell_both(self, text: str, coded: Notice) -> None:
        """The advisor reads `text`; the customer's side gets `coded`, in its own words."""
        self._notice(text)
        self._tell_peer(coded)


def _video_request(decision: QualityDecision, *, fill: bool = False) -> VideoRequest:
    """What video the customer's side sends after `decision`: a probe's (at its rate), none, or
    the call's level both ways (the reduced video's cap, or none: a browser's full picture does
    not always follow our estimate down into a dip; Firefox kept sending it into a 280 kbit/s
    line)."""
    if decision.kind in (DecisionKind.PROBE, DecisionKind.STEP_UP):
        kbps = None if decision.probe_kbps is None else round(decision.probe_kbps)
        return VideoRequest(on=True, reason="probe", max_kbps=kbps, fill=fill)
    if decision.video is VideoLevel.OFF:
        return VideoRequest(on=False, reason=_WHY)
    cap = video_cap_kbps(decision.video)
    return VideoRequest(on=True, reason=_WHY, max_kbps=None if cap is None else round(cap))


# Decisions that start, change or end what a probe or a step-up sends (video off ends a step-up).
_PROBING = (
    DecisionKind.PROBE,
    DecisionKind.PROBE_FAILED,
    DecisionKind.VIDEO_ON,
    DecisionKind.VIDEO_OFF,
    DecisionKind.STEP_UP,
    DecisionKind.STEP_UP_FAILED,
)


@dataclass(frozen=True, slots=True)
class _Before:
    paused: bool  # the rule had paused video
    cause: str | None  # the running countdown's cause


def reading_from(measurement: LinkMeasurement) -> LineReading:
    """The rule's view of one measurement."""
    up, down = measurement.up, measurement.down
    return LineReading(
        at=measurement.at,
        up_kbps=up.ceiling_kbps,
        down_kbps=down.ceiling_kbps,
        up_floor_kbps=up.floor_kbps,
        down_floor_kbps=down.floor_kbps,
        loss=max(up.loss, down.loss),
        rtt_ms=measurement.rtt_ms,
        received_kbps=measurement.received_kbps,
        queueing=measurement.queueing,
        up_saturated_kbps=up.saturated_kbps,
        down_saturated_kbps=down.saturated_kbps,
        up_loss=up.loss,
        down_loss=down.loss,
        up_video=up.video,
        down_video=down.video,
        up_delivered_kbps=up.delivered_kbps,
        down_delivered_kbps=down.delivered_kbps,
        down_speech_ms=measurement.speech_ms_received,
    )
