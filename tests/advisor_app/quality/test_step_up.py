"""Reduced video back to full: a browser's estimate of reduced video never shows the line.

A browser's REMB rises to at most 1.5 times what arrives (libwebrtc's rule), and reduced video
sends ~250 kbit/s: the estimate stays below the 840 kbit/s that full video must prove, on any
line. Seen in the lab with Chromium and Firefox as the customer: after a drop and a recovery to
2 Mbit/s the call stayed at 320x240 for as long as it lasted. A step-up sends full video at its
rate, padded, both ways for a few seconds once the line was calm; a line that carries it gets
full video.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from advisor_app.quality.policy import (
    DecisionKind,
    LineReading,
    QualityDecision,
    QualityState,
    QualityThresholds,
    VideoLevel,
    decide,
)

LIMITS = QualityThresholds()
# What the call sends at each level (kbit/s on the wire), and during a step-up.
SENT = {VideoLevel.HD: 2500.0, VideoLevel.FULL: 1200.0, VideoLevel.REDUCED: 350.0}
STEP_UP_SENT = LIMITS.video_full_kbps * LIMITS.recover_margin * LIMITS.step_up_share


def browser_reading(at: float, kbps: float, state: QualityState) -> LineReading:
    """A line of `kbps` with a browser at the other end: its estimate (the floor) is at most
    1.5 times what arrives; what the line cannot carry is lost, and only what arrived counts.
    A probe and a step-up send their rate (the video budget and the padding hold them to it)."""
    if state.step_up_since is not None:
        sending = STEP_UP_SENT
    elif state.probing_since is not None:  # held to the probe's rate by the video budget
        sending = (state.probe_kbps or LIMITS.probe_kbps) + 60.0
    else:
        sending = SENT.get(state.video, 50.0)
    if kbps >= sending:
        floor = min(kbps, 1.5 * sending)
        return LineReading(
            at=at, up_kbps=None, down_kbps=None, up_floor_kbps=floor, down_floor_kbps=floor,
            received_kbps=sending,
        )  # fmt: skip
    loss = min(0.9, 1 - kbps / sending)
    floor = 0.0 if loss > LIMITS.clean_loss else kbps
    return LineReading(
        at=at, up_kbps=kbps, down_kbps=kbps, up_floor_kbps=floor, down_floor_kbps=floor,
        loss=loss, received_kbps=kbps, queueing=True,
    )  # fmt: skip


def replay(
    line: Callable[[float], float], seconds: int
) -> tuple[list[QualityState], list[QualityDecision]]:
    state, states, made = QualityState(), [], []
    for second in range(1, seconds + 1):
        state, new = decide(state, browser_reading(second, line(float(second)), state), LIMITS)
        states.append(state)
        made += new
    return states, made


def dip(low: float, high: float = 2000.0) -> Callable[[float], float]:
    """`high`, `low` from 10 s to 20 s, `high` again."""
    return lambda t: low if 10 <= t < 20 else high


def test_after_a_drop_a_recovered_line_gets_full_video_again_through_a_step_up() -> None:
    states, made = replay(dip(200.0), 90)
    kinds = [d.kind for d in made]
    assert DecisionKind.VIDEO_ON in kinds
    back = kinds.index(DecisionKind.VIDEO_ON)
    assert made[back].video is VideoLevel.REDUCED
    step_up = kinds.index(DecisionKind.STEP_UP)
    proof = LIMITS.video_full_kbps * LIMITS.recover_margin
    assert made[step_up].probe_kbps == pytest.approx(proof * LIMITS.step_up_share)
    assert made[step_up].video is VideoLevel.FULL  # the full picture, at the step-up's rate
    full = kinds.index(DecisionKind.VIDEO_ON, back + 1)
    assert made[full].video is VideoLevel.FULL
    # Calm for the restore hold, then the step-up's settle second and its good seconds.
    assert made[step_up].at - made[back].at <= LIMITS.restore_hold_s + 1
    assert made[full].at - made[step_up].at <= LIMITS.probe_settle_s + 3 * LIMITS.probe_good_s
    assert DecisionKind.STEP_UP_FAILED not in kinds
    assert states[-1].video >= VideoLevel.FULL


def test_a_line_that_carries_only_reduced_video_keeps_it_and_steps_up_ever_more_rarely() -> None:
    states, made = replay(dip(200.0, high=600.0), 300)
    after_drop = states[30:]
    assert all(s.video is VideoLevel.REDUCED for s in after_drop)
    assert [d.kind for d in made].count(DecisionKind.VIDEO_OFF) == 1
    tries = [d.at for d in made if d.kind is DecisionKind.STEP_UP]
    failed = [d for d in made if d.kind is DecisionKind.STEP_UP_FAILED]
    assert len(failed) == len(tries) >= 3
    # Each fails within a probe's time (the line fills at once), and they back off: 20 s after
    # the first failure, then twice as long each time, at most 120 s.
    assert all(d.figures.held_s <= LIMITS.probe_settle_s + LIMITS.probe_max_s for d in failed)
    gaps = [later - earlier for earlier, later in itertools.pairwise(tries)]
    assert gaps == sorted(gaps)
    assert gaps[0] >= LIMITS.step_up_retry_s
    assert gaps[-1] <= LIMITS.step_up_retry_cap_s + LIMITS.probe_settle_s + LIMITS.probe_max_s + 1


def test_a_drop_during_a_step_up_turns_video_off_and_ends_the_step_up() -> None:
    # 2000 until the step-up starts, then a collapse to 200.
    started: list[float] = []

    def line(t: float) -> float:
        return 200.0 if 10 <= t < 20 or (started and t >= started[0] + 2) else 2000.0

    state, made = QualityState(), []
    for second in range(1, 80):
        state, new = decide(state, browser_reading(second, line(float(second)), state), LIMITS)
        made += new
        if not started and any(d.kind is DecisionKind.STEP_UP for d in new):
            started.append(float(second))
    kinds = [d.kind for d in made]
    assert started
    assert kinds.count(DecisionKind.VIDEO_OFF) == 2
    second_off = [d for d in made if d.kind is DecisionKind.VIDEO_OFF][1]
    assert second_off.at > started[0]
    assert state.step_up_since is None


def test_a_step_up_waits_for_a_calm_line() -> None:
    """Video back on a line that still queues now and then: no step-up into it."""
    _states, made = replay(lambda t: 200.0 if 10 <= t < 20 or (t >= 20 and t % 6 == 0) else 450, 80)
    assert DecisionKind.STEP_UP not in [d.kind for d in made]
