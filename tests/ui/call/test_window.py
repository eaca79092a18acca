"""The call window driven as in production: reports through a real CallBridge made on the engine
thread, the advisor's clicks reaching a fake CallCommands (the engine boundary) on a real Engine
(the `engine` fixture of tests/ui/conftest.py)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
from collections.abc import Callable
from datetime import UTC, datetime

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from advisor_app.call.listener import CallPhase, CallQuality
from advisor_app.call.view import CallView, CallViewKeeper
from advisor_app.domain.frames import BYTES_PER_PIXEL, DisplayFrame, pixel_bytes
from advisor_app.domain.models import Call, CallKind, CallState, EndReason
from advisor_app.domain.server_clock import ServerClock
from advisor_app.engine import Engine
from ui.advisor_clock import local_zone
from ui.call import theme as call_theme
from ui.call.bridge import CallBridge
from ui.call.controller import CallController
from ui.call.launch import OpenedCallWindow, open_call_window
from ui.call.quality_indicator import QualityLevel
from ui.call.window import CallWindow

ALIAS = "Mia"


class FakeCallCommands:
    """Records each command with the thread it ran on; a name in `failing` raises."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: list[tuple[object, ...]] = []
        self.threads: set[str] = set()
        self.failing: set[str] = set()
        self.video_sizes: tuple[tuple[int, int] | None, tuple[int, int] | None] | None = None
        self.video_hidden = False

    @property
    def calls(self) -> list[tuple[object, ...]]:
        with self._lock:
            return list(self._calls)

    def _record(self, *call: object) -> None:
        with self._lock:
            self._calls.append(call)
            self.threads.add(threading.current_thread().name)
        if call[0] in self.failing:
            raise ConnectionError("the line dropped")

    async def hang_up(self) -> None:
        self._record("hang_up")

    async def set_microphone(self, on: bool) -> None:
        self._record("set_microphone", on)

    async def set_camera(self, on: bool) -> None:
        self._record("set_camera", on)

    async def send_chat(self, text: str) -> None:
        self._record("send_chat", text)

    async def show_video_at(
        self, remote: tuple[int, int] | None, local: tuple[int, int] | None
    ) -> None:
        self.video_sizes = (remote, local)  # the views' sizes, kept apart from the commands
        self.video_hidden = False

    async def hide_video(self) -> None:
        self.video_hidden = True


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def solid_frame(width: int, height: int, rgb: tuple[int, int, int]) -> DisplayFrame:
    pixels = pixel_bytes(*rgb) * (width * height)
    return DisplayFrame(width, height, width * BYTES_PER_PIXEL, pixels)


def gradient_frame(width: int, height: int, blue: int) -> DisplayFrame:
    """A smooth colour field with a light disc, so scaling and aspect ratio show at a glance."""
    x = np.linspace(0.0, 1.0, width)[None, :]
    y = np.linspace(0.0, 1.0, height)[:, None]
    red = np.broadcast_to(30 + 200 * x, (height, width))
    green = np.broadcast_to(40 + 160 * y, (height, width))
    image = np.stack([red, green, np.full((height, width), float(blue))], axis=-1)
    disc = (x - 0.5) ** 2 * (width / height) ** 2 + (y - 0.42) ** 2 < 0.22**2
    image[disc] = image[disc] * 0.35 + 160
    r, g, b = np.moveaxis(image.clip(0, 255).astype(np.uint32), -1, 0)
    words = 0xFF000000 | r << 16 | g << 8 | b  # Qt's RGB32, in the machine's byte order
    return DisplayFrame(width, height, width * BYTES_PER_PIXEL, words.astype("=u4").tobytes())


def call_record(billed_seconds: int, reason: EndReason, ended_by: str | None) -> Call:
    now = datetime(2026, 5, 9, 12, 0, tzinfo=UTC)
    return Call(
        id="c1", kind=CallKind.LIVE, request_id="r1", booking_id=None, advisor_id="a1",
        alias=ALIAS, age=34, state=CallState.ENDED, created_at=now, started_at=now, ended_at=now,
        end_reason=reason, ended_by=ended_by, billed_seconds=billed_seconds,
    )  # fmt: skip


