"""The quality control loop on a fake clock: one `step` a second of synthetic figures through the
real link meter and the real rule, and what the call does about them: the video switch, the
customer's side (video requests, notices as codes), the advisor's notices, a fresh connection, the
end. Each notice's code says, word for word, what the advisor read."""

from __future__ import annotations

import pytest

from advisor_app.quality.control import QualityControl
from advisor_app.quality.policy import DecisionKind, VideoLevel
from network.bandwidth import RembObserver
from network.control_channel import ControlMessage, Notice, VideoRequest
from network.notices import NoticeCode, english, notice
from network.peer import PeerSample
from network.quality_meter import LinkMeter
from network.round_trip import RoundTripObserver
from tests.fake_clock import FakeClock


class VideoSwitch:
    def __init__(self) -> None:
        self.levels: list[VideoLevel] = []

    async def set_quality_level(self, level: VideoLevel) -> None:
        self.levels.append(level)


class Call:
    """What the quality control acts on, recorded with the fake clock's seconds."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.start = clock.now
        self.video = VideoSwitch()
        self.told: list[ControlMessage] = []
        self.notices: list[str] = []
        self.ended: list[tuple[float, str]] = []
        self.restored: list[float] = []
        self.link_checks: list[float] = []
        meter = LinkMeter(RembObserver(clock), round_trip=RoundTripObserver(clock), clock=clock)
        self.control = QualityControl(
            meter,
            self.video,
            self.told.append,
            self.notices.append,
            lambda reason, _decided_at: self.ended.append((self.seconds, reason)),
            restore_connection=lambda: self.restored.append(self.seconds),
            check_link=lambda: self.link_checks.append(self.seconds),
            clock=clock,
        )
        self.kinds: list[tuple[float, DecisionKind]] = []

    @property
    def seconds(self) -> float:
        return self.clock.now - self.start

    async def run(self, figures: PeerSample, seconds: int) -> None:
        for _ in range(seconds):
            await self.clock.advance(1.0)
            for decision in await self.control.step(figures):
                self.kinds.append((self.seconds, decision.kind))

    @property
    def codes(self) -> list[str]:
        return [m.code for m in self.told if isinstance(m, Notice)]

    def assert_codes_say_what_the_advisor_read(self) -> None:
        for message in self.told:
            if isinstance(message, Notice):
                words = english(message)
                assert words in self.notices or any(words == r for _at, r in self.ended)


def figures(received: float, loss: float = 0.0, sent: float = 900.0) -> PeerSample:
    return PeerSample(
        sent_kbps=sent,
        received_kbps=received,
        audio_sent_kbps=40.0,
        video_sent_kbps=sent - 40.0,
        audio_received_kbps=min(40.0, received),
        video_received_kbps=max(0.0, received - 40.0),
        loss=loss,
        rtt_ms=30.0,
    )


GOOD = figures(1000.0)
SLOW = figures(200.0, loss=0.2)  # a full line (heavy loss) that carries 200 kbit/s
SILENT = figures(0.0)
TOO_SLOW_FOR_AUDIO = figures(25.0, loss=0.3, sent=60.0)


@pytest.fixture
def call(fake_clock: FakeClock) -> Call:
    return Call(fake_clock)


async def test_a_slow_line_pauses_video_and_a_silent_one_is_restored_then_ended(
    call: Call,
) -> None:
    await call.run(GOOD, 3)
    assert call.kinds == []
    await call.run(SLOW, 6)
    assert (5.0, DecisionKind.VIDEO_OFF) in call.kinds  # two readings: 2 s found below
    assert call.video.levels[0] is VideoLevel.OFF
    assert VideoRequest(on=False, reason="bandwidth") in call.told
    silent_from = call.seconds + 1  # the first second that brings nothing
    await call.run(SILENT, 25)
    lost = [(at - silent_from, kind) for at, kind in call.kinds if at > silent_from]
    assert (2.0, DecisionKind.RECONNECTING) in lost  # "nothing received" held 2 s
    assert [at - silent_from for at in call.restored] == [4.0, 9.0, 14.0, 19.0]  # 4 s, every 5
    # The platform link proves itself as soon as the media falls silent, 2 s before the first
    # fresh connection's offer needs it.
    assert [at - silent_from for at in call.link_checks] == [2.0]
    assert (15.0, DecisionKind.COUNTDOWN) in lost  # the last 5 of 20 s
    assert [(at - silent_from, r) for at, r in call.ended] == [
        (20.0, "Connection lost for 20 seconds: the call was ended.")
    ]
    assert call.codes == [
        "video_paused",
        "connection_interrupted",
        "ending_connection_lost",
        "ended_connection_lost",
    ]
    assert call.notices[-1] == "Connection lost: the call ends unless it comes back. (5 s)"
    call.assert_codes_say_what_the_advisor_read()


async def test_a_line_too_slow_for_audio_counts_down_recovers_then_ends_for_bandwidth(
    call: Call,
) -> None:
    await call.run(GOOD, 3)
    await call.run(TOO_SLOW_FOR_AUDIO, 6)
    # Audio again, and a probe finds video fits: 400 kbit/s arrive (both ways must show 320).
    await call.run(figures(400.0), 20)  # after a line far below, probes come every 14 s
    await call.run(TOO_SLOW_FOR_AUDIO, 12)
    assert call.codes == [
        "video_paused",
        "ending_too_slow",
        "connection_recovered",
        "video_back",
        "video_paused",
        "ending_too_slow",
        "ended_too_slow",
    ]
    assert [r for _at, r in call.ended] == ["Connection too slow: the call was ended."]
    # The opening on the line found thin goes one way: the customer is asked for the full probe.
    openings = [
        d
        for d in call.control.decisions
        if d.kind is DecisionKind.PROBE and d.probe_kbps is not None and d.probe_kbps < 300
    ]
    assert openings, call.kinds
    probes = [m for m in call.told if isinstance(m, VideoRequest) and m.reason == "probe"]
    assert probes == [VideoRequest(on=True, reason="probe", max_kbps=300, fill=True)]
    call.assert_codes_say_what_the_advisor_read()


async def test_the_customers_video_follows_the_calls_level_both_ways(call: Call) -> None:
    """Video back reduced caps the customer's video as the app's own (a browser's full picture
    does not always follow our estimate into a dip); full video again lifts the cap."""
    await call.run(GOOD, 3)
    await call.run(SLOW, 6)
    await call.run(figures(500.0), 12)  # a probe shows 320 both ways: video back, reduced
    reduced = VideoRequest(on=True, reason="bandwidth", max_kbps=250)
    assert "video_back" in call.codes
    back = call.told.index(reduced)
    assert call.told[back + 1] == notice(NoticeCode.VIDEO_BACK), call.told
    await call.run(GOOD, 30)  # proven good for the restore hold (longer after a drop): full again
    assert call.codes[-1] == "full_video_again"
    assert VideoRequest(on=True, reason="bandwidth") in call.told[call.told.index(reduced) :]


async def test_reduced_video_steps_up_quietly_padded_to_full_videos_rate(call: Call) -> None:
    """On a line that carries reduced video but not full (500 kbit/s), a step-up asks the
    customer's side to pad to full video's rate too, and after it fails the reduced video's cap
    again; neither person is told (as HD comes and goes)."""
    await call.run(GOOD, 3)
    await call.run(SLOW, 6)
    await call.run(figures(500.0), 45)
    step_up = VideoRequest(on=True, reason="probe", max_kbps=924, fill=True)
    assert step_up in call.told, call.told
    after = call.told[call.told.index(step_up) + 1 :]
    assert after[0] == VideoRequest(on=True, reason="bandwidth", max_kbps=250), call.told
    assert call.codes == ["video_paused", "video_back"]
    tries = [at for at, kind in call.kinds if kind is DecisionKind.STEP_UP]
    assert len(tries) == 2, call.kinds
    assert tries[1] - tries[0] >= call.control.limits.step_up_retry_s
