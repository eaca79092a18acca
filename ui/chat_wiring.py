"""Wires the Messages and History tabs to the platform (`PlatformGateway`).

Kept apart from `ui.application` so the composition root stays short; without a platform (small
test fakes) both tabs stay empty with their hints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

from advisor_app.call.hangup_outbox import HangupOutbox
from advisor_app.chat import AdvisorChat, ChatPlatform
from advisor_app.domain.models import Booking
from advisor_app.history import fetch_history
from ui.advisor_clock import AdvisorClock
from ui.chat_bridge import ChatBridge
from ui.chat_controller import ChatController
from ui.desk_bridge import DeskBridge
from ui.engine_calls import EngineCalls
from ui.history_controller import HistoryController
from ui.main_controller import MainController
from ui.main_window import MainWindow


class ConversationsPlatform(ChatPlatform, Protocol):
    """What the Messages and History tabs need of the platform (`PlatformGateway`)."""

    @property
    def hangups(self) -> HangupOutbox: ...


@dataclass
class Conversations:
    chat: ChatController
    history: HistoryController
    bridge: ChatBridge
    engine_chat: AdvisorChat


def wire_conversations(
    window: MainWindow,
    *,
    platform: ConversationsPlatform | None,
    desk_bridge: DeskBridge,
    calls: EngineCalls,
    clock: AdvisorClock,
    main: MainController,
) -> Conversations | None:
    if platform is None:
        return None
    bridge = ChatBridge()
    engine_chat = AdvisorChat(platform, bridge)
    chat = ChatController(
        window.chat,
        bridge=bridge,
        desk_bridge=desk_bridge,
        chat=engine_chat,
        calls=calls,
        clock=clock,
    )
    chat.unread_changed.connect(window.show_unread)
    chat.failed.connect(lambda message: window.show_notice(message, "error"))
    history = HistoryController(
        window.history,
        source=lambda: fetch_history(platform, unconfirmed=platform.hangups.pending()),
        calls=calls,
        clock=clock,
    )
    history.failed.connect(lambda message: window.show_notice(message, "error"))
    window.tabs.currentChanged.connect(
        lambda index: history.refresh() if window.tabs.widget(index) is window.history else None
    )
    if main.booking_actions is not None:

        def tell_proposal(booking: Booking, slot: datetime) -> None:
            text = QCoreApplication.translate(
                "Conversations",
                "Hello %1, the times you wished for do not suit me. I have confirmed your "
                "appointment for %2 instead. If that does not suit you, you can cancel it.",
            )
            chat.tell(
                booking.alias, text.replace("%1", booking.alias).replace("%2", slot_text(slot))
            )

        def slot_text(slot: datetime) -> str:
            # CET is what the customer booked in (platform rules), not the advisor's zone.
            return AdvisorClock(zone=ZoneInfo("Europe/Berlin")).moment(slot)

        main.booking_actions.proposed.connect(tell_proposal)
    return Conversations(chat, history, bridge, engine_chat)
