"""One call across a `NetnsLab` while a capacity profile is replayed on the link.

The platform runs as a program in the root namespace (on both unshaped legs), the headless
advisor in the advisor's namespace, the customer (the simulated one or Chromium on the customer
page) in the customer's. Once the platform says the call is active, the profile's steps are
applied on a timer; the run ends when the call ends or the profile is over. Every wait is
bounded; every program started here is ended here. Used by `tests/netns/` and
`bench/quality_bench.py`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from platform_server.seed import DEMO_ADVISOR_EMAIL, DEMO_ADVISOR_PASSWORD
from tests.netns.lab import NetnsLab, free_port

ROOT = Path(__file__).resolve().parents[2]
Customer = Literal["bot", "browser"]


@dataclass(frozen=True, slots=True)
class Step:
    """Hold the link at `kbps` (None: unshaped) for `seconds`; `cut`: drop everything; `move`:
    the advisor's address changes as the step begins (another network, the old path is gone)."""

    kbps: int | None
    seconds: float
    cut: bool = False
    move: bool = False

    def label(self) -> str:
        if self.cut:
            return f"cut for {self.seconds:g} s"
        if self.move:
            return f"new advisor address, then {self.seconds:g} s"
        rate = "unshaped" if self.kbps is None else f"{self.kbps} kbit/s"
        return f"{rate} for {self.seconds:g} s"


# RFC 8867's variable-capacity case in short: good, bad, good again, then too little for audio.
VARIABLE_CAPACITY = (Step(2000, 12), Step(256, 16), Step(2000, 24), Step(24, 16))
# The advisor's machine moves to another address mid-call (Wi-Fi to cable): the old path is gone.
NEW_NETWORK = (Step(2000, 8), Step(2000, 18, move=True))
# The line is cut for longer than the grace period.
LONG_CUT = (Step(2000, 8), Step(2000, 60, cut=True))


@dataclass
class ScenarioRun:
    """What a run left: both reports, the platform's call record, when each step began."""

    steps: tuple[Step, ...]
    step_started: list[float] = field(default_factory=list)  # wall clock
    advisor: dict[str, Any] = field(default_factory=dict)
    customer: dict[str, Any] = field(default_factory=dict)
    call: dict[str, Any] = field(default_factory=dict)
    logs: dict[str, str] = field(default_factory=dict)

    def advisor_events(self, name: str) -> list[dict[str, Any]]:
        """The advisor's events called `name`, each with its wall-clock `at` added."""
        start = float(self.advisor.get("started_at") or 0.0)
        return [
            {**event, "at": start + float(event["t"])}
            for event in self.advisor.get("events", [])
            if event["event"] == name
        ]

    def first_after(self, name: str, step: int) -> float | None:
        """Seconds from the start of step `step` to the advisor's first `name` event after it."""
        if step >= len(self.step_started):
            return None
        begin = self.step_started[step]
        times = [e["at"] - begin for e in self.advisor_events(name) if e["at"] >= begin]
        return min(times) if times else None


class _Platform:
    def __init__(self, data: Path, log: Path) -> None:
        self.port = free_port()
        self._log = log.open("w")
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "platform_server", "--host", "0.0.0.0", "--port",
             str(self.port), "--data", str(data), "--seed", "demo"],
            cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.token = ""

    def url(self, ip: str) -> str:
        return f"http://{ip}:{self.port}"

    def request(self, base: str, method: str, path: str, body: Any = None) -> Any:
        request = urllib.request.Request(
            base + "/api/v1" + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json"}
            | ({"Authorization": f"Bearer {self.token}"} if self.token else {}),
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def wait_up(self, base: str, within_s: float = 30.0) -> None:
        deadline = time.monotonic() + within_s
        while True:
            try:
                self.request(base, "GET", "/time")
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline or self.popen.poll() is not None:
                    raise RuntimeError("the platform did not start") from None
                time.sleep(0.2)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=10)
        self._log.close()


def _wait(check: Any, within_s: float, what: str) -> Any:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.25)
    raise RuntimeError(f"timed out waiting for {what}")


