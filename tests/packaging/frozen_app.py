"""Drives the frozen app (`dist/advisor-app/advisor-app`) as a user and the release check would.

`ADVISOR_APP_FROZEN` names the executable (scripts/package-check.sh sets it after the build); the
tests that need it are skipped without it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

READY_PREFIX = "PLATFORM READY "
MAIN_WINDOW_TITLE = re.compile(r'^\s*(0x[0-9a-f]+) ".+ — Advisor Desk": \("advisor-app"')


def frozen_executable() -> Path:
    value = os.environ.get("ADVISOR_APP_FROZEN")
    if not value:
        pytest.skip("ADVISOR_APP_FROZEN is not set (scripts/package-check.sh sets it)")
    path = Path(value)
    assert path.is_file(), f"ADVISOR_APP_FROZEN={value} does not exist"
    return path


def private_environment(home: Path) -> dict[str, str]:
    """The frozen app's environment: its own home (settings, logs), no inherited Python paths."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "VIRTUAL_ENV", "QT_", "XDG_"))
    }
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_CACHE_HOME=str(home / ".cache"),
    )
    return env


@contextmanager
def frozen_platform(exe: Path, data: Path, env: dict[str, str]) -> Iterator[dict[str, Any]]:
    """`advisor-app platform` from the frozen app; yields its READY information."""
    proc = subprocess.Popen(
        [str(exe), "platform", "--port", "0", "--data", str(data), "--seed", "demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith(READY_PREFIX), f"the frozen platform printed {line!r}"
        yield json.loads(line[len(READY_PREFIX) :])
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        if proc.stdout is not None:
            proc.stdout.close()


class LogWatcher:
    """Collects a child's stderr lines on a thread; `reached` is set when `marker` appears."""

    def __init__(self, proc: subprocess.Popen[str], marker: str) -> None:
        self.lines: list[str] = []
        self.reached = threading.Event()
        self._proc, self._marker = proc, marker
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def close(self) -> None:
        """After the process ended: waits for the last lines and closes the pipe."""
        self.reader.join(timeout=10)
        if self._proc.stderr is not None:
            self._proc.stderr.close()

    def _read(self) -> None:
        assert self._proc.stderr is not None
        for line in self._proc.stderr:
            self.lines.append(line.rstrip())
            if self._marker in line:
                self.reached.set()


@dataclass
class StartTiming:
    """Seconds from spawning the frozen app to each milestone (None: not reached)."""

    log_line: float | None = None  # "main window ready" in the log
    window_mapped: float | None = None  # the main window is viewable on the X server
    lines: list[str] = field(default_factory=list)


def _main_window_viewable(display: str) -> bool:
    env = {**os.environ, "DISPLAY": display}
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"], capture_output=True, text=True, env=env, check=False
    ).stdout
    for line in tree.splitlines():
        match = MAIN_WINDOW_TITLE.match(line)
        if match and "Sign in" not in line:
            info = subprocess.run(
                ["xwininfo", "-id", match.group(1)],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            ).stdout
            if "IsViewable" in info:
                return True
    return False


def time_to_main_window(
    exe: Path, env: dict[str, str], display: str, limit_s: float
) -> StartTiming:
    """Starts the desktop app with the embedded demo on `display`; measures, then quits it."""
    timing = StartTiming()
    started = time.monotonic()
    proc = subprocess.Popen(
        [str(exe), "--no-customer-bot"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**env, "DISPLAY": display},
    )

    def read_log() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            timing.lines.append(line.rstrip())
            if timing.log_line is None and "main window ready" in line:
                timing.log_line = time.monotonic() - started

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    try:
        while time.monotonic() - started < limit_s and proc.poll() is None:
            if _main_window_viewable(display):
                timing.window_mapped = time.monotonic() - started
                break
            time.sleep(0.02)
    finally:
        proc.terminate()  # the app quits cleanly on SIGTERM and ends the demo's children
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        reader.join(timeout=5)
        if proc.stderr is not None:
            proc.stderr.close()
    return timing
