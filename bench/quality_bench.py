"""Adaptive quality on a throttled link: the scripted capacity profile and the reaction times.

    sudo python -m bench.quality_bench [--customer bot|browser] [--workdir DIR]

Builds the two-namespace lab of `tests/netns` (needs root, `ip`, `tc`), runs one call of the
headless advisor and the chosen customer through RFC 8867's variable-capacity case in short
(2 Mbit/s, 256 kbit/s, 2 Mbit/s, 24 kbit/s) and prints the profile, when the advisor switched
video off and on again and ended the call, against the limits the platform promises (video off
within 5 s, back within 20 s, end within 15 s), and the billed seconds against the platform's
record.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script too: `tests` is the repository's package

from tests.netns.lab import NetnsLab, netns_unavailable_reason  # noqa: E402
from tests.netns.scenario import VARIABLE_CAPACITY, ScenarioRun, run_scenario  # noqa: E402

LIMITS = (("video_off", 1, 5.0), ("video_on", 2, 20.0), ("ended", 3, 15.0))


def report(run: ScenarioRun) -> list[str]:
    lines = ["Profile (both directions, tc tbf on the veth pair):"]
    for index, step in enumerate(run.steps):
        lines.append(f"  step {index}: {step.label()}")
    lines.append("Reaction (seconds after the step began):")
    ok = True
    for name, step_index, limit in LIMITS:
        seconds = run.first_after(name, step_index)
        within = seconds is not None and seconds <= limit
        ok &= within
        shown = "never" if seconds is None else f"{seconds:5.1f} s"
        lines.append(
            f"  {name:<10} after step {step_index} ({run.steps[step_index].label():<24}) {shown}"
            f"   limit {limit:.0f} s  {'ok' if within else 'MISSED'}"
        )
    call = run.call
    lines.append(
        f"End: reason {call.get('end_reason')}, billed {call.get('billed_seconds')} s by the "
        f"platform, {run.advisor.get('ended', {}).get('billed_seconds')} s in the app's report"
    )
    lines.append("Decisions of the advisor's quality rule:")
    for event in run.advisor.get("events", []):
        if "threshold_kbps" in event:
            lines.append(
                f"  t={event['t']:6.1f}  {event['event']:<20} up {event['up_kbps']} "
                f"down {event['down_kbps']} kbit/s, loss {event['loss']:.0%}"
            )
    lines.append("RESULT: " + ("all reactions within limits" if ok else "a limit was missed"))
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customer", choices=("bot", "browser"), default="bot")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    reason = netns_unavailable_reason()
    if reason is not None:
        print(f"quality bench: {reason}", file=sys.stderr)
        return 2
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="quality-bench-"))
    lab = NetnsLab().create()
    try:
        run = run_scenario(lab, workdir, VARIABLE_CAPACITY, customer=args.customer)
    finally:
        lab.close()
    lines = report(run)
    print("\n".join(lines))
    return 0 if lines[-1].endswith("within limits") else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
