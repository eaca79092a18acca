"""The figures a shape is judged by, from one run's reports and the platform's record.

- video off after / back after: seconds from the start of the step that dropped (or restored)
  the line to the advisor's `video_off` / `video_on` decision;
- toggles per minute: video off, and video back from off, over the shape's seconds;
- seconds with speech received: a second counts when at least half the speech packets of a
  second arrived (25 of Opus's 50 a second): measured by the advisor for what it receives, and by
  the customer for what it receives (the simulated customer counts packets the same way; the
  browser counts audio bytes: half of the lowest speech step, 8 kbit/s);
- ended after: from the step start to the advisor's `ended` decision; billed seconds as the app
  reported them and as the platform recorded them; how far the platform's billing end
  (`billed_until`) is from the second the app decided.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from tests.netns.scenario import ScenarioRun, wall

__all__ = [
    "SAMPLE_S",
    "SPEECH_MS_PER_S",
    "ShapeFigures",
    "figures_of",
    "longest_picture_gap_s",
    "speech_seconds",
]

SAMPLE_S = 1.0  # each report sample covers the second before its time
_SAMPLE_JITTER_S = 0.2  # the sampling tick drifts a little from one second to the next
SPEECH_MS_PER_S = 500.0  # half of each second's sound, whatever the packet length
_BROWSER_SPEECH_KBPS = 8.0  # half of the lowest speech step (16 kbit/s) as audio payload


@dataclass(frozen=True, slots=True)
class ShapeFigures:
    """One run of one shape on one link, in the figures of the matrix."""

    video_off_after_s: float | None
    video_back_after_s: float | None
    toggles_per_minute: float
    speech_advisor: tuple[int, int]  # (seconds with speech received, seconds)
    speech_customer: tuple[int, int]
    ended_after_s: float | None
    end_reason: str | None
    billed_app: int | None
    billed_platform: int | None
    end_vs_decided_s: float | None  # the platform's end minus the second the app decided


def _samples_at(report: dict[str, Any]) -> list[tuple[float, dict[str, Any]]]:
    start = float(report.get("started_at") or 0.0)
    return [(start + float(sample["t"]), sample) for sample in report.get("samples", [])]


def speech_seconds(run: ScenarioRun, side: str, begin: float, end: float) -> tuple[int, int]:
    """(seconds with speech received, seconds measured) by `side` between two wall moments."""
    if side == "customer" and "timeline" in run.customer:
        return _browser_speech(run.customer["timeline"], begin, end)
    report = run.advisor if side == "advisor" else run.customer
    # A sample counts the second that ended at `at`: the one taken when video went off (the
    # decision comes from it) measured the second before, with video still on.
    inside = [
        sample
        for at, sample in _samples_at(report)
        if begin - _SAMPLE_JITTER_S <= at - SAMPLE_S and at <= end
    ]
    good = [s for s in inside if speech_ms(s) >= SPEECH_MS_PER_S]
    return len(good), len(inside)


def speech_ms(sample: dict[str, Any]) -> float:
    """Milliseconds of speech received in a report sample's second (an older report: its packets,
    20 ms each)."""
    if "speech_ms_received" in sample:
        return float(sample["speech_ms_received"])
    return 20.0 * float(sample.get("audio_packets_received", 0))


def _browser_speech(timeline: list[dict[str, Any]], begin: float, end: float) -> tuple[int, int]:
    points = [(float(p["at"]), float(p.get("audioBytesReceived") or 0)) for p in timeline]
    good = total = 0
    second = begin
    while second + 1 <= end:
        before = [b for at, b in points if at <= second]
        after = [b for at, b in points if at <= second + 1]
        if before and after:
            total += 1
            good += (after[-1] - before[-1]) * 8 / 1000 >= _BROWSER_SPEECH_KBPS
        second += 1
    return good, total


def longest_picture_gap_s(run: ScenarioRun, begin: float, end: float) -> float:
    """The longest time without a new picture at the advisor between two wall moments (s)."""
    frames = [
        at for at, sample in _samples_at(run.advisor) if begin < at <= end and sample["fps_in"] > 0
    ]
    if not frames:
        return end - begin
    edges = [begin, *frames, end]
    return max(b - a for a, b in itertools.pairwise(edges))


def figures_of(run: ScenarioRun, measured_step: int = 1) -> ShapeFigures:
    """The matrix figures of one run; `measured_step` is the step the shape is about."""
    begin = run.step_started[measured_step] if measured_step < len(run.step_started) else None
    off = run.first_after("video_off", measured_step)
    back = None
    if off is not None:
        later = [i for i in range(measured_step + 1, len(run.step_started))]
        for index in later:
            seconds = run.first_after("video_on", index)
            if seconds is not None:
                back = seconds
                break
    toggles = [at for at in run.toggles() if begin is not None and at >= begin]
    span = run.step_span(len(run.step_started) - 1)[1] - (begin or 0.0) if begin else 0.0
    speech_end = run.step_span(measured_step)[1] if begin is not None else 0.0
    speech_begin = begin or 0.0
    ended = run.first_after("ended", measured_step)
    decided = (run.advisor.get("ended") or {}).get("decided_at")
    # The platform bills to the second the app decided once its report arrives (`billed_until`;
    # `ended_at` is when the record was closed, later when the report came late).
    billed_until = run.call.get("billed_until")
    platform_end = wall(billed_until) if billed_until else run.platform_ended_at
    return ShapeFigures(
        video_off_after_s=off,
        video_back_after_s=back,
        toggles_per_minute=len(toggles) * 60 / span if span > 0 else 0.0,
        speech_advisor=speech_seconds(run, "advisor", speech_begin, speech_end),
        speech_customer=speech_seconds(run, "customer", speech_begin, speech_end),
        ended_after_s=ended,
        end_reason=run.call.get("end_reason"),
        billed_app=(run.advisor.get("ended") or {}).get("billed_seconds"),
        billed_platform=run.call.get("billed_seconds"),
        end_vs_decided_s=(
            None if decided is None or platform_end is None else platform_end - wall(decided)
        ),
    )


def platform_seconds(run: ScenarioRun) -> float | None:
    """The platform's call length (ended_at - started_at), for comparing with billed seconds."""
    started, ended = run.call.get("started_at"), run.call.get("ended_at")
    if not started or not ended:
        return None
    return wall(ended) - wall(started)
