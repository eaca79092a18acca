"""From an accepted live request to a call in its own window.

The main window's Accept has already accepted the request with the platform; this opens the call
window first (its bridge is the call's listener, so no report is lost) and then starts the call
session on the engine, which answers the customer's offer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from advisor_app.call.listener import CallCommands
from advisor_app.call.media import MediaChoice
from advisor_app.call.session import CallPlatform, CallSession, answer_accepted_call
from advisor_app.domain.models import Call, CallRequest, EndReason, Presence
from advisor_app.engine import Engine
from ui.call.again import ended_for_bandwidth, offer_going_online
from ui.call.booked_bar import BookedCallBar
from ui.call.launch import OpenedCallWindow, open_call_window
from ui.engine_calls import EngineCalls

log = logging.getLogger(__name__)


class LiveCallDesk(Protocol):
    """What a live call's window needs of the desk: going online again after it."""

    async def set_presence(self, presence: Presence) -> None: ...


class CallOpener:
    """Callable as `GuiOptions.on_call_accepted`; runs on the GUI thread."""

    def __init__(
        self,
        engine: Engine,
        platform: CallPlatform,
        desk: Callable[[], LiveCallDesk],
        media: Callable[[], MediaChoice],
    ) -> None:
        self._engine = engine
        self._platform = platform
        self._desk = desk
        self._media = media
        self._calls: EngineCalls | None = None  # created on first use: needs the QApplication
        self._open: set[OpenedCallWindow] = set()

    def __call__(self, request: CallRequest) -> None:
        if request.call_id is None:
            log.error("accepted request %s carries no call", request.id)
            return
        if self._calls is None:
            self._calls = EngineCalls(self._engine)
        opened = open_call_window(None, self._engine, request.alias, request.age)
        self._open.add(opened)  # the bridge must outlive the window while the session reports
        opened.window.destroyed.connect(lambda *_: self._open.discard(opened))
        bar = BookedCallBar(request.alias, booked=False)  # a live call: only End for abuse
        opened.window.add_strip(bar)
        opened.bridge.call_finished.connect(lambda *_: bar.hide())
        opened.controller.call_finished.connect(
            lambda call: self._offer_going_online(opened, request.alias, call)
        )
        calls = self._calls

        def attach(session: CallSession) -> None:
            commands: CallCommands = session
            opened.attach(commands)
            bar.abuse_clicked.connect(
                lambda: calls.run(session.hang_up(EndReason.ABUSE), what="end call (abuse)")
            )

        self._calls.run(
            answer_accepted_call(
                self._platform,
                request.call_id,
                opened.bridge,
                self._media(),
                quality_observer=opened.quality,
            ),
            on_result=attach,
            on_error=opened.fail,
            what="start call",
        )

    def _offer_going_online(self, opened: OpenedCallWindow, alias: str, call: Call | None) -> None:
        """A call the line could not carry: the customer was asked to try again, so the summary
        offers to be online for it (the platform has no advisor-initiated live call)."""
        calls, desk = self._calls, self._desk()
        if calls is None or not ended_for_bandwidth(call):
            return

        def go_online(done: Callable[[], None], failed: Callable[[str], None]) -> None:
            calls.run(
                desk.set_presence(Presence.ONLINE),
                on_result=lambda _none: done(),
                on_error=failed,
                what="go online after a call",
            )

        offer_going_online(opened.window, alias, go_online)
