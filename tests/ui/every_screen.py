"""Every window of the app in every state an advisor meets, for screenshots and the fit checks.

`every_screen(engine)` yields `(name, window)` pairs: each time it yields, the window is shown
and in the state its name says; the caller takes the screenshot or checks the layout before
asking for the next. The windows are the real ones, built in the language installed now, filled
with the demo data (customers by alias and age), sized and placed as the app does it
(`ui.window_fit`) on the screen Qt reports.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from advisor_app.call.listener import CallPhase, CallQuality
from advisor_app.desk_listener import ConnectionState
from advisor_app.device_choices import DeviceLists, DeviceOption, SavedDevices, demo_test_picture
from advisor_app.domain.frames import DisplayFrame
from advisor_app.domain.models import EndReason, Presence
from advisor_app.domain.texts import N_
from advisor_app.engine import Engine
from advisor_app.hardware_check.report import CheckResult, Verdict
from advisor_app.hardware_check.runner import HardwarePlan
from advisor_app.history import CallRecord
from advisor_app.quality.policy import DecisionKind, Figures, QualityDecision, VideoLevel
from network.errors import NetworkUnreachable
from tests.ui import demo_data
from tests.ui.call.test_window import call_record, gradient_frame
from tests.ui.demo_screens import demo_gui, settle, show_a_working_day
from ui.advisor_clock import AdvisorClock
from ui.application import AdvisorGui
from ui.bookings.answer_dialogs import DeclineBookingDialog, ProposeTimeDialog
from ui.call.booked_bar import BookedCallBar
from ui.call.identity_check import IdentityState
from ui.call.launch import OpenedCallWindow, open_call_window
from ui.decline_dialog import DeclineDialog
from ui.engine_calls import EngineCalls
from ui.help_menu import HelpMenu
from ui.history_controller import HistoryController
from ui.loaded_list import ListState
from ui.settings.dialog import PREFERRED_SIZE as SETTINGS_SIZE
from ui.settings.dialog import SECTIONS, SettingsDialog
from ui.settings.dialog_controller import SettingsDialogController
from ui.settings.hardware_wizard import STEPS, HardwareWizard
from ui.settings.hardware_wizard_controller import HardwareWizardController
from ui.window_fit import fit_to_screen, show_in_front

BERLIN = ZoneInfo("Europe/Berlin")
Shot = tuple[str, QWidget]


def every_screen(engine: Engine) -> Iterator[Shot]:
    """All scenes, in a stable order (their names are the screenshots' file names)."""
    yield from _main_window(engine)
    yield from _settings(engine)
    yield from _wizard(engine)
    yield from _calls(engine)


# ---- the main window, sign-in and the Help menu -------------------------------------------------


def _main_window(engine: Engine) -> Iterator[Shot]:
    gui = demo_gui(engine)
    try:
        yield from _sign_in(gui)
        gui.start()
        settle(400)
        window, bridge = gui.window, gui.bridge
        bridge.connection_changed(ConnectionState.CONNECTED, "")
        bridge.presence_changed(Presence.OFFLINE)
        settle()
        yield "main-empty", window
        bridge.presence_changed(Presence.ONLINE)
        bridge.call_requests_changed((demo_data.request("req_1", "Mia", 34, waited_s=4),))
        settle()
        yield "main-ringing", window
        show_a_working_day(gui, demo_data.NOW)
        fit_to_screen(window, window.size())  # the working day's resize, kept on the screen
        settle()
        yield "main-busy", window
        gui.main.bookings.select("bkg_4")
        settle()
        yield "main-request-selected", window
        # The desk's and the event stream's words (advisor_app/desk.py, network/event_stream.py).
        lost = N_("Desk", "{reason}, retrying in {seconds} s").format(
            reason=N_("EventStream", "Platform unreachable"), seconds=4
        )
        bridge.connection_changed(ConnectionState.RECONNECTING, lost)
        bridge.problem(
            N_("Desk", "Could not update the requests and bookings: {error}").format(
                error=NetworkUnreachable()
            )
        )
        settle()
        yield "main-reconnecting", window
        bridge.connection_changed(ConnectionState.CONNECTED, "")
        window.hide_notice()
        window.tabs.setCurrentWidget(window.chat)
        window.chat.show_threads(())  # the platform's answer: nobody wrote yet
        settle()
        yield "main-messages", window
        window.tabs.setCurrentWidget(window.history)
        settle()
        yield "main-history-loading", window
        _show_history(gui)
        yield "main-history", window
        window.tabs.setCurrentWidget(window.bookings)
        yield from _answer_dialogs(window)
        yield from _help(gui.help)
    finally:
        gui.close()
        QCoreApplication.processEvents()


def _show_history(gui: AdvisorGui) -> None:
    """The demo's past calls through the real `HistoryController` (the demo desk has none)."""

    async def past_calls() -> tuple[CallRecord, ...]:
        return demo_data.call_history()

    history = HistoryController(
        gui.window.history, source=past_calls, calls=gui.calls, clock=gui.clock
    )
    history.refresh()
    calls = gui.window.history.calls
    while calls.state is ListState.LOADING:
        settle(20)
    settle()


def _sign_in(gui: AdvisorGui) -> Iterator[Shot]:
    login = gui.login
    login.prefill("anna@example.com")
    show_in_front(login)
    settle()
    yield "sign-in", login
    login.password.setText("secret")
    login.show_error(
        QCoreApplication.translate(
            "SessionController",
            "Platform unreachable. Check your internet connection and try again.",
        )
    )
    settle()
    yield "sign-in-error", login
    login.set_busy(True)
    settle()
    yield "sign-in-busy", login
    login.set_busy(False)
    login.hide()


def _answer_dialogs(parent: QWidget) -> Iterator[Shot]:
    now = demo_data.NOW
    for name, dialog in (
        ("decline-call", DeclineDialog("Mia", parent)),
        ("decline-booking", DeclineBookingDialog("Lea", parent)),
        ("propose-time", ProposeTimeDialog("Lea", now + timedelta(days=2), BERLIN, parent)),
    ):
        show_in_front(dialog)
        settle()
        yield name, dialog
        dialog.close()
        dialog.deleteLater()


def _help(help_menu: HelpMenu) -> Iterator[Shot]:
    about = help_menu.about()
    settle()
    yield "help-about", about
    about.close()
    shortcuts = help_menu.shortcuts()
    settle()
    yield "help-shortcuts", shortcuts
    shortcuts.close()
    report = help_menu.report_problem()
    settle()
    yield "help-report-problem", report
    report.show_working(
        QCoreApplication.translate(
            "ProblemReportController", "Testing camera, microphone, speakers and connection…"
        )
    )
    settle()
    yield "help-report-problem-working", report
    report.close()


# ---- settings --------------------------------------------------------------------------------


def _demo_devices(_saved: SavedDevices) -> DeviceLists:
    """What the demo lists on a computer without a camera: the test picture, PulseAudio's sinks."""
    speakers = (
        DeviceOption(N_("DeviceChoices", "System default ({name})").format(name="pulse"), "", None),
        DeviceOption("Built-in Audio Analog Stereo (ALSA)", "ALSA/pulse", 0),
        DeviceOption("Jabra Evolve2 65 (ALSA)", "ALSA/Jabra Evolve2 65", 1),
    )
    return DeviceLists((demo_test_picture(),), speakers, speakers, speakers)


def _settings(engine: Engine) -> Iterator[Shot]:
    calls = EngineCalls(engine)
    dialog = SettingsDialog()
    controller = SettingsDialogController(dialog, calls, demo=True, list_devices=_demo_devices)
    fit_to_screen(dialog, SETTINGS_SIZE)
    show_in_front(dialog)
    controller.start()
    try:
        for section in SECTIONS:
            dialog.show_section(section)
            settle(900 if section == "Camera" else 300)
            yield f"settings-{section.lower()}", dialog
        dialog.show_section("Connection")
        dialog.server_url.setText("platform.example")
        dialog.show_form_error(
            N_("SettingsForm", "“{address}” is not a web address (for example "
               "https://platform.example).").format(address="platform.example")
        )  # fmt: skip
        settle()
        yield "settings-connection-error", dialog
    finally:
        dialog.reject()
        dialog.deleteLater()
        calls.deleteLater()
        settle(100)


# ---- the hardware test ---------------------------------------------------------------------------

_WIZARD_RESULTS = {
    "camera": CheckResult(
        "camera", N_("HardwareCheck", "Camera"), Verdict.WARN,
        N_("HardwareCheck", "{width}×{height} at {fps} frames per second.").format(
            width=1280, height=720, fps=30),
        (N_("HardwareCheck", "The picture is too dark: switch on a lamp in front of you, or "
            "face a window."),),
    ),
    "microphone": CheckResult(
        "microphone", N_("HardwareCheck", "Microphone"), Verdict.FAIL,
        N_("HardwareCheck", "The microphone delivers no sound at all."),
    ),
    "speaker": CheckResult(
        "speaker", N_("HardwareCheck", "Speaker"), Verdict.PASS,
        N_("HardwareCheck", "A test tone was played."),
    ),
    "echo": CheckResult(
        "echo", N_("HardwareCheck", "Echo test"), Verdict.WARN,
        N_("HardwareCheck", "The recording was silent."),
        (N_("HardwareCheck", "Unmute the microphone and try again."),),
    ),
    "network": CheckResult(
        "network", N_("HardwareCheck", "Network"), Verdict.FAIL,
        N_("HardwareCheck", "Too slow for video calls: close downloads and streaming, move "
           "closer to the Wi-Fi router or use a cable."),
    ),
}  # fmt: skip


def _dimmed(frame: DisplayFrame, factor: float) -> DisplayFrame:
    words = np.frombuffer(frame.pixels, dtype="=u4")  # 0xffRRGGBB
    dimmed = np.full_like(words, 0xFF000000)
    for shift in (16, 8, 0):
        dimmed |= (((words >> shift) & 0xFF) * factor).astype(words.dtype) << shift
    return dataclasses.replace(frame, pixels=dimmed.tobytes())


def _no_check() -> HardwarePlan:
    raise AssertionError("the scenes show measured results; they run no check")


def _wizard(engine: Engine) -> Iterator[Shot]:
    """Each step with the scene's measured result, and the report the real controller makes of
    them (its overall verdict by the report's own rule, the text support receives)."""
    wizard = HardwareWizard()
    calls = EngineCalls(engine)
    controller = HardwareWizardController(wizard, calls, _no_check)
    controller.results = {key: [result] for key, result in _WIZARD_RESULTS.items()}
    fit_to_screen(wizard, wizard.size())
    show_in_front(wizard)
    try:
        for index, (key, _title, _text) in enumerate(STEPS):
            result = _WIZARD_RESULTS[key]
            wizard.pages[key].result.show_results([result])
            wizard.mark_step(key, result.verdict)
            controller.go_to(index)
            if key == "camera":  # the picture the check judged too dark, as the preview shows it
                wizard.preview.show_frame(_dimmed(gradient_frame(640, 360, 90), 0.3))
            settle()
            yield f"hardware-{key}", wizard
        controller.go_to(len(STEPS))
        settle()
        yield "hardware-report", wizard
    finally:
        wizard.close()
        wizard.deleteLater()
        calls.deleteLater()


# ---- the call window -----------------------------------------------------------------------------


def _open_call(engine: Engine, *, booked: bool) -> tuple[OpenedCallWindow, BookedCallBar | None]:
    """As `ui.call.windows` opens them: a booked call with its bar, a live call without."""
    opened = open_call_window(None, engine, "Mia", 34)
    bar = BookedCallBar("Mia") if booked else None
    if bar is not None:
        opened.window.add_strip(bar)
    show_in_front(opened.window)
    return opened, bar


def _report(engine: Engine, *calls: tuple[object, ...]) -> None:
    """Plays the engine's part: each listener call runs on the engine thread."""
    for method, *args in calls:
        engine.call_soon(method, *args)  # type: ignore[arg-type]
    engine.submit(asyncio.sleep(0)).result(timeout=5)
    settle()


def _in_call(engine: Engine, opened: OpenedCallWindow) -> None:
    bridge = opened.listener  # what the call session reports to
    _report(
        engine,
        (bridge.phase_changed, CallPhase.IN_CALL, None),
        (bridge.security_code_ready, "042 917"),
        (bridge.quality_sampled, CallQuality(842.0, 1210.0, 0.004, 38.0)),
        (bridge.chat_received, "Hallo! Hören Sie mich gut?"),  # the customer's own words
        (bridge.remote_video, gradient_frame(640, 480, 150)),
        (bridge.local_video, gradient_frame(320, 180, 230)),
    )


# The quality rule's own words (advisor_app.quality.policy), translated where the window shows them.
_VIDEO_PAUSED = N_("CallQuality", "Video paused: connection too slow.")
_TOO_SLOW_EVEN_FOR_AUDIO = N_(
    "CallQuality", "Connection too slow even for audio: the call is about to end."
)


def _decision(kind: DecisionKind, reason: str, countdown: float | None = None) -> QualityDecision:
    figures = Figures(
        up_kbps=210.0, down_kbps=190.0, loss=0.3, rtt_ms=320.0, threshold_kbps=320.0, held_s=2.0
    )
    return QualityDecision(kind, 10.0, VideoLevel.OFF, reason, figures, countdown)


def _calls(engine: Engine) -> Iterator[Shot]:
    live, _bar = _open_call(engine, booked=False)
    try:
        _in_call(engine, live)
        yield "call-live", live.window
        _report(
            engine,
            (live.listener.quality_decided,
             _decision(DecisionKind.VIDEO_OFF, _VIDEO_PAUSED)),
        )  # fmt: skip
        yield "call-video-paused", live.window
        _report(
            engine,
            (live.listener.quality_decided,
             _decision(DecisionKind.COUNTDOWN, _TOO_SLOW_EVEN_FOR_AUDIO, 4.0)),
        )  # fmt: skip
        yield "call-countdown", live.window
        live.window.stage.hang_up_prompt.ask()
        settle()
        yield "call-hang-up-asked", live.window
        _report(
            engine,
            (live.listener.phase_changed, CallPhase.ENDED, "bandwidth"),
            (live.listener.call_ended, call_record(767, EndReason.BANDWIDTH, None), ""),
        )
        yield "call-ended", live.window
    finally:
        live.window.set_closable(True)
        live.window.close()
        live.window.deleteLater()
    booked, bar = _open_call(engine, booked=True)
    assert bar is not None
    try:
        _in_call(engine, booked)
        # As BookedCallController says them: the end in the advisor's zone and language.
        translate = QCoreApplication.translate
        end = AdvisorClock(BERLIN).moment(demo_data.NOW + timedelta(minutes=15))
        caption = translate("BookedCallController", "left · ends at %1").replace("%1", end)
        bar.show_time_left("14:10", caption, "")
        bar.identity.show_state(IdentityState.ASKING)
        settle()
        yield "call-booked-identity", booked.window
        wrong = translate("BookedCallController", "the code is wrong.")
        bar.identity.show_state(IdentityState.FAILED, wrong)
        bar.show_time_left("0:48", caption, "urgent")
        settle()
        yield "call-booked-unverified", booked.window
    finally:
        booked.window.set_closable(True)
        booked.window.close()
        booked.window.deleteLater()
