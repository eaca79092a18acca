"""What the advisor sees of adaptive quality: reports from the engine thread through the call's
real view keeper (the session's QualityObserver) and bridge into a real call window (the `engine`
fixture of tests/ui/conftest.py)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

from pytestqt.qtbot import QtBot

from advisor_app.call.listener import CallPhase
from advisor_app.domain.frames import DisplayFrame
from advisor_app.engine import Engine
from advisor_app.quality.policy import (
    DecisionKind,
    Figures,
    LineReading,
    QualityDecision,
    VideoLevel,
)
from ui.call.countdown import CallCountdown
from ui.call.launch import OpenedCallWindow, open_call_window

FRAME = DisplayFrame(width=4, height=2, stride=16, pixels=bytes(32))


def decision(kind: DecisionKind, video: VideoLevel, reason: str, **extra: float) -> QualityDecision:
    figures = Figures(
        up_kbps=210.0, down_kbps=190.0, loss=0.3, rtt_ms=320.0, threshold_kbps=320.0, held_s=2.0
    )
    return QualityDecision(kind, 10.0, video, reason, figures, extra.get("countdown_s"))


def feed_line(engine: Engine, opened: OpenedCallWindow, seconds: int) -> None:
    for second in range(seconds):
        kbps = 1800.0 if second < seconds // 2 else 220.0
        reading = LineReading(
            at=float(second),
            up_kbps=None if kbps > 1000 else kbps,
            down_kbps=None if kbps > 1000 else kbps - 30,
            up_floor_kbps=kbps,
            down_floor_kbps=kbps - 30,
            loss=0.0 if kbps > 1000 else 0.25,
            rtt_ms=20.0 if kbps > 1000 else 340.0,
        )
        engine.call_soon(opened.listener.line_measured, reading)


def open_in_call(qtbot: QtBot, engine: Engine) -> OpenedCallWindow:
    opened = open_call_window(None, engine, "Mia", 34)
    qtbot.addWidget(opened.window)
    engine.call_soon(opened.listener.phase_changed, CallPhase.IN_CALL, None)
    qtbot.waitUntil(lambda: opened.controller.phase == CallPhase.IN_CALL)
    return opened


def test_video_off_shows_why_and_the_indicator_says_audio_only(
    qtbot: QtBot, engine: Engine, screenshots: Path
) -> None:
    opened = open_in_call(qtbot, engine)
    off = decision(DecisionKind.VIDEO_OFF, VideoLevel.OFF, "Video paused: connection too slow.")
    engine.call_soon(opened.listener.quality_decided, off)
    window = opened.window
    qtbot.waitUntil(window.banner.isVisible)
    assert window.banner.text.text() == "Video paused: connection too slow."
    assert window.quality.note is not None
    assert "Audio only" in window.quality.toolTip()
    tile = window.remote_video
    assert not tile.showing_video
    assert tile.caption == "Video paused — connection too slow"
    engine.call_soon(opened.listener.remote_video, FRAME)  # a frame still in flight: not shown
    feed_line(engine, opened, 60)
    window.quality.click()
    panel = opened.quality_controller.panel
    qtbot.waitUntil(lambda: len(panel.graph.readings) == 60)
    assert panel.isVisible()
    assert not tile.showing_video
    # The tile's name and caption are painted centred left of the panel, not under it.
    assert tile.content_rect().right() < panel.geometry().left()
    assert tile.content_rect().width() >= 300
    assert window.grab().save(str(screenshots / "call-window-audio-only.png"))
    window.resize(900, 580)  # the smallest window: the panel stays in the corner, narrower
    qtbot.waitUntil(lambda: panel.geometry().right() < window.stage.width())
    qtbot.waitUntil(lambda: panel.geometry().bottom() < window.local_video.geometry().top())
    assert panel.width() <= window.stage.width() // 2 + 1
    assert window.grab().save(str(screenshots / "call-window-audio-only-small.png"))

    back = decision(DecisionKind.VIDEO_ON, VideoLevel.REDUCED, "Video is back.")
    engine.call_soon(opened.listener.quality_decided, back)
    qtbot.waitUntil(lambda: window.quality.note is None)
    assert tile.caption == "Waiting for video…"
    engine.call_soon(opened.listener.remote_video, FRAME)
    qtbot.waitUntil(lambda: tile.showing_video)
    window.quality.click()
    assert not panel.isVisible()
    assert tile.content_rect() == tile.rect()


def test_the_countdown_ticks_and_is_cancelled_when_the_line_recovers(
    qtbot: QtBot, engine: Engine, screenshots: Path
) -> None:
    opened = open_in_call(qtbot, engine)
    countdown = opened.quality_controller.countdown
    start = decision(
        DecisionKind.COUNTDOWN,
        VideoLevel.OFF,
        "Connection too slow even for audio: the call is about to end.",
        countdown_s=5.0,
    )
    engine.call_soon(opened.listener.quality_decided, start)
    qtbot.waitUntil(countdown.isVisible)
    assert countdown.seconds.text() == "The call ends in 5\u00a0s"
    assert opened.window.grab().save(str(screenshots / "call-window-countdown.png"))
    qtbot.waitUntil(lambda: countdown.seconds.text() == "The call ends in 4\u00a0s", timeout=2500)
    cancelled = decision(DecisionKind.COUNTDOWN_CANCELLED, VideoLevel.OFF, "Recovered.")
    engine.call_soon(opened.listener.quality_decided, cancelled)
    qtbot.waitUntil(lambda: not countdown.isVisible())
    assert opened.window.banner.text.text() == "Recovered."


def test_the_countdown_reads_its_clock(qtbot: QtBot) -> None:
    now = [100.0]
    countdown = CallCountdown(clock=lambda: now[0])
    qtbot.addWidget(countdown)
    countdown.start("Too slow.", 5.0)
    now[0] += 2.2
    assert countdown.seconds_left == 3


def test_a_fresh_connection_keeps_the_banner_and_shows_the_new_code(
    qtbot: QtBot, engine: Engine, screenshots: Path
) -> None:
    opened = open_in_call(qtbot, engine)
    window = opened.window
    engine.call_soon(opened.listener.security_code_ready, "042 917")
    qtbot.waitUntil(lambda: "042 917" in window.security_code.text())
    lost = decision(
        DecisionKind.RECONNECTING, VideoLevel.FULL, "Connection interrupted: trying to restore it."
    )
    engine.call_soon(opened.listener.quality_decided, lost)
    qtbot.waitUntil(window.banner.isVisible)
    # Fresh connections and speech changes are the app's own business: the banner stays.
    restore = decision(DecisionKind.RESTORE, VideoLevel.FULL, "Setting up a fresh connection.")
    engine.call_soon(opened.listener.quality_decided, restore)
    qtbot.wait(100)
    assert window.banner.text.text() == "Connection interrupted: trying to restore it."
    tile = window.remote_video
    assert not tile.camera_on
    assert tile.caption == "Connection interrupted — reconnecting…"
    assert window.grab().save(str(screenshots / "call-window-reconnecting.png"))
    engine.call_soon(opened.listener.security_code_ready, "518 204")
    qtbot.waitUntil(lambda: "518 204" in window.security_code.text())
    assert "New security code" in window.security_code.text()
    assert "read it to Mia again" in window.security_code.text()
    back = decision(DecisionKind.RECONNECTED, VideoLevel.FULL, "The connection is back.")
    engine.call_soon(opened.listener.quality_decided, back)
    qtbot.waitUntil(lambda: window.banner.text.text() == "The connection is back.")
    assert tile.camera_on, "the tile gives way to the customer's video again"
    assert window.grab().save(str(screenshots / "call-window-new-code.png"))
