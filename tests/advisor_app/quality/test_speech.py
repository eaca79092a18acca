"""The speech bitrate rule: down with a full slow line, up one step at a time, never flapping."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor_app.quality.policy import DecisionKind, LineReading, VideoLevel
from advisor_app.quality.speech import SpeechLimits, SpeechState, decide_speech

LIMITS = SpeechLimits()


def full_line(at: float, kbps: float) -> LineReading:
    """A line that is full at `kbps` (heavy loss: what arrives is what it carries)."""
    return LineReading(at=at, up_kbps=kbps, down_kbps=kbps, loss=0.3, received_kbps=kbps)


def free_line(at: float) -> LineReading:
    """A line with no sign of being full: no ceiling, no loss."""
    return LineReading(at=at, up_kbps=None, down_kbps=None, up_floor_kbps=50, received_kbps=50)


def replay(
    lines: list[LineReading], video: VideoLevel = VideoLevel.OFF
) -> tuple[SpeechState, list[int]]:
    state, changes = SpeechState(), []
    for reading in lines:
        state, decision = decide_speech(state, reading, video, LIMITS)
        if decision is not None:
            assert decision.kind is DecisionKind.SPEECH_BITRATE
            assert decision.video is video
            assert decision.speech_kbps == state.kbps
            changes.append(state.kbps)
    return state, changes


def test_a_slow_full_line_lowers_speech_after_the_hold() -> None:
    _, changes = replay([full_line(t, 24.0) for t in range(5)])
    assert changes == [16]
    _, changes = replay([full_line(t, 80.0) for t in range(5)])
    assert changes == [24]


def test_a_line_too_thin_for_24_kbit_s_lowers_speech_at_once() -> None:
    """On a 48 kbit/s line 32 kbit/s speech (~52 on the wire) alone keeps the queue full, and the
    signalling beside the call with it: the line was already found full for video to go off."""
    _, changes = replay([full_line(0, 40.0)])
    assert changes == [16]
    _, changes = replay([full_line(0, 80.0), full_line(1, 40.0)])
    assert changes == [16]  # the hold of the first sign is not waited for either


def test_speech_comes_back_one_step_at_a_time_on_a_free_line() -> None:
    slow = [full_line(t, 80.0) for t in range(4)]
    free = [free_line(t) for t in range(4, 40)]
    _state, changes = replay(slow + free)
    assert changes == [24, 32]


def test_a_line_found_too_thin_for_24_kbit_s_is_not_tried_again_soon() -> None:
    """Trying 24 kbit/s every 8 s on a line found too thin for it fills it each time. The line's
    video probe shows a recovery; speech alone tries after 30 s."""
    slow = [full_line(t, 40.0) for t in range(4)]
    state, changes = SpeechState(), []
    for reading in slow + [free_line(t) for t in range(4, 60)]:
        state, decision = decide_speech(state, reading, VideoLevel.OFF, LIMITS)
        if decision is not None:
            changes.append((reading.at, state.kbps))
    assert [kbps for _at, kbps in changes] == [16, 24, 32]
    assert changes[1][0] >= 3 + LIMITS.thin_retry_s, changes  # last found thin at 3 s
    state, decision = decide_speech(state, full_line(60, 40.0), VideoLevel.OFF, LIMITS)
    assert state.kbps == 16
    state, decision = decide_speech(state, free_line(61), VideoLevel.FULL, LIMITS)
    assert state.kbps == 32, "video back: the line carries full speech, at once"
    assert state.kbps == 32


def test_video_on_means_full_speech_at_once() -> None:
    state, _ = replay([full_line(t, 24.0) for t in range(4)])
    assert state.kbps == 16
    state, decision = decide_speech(state, free_line(10), VideoLevel.REDUCED, LIMITS)
    assert state.kbps == 32
    assert decision is not None
    assert decision.video is VideoLevel.REDUCED


def test_a_cut_line_leaves_speech_alone() -> None:
    cut = [LineReading(at=t, up_kbps=None, down_kbps=None, received_kbps=0.0) for t in range(30)]
    assert replay(cut) == (SpeechState(), [])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=10, max_value=300), min_size=10, max_size=120))
def test_never_flaps_faster_than_the_holds(capacities: list[float]) -> None:
    """Whatever the line does, two changes are at least the lower hold apart (two steps down
    may follow each other sooner: a line found too thin for the middle one drops at once)."""
    state, changes = SpeechState(), []
    for second, kbps in enumerate(capacities):
        before = state.kbps
        state, decision = decide_speech(state, full_line(second, kbps), VideoLevel.OFF, LIMITS)
        if decision is not None:
            changes.append((second, state.kbps < before))
    for (first, first_down), (then, then_down) in itertools.pairwise(changes):
        assert then - first >= LIMITS.lower_hold_s or (first_down and then_down)
