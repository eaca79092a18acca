"""The chat's reports as Qt signals: `AdvisorChat` calls on the engine thread, the GUI hears."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from advisor_app.chat import ChatListener
from advisor_app.domain.models import ChatMessage, ChatThread


class ChatBridge(QObject):
    """A `ChatListener` whose reports are re-emitted as queued Qt signals."""

    threads_updated = Signal(object)  # tuple[ChatThread, ...]
    message_received = Signal(object)  # ChatMessage

    def threads_changed(self, threads: tuple[ChatThread, ...]) -> None:
        self.threads_updated.emit(tuple(threads))

    def message_arrived(self, message: ChatMessage) -> None:
        self.message_received.emit(message)


def _conforms(bridge: ChatBridge) -> ChatListener:
    """Lets mypy check that the bridge really is a ChatListener."""
    return bridge
