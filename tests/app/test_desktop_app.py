"""The README's first command, as a person runs it: the real app in a real window, with the
embedded demo platform and the simulated customer, until a live request rings."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.app.xvfb import screenshot, virtual_screen


class AppProcess:
    """`advisor-app` as a subprocess whose log lines the test waits on."""

    def __init__(self, display: str, home: Path) -> None:
        env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "ADVISOR_APP_CONFIG_DIR": str(home / "config"),
            "ADVISOR_APP_DATA_DIR": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "advisor_app"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.put(line.rstrip())

    def wait_for(self, text: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        for line in self.seen:
            if text in line:
                return line
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            self.seen.append(line)
            if text in line:
                return line
        log = "\n".join(self.seen[-40:])
        raise AssertionError(f"the app never logged {text!r}; last lines:\n{log}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=20)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[AppProcess]:
    with virtual_screen() as display:
        process = AppProcess(display, tmp_path)
        process.display = display  # type: ignore[attr-defined]
        try:
            yield process
        finally:
            if process.proc.poll() is None:
                process.proc.kill()
                process.proc.wait(timeout=10)
            if process.proc.stderr is not None:
                process.proc.stderr.close()


def _demo_advisor_online(base_url: str) -> None:
    """What the advisor's click on Online does, done through the API so the test needs no clicks."""
    tokens = requests.post(
        f"{base_url}/api/v1/auth/login",
        json={"email": "demo@advisor.example", "password": "demo-pass-1234"},
        timeout=10,
    ).json()
    response = requests.put(
        f"{base_url}/api/v1/me/presence",
        json={"presence": "online"},
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=10,
    )
    response.raise_for_status()


@pytest.mark.slow
def test_demo_starts_signed_in_and_a_simulated_customer_rings(
    app: AppProcess, screenshots: Path
) -> None:
    started = time.monotonic()
    line = app.wait_for("demo platform at ", timeout=30)
    base_url = line.rsplit(" ", 1)[-1]
    app.wait_for("customer web page: ", timeout=5)
    app.wait_for("signed in as ", timeout=30)
    window_after = time.monotonic() - started
    _demo_advisor_online(base_url)
    app.wait_for("live_requests_controller: call request", timeout=40)
    time.sleep(1.0)  # let the card's entrance settle before the picture
    screenshot(app.display, screenshots / "desktop-app-ringing.png")  # type: ignore[attr-defined]
    assert window_after < 60
    assert app.stop() == 0
    # Quitting ends the demo's platform too: its address no longer answers.
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{base_url}/api/v1/time", timeout=2)