class CallUnderTest:
    """The window, its controller and the ways a test plays the engine's part."""

    def __init__(self, qtbot: QtBot, engine: Engine, clock: FakeClock) -> None:
        self.qtbot = qtbot
        self.engine = engine
        self.clock = clock
        self.bridge = CallBridge()
        self.listener = CallViewKeeper(self.bridge)  # what the session reports to
        self.window = CallWindow(ALIAS, 34)
        qtbot.addWidget(self.window)
        self.controller = CallController(self.window, self.bridge, engine, ALIAS, clock=clock)
        self.commands = FakeCallCommands()
        self.engine_thread = engine.submit(_thread_name()).result(timeout=5)

    def report(self, method: Callable[..., None], *args: object) -> None:
        """Calls a listener method on the engine thread, as the call session does."""
        self.engine.call_soon(method, *args)

    def start(self) -> None:
        self.controller.attach(self.commands)
        self.report(self.listener.phase_changed, CallPhase.IN_CALL, None)
        self.qtbot.waitUntil(lambda: self.controller.phase == CallPhase.IN_CALL)

    def wait_for_commands(self, *expected: tuple[object, ...]) -> None:
        self.qtbot.waitUntil(lambda: self.commands.calls == list(expected))
        # On the engine's thread, never on the GUI's.
        assert self.commands.threads == {self.engine_thread}

    def show(self) -> None:
        self.window.show()
        self.qtbot.waitExposed(self.window)
        self.window.activateWindow()
        self.qtbot.waitUntil(self.window.isActiveWindow)


async def _thread_name() -> str:
    return threading.current_thread().name


@pytest.fixture
def call(qtbot: QtBot, engine: Engine) -> CallUnderTest:
    return CallUnderTest(qtbot, engine, FakeClock())


def pixel(widget: QWidget, x: int, y: int) -> QColor:
    return widget.grab().toImage().pixelColor(x, y)


def close_to(colour: QColor, rgb: tuple[int, int, int], tolerance: int = 12) -> bool:
    return all(
        abs(a - b) <= tolerance
        for a, b in zip((colour.red(), colour.green(), colour.blue()), rgb, strict=True)
    )


# --- phases and the timer ----------------------------------------------------------------------


def test_connecting_shows_the_phase_then_the_timer_runs_from_in_call(call: CallUnderTest) -> None:
    assert call.window.status.text() == "Connecting to Mia…"
    call.start()
    assert call.window.status.text() == "00:00"
    call.clock.now += 151
    call.qtbot.waitUntil(lambda: call.window.status.text() == "02:31", timeout=2000)
    call.report(call.listener.phase_changed, CallPhase.ENDING, None)
    call.qtbot.waitUntil(lambda: call.window.status.text() == "Ending the call…")
    assert not call.window.controls.hang_up.isEnabled()


def test_a_reconnect_does_not_restart_the_timer(call: CallUnderTest) -> None:
    call.start()
    call.clock.now += 60
    call.report(call.listener.phase_changed, CallPhase.CONNECTING, None)
    call.qtbot.waitUntil(lambda: call.window.status.text() == "Reconnecting to Mia…")
    call.clock.now += 5
    call.report(call.listener.phase_changed, CallPhase.IN_CALL, None)
    call.qtbot.waitUntil(lambda: call.window.status.text() == "01:05", timeout=2000)


# --- video -------------------------------------------------------------------------------------


def test_a_remote_frame_is_painted_letterboxed(call: CallUnderTest) -> None:
    call.start()
    view = call.window.remote_video
    view.resize(400, 200)  # wider than 4:3: bars left and right
    with call.qtbot.waitSignal(call.bridge.remote_frame_arrived):
        call.report(call.listener.remote_video, solid_frame(64, 48, (220, 30, 40)))
    call.qtbot.waitUntil(lambda: view.showing_video)
    assert close_to(pixel(view, 200, 100), (220, 30, 40))
    assert close_to(pixel(view, 10, 100), (0x0D, 0x0E, 0x11))  # the letterbox bar


