"""Accept in the main window opens the call window and the call runs, end to end.

The real window, the real desk and call session on a real engine, a real platform on loopback and
the simulated customer as a separate process with its synthetic camera: what an advisor does with
the mouse, checked at what the advisor sees.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from advisor_app.call.media import MediaChoice
from advisor_app.domain.models import Presence
from advisor_app.engine import Engine
from advisor_app.media_choice import SYNTHETIC_CAMERA
from platform_server.testing import RunningPlatform
from platform_server.wire import parse_ts
from tests.platform_server.platform_api import Api
from tests.ui.conftest import RealDesks, RecordingRinger
from ui.application import AdvisorGui
from ui.call.window import CallWindow
from ui.call.windows import CallWindows

pytestmark = pytest.mark.slow

MEDIA = MediaChoice(camera=SYNTHETIC_CAMERA, microphone="lavfi:sine=frequency=440", speaker="none")


@pytest.fixture
def gui(
    qtbot, engine: Engine, platform: RunningPlatform, real_desks: RealDesks
) -> Iterator[AdvisorGui]:
    options = real_desks.options(
        take_call=CallWindows(
            engine, real_desks.gateway, desk=lambda: real_desks.desk, media=lambda: MEDIA
        ).take_live,
    )
    advisor_gui = AdvisorGui(engine, real_desks, options, ringer=RecordingRinger())
    with qtbot.waitSignal(advisor_gui.session.signed_in, timeout=10_000):
        advisor_gui.start()
    with qtbot.waitSignal(advisor_gui.bridge.presence_confirmed, timeout=10_000):
        qtbot.mouseClick(
            advisor_gui.window.presence.buttons[Presence.ONLINE], Qt.MouseButton.LeftButton
        )
    yield advisor_gui
    for window in _call_windows():
        window.close()
    with qtbot.waitSignal(advisor_gui.session.finished, timeout=10_000):
        advisor_gui.session.quit()
    advisor_gui.close()


@pytest.fixture
def customer(platform: RunningPlatform, tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    bot = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "platform_server.customer_bot",
            "--server",
            platform.base_url,
            "--advisor",
            platform.advisor_id,
            "--duration",
            "60",
            "--report",
            str(tmp_path / "customer.json"),
            "--no-self-test",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    yield bot
    if bot.poll() is None:
        bot.kill()
    bot.communicate(timeout=10)


def _call_windows() -> list[CallWindow]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, CallWindow) and w.isVisible()
    ]


def billed_for_a_while(platform: RunningPlatform) -> bool:
    """The platform bills the call (both sides' heartbeats confirmed media) for 1.5 s or more."""
    call = Api(platform.base_url, platform.login_advisor()).ok("GET", "/api/v1/calls")["calls"][0]
    started = parse_ts(call["started_at"]) if call["started_at"] else None
    return started is not None and (datetime.now(UTC) - started).total_seconds() >= 1.5


def test_accept_opens_the_call_window_and_the_customer_is_seen_until_hang_up(
    gui: AdvisorGui,
    customer: subprocess.Popen[str],
    platform: RunningPlatform,
    qtbot,
    screenshots: Path,
) -> None:
    qtbot.waitUntil(lambda: len(gui.window.live_requests.cards()) == 1, timeout=20_000)
    card = gui.window.live_requests.cards()[0]
    alias = card.alias.text()
    qtbot.mouseClick(card.accept, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: len(_call_windows()) == 1, timeout=10_000)
    window = _call_windows()[0]
    assert window.alias.text() == alias
    qtbot.waitUntil(lambda: window.remote_video.showing_video, timeout=15_000)
    qtbot.waitUntil(lambda: window.local_video.showing_video, timeout=5_000)
    qtbot.waitUntil(lambda: window.security_code.text() != "", timeout=5_000)
    assert any(ch.isdigit() for ch in window.security_code.text())

    qtbot.waitUntil(lambda: billed_for_a_while(platform), timeout=15_000)
    window.grab().save(str(screenshots / "call-window-live.png"))
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.summary.isVisible, timeout=10_000)
    qtbot.waitUntil(lambda: "Billed" in window.summary.billed.text(), timeout=10_000)
    assert customer.wait(timeout=20) == 0
