"""Adaptive quality on a throttled link: the scripted capacity profile and the reaction times.

    sudo python -m bench.quality_bench [--customer bot|browser] [--workdir DIR]
        [--scenario variable|new-network|long-cut]

Builds the two-namespace lab of `tests/netns` (needs root, `ip`, `tc`), runs one call of the
headless advisor and the chosen customer through RFC 8867's variable-capacity case in short
(2 Mbit/s, 256 kbit/s, 2 Mbit/s, 24 kbit/s) and prints the profile, when the advisor switched
video off and on again and ended the call, against the limits the platform promises (video off
within 5 s, back within 20 s, end within 15 s), and the billed seconds against the platform's
record. `new-network` moves the advisor to another address mid-call (a fresh connection must
carry the call on within 12 s); `long-cut` cuts the link for 60 s (fresh connections are tried,
then the call ends with reason `bandwidth` within 25 s).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script too: `tests` is the repository's package

from tests.netns.lab import NetnsLab, netns_unavailable_reason  # noqa: E402
from tests.netns.scenario import (  # noqa: E402
    LONG_CUT,
    NEW_NETWORK,
    VARIABLE_CAPACITY,
    ScenarioRun,
    Step,
    run_scenario,
)

Limits = tuple[tuple[str, int, float], ...]  # (event, step it follows, seconds at most)
SCENARIOS: dict[str, tuple[tuple[Step, ...], Limits]] = {
    "variable": (
        VARIABLE_CAPACITY,
        (("video_off", 1, 5.0), ("video_on", 2, 20.0), ("ended", 3, 15.0)),
    ),
    "new-network": (NEW_NETWORK, (("restore", 1, 8.0), ("reconnected", 1, 12.0))),
    "long-cut": (LONG_CUT, (("restore", 1, 8.0), ("ended", 1, 25.0))),
}
LIMITS = SCENARIOS["variable"][1]


def report(run: ScenarioRun, limits: Limits = LIMITS) -> list[str]:
    lines = ["Profile (both directions, tc tbf on the veth pair):"]
    for index, step in enumerate(run.steps):
        lines.append(f"  step {index}: {step.label()}")
    lines.append("Reaction (seconds after the step began):")
    ok = True
    for name, step_index, limit in limits:
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
    parser.add_argument("--scenario", choices=tuple(SCENARIOS), default="variable")
    args = parser.parse_args(argv)
    reason = netns_unavailable_reason()
    if reason is not None:
        print(f"quality bench: {reason}", file=sys.stderr)
        return 2
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="quality-bench-"))
    lab = NetnsLab().create()
    try:
        steps, limits = SCENARIOS[args.scenario]
        run = run_scenario(lab, workdir, steps, customer=args.customer)
    finally:
        lab.close()
    lines = report(run, limits)
    print("\n".join(lines))
    return 0 if lines[-1].endswith("within limits") else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