def test_own_frames_show_in_the_corner_preview(call: CallUnderTest) -> None:
    call.start()
    preview = call.window.local_video
    call.report(call.listener.local_video, solid_frame(32, 18, (20, 200, 60)))
    call.qtbot.waitUntil(lambda: preview.showing_video)
    centre = pixel(preview, preview.width() // 2, preview.height() // 2)
    assert close_to(centre, (20, 200, 60))
    assert preview.geometry().right() > call.window.remote_video.width() // 2  # in a corner


def test_the_call_learns_how_large_its_videos_are_shown(call: CallUnderTest) -> None:
    call.start()
    call.show()
    call.window.resize(1000, 700)

    def reported() -> bool:
        remote, local = call.window.remote_video, call.window.local_video
        return call.commands.video_sizes == (remote.shown_size(), local.shown_size())

    call.qtbot.waitUntil(reported)
    remote_size, local_size = call.commands.video_sizes or (None, None)
    assert remote_size is not None
    assert local_size is not None
    assert local_size[0] < remote_size[0] // 2  # the corner preview is converted small
    call.window.resize(800, 600)
    call.qtbot.waitUntil(reported)
    assert call.commands.calls == []  # sizes are no command the advisor gave


def test_a_minimized_window_has_no_video_converted_for_it(call: CallUnderTest) -> None:
    call.start()
    call.show()
    call.qtbot.waitUntil(lambda: call.commands.video_sizes is not None)
    call.window.showMinimized()
    call.qtbot.waitUntil(lambda: call.commands.video_hidden)
    call.window.showNormal()
    call.qtbot.waitUntil(lambda: not call.commands.video_hidden)
    remote, local = call.window.remote_video, call.window.local_video
    assert call.commands.video_sizes == (remote.shown_size(), local.shown_size())
    assert call.commands.calls == []


def test_a_malformed_frame_is_skipped(call: CallUnderTest) -> None:
    call.start()
    with call.qtbot.waitSignal(call.bridge.remote_frame_arrived):  # delivered to the window
        call.report(call.listener.remote_video, DisplayFrame(64, 48, 256, b"\x00" * 100))
    assert not call.window.remote_video.showing_video


def test_remote_camera_off_shows_the_audio_only_tile(call: CallUnderTest) -> None:
    call.start()
    view = call.window.remote_video
    call.report(call.listener.remote_video, solid_frame(64, 48, (220, 30, 40)))
    call.qtbot.waitUntil(lambda: view.showing_video)
    call.report(call.listener.remote_camera_changed, False)
    call.qtbot.waitUntil(lambda: not view.showing_video)
    assert view.caption == "Camera off · audio only"
    assert "Mia" in view.accessibleDescription()
    assert not close_to(pixel(view, view.width() // 2, view.height() // 2), (220, 30, 40))
    # A frame still in flight does not bring back a frozen picture.
    call.report(call.listener.remote_video, solid_frame(64, 48, (220, 30, 40)))
    call.qtbot.waitSignal(call.bridge.remote_frame_arrived).wait()
    assert not view.showing_video
    call.report(call.listener.remote_camera_changed, True)
    call.report(call.listener.remote_video, solid_frame(64, 48, (220, 30, 40)))
    call.qtbot.waitUntil(lambda: view.showing_video)


# --- the advisor's buttons and keys -------------------------------------------------------------


def test_buttons_send_the_commands(call: CallUnderTest) -> None:
    call.start()
    controls = call.window.controls
    controls.microphone.click()
    call.wait_for_commands(("set_microphone", False))
    assert controls.microphone.accessibleName() == "Microphone"
    assert not controls.microphone.isChecked()
    controls.camera.click()
    call.wait_for_commands(("set_microphone", False), ("set_camera", False))
    assert call.window.local_video.caption == "Camera off"
    controls.hang_up.click()
    call.wait_for_commands(("set_microphone", False), ("set_camera", False), ("hang_up",))
    assert not controls.hang_up.isEnabled()


def test_shortcuts_send_the_commands_even_while_typing(call: CallUnderTest) -> None:
    call.start()
    call.show()
    ctrl = Qt.KeyboardModifier.ControlModifier
    call.qtbot.keyClick(call.window, Qt.Key.Key_D, ctrl)
    call.wait_for_commands(("set_microphone", False))
    chat = call.window.chat.input
    chat.setFocus()
    call.qtbot.keyClicks(chat, "hello")
    call.qtbot.keyClick(chat, Qt.Key.Key_E, ctrl)
    call.wait_for_commands(("set_microphone", False), ("set_camera", False))
    call.qtbot.keyClick(chat, Qt.Key.Key_H, ctrl)
    call.wait_for_commands(("set_microphone", False), ("set_camera", False), ("hang_up",))
    assert chat.text() == "hello"  # not edited by Ctrl+E / Ctrl+H


def test_escape_asks_before_hanging_up(call: CallUnderTest) -> None:
    call.start()
    call.show()
    prompt = call.window.hang_up_prompt
    call.qtbot.keyClick(call.window, Qt.Key.Key_Escape)
    assert prompt.isVisible()
    call.qtbot.keyClick(call.window, Qt.Key.Key_Escape)  # Esc again: keep talking
    assert not prompt.isVisible()
    call.qtbot.keyClick(call.window, Qt.Key.Key_Escape)
    prompt.hang_up.click()
    call.wait_for_commands(("hang_up",))


def test_closing_mid_call_asks_and_the_window_stays(call: CallUnderTest) -> None:
    call.start()
    call.show()
    assert not call.window.close()
    assert call.window.isVisible()
    assert call.window.hang_up_prompt.isVisible()
    call.window.hang_up_prompt.keep.click()
    assert call.commands.calls == []
    call.report(call.listener.call_ended, call_record(12, EndReason.HANGUP, "customer"), "hangup")
    call.qtbot.waitUntil(call.window.summary.isVisible)
    assert call.window.close()


def test_what_the_advisor_does_before_the_call_exists_is_sent_on_attach(
    call: CallUnderTest,
) -> None:
    call.window.controls.microphone.click()
    call.window.controls.microphone.click()
    call.window.controls.camera.click()
    assert call.commands.calls == []  # kept on the GUI thread (nothing to send them to yet)
    call.controller.attach(call.commands)
    call.wait_for_commands(("set_microphone", True), ("set_camera", False))
    with pytest.raises(RuntimeError):
        call.controller.attach(FakeCallCommands())


def test_a_failed_command_is_undone_and_explained(call: CallUnderTest) -> None:
    call.start()
    call.commands.failing.add("set_camera")
    call.window.controls.camera.click()
    call.qtbot.waitUntil(call.window.controls.camera.isChecked)
    assert call.window.banner.isVisibleTo(call.window)
    assert "camera could not be switched" in call.window.banner.text.text()
    assert "the line dropped" in call.window.banner.text.text()


# --- chat, notices, security code, quality -------------------------------------------------------


def test_chat_goes_out_and_comes_in_as_plain_text(call: CallUnderTest) -> None:
    call.start()
    chat = call.window.chat
    call.qtbot.keyClicks(chat.input, "Good evening")
    call.qtbot.keyClick(chat.input, Qt.Key.Key_Return)
    call.wait_for_commands(("send_chat", "Good evening"))
    assert chat.input.text() == ""
    with call.qtbot.waitSignal(call.bridge.chat_message_arrived):
        call.report(call.listener.chat_received, "<b>Hi</b> & thanks")
    call.qtbot.waitUntil(lambda: "<b>Hi</b> & thanks" in chat.messages.toPlainText())
    assert "Good evening" in chat.messages.toPlainText()


def test_the_call_keys_win_over_the_message_lines_own_bindings(call: CallUnderTest) -> None:
    line = call.window.chat.input
    ctrl = Qt.KeyboardModifier.ControlModifier

    def claimed_by_line(key: Qt.Key, modifiers: Qt.KeyboardModifier) -> bool:
        event = QKeyEvent(QEvent.Type.ShortcutOverride, key, modifiers)
        QApplication.sendEvent(line, event)
        return event.isAccepted()

    # On Linux desktops the line edit binds Ctrl+D/E/H itself; the call keys must stay free.
    for sequence in call.window.controls.shortcuts:
        assert not claimed_by_line(sequence[0].key(), sequence[0].keyboardModifiers())
    # The mechanism, shown with a key every platform's line edit claims (select all).
    assert claimed_by_line(Qt.Key.Key_A, ctrl)
    call.window.chat.reserve_shortcuts((QKeySequence("Ctrl+A"),))
    assert not claimed_by_line(Qt.Key.Key_A, ctrl)


def test_a_chat_message_that_fails_is_marked(call: CallUnderTest) -> None:
    call.start()
    call.commands.failing.add("send_chat")
    call.window.chat.input.setText("Are you there?")
    call.window.chat.send.click()
    call.qtbot.waitUntil(lambda: "Not delivered" in call.window.chat.messages.toPlainText())


def test_notice_and_security_code_are_shown(call: CallUnderTest) -> None:
    call.start()
    call.report(call.listener.notice, "Video paused: connection too slow")
    call.report(call.listener.security_code_ready, "042 917")
    call.qtbot.waitUntil(lambda: call.window.security_code.isVisibleTo(call.window))
    assert call.window.banner.text.text() == "Video paused: connection too slow"
    assert "042 917" in call.window.security_code.text()
    assert "no one is listening in" in call.window.security_code.toolTip()


def test_an_unverified_code_replaces_the_one_shown(call: CallUnderTest) -> None:
    """A fresh connection whose commitment broke: the earlier code must not stay as if valid."""
    call.start()
    call.report(call.listener.security_code_ready, "042 917")
    call.qtbot.waitUntil(lambda: "042 917" in call.window.security_code.text())
    call.report(call.listener.security_code_unverified)
    call.qtbot.waitUntil(lambda: "NOT verified" in call.window.security_code.text())
    assert "042 917" not in call.window.security_code.text()
    assert call.window.security_code.isVisibleTo(call.window)
    assert call.window.security_code.accessibleName() == "Security code not verified"


@pytest.mark.parametrize(
    ("sent", "received", "level", "colour"),
    [
        (850.0, 910.0, QualityLevel.GOOD, call_theme.GOOD),
        (320.0, 320.0, QualityLevel.GOOD, call_theme.GOOD),
        (900.0, 200.0, QualityLevel.FAIR, call_theme.FAIR),
        (40.0, 900.0, QualityLevel.POOR, call_theme.POOR),
    ],
)
def test_quality_colours(
    call: CallUnderTest, sent: float, received: float, level: QualityLevel, colour: str
) -> None:
    call.start()
    indicator = call.window.quality
    assert indicator.level == QualityLevel.UNKNOWN
    with call.qtbot.waitSignal(call.bridge.view_reported):
        call.report(call.listener.quality_sampled, CallQuality(sent, received, 0.02, 48.0))
    call.qtbot.waitUntil(lambda: indicator.level == level)
    assert indicator.colour == QColor(colour)
    assert f"Up {sent:.0f} kbit/s · down {received:.0f} kbit/s" in indicator.toolTip()


# --- the end -------------------------------------------------------------------------------------


def test_the_end_shows_the_billed_time_until_the_advisor_closes(call: CallUnderTest) -> None:
    call.start()
    call.report(call.listener.phase_changed, CallPhase.ENDED, "hangup")
    summary = call.window.summary
    call.qtbot.waitUntil(lambda: summary.isVisibleTo(call.window))
    assert summary.billed.text() == "Checking the billed time…"
    with call.qtbot.waitSignal(call.controller.call_finished) as finished:
        call.report(call.listener.call_ended, call_record(151, EndReason.HANGUP, "customer"), "x")
    assert isinstance(finished.args[0], Call)
    assert summary.billed.text() == "Billed 2:31"
    assert summary.reason.text() == "Mia hung up"
    assert not call.window.controls.isVisibleTo(call.window)
    assert not call.window.chat.input.isEnabled()
    call.show()
    summary.close_button.click()
    assert not call.window.isVisible()


def test_an_end_the_platform_has_not_confirmed_says_so_until_its_record_comes(
    call: CallUnderTest,
) -> None:
    call.start()
    decided = datetime(2026, 5, 9, 12, 2, 31, tzinfo=UTC)
    call.report(call.listener.end_unconfirmed, decided)
    with call.qtbot.waitSignal(call.controller.call_finished) as finished:
        call.report(call.listener.call_ended, None, "You ended the call.")
    assert finished.args[0] is None
    summary = call.window.summary
    shown = f"{ServerClock.to_local(decided, local_zone()):%H:%M:%S}"
    assert summary.billed.text() == (
        "The platform has not confirmed the end yet: the app keeps telling it. "
        f"Billing stops at {shown}."
    )
    call.report(call.listener.call_recorded, call_record(151, EndReason.HANGUP, "advisor"))
    call.qtbot.waitUntil(lambda: summary.billed.text() == "Billed 2:31")
    assert summary.reason.text() == "You hung up"


def test_an_end_without_the_platforms_record_says_so(call: CallUnderTest) -> None:
    call.start()
    with call.qtbot.waitSignal(call.controller.call_finished):
        call.report(call.listener.call_ended, None, "bandwidth")
    assert call.window.summary.reason.text() == "The connection was too slow"
    assert "could not be fetched" in call.window.summary.billed.text()


def test_a_call_that_cannot_start_says_why_and_can_be_closed(call: CallUnderTest) -> None:
    with call.qtbot.waitSignal(call.controller.call_finished):
        call.controller.fail("The customer left before the call started")
    assert call.window.summary.reason.text() == "The customer left before the call started"
    assert call.window.summary.billed.text() == "Not billed: the call never connected"
    assert call.window.close()


# --- the bridge and the way in -----------------------------------------------------------------


def test_the_bridge_hands_on_only_the_newest_frame(qtbot: QtBot) -> None:
    bridge = CallBridge()
    delivered: list[DisplayFrame] = []
    bridge.remote_frame_arrived.connect(delivered.append)
    frames = [solid_frame(2, 2, (i, i, i)) for i in range(10)]
    for frame in frames:  # faster than the GUI thread takes them
        bridge.remote_video(frame)
    qtbot.waitUntil(lambda: bool(delivered))
    qtbot.wait(20)
    assert delivered == [frames[-1]]


def test_a_deleted_bridge_ignores_late_reports(qtbot: QtBot) -> None:
    bridge = CallBridge()
    shiboken6.delete(bridge)
    # The engine thread may still report after the GUI let go: no error may reach it.
    bridge.view_changed(CallView())
    bridge.remote_video(solid_frame(2, 2, (0, 0, 0)))
    bridge.chat_received("late")


def test_open_call_window_gives_a_listener_first_and_takes_commands_later(
    qtbot: QtBot, engine: Engine
) -> None:
    opened: OpenedCallWindow = open_call_window(None, engine, ALIAS, 34)
    qtbot.addWidget(opened.window)
    assert opened.window.isVisible()
    assert opened.window.windowTitle() == "Call with Mia (34)"
    engine.call_soon(opened.listener.phase_changed, CallPhase.IN_CALL, None)
    commands = FakeCallCommands()
    opened.attach(commands)
    qtbot.waitUntil(lambda: opened.controller.phase == CallPhase.IN_CALL)
    opened.window.controls.hang_up.click()
    qtbot.waitUntil(lambda: commands.calls == [("hang_up",)])
