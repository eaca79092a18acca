"""The promise on every line shape, on the advisor's link and on the customer's link.

"When the speed drops, video goes first, audio carries on; below the minimum the call ends and
billing stops." Every shape of `tests.netns.shapes` runs once on each party's access link with
the simulated customer (signalling on the same link as the media); the calls run in
`MATRIX_LABS` labs at once (`tests.netns.matrix`), then each cell is judged on its own. Hard
limits, from the platform's 320 kbit/s and the 40 kbit/s audio minimum:
video off within 5 s of a drop below 320, back within 20 s of a line that stays at 400 or more,
at most one off/on pair a minute while hovering, speech in 90 % of the seconds of a thin line
with the call kept, video kept at 2 % random loss with pictures arriving (no stall over 2 s),
the end with reason `bandwidth` within 15 s of a collapse, billed to within 2 s of the second
the app decided.
"""

from __future__ import annotations

from collections.abc import Callable
from statistics import median

import pytest

from tests.netns.analysis import figures_of, longest_picture_gap_s, speech_seconds
from tests.netns.lab import Party, netns_unavailable_reason
from tests.netns.matrix import Cell, cells, run_matrix
from tests.netns.scenario import ScenarioRun, workdir

pytestmark = [pytest.mark.netns, pytest.mark.slow, pytest.mark.timeout(1800)]

VIDEO_OFF_S = 5.0
VIDEO_BACK_S = 20.0
# Back (20 s at most), calm for the restore hold (8 s after one drop), a step-up's settle second
# and two good seconds, a reading: a browser's estimate of reduced video never shows the line.
FULL_AGAIN_S = 32.0
ENDED_S = 15.0
BILLED_WITHIN_S = 2.0
SPEECH_SHARE = 0.9


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> dict[Cell, ScenarioRun | Exception]:
    reason = netns_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    return run_matrix(cells(), workdir(tmp_path_factory, "matrix"))


def run_of(matrix: dict[Cell, ScenarioRun | Exception], cell: Cell) -> ScenarioRun:
    result = matrix[cell]
    if isinstance(result, Exception):
        raise AssertionError(f"{cell} did not run: {result!r}") from result
    return result


def assert_video_off_within(run: ScenarioRun, step: int) -> float:
    off = run.first_after("video_off", step)
    assert off is not None, run.timeline()
    assert off <= VIDEO_OFF_S, run.timeline()
    return off


def assert_video_back_within(run: ScenarioRun, step: int) -> None:
    back = run.first_after("video_on", step)
    assert back is not None, run.timeline()
    assert back <= VIDEO_BACK_S, run.timeline()


def assert_full_video_within(run: ScenarioRun, step: int) -> None:
    begin = run.step_started[step]
    full = [
        e["at"] - begin
        for e in run.advisor_events("video_on")
        if e.get("video") in ("full", "hd") and e["at"] >= begin
    ]
    assert full, ("video stayed reduced", run.timeline())
    assert min(full) <= FULL_AGAIN_S, run.timeline()


def assert_speech_carried(run: ScenarioRun, begin: float, end: float) -> None:
    for side in ("advisor", "customer"):
        heard, seconds = speech_seconds(run, side, begin, end)
        assert seconds >= (end - begin) * 0.7, (side, heard, seconds, run.timeline())
        assert heard >= SPEECH_SHARE * seconds, (side, heard, seconds, run.timeline())


def assert_kept(run: ScenarioRun) -> None:
    assert run.call["end_reason"] == "hangup", run.timeline()
    assert not run.advisor_events("countdown"), run.timeline()


def check_steps(run: ScenarioRun) -> None:
    off = assert_video_off_within(run, 1)
    begin, end = run.step_span(1)
    assert_speech_carried(run, begin + off, end)  # audio carries on with video off
    assert_video_back_within(run, 2)
    assert_full_video_within(run, 2)
    assert_kept(run)


def check_hover(run: ScenarioRun) -> None:
    assert_video_off_within(run, 1)  # the first dip cannot be told from a drop
    toggles = run.toggles()
    for at in toggles:
        in_a_minute = [other for other in toggles if at <= other < at + 60]
        assert len(in_a_minute) <= 2, ("more than one off/on pair a minute", run.timeline())
    # Half the time the line carries 420 kbit/s: video comes back once it showed that.
    assert any(at > toggles[0] for at in toggles), ("video never came back", run.timeline())
    assert_kept(run)


