"""Shows a call's view in its window and sends the advisor's clicks to the call's commands.

Everything shown comes from the call's one view (`advisor_app.call.view.CallView`, through the
window's one bridge): the phase and the timer, the end and the bill, the security code, the
customer's tile (this controller is its only writer), the banner and the indicator's figures. The
quality panel, graph and countdown are `ui.call.quality_controller`'s, reading the same view.

The controller never waits: commands are coroutines started on the engine loop and their outcome
comes back on the GUI thread. The call's commands may arrive after the window (the window and its
bridge exist first so that the call session can report to it from the start); what the advisor
does before that is remembered and sent once `attach` gives the commands.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot

from advisor_app.call.listener import CallCommands, CallPhase
from advisor_app.call.view import Banner, CallEnding, CallView, CustomerTile
from advisor_app.domain.frames import DisplayFrame
from advisor_app.domain.models import Call
from advisor_app.domain.server_clock import ServerClock
from advisor_app.engine import Engine
from ui.advisor_clock import AdvisorClock
from ui.call.bridge import CallBridge
from ui.call.texts import (
    NEVER_CONNECTED,
    billed_text,
    end_reason_text,
    format_timer,
    phase_text,
    unconfirmed_text,
)
from ui.call.window import CallWindow
from ui.engine_calls import EngineCalls
from ui.translations import tr_noop

log = logging.getLogger(__name__)

# The timer label is refreshed this often; under a second so it never visibly skips a second.
_TICK_MS = 250
_SIZES_SETTLE_MS = 150
# English source texts, marked for `pyside6-lupdate`; translated with `self.tr` when shown.
_REMOTE_CAMERA_OFF = tr_noop("CallController", "Camera off · audio only")
_WAITING_FOR_VIDEO = tr_noop("CallController", "Waiting for video…")
_CHECKING_BILLED = tr_noop("CallController", "Checking the billed time…")
# The tile while the line is the reason (the quality rule's words, kept in their context).
_PAUSED_TILE = tr_noop("QualityController", "Video paused — connection too slow")
_RECONNECTING_TILE = tr_noop("QualityController", "Connection interrupted — reconnecting…")
_ONE_MINUTE_LEFT = tr_noop("BookedCallController", "1 minute left: the call ends at %1.")
_MINUTES_LEFT = tr_noop("BookedCallController", "%2 minutes left: the call ends at %1.")

Command = Callable[[CallCommands], Coroutine[Any, Any, None]]


class CallController(QObject):
    """Drives one `CallWindow` from one `CallBridge`; `attach` hands it the call's commands.

    `call_finished(call_or_none)` says the call is over (the window stays until the advisor closes
    it); `clock` is a monotonic clock in seconds, replaceable in tests.
    """

    call_finished = Signal(object)  # Call | None

    def __init__(
        self,
        window: CallWindow,
        bridge: CallBridge,
        engine: Engine,
        alias: str,
        clock: Callable[[], float] = time.monotonic,
        *,
        advisor_clock: AdvisorClock | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._alias = alias
        self._clock = clock
        self._advisor_clock = advisor_clock or AdvisorClock()
        self._view = CallView()
        self._calls = EngineCalls(engine, self)
        self._commands: CallCommands | None = None
        self._waiting: list[tuple[str, Command]] = []
        self._phase: CallPhase | None = None
        self._started_at: float | None = None
        self._ended = False
        self._microphone_on = True
        self._camera_on = True
        self._tick = QTimer(self)
        self._tick.setInterval(_TICK_MS)
        self._tick.timeout.connect(self._show_elapsed)
        # The views' sizes reach the call once a resize settles: frames are converted to them.
        self._sizes_settled = QTimer(self)
        self._sizes_settled.setSingleShot(True)
        self._sizes_settled.setInterval(_SIZES_SETTLE_MS)
        self._sizes_settled.timeout.connect(self._send_video_sizes)
        self._connect_bridge(bridge)
        self._connect_window()
        self._on_phase(CallPhase.CONNECTING, None)
        self._show_customer_tile(self._view)

    @property
    def phase(self) -> CallPhase | None:
        return self._phase

    def attach(self, commands: CallCommands) -> None:
        """Gives the controller the running call's commands; sends what waited for them."""
        if self._commands is not None:
            raise RuntimeError("this call window already has its call")
        self._commands = commands
        waiting, self._waiting = self._waiting, []
        for what, command in waiting:
            self._run(what, command)

    def fail(self, message: str) -> None:
        """The call could not be started (`message` says why): show it and let the window close."""
        if self._ended:
            return
        log.info("call window: the call could not start")
        self._phase = CallPhase.ENDED
        self._show_summary(
            message or self.tr("The call could not be started"),
            None,
            billed=QCoreApplication.translate("CallTexts", NEVER_CONNECTED),
        )
        self.call_finished.emit(None)

    # --- wiring --------------------------------------------------------------------------------

    def _connect_bridge(self, bridge: CallBridge) -> None:
        # Queued even when a report is made on the GUI thread: one order of events, no re-entry.
        queued = Qt.ConnectionType.QueuedConnection
        bridge.view_reported.connect(self._on_view, queued)
        bridge.remote_frame_arrived.connect(self._on_remote_frame, queued)
        bridge.local_frame_arrived.connect(self._on_local_frame, queued)
        bridge.chat_message_arrived.connect(self._on_chat_received, queued)

    def _connect_window(self) -> None:
        window = self._window
        window.controls.microphone.toggled.connect(self._set_microphone)
        window.controls.camera.toggled.connect(self._set_camera)
        window.controls.hang_up.clicked.connect(self._hang_up)
        window.hang_up_prompt.confirmed.connect(self._hang_up)
        window.escape_pressed.connect(self._on_escape)
        window.close_requested.connect(self._ask_to_hang_up)
        window.chat.message_submitted.connect(self._send_chat)
        window.summary.close_button.clicked.connect(window.close)
        window.remote_video.shown_size_changed.connect(self._sizes_settled.start)
        window.local_video.shown_size_changed.connect(self._sizes_settled.start)
        window.minimized_changed.connect(self._sizes_settled.start)
        self._sizes_settled.start()

    # --- the call's view -------------------------------------------------------------------------

    @Slot(object)
    def _on_view(self, view: CallView) -> None:
        """Shows what changed from the last view (each part of the window has one source)."""
        old, self._view = self._view, view
        ending, before = view.ending, old.ending
        if ending is not None and ending.final and not (before and before.final):
            self._on_call_ended(ending)
        elif ending is not None and ending.final and before is not None and ending != before:
            # The platform acknowledged the hang-up late: its figure replaces "not confirmed".
            self._show_summary(ending.detail, ending.record, billed=self._billed(ending))
        elif view.phase != old.phase:
            self._on_phase(view.phase, ending.detail if ending else None)
        if view.customer_tile != old.customer_tile or view.phase != old.phase:
            self._show_customer_tile(view)
        if view.security_code_unverified and not old.security_code_unverified:
            self._window.show_security_code_unverified()
        elif view.security_code is not None and view.security_code != old.security_code:
            self._window.show_security_code(
                view.security_code, self._alias, renewed=view.security_code_renewed
            )
        if view.banner is not None and view.banner != old.banner:
            self._show_banner(view.banner)
        elif view.banner is None and old.banner is not None:
            self._window.banner.hide()  # the view took it back (the call ended)
        if view.figures != old.figures:
            self._window.quality.show_quality(view.figures)

    def _show_customer_tile(self, view: CallView) -> None:
        """The only writer of the customer's tile: video, or why there is none."""
        remote = self._window.remote_video
        translate = QCoreApplication.translate
        match view.customer_tile:
            case CustomerTile.RECONNECTING:
                remote.set_camera_on(False, translate("QualityController", _RECONNECTING_TILE))
            case CustomerTile.PAUSED:
                remote.set_camera_on(False, translate("QualityController", _PAUSED_TILE))
            case CustomerTile.CAMERA_OFF:
                remote.set_camera_on(False, self.tr(_REMOTE_CAMERA_OFF))
            case CustomerTile.VIDEO:
                remote.set_camera_on(True)
                remote.set_caption(self.tr(_WAITING_FOR_VIDEO))  # until their next frame
            case CustomerTile.WAITING:
                waiting = view.phase in (CallPhase.RINGING, CallPhase.CONNECTING)
                remote.set_camera_on(True)
                remote.set_caption(
                    phase_text(view.phase, self._alias) if waiting else self.tr(_WAITING_FOR_VIDEO)
                )

    def _show_banner(self, banner: Banner) -> None:
        if banner.minutes_left is None:
            self._window.banner.show_notice(banner.text, banner.seconds)
            return
        end = self._advisor_clock.moment(banner.ends_at) if banner.ends_at else ""
        translate = QCoreApplication.translate
        text = (
            translate("BookedCallController", _ONE_MINUTE_LEFT)
            if banner.minutes_left == 1
            else translate("BookedCallController", _MINUTES_LEFT).replace(
                "%2", str(banner.minutes_left)
            )
        )
        self._window.banner.show_notice(text.replace("%1", end), banner.seconds)

    # --- reports from the call -----------------------------------------------------------------

    def _on_phase(self, phase: CallPhase, reason: str | None) -> None:
        if self._ended or phase == self._phase:
            return
        log.debug("call window: phase %s -> %s", self._phase, phase)
        self._phase = phase
        window = self._window
        window.set_closable(phase == CallPhase.ENDED)
        if phase == CallPhase.IN_CALL:
            if self._started_at is None:
                self._started_at = self._clock()
            self._show_elapsed()
            self._tick.start()
            return
        self._tick.stop()
        text = phase_text(phase, self._alias, was_connected=self._started_at is not None)
        window.show_status(text)
        if phase == CallPhase.ENDING:
            window.controls.set_call_running(False)
        elif phase == CallPhase.ENDED:
            # The platform's record follows in `call_ended`; until then say what is known.
            self._show_summary(reason or "", None, billed=self.tr(_CHECKING_BILLED))

    @Slot(object)
    def _on_remote_frame(self, frame: DisplayFrame) -> None:
        if not self._ended:
            self._window.remote_video.show_frame(frame)

    @Slot(object)
    def _on_local_frame(self, frame: DisplayFrame) -> None:
        if not self._ended and self._camera_on:
            self._window.local_video.show_frame(frame)

    @Slot(str)
    def _on_chat_received(self, text: str) -> None:
        self._window.chat.add_received(text)

    def _on_call_ended(self, ending: CallEnding) -> None:
        self._phase = CallPhase.ENDED
        self._show_summary(ending.detail, ending.record, billed=self._billed(ending))
        self.call_finished.emit(ending.record)

    def _billed(self, ending: CallEnding) -> str:
        """The platform's figure, or that it has not confirmed the end yet (and where it stops)."""
        if ending.unconfirmed_at is not None:
            local = ServerClock.to_local(ending.unconfirmed_at, self._advisor_clock.zone)
            return unconfirmed_text(f"{local:%H:%M:%S}")
        return billed_text(ending.record)

    # --- what the advisor does -----------------------------------------------------------------

    @Slot(bool)
    def _set_microphone(self, on: bool) -> None:
        self._microphone_on = on
        self._window.controls.show_microphone_on(on)
        self._command(
            "set_microphone",
            lambda commands: commands.set_microphone(on),
            on_error=lambda message: self._undo_microphone(on, message),
        )

    @Slot(bool)
    def _set_camera(self, on: bool) -> None:
        self._camera_on = on
        self._window.controls.show_camera_on(on)
        self._window.local_video.set_camera_on(on, self.tr("Camera off"))
        if on:
            self._window.local_video.set_caption(self.tr("Starting camera…"))
        self._command(
            "set_camera",
            lambda commands: commands.set_camera(on),
            on_error=lambda message: self._undo_camera(on, message),
        )

    @Slot()
    def _hang_up(self) -> None:
        if self._ended:
            return
        self._window.hang_up_prompt.hide()
        self._window.controls.set_call_running(False)
        self._window.show_status(phase_text(CallPhase.ENDING, self._alias))
        self._command("hang_up", lambda commands: commands.hang_up(), on_error=self._hang_up_failed)

    @Slot()
    def _on_escape(self) -> None:
        if self._ended:
            self._window.close()
        elif self._window.hang_up_prompt.isVisible():
            self._window.hang_up_prompt.hide()
        else:
            self._ask_to_hang_up()

    @Slot()
    def _ask_to_hang_up(self) -> None:
        if not self._ended:
            self._window.hang_up_prompt.ask()

    @Slot(str)
    def _send_chat(self, text: str) -> None:
        chat = self._window.chat
        if self._commands is None:
            chat.add_note(self.tr("Not sent: the call is not connected yet"))
            return
        chat.add_sent(text)
        self._command(
            "send_chat",
            lambda commands: commands.send_chat(text),
            on_error=lambda message: chat.add_note(
                self.tr("Not delivered: %1").replace("%1", message)
            ),
        )

    # --- helpers -------------------------------------------------------------------------------

    @Slot()
    def _send_video_sizes(self) -> None:
        if self._window.isMinimized():  # nothing on screen: no picture converted for it
            self._command("show_video_at", lambda commands: commands.hide_video())
            return
        remote = self._window.remote_video.shown_size()
        local = self._window.local_video.shown_size()
        self._command("show_video_at", lambda commands: commands.show_video_at(remote, local))

    def _command(
        self, what: str, command: Command, on_error: Callable[[str], None] | None = None
    ) -> None:
        if self._commands is None:
            # Before the session exists only the newest wish per command matters.
            self._waiting = [(w, c) for w, c in self._waiting if w != what]
            self._waiting.append((what, command))
            return
        self._run(what, command, on_error)

    def _run(
        self, what: str, command: Command, on_error: Callable[[str], None] | None = None
    ) -> None:
        assert self._commands is not None
        self._calls.run(command(self._commands), on_error=on_error, what=f"call: {what}")

    def _undo_microphone(self, wanted: bool, message: str) -> None:
        if self._microphone_on == wanted:
            self._microphone_on = not wanted
            self._window.controls.show_microphone_on(not wanted)
        self._window.banner.show_notice(
            self.tr("The microphone could not be switched: %1").replace("%1", message)
        )

    def _undo_camera(self, wanted: bool, message: str) -> None:
        if self._camera_on == wanted:
            self._camera_on = not wanted
            self._window.controls.show_camera_on(not wanted)
            self._window.local_video.set_camera_on(not wanted, self.tr("Camera off"))
        self._window.banner.show_notice(
            self.tr("The camera could not be switched: %1").replace("%1", message)
        )

    def _hang_up_failed(self, message: str) -> None:
        if self._ended:
            return
        self._window.controls.set_call_running(True)
        self._window.banner.show_notice(
            self.tr("Hanging up failed: %1. Try again.").replace("%1", message)
        )

    def _show_elapsed(self) -> None:
        if self._started_at is not None:
            self._window.show_status(format_timer(self._clock() - self._started_at), timer=True)

    def _show_summary(self, reason: str, call: Call | None, *, billed: str) -> None:
        window = self._window
        self._ended = True
        self._tick.stop()
        window.set_closable(True)
        window.show_status(phase_text(CallPhase.ENDED, self._alias))
        window.chat.set_open(False)
        window.hang_up_prompt.hide()
        window.show_ended()
        known = call is not None and call.billed_seconds > 0
        window.summary.show_summary(
            end_reason_text(reason, call, self._alias), billed, billed_known=known
        )
