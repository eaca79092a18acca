"""One call across a `NetnsLab` while the access links replay a profile of line states.

The platform and the TURN relay run in the lab's core, the headless advisor in the advisor's home
(its signalling to the platform goes over its own access link through a loopback forwarder), the
customer (the simulated one, or a real Chromium or Firefox on the customer page) in the customer's
home. Once the platform says the call is active, the profile's steps are applied on a timer; a
recorder keeps what the lines really did (`tests.netns.truth`). The last step holds until the call
ends (the customer hangs up when the profile is over, or the app ends the call itself); if it has
not ended some time after the profile, the lines are made fast so the ends can say goodbye, and the
moment is kept (`lifted_at`): what the platform recorded before it was reached over the shaped
lines. Every wait is bounded; every program started here is ended here. Used by `tests/netns/` and
`bench/quality_bench.py`.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from platform_server.seed import DEMO_ADVISOR_EMAIL, DEMO_ADVISOR_PASSWORD
from tests.netns.lab import FAST, PARTIES, LineState, NetnsLab, Party
from tests.netns.services import Platform, Programs, forwarder, wait_for
from tests.netns.truth import LineRecorder

__all__ = ["Customer", "ScenarioRun", "Step", "run_scenario"]

Customer = Literal["bot", "chromium", "firefox"]  # the simulated customer, or a browser
_AFTER_PROFILE_S = 25.0  # how long the last step holds after the profile before lines lift
_GOODBYE_S = 20.0  # how long the app may take to get its hang-up through the lines as they are
_END_WAIT_S = 40.0


@dataclass(frozen=True, slots=True)
class Step:
    """Both access links for `seconds`; `move`: the advisor's address changes as the step begins
    (another network: the old path is gone)."""

    seconds: float
    advisor: LineState = FAST
    customer: LineState = FAST
    move: bool = False

    def line(self, party: Party) -> LineState:
        return self.advisor if party == "advisor" else self.customer

    def label(self) -> str:
        parts = [
            f"{party} {self.line(party).label()}" for party in PARTIES if self.line(party) != FAST
        ]
        text = ", ".join(parts) or "both fast"
        if self.move:
            text = "new advisor address; " + text
        return f"{text} for {self.seconds:g} s"


@dataclass
class ScenarioRun:
    """What a run left: both reports, the platform's record, the lines' truth, when steps began."""

    steps: tuple[Step, ...]
    customer_kind: Customer = "bot"
    step_started: list[float] = field(default_factory=list)  # wall clock
    lifted_at: float | None = None  # the lines were made fast for the goodbye (wall clock)
    advisor: dict[str, Any] = field(default_factory=dict)
    customer: dict[str, Any] = field(default_factory=dict)
    call: dict[str, Any] = field(default_factory=dict)
    logs: dict[str, str] = field(default_factory=dict)
    truth: LineRecorder | None = None

    @property
    def started_at(self) -> float:
        """The advisor's report's origin (wall clock of its accept)."""
        return float(self.advisor.get("started_at") or 0.0)

    def advisor_events(self, name: str) -> list[dict[str, Any]]:
        """The advisor's events called `name`, each with its wall-clock `at` added."""
        return [
            {**event, "at": self.started_at + float(event["t"])}
            for event in self.advisor.get("events", [])
            if event["event"] == name
        ]

    def toggles(self) -> list[float]:
        """When video went off, or came back from off (not a better level), wall clock."""
        back = [e for e in self.advisor_events("video_on") if e.get("video") == "reduced"]
        return sorted(e["at"] for e in self.advisor_events("video_off") + back)

    def first_after(self, name: str, step: int) -> float | None:
        """Seconds from the start of step `step` to the advisor's first `name` event after it."""
        if step >= len(self.step_started):
            return None
        begin = self.step_started[step]
        times = [e["at"] - begin for e in self.advisor_events(name) if e["at"] >= begin]
        return min(times) if times else None

    def step_span(self, step: int) -> tuple[float, float]:
        """Wall-clock begin and end of step `step` (the end: the next step, or the call's end)."""
        begin = self.step_started[step]
        if step + 1 < len(self.step_started):
            return begin, self.step_started[step + 1]
        end = self.platform_ended_at or begin + self.steps[step].seconds
        return begin, min(end, begin + self.steps[step].seconds)

    @property
    def platform_ended_at(self) -> float | None:
        ended = self.call.get("ended_at")
        return None if not ended else wall(ended)

    def timeline(self) -> str:
        """Steps and the advisor's decisions, for a failure message (a string: pytest keeps it)."""
        start = self.started_at
        lines = [
            f"step {index} at {at - start:6.1f}: {step.label()}"
            for index, (step, at) in enumerate(zip(self.steps, self.step_started, strict=False))
        ]
        for event in self.advisor.get("events", []):
            if "threshold_kbps" in event or event["event"] in ("ended", "connected"):
                lines.append(
                    f"{event['t']:7.2f} {event['event']:<20} up={event.get('up_kbps')} "
                    f"down={event.get('down_kbps')} loss={event.get('loss')} "
                    f"rtt={event.get('rtt_ms')} {event.get('reason', '')}"
                )
        lines.append(
            f"call: { ({k: self.call.get(k) for k in ('state', 'end_reason', 'billed_seconds')}) }"
        )
        lines.append("the advisor's readings (t up=ceiling/floor down=ceiling/floor loss q rtt):")
        lines.extend(_reading(line) for line in self.advisor.get("line", []))
        return "\n".join(lines)


