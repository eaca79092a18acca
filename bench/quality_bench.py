"""Call quality on real lines: one shape in detail, or the whole matrix as a table.

    sudo .venv/bin/python bench/quality_bench.py --matrix [--shapes steps,thin,...] [--labs N]
    sudo .venv/bin/python bench/quality_bench.py --shape steps [--party advisor|customer]
        [--customer bot|chromium|firefox] [--workdir DIR]

Builds the lab of `tests/netns` (namespaces for the advisor's and the customer's homes and a
core with the platform and the TURN relay; needs root, iproute2, nftables, socat) and runs calls
of the headless advisor through the line shapes of `tests/netns/shapes.py`, signalling on the
same access link as the media. `--matrix` prints one row per shape and link: video off after (s),
video back after (s), toggles per minute, seconds with speech received (advisor / customer),
ended after (s), billed seconds (app / platform) and how far the platform's end lies from the
second the app decided. `--shape` prints one run's profile, the advisor's decisions and the same
figures. Figures measured on a loaded machine are noisy: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script too: `tests` is the repository's package

from tests.netns.analysis import ShapeFigures, figures_of  # noqa: E402
from tests.netns.lab import NetnsLab, netns_unavailable_reason  # noqa: E402
from tests.netns.matrix import MATRIX_LABS, Cell, cells, run_matrix  # noqa: E402
from tests.netns.scenario import ScenarioRun, run_scenario  # noqa: E402
from tests.netns.shapes import SHAPES  # noqa: E402

COLUMNS = (
    ("shape", 12),
    ("link", 9),
    ("off s", 6),
    ("back s", 7),
    ("tog/min", 8),
    ("speech adv", 11),
    ("speech cus", 11),
    ("ended s", 8),
    ("reason", 10),
    ("billed app/plat", 16),
    ("end-decided s", 14),
)


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def row(cell: Cell, figures: ShapeFigures | None, error: str | None = None) -> str:
    name, party = cell
    if figures is None:
        cells_text = [name, party, f"did not run: {error}"]
        return "  ".join(cells_text)

    def speech(pair: tuple[int, int]) -> str:
        heard, seconds = pair
        return f"{heard}/{seconds}"

    values = (
        name,
        party,
        _seconds(figures.video_off_after_s),
        _seconds(figures.video_back_after_s),
        f"{figures.toggles_per_minute:.1f}",
        speech(figures.speech_advisor),
        speech(figures.speech_customer),
        _seconds(figures.ended_after_s),
        figures.end_reason or "-",
        f"{figures.billed_app}/{figures.billed_platform}",
        _seconds(figures.end_vs_decided_s),
    )
    return "  ".join(
        value.ljust(width) for value, (_title, width) in zip(values, COLUMNS, strict=True)
    )


def header() -> str:
    return "  ".join(title.ljust(width) for title, width in COLUMNS)


def load() -> str:
    return "load average " + " ".join(f"{value:.1f}" for value in os.getloadavg())


def describe(run: ScenarioRun, cell: Cell) -> list[str]:
    name, _party = cell
    lines = [f"Shape {name}: {SHAPES[name].expect}", run.timeline(), header()]
    lines.append(row(cell, figures_of(run, SHAPES[name].measured_step)))
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--matrix", action="store_true", help="every shape on both links")
    parser.add_argument("--shapes", help="comma-separated shapes (default: all)")
    parser.add_argument("--labs", type=int, default=MATRIX_LABS, help="labs at once (--matrix)")
    parser.add_argument("--shape", choices=tuple(SHAPES), help="one shape in detail")
    parser.add_argument("--party", choices=("advisor", "customer"), default="advisor")
    parser.add_argument("--customer", choices=("bot", "chromium", "firefox"), default="bot")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    reason = netns_unavailable_reason()
    if reason is not None:
        print(f"quality bench: {reason}", file=sys.stderr)
        return 2
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="quality-bench-"))
    if args.shape:
        cell: Cell = (args.shape, args.party)
        lab = NetnsLab().create()
        try:
            run = run_scenario(
                lab, workdir, SHAPES[args.shape].on(args.party), customer=args.customer
            )
        finally:
            lab.close()
        print("\n".join(describe(run, cell)))
        print(load(), f"- reports and logs in {workdir}")
        return 0
    if not args.matrix:
        parser.error("say --matrix or --shape NAME")
    chosen = cells(args.shapes.split(",") if args.shapes else SHAPES)
    print(f"{len(chosen)} calls, {args.labs} labs at once; {load()}", flush=True)
    results = run_matrix(chosen, workdir, labs=args.labs)
    print(header())
    for cell in chosen:
        result = results[cell]
        if isinstance(result, Exception):
            print(row(cell, None, repr(result)))
        else:
            print(row(cell, figures_of(result, SHAPES[cell[0]].measured_step)))
    print(load(), f"- reports and logs in {workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
