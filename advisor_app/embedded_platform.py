"""The demo: a reference platform and a simulated customer started beside the app.

With no server configured, `advisor-app` starts the reference platform on a free loopback port with
demo data in a throw-away directory, and the simulated customer that rings a few seconds after the
advisor goes online. Both run as child processes (a crash there never takes the app down, and their
work never competes with the GUI thread); both end when the app ends.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

READY_PREFIX = "PLATFORM READY "
START_TIMEOUT_S = 30.0


class EmbeddedPlatformError(RuntimeError):
    """The demo platform could not be started; the message says why."""


@dataclass(frozen=True)
class DemoPlatform:
    base_url: str
    customer_url: str
    advisor_email: str
    advisor_password: str


def app_command(*args: str) -> list[str]:
    """The command that runs this app's own subcommand, frozen (PyInstaller) or not."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *args]
    return [sys.executable, "-m", "advisor_app", *args]


class EmbeddedPlatform:
    """Owns the demo platform's and the simulated customer's processes and data."""

    def __init__(self, with_customer_bot: bool = True) -> None:
        self._with_bot = with_customer_bot
        self._data_dir: Path | None = None
        self._platform: subprocess.Popen[str] | None = None
        self._bot: subprocess.Popen[str] | None = None
        self._pumps: list[threading.Thread] = []
        self.info: DemoPlatform | None = None

    def start(self) -> DemoPlatform:
        self._data_dir = Path(tempfile.mkdtemp(prefix="advisor-demo-"))
        cmd = app_command(
            "platform", "--port", "0", "--data", str(self._data_dir), "--seed", "demo"
        )
        log.info("starting the demo platform")
        self._platform = subprocess.Popen(  # noqa: S603 (our own executable, fixed arguments)
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
            preexec_fn=_PREEXEC,  # noqa: PLW1509 (only a prctl call, before exec)
        )
        ready = _read_ready_line(self._platform, START_TIMEOUT_S)
        self._pumps.append(_forward_lines(self._platform.stderr, "platform"))
        try:
            self.info = DemoPlatform(
                base_url=str(ready["base_url"]),
                customer_url=str(ready["customer_url"]),
                advisor_email=str(ready["email"]),
                advisor_password=str(ready["password"]),
            )
        except KeyError as exc:
            self.stop()
            raise EmbeddedPlatformError(f"the demo platform did not say its {exc}") from None
        log.info("demo platform at %s", self.info.base_url)
        log.info("customer web page: %s", self.info.customer_url)
        if self._with_bot:
            self._start_customer_bot(self.info.base_url)
        return self.info

    def _start_customer_bot(self, base_url: str) -> None:
        cmd = [sys.executable, "-m", "platform_server.customer_bot", "--server", base_url, "--demo"]
        if getattr(sys, "frozen", False):
            cmd = app_command("customer-bot", "--server", base_url, "--demo")
        self._bot = subprocess.Popen(  # noqa: S603 (our own executable, fixed arguments)
            cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
            preexec_fn=_PREEXEC,  # noqa: PLW1509 (only a prctl call, before exec)
        )
        self._pumps.append(_forward_lines(self._bot.stderr, "customer-bot"))

    def stop(self) -> None:
        for proc in (self._bot, self._platform):
            if proc is not None and proc.poll() is None:
                proc.terminate()
        for proc in (self._bot, self._platform):
            if proc is None:
                continue
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        for pump in self._pumps:
            pump.join(timeout=2)  # the child's last lines, then its pipe is at its end
        self._pumps.clear()
        for proc in (self._bot, self._platform):
            for pipe in (proc.stdout, proc.stderr) if proc is not None else ():
                if pipe is not None:
                    pipe.close()
        self._bot = self._platform = None
        if self._data_dir is not None:
            shutil.rmtree(self._data_dir, ignore_errors=True)
            self._data_dir = None


def _die_with_parent() -> None:
    """On Linux, the demo's children get SIGTERM if the app dies without cleaning up (a crash,
    SIGKILL): the demo must never leave a platform running in the background."""
    import ctypes

    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


_PREEXEC = _die_with_parent if sys.platform.startswith("linux") else None  # Windows has none


def _read_ready_line(proc: subprocess.Popen[str], timeout: float) -> dict[str, object]:
    assert proc.stdout is not None
    result: dict[str, object] = {}
    failure: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line.startswith(READY_PREFIX):
            failure.append(line.strip() or "no output")
            return
        try:
            value = json.loads(line[len(READY_PREFIX) :])
        except ValueError:
            failure.append("an unreadable ready line")
            return
        if isinstance(value, dict):
            result.update(value)
        else:
            failure.append("a ready line that is not an object")

    reader = threading.Thread(target=read, name="platform-ready", daemon=True)
    reader.start()
    reader.join(timeout)
    if reader.is_alive() or failure or not result:
        proc.kill()
        err = proc.stderr.read()[-2000:] if proc.stderr and proc.poll() is not None else ""
        why = (
            "it did not start in time"
            if reader.is_alive()
            else f"it printed {failure or 'nothing'}"
        )
        raise EmbeddedPlatformError(f"The demo platform could not start: {why}. {err}".strip())
    return result


def _forward_lines(stream: IO[str] | None, name: str) -> threading.Thread:
    """Copies a child's log lines into our log on a daemon thread (the pipe must never fill up)."""
    child_log = logging.getLogger(f"{__name__}.{name}")

    def pump() -> None:
        if stream is None:
            return
        for line in stream:
            child_log.info("%s", line.rstrip())

    thread = threading.Thread(target=pump, name=f"{name}-log", daemon=True)
    thread.start()
    return thread