def check_thin(run: ScenarioRun) -> None:
    off = assert_video_off_within(run, 1)
    begin, end = run.step_span(1)
    assert_speech_carried(run, begin + off, end)
    assert_video_back_within(run, 2)
    assert_kept(run)


def check_loss(run: ScenarioRun) -> None:
    assert not run.advisor_events("video_off"), run.timeline()
    begin, end = run.step_span(1)
    assert longest_picture_gap_s(run, begin + 2, end) <= 2.0, run.advisor["samples"]
    customer_frames = [s["fps_in"] for s in run.customer.get("samples", [])[-15:]]
    assert customer_frames, run.customer
    assert min(customer_frames) > 0, customer_frames  # the customer's picture keeps moving too
    assert_kept(run)


def check_bufferbloat(run: ScenarioRun, party: Party) -> None:
    assert not run.advisor_events("video_off"), run.timeline()
    begin, end = run.step_span(1)
    assert_speech_carried(run, begin + 5, end)
    # The encoder follows the line: the 1.5 s queue does not stay full (the kernel's backlog).
    assert run.truth is not None
    for direction in ("up", "down"):
        queued = [
            s.queue_ms for s in run.truth.seconds(party, direction) if begin + 10 <= s.begin <= end
        ]
        assert queued, (direction, run.timeline())
        assert median(queued) <= 500, (direction, queued)
    assert_kept(run)


def check_asymmetric(run: ScenarioRun) -> None:
    assert_video_off_within(run, 1)
    assert_video_back_within(run, 2)
    assert_video_off_within(run, 3)
    assert_kept(run)


def check_collapse(run: ScenarioRun) -> None:
    assert run.call["end_reason"] == "bandwidth", run.timeline()
    ended = run.first_after("ended", 1)
    assert ended is not None, run.timeline()
    assert ended <= ENDED_S, run.timeline()
    assert run.advisor_events("countdown"), "a countdown came first"
    figures = figures_of(run)
    assert figures.billed_app == figures.billed_platform, figures
    # The platform heard the hang-up over the collapsed line, and billed to the second the app
    # decided, not to when the report got through.
    assert figures.end_vs_decided_s is not None, figures
    assert abs(figures.end_vs_decided_s) <= BILLED_WITHIN_S, (figures, run.timeline())
    # The report got through the collapsed line itself: the lines were never made fast for it.
    assert run.lifted_at is None, ("the hang-up needed fast lines", run.timeline())


def check_short_cut(run: ScenarioRun) -> None:
    assert_kept(run)
    begin, end = run.step_span(2)
    assert_speech_carried(run, begin + 3, end)


def check_long_cut(run: ScenarioRun) -> None:
    assert run.call["state"] == "ended", run.timeline()
    assert len(run.advisor_events("restore")) >= 3, "fresh connections were tried, repeatedly"
    ended = run.first_after("ended", 1)
    assert ended is not None, run.timeline()
    assert ended <= 25.0, run.timeline()  # 20 s of grace after ~2 s of silence
    # Two rules of 20 s race: the app's grace for a silent line, and the platform's for a
    # silent party (its heartbeats stopped with the line). Either ends the call; the app says so.
    detail = str(run.advisor["ended"]["detail"])
    if run.call["end_reason"] == "connection_lost":
        assert run.call["ended_by"] == "platform", run.call
        by_platform = detail == "The platform ended the call."
        assert by_platform or detail.startswith("Connection lost for"), detail
    else:
        assert run.call["end_reason"] == "bandwidth", run.timeline()
        assert detail.startswith("Connection lost for"), detail


CHECKS: dict[str, Callable[[ScenarioRun, Party], None]] = {
    "steps": lambda run, _party: check_steps(run),
    "hover": lambda run, _party: check_hover(run),
    "thin": lambda run, _party: check_thin(run),
    "thinner": lambda run, _party: check_thin(run),
    "loss": lambda run, _party: check_loss(run),
    "bufferbloat": check_bufferbloat,
    "asymmetric": lambda run, _party: check_asymmetric(run),
    "collapse": lambda run, _party: check_collapse(run),
    "short-cut": lambda run, _party: check_short_cut(run),
    "long-cut": lambda run, _party: check_long_cut(run),
}


@pytest.mark.parametrize(("shape", "party"), cells())
def test_shape(matrix: dict[Cell, ScenarioRun | Exception], shape: str, party: Party) -> None:
    CHECKS[shape](run_of(matrix, (shape, party)), party)


def test_every_shape_is_checked() -> None:
    from tests.netns.shapes import SHAPES

    assert set(CHECKS) == set(SHAPES)
