"""The programs of a lab: the platform and the TURN relay in the core, the parties in their homes.

Every program is started with its output in a log file of the run's work directory and ended by
`Programs.stop_all()` (terminate, then kill): a run never leaves one behind. The platform is asked
over the management link (`NetnsLab.platform_ip_for_test`), never over a party's line.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

from tests.netns.lab import NetnsLab, free_port

__all__ = ["ROOT", "Platform", "Programs", "wait_for"]

ROOT = Path(__file__).resolve().parents[2]
TURN_USER = "lab"
TURN_PASSWORD = "lab-relay"  # only inside the lab's namespaces
T = TypeVar("T")


def wait_for(check: Callable[[], T | None], within_s: float, what: str) -> T:
    """Polls `check()` every 0.25 s until it returns something truthy."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.25)
    raise RuntimeError(f"timed out waiting for {what}")


@dataclass
class Programs:
    """The programs one run started, each with its log file."""

    workdir: Path
    started: dict[str, tuple[subprocess.Popen[bytes], IO[str]]] = field(default_factory=dict)

    def start(self, name: str, prefix: list[str], args: list[str]) -> subprocess.Popen[bytes]:
        log = (self.workdir / f"{name}.log").open("w")
        popen = subprocess.Popen([*prefix, *args], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        self.started[name] = (popen, log)
        return popen

    def python(self, name: str, prefix: list[str], args: list[str]) -> subprocess.Popen[bytes]:
        return self.start(name, prefix, [sys.executable, *args])

    def exited(self, name: str, within_s: float) -> bool:
        """Waits up to `within_s` for program `name` to exit by itself; True if it did."""
        popen, _log = self.started[name]
        try:
            popen.wait(timeout=within_s)
        except subprocess.TimeoutExpired:
            return False
        return True

    def wait(self, name: str, within_s: float) -> None:
        """Waits for program `name` to exit by itself (killed after `within_s`)."""
        if not self.exited(name, within_s):
            popen, _log = self.started[name]
            popen.kill()
            popen.wait(timeout=10)

    def stop_all(self) -> dict[str, str]:
        """Ends every program still running; returns the tail of each log."""
        for popen, _log in self.started.values():
            if popen.poll() is None:
                popen.terminate()
        tails: dict[str, str] = {}
        for name, (popen, log) in self.started.items():
            try:
                popen.wait(timeout=5)
            except subprocess.TimeoutExpired:
                popen.kill()
                popen.wait(timeout=10)
            log.close()
            path = self.workdir / f"{name}.log"
            tails[name] = path.read_text(encoding="utf-8", errors="replace")[-6000:]
        return tails


class Platform:
    """The reference platform in the lab's core, with the TURN relay next to it."""

    def __init__(self, lab: NetnsLab, programs: Programs) -> None:
        self.lab = lab
        self.port = free_port()
        self.token = ""
        relay = f"{lab.platform_ip}:3478"
        if shutil.which("turnserver") is not None:
            programs.start(
                "turn",
                lab.in_core(),
                ["turnserver", "-n", f"--listening-ip={lab.platform_ip}",
                 f"--relay-ip={lab.platform_ip}", "--listening-port=3478", "--lt-cred-mech",
                 f"--user={TURN_USER}:{TURN_PASSWORD}", "--realm=lab", "--no-tls", "--no-dtls",
                 "--no-cli", "--simple-log", "--log-file=stdout"],
            )  # fmt: skip
            relays = ["--ice-server", f"turn:{relay}?transport=udp",
                      "--turn-username", TURN_USER, "--turn-password", TURN_PASSWORD]  # fmt: skip
        else:
            relays = []
        self.popen = programs.python(
            "platform",
            lab.in_core(),
            ["-m", "platform_server", "--host", "0.0.0.0", "--port", str(self.port),
             "--data", str(programs.workdir / "data"), "--seed", "demo",
             "--ice-server", f"stun:{relay}", *relays],
        )  # fmt: skip

    @property
    def url_for_parties(self) -> str:
        """The platform as the parties reach it: through their own access links."""
        return f"http://{self.lab.platform_ip}:{self.port}"

    def request(self, method: str, path: str, body: Any = None) -> Any:
        """A REST call from the test, over the management link."""
        request = urllib.request.Request(
            f"http://{self.lab.platform_ip_for_test}:{self.port}/api/v1{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json"}
            | ({"Authorization": f"Bearer {self.token}"} if self.token else {}),
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def wait_up(self, within_s: float = 30.0) -> None:
        def up() -> bool:
            if self.popen.poll() is not None:
                raise RuntimeError("the platform exited")
            try:
                self.request("GET", "/time")
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                return False
            return True

        wait_for(up, within_s, "the platform to start")

    def sign_in(self, email: str, password: str) -> str:
        """Signs the test in (as the advisor, to read the advisor's calls); returns their id."""
        tokens = self.request("POST", "/auth/login", {"email": email, "password": password})
        self.token = tokens["access_token"]
        return str(tokens["account"]["id"])

    def call(self, call_id: str) -> dict[str, Any]:
        record: dict[str, Any] = self.request("GET", f"/calls/{call_id}")
        return record

    def active_call(self) -> dict[str, Any] | None:
        calls = self.request("GET", "/calls")["calls"]
        return next((c for c in calls if c["state"] == "active"), None)


def forwarder(programs: Programs, name: str, prefix: list[str], port: int, target: str) -> None:
    """A loopback port in a party's namespace that leads to the platform over its access link.

    The app speaks plain http only to loopback (and a browser page needs loopback for a secure
    context); socat carries the bytes over the party's own line, as a browser's would go.
    """
    programs.start(
        name,
        prefix,
        ["socat", f"TCP-LISTEN:{port},bind=127.0.0.1,fork,reuseaddr", f"TCP:{target}:{port}"],
    )

    def listening() -> bool:
        probe = subprocess.run(
            [*prefix, "ss", "-Hltn", f"sport = :{port}"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        return bool(probe.stdout.strip())

    wait_for(listening, 10, f"{name} to listen")
