"""Acting on the quality rule during one call, once a second on the engine loop.

`QualityControl` measures the line (`network.quality_meter`), asks the pure rule
(`advisor_app.quality_policy`) what to do, and does it:
- video level: the advisor's camera and video sender (`LocalMedia.set_quality_level`: OFF stops
  both, REDUCED sends fewer pixels and frames);
- the customer: `video_request` (stop or resume sending video) and `notice` lines over the
  `control` channel, so the browser stops its video too and both people read why;
- the advisor: a notice, and every decision with its figures to the `QualityObserver` (the call
  window's indicator, graph and countdown, or the headless report);
- the end: `end_call(detail)`, which the session turns into a hang-up with reason `bandwidth`
  through the platform, so billing stops at that second.

A probe (video on again, both ways, for a few seconds) is what the rule asks for when video is
off: with nothing but audio flowing there is no estimate to recover on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol

from advisor_app.domain.texts import N_
from advisor_app.quality_policy import (
    DecisionKind,
    LineReading,
    QualityDecision,
    QualityState,
    QualityThresholds,
    VideoLevel,
    decide,
)
from network.control_channel import ControlMessage, Notice, PeerStatsReport, VideoRequest
from network.peer import PeerSample
from network.quality_meter import LinkMeasurement, LinkMeter

log = logging.getLogger(__name__)

__all__ = ["QualityControl", "QualityObserver", "reading_from"]

VIDEO_REQUEST_REASON = "bandwidth"


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
        end_call: Callable[[str], None],
        observer: QualityObserver | None = None,
        *,
        limits: QualityThresholds | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._meter = meter
        self._video = video
        self._tell_peer = tell_peer
        self._notice = notice
        self._end_call = end_call
        self._observer = observer
        self.limits = limits or QualityThresholds()
        self._clock = clock
        self._state = QualityState()
        self.decisions: list[QualityDecision] = []

    @property
    def state(self) -> QualityState:
        return self._state

    def peer_reported(self, report: PeerStatsReport) -> None:
        """The customer's `stats` message."""
        self._meter.peer_reported(report)

    async def step(self, sample: PeerSample) -> tuple[QualityDecision, ...]:
        """Measures, decides and acts on one second; returns what was decided."""
        measurement = self._meter.measure(sample)
        reading = reading_from(measurement)
        if self._observer is not None:
            self._observer.line_measured(reading)
        before = self._state.sending_video
        self._state, decisions = decide(self._state, reading, self.limits)
        for decision in decisions:
            await self._apply(decision, before)
            before = decision.video
        return decisions

    async def _apply(self, decision: QualityDecision, before: VideoLevel) -> None:
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
        match decision.kind:
            case DecisionKind.VIDEO_OFF:
                self._tell_peer(VideoRequest(on=False, reason=VIDEO_REQUEST_REASON))
                self._tell_both(decision.reason)
            case DecisionKind.PROBE_FAILED:
                self._tell_peer(VideoRequest(on=False, reason=VIDEO_REQUEST_REASON))
            case DecisionKind.PROBE:
                self._tell_peer(VideoRequest(on=True, reason="probe"))
            case DecisionKind.VIDEO_ON:
                self._tell_peer(VideoRequest(on=True, reason=VIDEO_REQUEST_REASON))
                self._tell_both(decision.reason)
            case DecisionKind.DEGRADED:
                self._notice(decision.reason)
            case DecisionKind.COUNTDOWN:
                seconds = round(decision.countdown_s or self.limits.countdown_s)
                self._tell_both(
                    N_("CallQuality", "{reason} ({seconds} s)").format(
                        reason=decision.reason, seconds=seconds
                    )
                )
            case DecisionKind.RECONNECTING | DecisionKind.RECONNECTED:
                self._tell_both(decision.reason)
            case DecisionKind.COUNTDOWN_CANCELLED:
                self._tell_both(decision.reason)
            case DecisionKind.ENDED:
                self._tell_peer(Notice(decision.reason))
        if self._observer is not None:
            self._observer.quality_decided(decision)
        if decision.kind is DecisionKind.ENDED:
            self._end_call(decision.reason)

    def _tell_both(self, text: str) -> None:
        self._notice(text)
        self._tell_peer(Notice(text))


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
    )