def run_scenario(
    lab: NetnsLab, workdir: Path, steps: tuple[Step, ...], customer: Customer = "bot"
) -> ScenarioRun:
    """Runs one call through `steps`; returns what happened (never leaves a program running)."""
    run = ScenarioRun(steps)
    workdir.mkdir(parents=True, exist_ok=True)
    platform = _Platform(workdir / "data", workdir / "platform.log")
    started: list[tuple[subprocess.Popen[bytes], Any, str]] = []
    lab.shape(steps[0].kbps)
    try:
        admin_base = platform.url(lab.platform_ip_for_advisor)
        platform.wait_up(admin_base)
        tokens = platform.request(
            admin_base,
            "POST",
            "/auth/login",
            {"email": DEMO_ADVISOR_EMAIL, "password": DEMO_ADVISOR_PASSWORD},
        )
        platform.token = tokens["access_token"]
        advisor_id = tokens["account"]["id"]
        total = sum(step.seconds for step in steps)

        def start(prefix: list[str], args: list[str], name: str) -> None:
            log = (workdir / f"{name}.log").open("w")
            popen = subprocess.Popen(
                [*prefix, sys.executable, *args], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
            )
            started.append((popen, log, name))

        # The app speaks plain http only to loopback: a forwarder in its namespace bridges.
        start(
            lab.in_advisor(),
            ["-m", "tests.netns.forward", str(platform.port), lab.platform_ip_for_advisor,
             str(platform.port)],
            "forwarder",
        )  # fmt: skip
        time.sleep(0.5)
        start(
            lab.in_advisor(),
            ["-m", "advisor_app", "headless", "--server", f"http://127.0.0.1:{platform.port}",
             "--email", DEMO_ADVISOR_EMAIL, "--password", DEMO_ADVISOR_PASSWORD,
             "--auto-accept", "--duration", str(total + 5), "--wait", "60",
             "--report", str(workdir / "advisor.json")],
            "advisor",
        )  # fmt: skip
        _wait(
            lambda: (
                platform.request(admin_base, "GET", f"/advisors/{advisor_id}")["presence"]
                == "online"
            ),
            40,
            "the advisor to go online",
        )
        customer_base = platform.url(lab.platform_ip_for_customer)
        if customer == "bot":
            start(
                lab.in_customer(),
                ["-m", "platform_server.customer_bot", "--server", customer_base,
                 "--advisor", advisor_id, "--duration", str(total + 60), "--no-self-test",
                 "--report", str(workdir / "customer.json")],
                "customer",
            )  # fmt: skip
        else:
            # The page needs a secure context (camera, crypto.subtle): loopback is one.
            start(
                lab.in_customer(),
                ["-m", "tests.netns.forward", str(platform.port), lab.platform_ip_for_customer,
                 str(platform.port)],
                "customer-forwarder",
            )  # fmt: skip
            time.sleep(0.5)
            start(
                lab.in_customer(),
                ["-m", "tests.netns.browser_customer",
                 "--server", f"http://127.0.0.1:{platform.port}",
                 "--advisor", advisor_id, "--within", str(total + 60),
                 "--report", str(workdir / "customer.json")],
                "customer",
            )  # fmt: skip

        def active_call() -> dict[str, Any] | None:
            calls = platform.request(admin_base, "GET", "/calls")["calls"]
            return next((c for c in calls if c["state"] == "active"), None)

        call = _wait(active_call, 60, "the call to become active")
        for index, step in enumerate(steps):
            run.step_started.append(time.time())
            if step.move:
                lab.move_advisor()
            if step.cut:
                lab.cut()
            elif index > 0:
                if steps[index - 1].cut:
                    lab.rate_kbps = step.kbps
                    lab.restore()
                else:
                    lab.shape(step.kbps)
            end_at = time.monotonic() + step.seconds
            while time.monotonic() < end_at:
                if platform.request(admin_base, "GET", f"/calls/{call['id']}")["state"] == "ended":
                    break
                time.sleep(0.5)
            else:
                continue
            break
        lab.shape(None)  # let the ends say goodbye over a clean line
        _wait(
            lambda: platform.request(admin_base, "GET", f"/calls/{call['id']}")["state"] == "ended",
            40,
            "the call to end",
        )
        for popen, _log, name in started:
            if name not in ("advisor", "customer"):
                continue  # the forwarders serve until they are ended below
            try:
                popen.wait(timeout=40)
            except subprocess.TimeoutExpired:
                popen.kill()
        run.call = platform.request(admin_base, "GET", f"/calls/{call['id']}")
        for name in ("advisor", "customer"):
            path = workdir / f"{name}.json"
            if path.exists():
                setattr(run, name, json.loads(path.read_text(encoding="utf-8")))
    finally:
        for popen, log, _name in started:
            if popen.poll() is None:
                popen.kill()
                popen.wait(timeout=10)
            log.close()
        platform.stop()
        for name in ("advisor", "customer", "platform"):
            path = workdir / f"{name}.log"
            if path.exists():
                run.logs[name] = path.read_text(encoding="utf-8", errors="replace")[-4000:]
    return run
