"""End-to-end call helpers: the headless app and the customer bot as real subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from platform_server.testing import RunningPlatform

ROOT = Path(__file__).resolve().parents[2]


def platform_get(platform: RunningPlatform, path: str) -> dict[str, Any]:
    """GET an API path as the demo advisor."""
    token = platform.login_advisor()["access_token"]
    request = urllib.request.Request(
        platform.base_url + "/api/v1" + path, headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        body: dict[str, Any] = json.loads(response.read())
    return body


def wait_for_presence(platform: RunningPlatform, presence: str, within_s: float = 20.0) -> None:
    deadline = time.monotonic() + within_s
    while platform_get(platform, f"/advisors/{platform.advisor_id}")["presence"] != presence:
        if time.monotonic() > deadline:
            raise AssertionError(f"the advisor did not become {presence}")
        time.sleep(0.1)


@dataclass
class Process:
    popen: subprocess.Popen[str]
    report: Path

    def finish(self, within_s: float = 60.0) -> dict[str, Any]:
        try:
            _, stderr = self.popen.communicate(timeout=within_s)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            _, stderr = self.popen.communicate()
        assert self.popen.returncode == 0, stderr[-3000:]
        report: dict[str, Any] = json.loads(self.report.read_text(encoding="utf-8"))
        return report


@dataclass
class Launcher:
    platform: RunningPlatform
    tmp_path: Path
    started: list[subprocess.Popen[str]]

    def _run(self, args: list[str], report: Path) -> Process:
        popen = subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.started.append(popen)
        return Process(popen, report)

    def headless(self, duration: float, *extra: str) -> Process:
        report = self.tmp_path / "advisor.json"
        return self._run(
            [
                "-m",
                "advisor_app",
                "headless",
                "--server",
                self.platform.base_url,
                "--email",
                self.platform.advisor_email,
                "--password",
                self.platform.advisor_password,
                "--auto-accept",
                "--duration",
                str(duration),
                "--report",
                str(report),
                "--wait",
                "40",
                *extra,
            ],
            report,
        )

    def customer_bot(self, duration: float, *extra: str) -> Process:
        report = self.tmp_path / "customer.json"
        return self._run(
            [
                "-m",
                "platform_server.customer_bot",
                "--server",
                self.platform.base_url,
                "--advisor",
                self.platform.advisor_id,
                "--duration",
                str(duration),
                "--report",
                str(report),
                *extra,
            ],
            report,
        )


@pytest.fixture
def launcher(platform: RunningPlatform, tmp_path: Path) -> Iterator[Launcher]:
    started: list[subprocess.Popen[str]] = []
    yield Launcher(platform, tmp_path, started)
    for popen in started:
        if popen.poll() is None:
            popen.kill()
        popen.communicate(timeout=10)  # also closes the stderr pipe


def event_names(report: dict[str, Any]) -> list[str]:
    return [event["event"] for event in report["events"]]


def event_time(report: dict[str, Any], name: str) -> float:
    return float(next(event["t"] for event in report["events"] if event["event"] == name))
