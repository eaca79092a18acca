"""The HD step above full video: taken on a line proven fast, left quietly when it slows."""

from __future__ import annotations

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
# What the call offers at each level (kbit/s on the wire): HD as the encoder makes it.
OFFERED = {VideoLevel.HD: 2500.0, VideoLevel.FULL: 1200.0, VideoLevel.REDUCED: 350.0}


def reading(at: float, kbps: float, level: VideoLevel) -> LineReading:
    """A line of `kbps` while the call offers `level`'s video: while it carries all of it, the
    other side's estimate (up to 3 Mbit/s, as a browser's REMB on a free line) is the floor;
    beyond, the excess is lost and only what arrived counts."""
    sending = OFFERED.get(level, 50.0)
    if kbps >= sending:
        estimate = min(kbps, 3000.0)
        return LineReading(
            at=at, up_kbps=None, down_kbps=None, up_floor_kbps=estimate,
            down_floor_kbps=estimate, received_kbps=sending,
        )  # fmt: skip
    loss = min(0.9, 1 - kbps / sending)
    floor = 0.0 if loss > LIMITS.clean_loss else kbps
    return LineReading(
        at=at, up_kbps=kbps, down_kbps=kbps, up_floor_kbps=floor, down_floor_kbps=floor,
        loss=loss, received_kbps=kbps,
    )  # fmt: skip


def replay(
    line: Callable[[float], float], seconds: int
) -> tuple[list[QualityState], list[QualityDecision]]:
    """One reading a second; the states after each and every decision made."""
    state, states, made = QualityState(), [], []
    for second in range(1, seconds + 1):
        state, new = decide(
            state, reading(second, line(float(second)), state.sending_video), LIMITS
        )
        states.append(state)
        made += new
    return states, made


def decisions(line: Callable[[float], float], seconds: int) -> list[QualityDecision]:
    return replay(line, seconds)[1]


def test_a_fast_line_climbs_to_hd_after_the_restore_hold() -> None:
    made = decisions(lambda _t: 5000.0, 20)
    assert [d.kind for d in made] == [DecisionKind.HD_ON]
    hd = made[0]
    assert hd.video is VideoLevel.HD
    assert hd.figures.threshold_kbps == LIMITS.video_hd_kbps * LIMITS.recover_margin
    assert hd.figures.held_s >= LIMITS.restore_hold_s
    assert hd.at <= 1 + LIMITS.restore_hold_s + 1


def test_a_line_between_the_thresholds_stays_where_it_is() -> None:
    between = LIMITS.video_hd_kbps * (1 + LIMITS.recover_margin) / 2  # 1650: not proven for HD
    states, made = replay(lambda _t: between, 60)
    assert made == []
    assert all(state.video is VideoLevel.FULL for state in states)


def test_hd_is_left_for_full_when_the_line_slows_below_hd() -> None:
    made = decisions(lambda t: 5000.0 if t < 20 else 1000.0, 40)
    assert [d.kind for d in made] == [DecisionKind.HD_ON, DecisionKind.HD_OFF]
    off = made[1]
    assert off.video is VideoLevel.FULL
    assert off.figures.threshold_kbps == LIMITS.video_hd_kbps
    assert 20 + LIMITS.degrade_hold_s <= off.at <= 20 + LIMITS.degrade_hold_s + 1


def test_from_hd_a_modest_line_goes_straight_to_reduced_video() -> None:
    made = decisions(lambda t: 5000.0 if t < 20 else 500.0, 40)
    kinds = [d.kind for d in made]
    assert kinds[:2] == [DecisionKind.HD_ON, DecisionKind.DEGRADED]
    assert made[1].video is VideoLevel.REDUCED


def test_from_hd_a_collapsed_line_turns_video_off() -> None:
    made = decisions(lambda t: 5000.0 if t < 20 else 200.0, 30)
    assert [d.kind for d in made][:2] == [DecisionKind.HD_ON, DecisionKind.VIDEO_OFF]


def test_hd_comes_back_after_a_dip() -> None:
    made = decisions(lambda t: 1000.0 if 20 <= t < 30 else 5000.0, 60)
    assert [d.kind for d in made] == [DecisionKind.HD_ON, DecisionKind.HD_OFF, DecisionKind.HD_ON]


def test_hd_needs_at_least_what_full_video_needs() -> None:
    with pytest.raises(ValueError, match="HD"):
        QualityThresholds(video_hd_kbps=600.0)


def test_the_levels_are_ordered() -> None:
    assert VideoLevel.OFF < VideoLevel.REDUCED < VideoLevel.FULL < VideoLevel.HD
