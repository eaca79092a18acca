"""Screenshots of the call window for a person to judge: mid-call, audio only, ended.

Written to the test's own folder (never into the tree, never shared): call-window.png,
call-audio-only.png, call-ended.png.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from advisor_app.call.listener import CallPhase, CallQuality
from advisor_app.domain.models import EndReason
from advisor_app.engine import Engine
from tests.ui.call.test_window import CallUnderTest, FakeClock, call_record, gradient_frame
from ui.application import configure_application


@pytest.fixture
def call(qtbot: QtBot, engine: Engine) -> CallUnderTest:
    return CallUnderTest(qtbot, engine, FakeClock())


@pytest.fixture(autouse=True)
def desk_look(qapp: QApplication) -> Iterator[None]:
    """The app's own font and light stylesheet, which the dark call window must hold out against."""
    style, font = qapp.styleSheet(), qapp.font()
    configure_application(qapp)
    yield
    qapp.setStyleSheet(style)
    qapp.setFont(font)


def _mid_call(call: CallUnderTest) -> None:
    call.window.resize(1180, 720)
    call.start()
    call.clock.now += 12 * 60 + 47
    call.report(call.listener.security_code_ready, "042 917")
    call.report(call.listener.quality_sampled, CallQuality(842.0, 1210.0, 0.004, 38.0))
    call.report(call.listener.chat_received, "Hi! Can you hear me well?")
    call.report(call.listener.remote_video, gradient_frame(640, 480, 150))
    call.report(call.listener.local_video, gradient_frame(320, 180, 230))
    call.qtbot.waitUntil(lambda: call.window.remote_video.showing_video)
    call.qtbot.waitUntil(lambda: call.window.local_video.showing_video)
    call.qtbot.waitUntil(lambda: call.window.status.text() == "12:47", timeout=2000)
    call.window.chat.input.setText("Yes, perfectly. Hello Mia!")
    call.window.chat.send.click()
    call.wait_for_commands(("send_chat", "Yes, perfectly. Hello Mia!"))


def _save(call: CallUnderTest, name: str, screenshots: Path) -> Path:
    path = screenshots / name
    assert call.window.grab().save(str(path))
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1180, 720)
    return path


def test_screenshot_mid_call(call: CallUnderTest, screenshots: Path) -> None:
    _mid_call(call)
    _save(call, "call-window.png", screenshots)


def test_screenshot_audio_only(call: CallUnderTest, screenshots: Path) -> None:
    _mid_call(call)
    call.report(call.listener.remote_camera_changed, False)
    call.report(call.listener.quality_sampled, CallQuality(610.0, 240.0, 0.03, 95.0))
    call.report(call.listener.notice, "Mia turned the camera off")
    call.qtbot.waitUntil(lambda: not call.window.remote_video.showing_video)
    call.window.controls.microphone.click()
    call.wait_for_commands(("send_chat", "Yes, perfectly. Hello Mia!"), ("set_microphone", False))
    call.qtbot.waitUntil(lambda: call.window.banner.isVisibleTo(call.window))
    _save(call, "call-audio-only.png", screenshots)


def test_screenshot_ended(call: CallUnderTest, screenshots: Path) -> None:
    _mid_call(call)
    call.report(call.listener.phase_changed, CallPhase.ENDED, "hangup")
    with call.qtbot.waitSignal(call.controller.call_finished):
        call.report(call.listener.call_ended, call_record(151, EndReason.HANGUP, "advisor"), "")
    assert call.window.summary.billed.text() == "Billed 2:31"
    _save(call, "call-ended.png", screenshots)
