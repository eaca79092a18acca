"""The quality control loop itself, second by second on a fake clock: measure, decide, act.

Not only the pure rule: `QualityControl.step` with the real `LinkMeter`, `RembObserver` and
`RoundTripObserver`-free meter on a fake clock, fed by a small model of a line (what each side
offers at the level the control asked for, what a line of a given capacity lets through, the
queue and loss a full one shows, the REMB an estimator sends back, the customer's `stats`).
What the control *does* is recorded: the video level it sets, the messages to the customer, the
notices, the speech bitrate, the video budget's line figure, fresh connections and the end with
its decided second.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import pytest
from aiortc.rtp import RTCP_PSFB_APP, RtcpPsfbPacket, pack_remb_fci

from advisor_app.quality.control import QualityControl
from advisor_app.quality.policy import (
    DecisionKind,
    LineReading,
    QualityDecision,
    QualityThresholds,
    VideoLevel,
)
from network.bandwidth import RembObserver
from network.control_channel import ControlMessage, PeerStatsReport, VideoRequest
from network.peer import PeerSample
from network.quality_meter import LinkMeter

LIMITS = QualityThresholds()
WALL_OFFSET = 1_800_000_000.0  # the fake wall clock is the fake monotonic one plus this
VIDEO_KBPS = {VideoLevel.FULL: 1200.0, VideoLevel.REDUCED: 280.0}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def wall(self) -> float:
        return self.now + WALL_OFFSET


def remb(kbps: float) -> RtcpPsfbPacket:
    return RtcpPsfbPacket(
        fmt=RTCP_PSFB_APP, ssrc=1, media_ssrc=0, fci=pack_remb_fci(int(kbps * 1000), [7])
    )


@dataclass
class Direction:
    """One direction of the line in one second: offered, let through, lost, queued."""

    offered: float
    capacity: float | None  # None: cut
    random_loss: float = 0.0

    @property
    def delivered(self) -> float:
        if self.capacity is None:
            return 0.0
        return min(self.offered, self.capacity) * (1 - self.random_loss)

    @property
    def loss(self) -> float:
        if self.capacity is None or self.offered <= 0:
            return 1.0 if self.capacity is None else 0.0
        overflow = max(0.0, 1 - self.capacity / self.offered)
        return 1 - (1 - overflow) * (1 - self.random_loss)

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.offered > self.capacity


@dataclass
class Call:
    """The control under test, the line model and everything the control did."""

    clock: Clock = field(default_factory=Clock)
    up_kbps: float | None = 2000.0  # what the line carries from the advisor
    down_kbps: float | None = 2000.0
    random_loss: float = 0.0
    levels: list[tuple[float, VideoLevel]] = field(default_factory=list)
    to_customer: list[tuple[float, ControlMessage]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    ended: list[tuple[str, float]] = field(default_factory=list)
    restores: list[float] = field(default_factory=list)
    speech: list[int] = field(default_factory=list)
    line_cap: list[float | None] = field(default_factory=list)
    decisions: list[QualityDecision] = field(default_factory=list)
    readings: list[LineReading] = field(default_factory=list)
    level: VideoLevel = VideoLevel.FULL
    customer_video: bool = True
    customer_video_since: float = 0.0
    customer_video_cap: float | None = None
    speech_kbps: int = 32
    _received: float = 0.0
    _lost: float = 0.0
    _got: float = 0.0

    def __post_init__(self) -> None:
        self.remb = RembObserver(self.clock)
        self.control = QualityControl(
            LinkMeter(self.remb, clock=self.clock),
            self,
            self._tell,
            self.notices.append,
            lambda detail, at: self.ended.append((detail, at)),
            self,
            restore_connection=lambda: self.restores.append(self.clock.now),
            set_speech_kbps=self._set_speech,
            set_video_line_kbps=self.line_cap.append,
            clock=self.clock,
            wall_clock=self.clock.wall,
        )

    # What the control acts on (VideoSwitch, QualityObserver)
    async def set_quality_level(self, level: VideoLevel) -> None:
        self.level = level
        self.levels.append((self.clock.now, level))

    def line_measured(self, reading: LineReading) -> None:
        self.readings.append(reading)

    def quality_decided(self, decision: QualityDecision) -> None:
        self.decisions.append(decision)

    def _tell(self, message: ControlMessage) -> None:
        self.to_customer.append((self.clock.now, message))
        if isinstance(message, VideoRequest):
            self.customer_video_cap = message.max_kbps
            if message.on != self.customer_video:
                self.customer_video = message.on
                self.customer_video_since = self.clock.now

    def _set_speech(self, kbps: int) -> None:
        self.speech.append(kbps)
        self.speech_kbps = kbps

    # The line
    async def second(self) -> None:
        """One second of the call: the line carries it, the control steps once."""
        speech = self.speech_kbps + 20
        # A probe sends its own rate, whatever the level's picture (network.video_budget).
        probe_kbps = self.control.state.probe_kbps
        video = probe_kbps if probe_kbps is not None else VIDEO_KBPS.get(self.level, 0.0)
        up = Direction(video + speech, self.up_kbps, self.random_loss)
        down = Direction(self._customer_video_kbps() + speech, self.down_kbps, self.random_loss)
        self.clock.now += 1.0
        queue_ms = 250.0 if up.full or down.full else 0.0
        for direction, saw in (
            (up, self.remb.saw_remote_packet),
            (down, self.remb.saw_local_packet),
        ):
            video_flows = direction.offered > speech and direction.capacity is not None
            if video_flows:  # an estimator answers only while video arrives
                saw(remb(direction.delivered * (0.85 if direction.full else 1.5)))
        self._customer_reports(up)
        sample = PeerSample(
            sent_kbps=up.offered,
            received_kbps=down.delivered,
            audio_sent_kbps=self.speech_kbps,
            video_sent_kbps=up.offered - speech,
            audio_received_kbps=min(speech, down.delivered),
            video_received_kbps=max(0.0, down.delivered - speech),
            loss=down.loss if down.capacity is not None else 0.0,
            rtt_ms=None if up.capacity is None else 20.0 + queue_ms,
            sent_loss=up.loss,
            audio_packets_received=50.0 * (1 - down.loss),
        )
        await self.control.step(sample)

    def _customer_video_kbps(self) -> float:
        """The customer's encoder: the probe's cap while it probes, else its start rate when
        video resumes, then our estimate."""
        if not self.customer_video:
            return 0.0
        if self.customer_video_cap is not None:
            return float(self.customer_video_cap)
        estimate = self.remb.local_estimate()
        if self.clock.now - self.customer_video_since < 1.5 or estimate is None:
            return 500.0
        return min(1200.0, max(250.0, estimate.kbps * 0.9))

    def _customer_reports(self, up: Direction) -> None:
        if up.capacity is None:
            return  # nothing gets through: no report either
        packets = up.offered * 1000 / 8 / 1000  # ~1000-byte packets
        self._received += up.delivered * 1000 / 8
        self._got += packets * (1 - up.loss)
        self._lost += packets * up.loss
        self.control.peer_reported(
            PeerStatsReport(
                (
                    ("timestamp", self.clock.now * 1000),
                    ("bytesReceived", self._received),
                    ("packetsReceived", self._got),
                    ("packetsLost", self._lost),
                )
            )
        )

    async def seconds(self, count: int) -> None:
        for _ in range(count):
            await self.second()

    def first(self, kind: DecisionKind, after: float = 0.0) -> QualityDecision | None:
        return next((d for d in self.decisions if d.kind is kind and d.at >= after), None)


async def test_a_drop_turns_video_off_both_ways_and_a_recovery_brings_it_back() -> None:
    call = Call()
    await call.seconds(5)
    assert call.levels == []
    drop = call.clock.now
    call.up_kbps = call.down_kbps = 256.0
    await call.seconds(15)
    off = call.first(DecisionKind.VIDEO_OFF)
    assert off is not None
    assert off.at - drop <= 5
    assert (off.at, VideoLevel.OFF) in call.levels
    assert (off.at, VideoRequest(on=False, reason="bandwidth")) in call.to_customer
    assert "Video paused: connection too slow." in call.notices
    # While the line was full, the video budget was told what it carries.
    assert any(cap is not None and cap < 300 for cap in call.line_cap)
    recovery = call.clock.now
    call.up_kbps = call.down_kbps = 2000.0
    await call.seconds(25)
    on = call.first(DecisionKind.VIDEO_ON, after=recovery)
    assert on is not None, [d.kind for d in call.decisions]
    assert on.at - recovery <= 20
    probes = [
        m for _at, m in call.to_customer if isinstance(m, VideoRequest) and m.reason == "probe"
    ]
    assert probes, "video came back through a probe"
    # Back reduced, full again after a step-up on the calm line (HD may follow on a fast one).
    assert call.level >= VideoLevel.FULL, [d.kind for d in call.decisions]
    assert call.first(DecisionKind.STEP_UP, after=recovery) is not None
    assert call.customer_video
    assert not call.ended


async def test_a_collapse_ends_the_call_and_hands_over_the_second_it_decided() -> None:
    call = Call()
    await call.seconds(5)
    collapse = call.clock.now
    call.up_kbps = call.down_kbps = 16.0
    await call.seconds(20)
    assert len(call.ended) == 1, call.decisions
    detail, decided_at = call.ended[0]
    ended = call.first(DecisionKind.ENDED)
    assert ended is not None
    assert ended.at - collapse <= 15
    assert detail == "Connection too slow: the call was ended."
    assert decided_at == pytest.approx(ended.at + WALL_OFFSET)
    countdown = call.first(DecisionKind.COUNTDOWN)
    assert countdown is not None
    assert countdown.at < ended.at
    assert any("(5 s)" in text for text in call.notices), call.notices


async def test_a_thin_line_keeps_the_call_with_speech_lowered_and_quick_probes() -> None:
    call = Call()
    await call.seconds(5)
    call.up_kbps = call.down_kbps = 64.0
    await call.seconds(60)
    assert not call.ended
    assert call.first(DecisionKind.COUNTDOWN) is None
    # Speech at 32 kbit/s (~52 on the wire) fits a 64 kbit/s line once video is off: it stays.
    assert all(kbps >= 24 for kbps in call.speech), call.speech
    probes = [d for d in call.decisions if d.kind is DecisionKind.PROBE]
    failed = [d for d in call.decisions if d.kind is DecisionKind.PROBE_FAILED]
    assert probes, "it kept checking"
    # A probe that saturates the thin line stops at the next second: speech needs it back.
    for probe, fail in zip(probes, failed, strict=False):
        assert fail.at - probe.at <= 1.0
    # Far below the minimum: probes every 14 s, not every 5 (each costs speech a second).
    gaps = [b.at - a.at for a, b in itertools.pairwise(probes)]
    assert all(gap >= LIMITS.probe_thin_interval_s for gap in gaps), gaps


async def test_random_loss_is_not_congestion() -> None:
    call = Call(random_loss=0.03)
    await call.seconds(60)
    assert call.first(DecisionKind.VIDEO_OFF) is None
    assert call.first(DecisionKind.DEGRADED) is None
    assert all(cap is None for cap in call.line_cap)
    assert all(reading.loss == pytest.approx(0.03, abs=0.005) for reading in call.readings[2:])


async def test_a_cut_line_gets_fresh_connections_then_the_end() -> None:
    call = Call()
    await call.seconds(5)
    cut = call.clock.now
    call.up_kbps = call.down_kbps = None
    await call.seconds(30)
    assert [round(at - cut) for at in call.restores] == [5, 10, 15, 20]
    assert "Connection interrupted: trying to restore it." in call.notices
    assert len(call.ended) == 1
    detail, _decided = call.ended[0]
    assert detail.startswith("Connection lost for")


async def test_a_line_hovering_around_the_minimum_toggles_at_most_once_a_minute() -> None:
    call = Call()
    await call.seconds(5)
    for second in range(120):
        call.up_kbps = call.down_kbps = 420.0 if (second // 5) % 2 else 280.0
        await call.second()
    toggles = [
        d.at for d in call.decisions if d.kind in (DecisionKind.VIDEO_OFF, DecisionKind.VIDEO_ON)
    ]
    for at in toggles:
        assert len([t for t in toggles if at <= t < at + 60]) <= 2, toggles
    assert call.first(DecisionKind.VIDEO_ON) is not None, "the line showed it carries video"
