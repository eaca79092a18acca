"""Live call requests: cards from the desk's snapshots, the ring, and Accept/Decline.

Accept hands the request to `take_call` (`ui.call.windows.CallWindows.take_live`: the platform
accepts it and its call runs in a window, in one step on the engine); the card waits until the
call was taken or says why not. Without a call window (a GUI with no engine-side calls) Accept
only accepts with the desk. Decline asks for an optional reason first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from advisor_app.desk_listener import DeskCommands
from advisor_app.domain.models import CallRequest, CallRequestState
from ui.advisor_clock import AdvisorClock
from ui.decline_dialog import DeclineDialog
from ui.desk_bridge import DeskBridge
from ui.engine_calls import EngineCalls
from ui.live_requests_panel import LiveRequestsPanel
from ui.ring_alerts import RingAlerts

log = logging.getLogger(__name__)


class CallTaker(Protocol):
    """Takes a ringing request: `taken(accepted_request)` or `failed(why)`, on the GUI thread."""

    def __call__(
        self,
        request: CallRequest,
        taken: Callable[[CallRequest], None],
        failed: Callable[[str], None],
    ) -> None: ...


class LiveRequestsController(QObject):
    """Keeps the request cards in step with the desk and answers them.

    Signals (for the window and for tests): `accepted(CallRequest)`, `declined(CallRequest)`,
    `answer_failed(request_id, message)`.
    """

    accepted = Signal(object)
    declined = Signal(object)
    answer_failed = Signal(str, str)

    def __init__(
        self,
        panel: LiveRequestsPanel,
        *,
        dialog_parent: QWidget,
        bridge: DeskBridge,
        desk: DeskCommands,
        calls: EngineCalls,
        alerts: RingAlerts,
        clock: AdvisorClock,
        take_call: CallTaker | None,
        on_accepted: Callable[[CallRequest], None],
    ) -> None:
        super().__init__(panel)
        self._panel = panel
        self._dialog_parent = dialog_parent
        self._desk = desk
        self._calls = calls
        self._alerts = alerts
        self._clock = clock
        self._take_call = take_call
        self._on_accepted = on_accepted
        self._ringing: set[str] = set()
        self._answering: set[str] = set()
        bridge.call_requests_updated.connect(self.show_requests)
        bridge.session_ended.connect(self.clear)
        panel.accept_clicked.connect(self.accept)
        panel.decline_clicked.connect(self.ask_decline)

    def show_requests(self, requests: tuple[CallRequest, ...]) -> None:
        self._panel.show_requests(requests)
        ringing = [r for r in requests if r.state == CallRequestState.RINGING]
        ringing_ids = {r.id for r in ringing}
        fresh = [r for r in ringing if r.id not in self._ringing]
        self._ringing = ringing_ids
        self._answering &= ringing_ids
        self.tick()
        self._update_ring()
        for request in fresh:
            log.info("call request %s ringing", request.id)
        self._alerts.announce(sorted(fresh, key=lambda r: r.created_at))

    def clear(self) -> None:
        self.show_requests(())

    def tick(self) -> None:
        """Each second: 'waiting 0:13'."""
        self._panel.refresh_waited(lambda r: self._clock.waited(r.created_at))

    def accept(self, request_id: str) -> None:
        card = self._panel.card(request_id)
        if card is None or request_id in self._answering:
            return
        self._answering.add(request_id)
        card.set_busy(True, self.tr("Accepting…"))
        self._update_ring()
        if self._take_call is not None:
            self._take_call(
                card.request, self._accepted, lambda message: self._failed(request_id, message)
            )
            return
        self._calls.run(
            self._desk.accept(request_id),
            on_result=self._accepted,
            on_error=lambda message: self._failed(request_id, message),
            what="accept call request",
        )

    def ask_decline(self, request_id: str) -> None:
        card = self._panel.card(request_id)
        if card is None or request_id in self._answering:
            return
        dialog = DeclineDialog(card.request.alias, self._dialog_parent)
        dialog.reason_given.connect(lambda reason: self.decline(request_id, reason))
        dialog.open()

    def decline(self, request_id: str, reason: str) -> None:
        card = self._panel.card(request_id)
        if card is None or request_id in self._answering:
            return
        self._answering.add(request_id)
        card.set_busy(True, self.tr("Declining…"))
        self._update_ring()
        self._calls.run(
            self._desk.decline(request_id, reason),
            on_result=self._declined,
            on_error=lambda message: self._failed(request_id, message),
            what="decline call request",
        )

    def _accepted(self, request: CallRequest) -> None:
        self._answering.discard(request.id)
        log.info("call request %s accepted (call %s)", request.id, request.call_id)
        self.accepted.emit(request)
        self._on_accepted(request)

    def _declined(self, request: CallRequest) -> None:
        self._answering.discard(request.id)
        log.info("call request %s declined", request.id)
        self.declined.emit(request)

    def _failed(self, request_id: str, message: str) -> None:
        self._answering.discard(request_id)
        card = self._panel.card(request_id)
        if card is not None:
            card.set_busy(False)
            card.show_message(message)
        self._update_ring()
        self.answer_failed.emit(request_id, message)

    def _update_ring(self) -> None:
        """The ring sounds while some request rings that the advisor is not answering yet."""
        self._alerts.set_ringing(bool(self._ringing - self._answering))