def _reading(line: dict[str, Any]) -> str:
    """One second of the advisor's line meter, compact (a failure in CI is read from these)."""

    def kbps(value: Any) -> str:
        return "-" if value is None else f"{value:.0f}"

    return (
        f"{line.get('t', 0.0):7.2f}"
        f" up={kbps(line.get('up_kbps'))}/{kbps(line.get('up_floor_kbps'))}"
        f" down={kbps(line.get('down_kbps'))}/{kbps(line.get('down_floor_kbps'))}"
        f" loss={line.get('up_loss')}/{line.get('down_loss')} q={int(bool(line.get('queueing')))}"
        f" rtt={line.get('rtt_ms')} rx={kbps(line.get('received_kbps'))}"
    )


def workdir(tmp_path_factory: Any, name: str) -> Path:
    """Where a run keeps its logs and reports: `$QUALITY_LAB_DIR/<name>` when set (to look at
    a run afterwards), else a pytest temporary directory."""
    kept = os.environ.get("QUALITY_LAB_DIR")
    if kept:
        path = Path(kept) / name
        path.mkdir(parents=True, exist_ok=True)
        return path
    return Path(tmp_path_factory.mktemp(name))


def wall(timestamp: str) -> float:
    """A platform timestamp ("...Z") as wall-clock seconds."""
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp()


def _customer(
    programs: Programs,
    lab: NetnsLab,
    platform: Platform,
    kind: Customer,
    advisor_id: str,
    seconds: float,
) -> None:
    """Starts the customer in its home: the simulated one, or a browser on the customer page.

    The one interface to a customer program: it calls `advisor_id` on the platform, stays until
    the call ends (the simulated one hangs up after `seconds`) and writes `customer.json`.
    """
    report = str(programs.workdir / "customer.json")
    if kind == "bot":
        programs.python(
            "customer",
            lab.in_customer(),
            ["-m", "platform_server.customer_bot", "--server", platform.url_for_parties,
             "--advisor", advisor_id, "--duration", str(seconds), "--no-self-test",
             "--report", report],
        )  # fmt: skip
        return
    # The page needs a secure context (camera, crypto.subtle): loopback is one.
    forwarder(programs, "customer-forwarder", lab.in_customer(), platform.port, lab.platform_ip)
    programs.python(
        "customer",
        lab.in_customer(),
        ["-m", "tests.netns.browser_customer", "--server", f"http://127.0.0.1:{platform.port}",
         "--advisor", advisor_id, "--within", str(seconds + 90), "--report", report,
         "--browser", kind],
    )  # fmt: skip


def run_scenario(
    lab: NetnsLab, workdir: Path, steps: tuple[Step, ...], customer: Customer = "bot"
) -> ScenarioRun:
    """Runs one call through `steps`; returns what happened (never leaves a program running)."""
    run = ScenarioRun(steps, customer)
    workdir.mkdir(parents=True, exist_ok=True)
    programs = Programs(workdir)
    recorder = LineRecorder(lab)
    total = sum(step.seconds for step in steps)
    for party in PARTIES:
        lab.set_line(party, FAST)  # the call is set up on good lines; the profile starts then
    try:
        platform = Platform(lab, programs)
        platform.wait_up()
        advisor_id = platform.sign_in(DEMO_ADVISOR_EMAIL, DEMO_ADVISOR_PASSWORD)
        forwarder(programs, "forwarder", lab.in_advisor(), platform.port, lab.platform_ip)
        # The browser's call ends by the advisor's duration (counted from the accept, a few
        # seconds before the call is active); the simulated customer hangs up by itself.
        duration = total + (60 if customer == "bot" else 8)
        programs.python(
            "advisor",
            lab.in_advisor(),
            ["-m", "advisor_app", "headless", "--server", f"http://127.0.0.1:{platform.port}",
             "--email", DEMO_ADVISOR_EMAIL, "--password", DEMO_ADVISOR_PASSWORD,
             "--auto-accept", "--duration", str(duration), "--wait", "60",
             "--report", str(workdir / "advisor.json")],
        )  # fmt: skip
        wait_for(
            lambda: platform.request("GET", f"/advisors/{advisor_id}")["presence"] == "online",
            40,
            "the advisor to go online",
        )
        _customer(programs, lab, platform, customer, advisor_id, total + 2)
        call = wait_for(platform.active_call, 60, "the call to become active")
        recorder.start()
        run.truth = recorder

        def ended() -> bool:
            return bool(platform.call(call["id"])["state"] == "ended")

        for step in steps:
            run.step_started.append(time.time())
            if step.move:
                lab.move_advisor()
            for party in PARTIES:
                if lab.line(party) != step.line(party):
                    lab.set_line(party, step.line(party))
            end_at = time.monotonic() + step.seconds
            while time.monotonic() < end_at and not ended():
                time.sleep(0.25)
            if ended():
                break
        else:
            with contextlib.suppress(RuntimeError):
                wait_for(ended, _AFTER_PROFILE_S, "the call to end over the shaped lines")
        # The app says goodbye over the lines as they are (its hang-up report, retried until
        # the platform has it); only a call or an app not done by then gets fast lines.
        if not ended() or not programs.exited("advisor", _GOODBYE_S):
            run.lifted_at = time.time()
            for party in PARTIES:
                lab.set_line(party, FAST)
        with contextlib.suppress(RuntimeError):  # the record says it: tests assert on `run.call`
            wait_for(ended, _END_WAIT_S, "the call to end")
        programs.wait("advisor", 40)
        programs.wait("customer", 40)
        recorder.stop()
        (workdir / "truth.json").write_text(json.dumps(recorder.to_json()), encoding="utf-8")
        run.call = platform.call(call["id"])
        (workdir / "run.json").write_text(
            json.dumps(
                {
                    "steps": [step.label() for step in steps],
                    "step_started": run.step_started,
                    "lifted_at": run.lifted_at,
                    "call": run.call,
                }
            ),
            encoding="utf-8",
        )
        for name in ("advisor", "customer"):
            path = workdir / f"{name}.json"
            if path.exists():
                setattr(run, name, json.loads(path.read_text(encoding="utf-8")))
    finally:
        recorder.stop()
        run.logs = programs.stop_all()
    return run
