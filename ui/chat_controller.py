"""Brings the Messages tab to life: threads and unread counts, the open conversation, sending.

Everything runs through `AdvisorChat` on the engine (the platform keeps the messages); reports
come back through the `ChatBridge`. `unread_changed(total)` feeds the tab's badge.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Signal

from advisor_app.domain.models import ChatMessage, ChatThread
from ui.advisor_clock import AdvisorClock
from ui.chat_bridge import ChatBridge
from ui.chat_panel import ChatPanel
from ui.desk_bridge import DeskBridge
from ui.engine_calls import EngineCalls


class ChatCommands(Protocol):
    """`advisor_app.chat.AdvisorChat` as the controller uses it."""

    async def refresh(self) -> tuple[ChatThread, ...]: ...

    async def open(self, thread_id: str) -> tuple[ChatMessage, ...]: ...

    async def send(self, thread_id: str, text: str) -> ChatMessage: ...

    async def tell(self, alias: str, text: str) -> ChatMessage | None: ...


class ChatController(QObject):
    unread_changed = Signal(int)
    failed = Signal(str)

    def __init__(
        self,
        panel: ChatPanel,
        *,
        bridge: ChatBridge,
        desk_bridge: DeskBridge,
        chat: ChatCommands,
        calls: EngineCalls,
        clock: AdvisorClock,
    ) -> None:
        super().__init__(panel)
        self._panel = panel
        self._chat = chat
        self._calls = calls
        self._clock = clock
        self._threads: dict[str, ChatThread] = {}
        self._messages: tuple[ChatMessage, ...] = ()
        self._loaded = False  # the platform answered with this session's threads
        bridge.threads_updated.connect(self.show_threads)
        bridge.message_received.connect(self._message_received)
        desk_bridge.account_signed_in.connect(lambda _account: self.refresh())
        desk_bridge.session_ended.connect(lambda _reason: self._session_ended())
        panel.thread_selected.connect(self.open)
        panel.message_submitted.connect(self.send)

    def refresh(self) -> None:
        """Fetches the threads; until this session's first answer the list says it is loading."""
        if not self._loaded:
            self._panel.show_threads_loading()
        self._calls.run(self._chat.refresh(), on_error=self._not_loaded, what="chat threads")

    def _not_loaded(self, message: str) -> None:
        if self._loaded:
            self.failed.emit(message)
        else:
            self._panel.show_threads_failed(message)

    def _session_ended(self) -> None:
        self.show_threads(())
        self._loaded = False

    def show_threads(self, threads: tuple[ChatThread, ...]) -> None:
        self._loaded = True
        self._threads = {t.id: t for t in threads}
        self._panel.show_threads(threads)
        self.unread_changed.emit(sum(t.unread for t in threads))

    def open(self, thread_id: str) -> None:
        self._calls.run(
            self._chat.open(thread_id),
            on_result=lambda messages: self._show(thread_id, messages),
            on_error=self.failed.emit,
            what="chat messages",
        )

    def send(self, text: str) -> None:
        thread_id = self._panel.current_thread
        if thread_id is None:
            return
        self._panel.set_can_send(False)

        def sent(_message: ChatMessage) -> None:
            self._panel.input.clear()
            self._panel.set_can_send(True)

        def refused(message: str) -> None:
            self._panel.set_can_send(True)
            self.failed.emit(message)

        self._calls.run(
            self._chat.send(thread_id, text), on_result=sent, on_error=refused, what="send message"
        )

    def tell(self, alias: str, text: str) -> None:
        """Sends `text` to the customer of this alias (a proposed time, for example)."""

        def told(message: ChatMessage | None) -> None:
            if message is None:
                self.failed.emit(
                    self.tr("Could not tell %1 in the chat; please write to them.").replace(
                        "%1", alias
                    )
                )

        self._calls.run(
            self._chat.tell(alias, text), on_result=told, on_error=self.failed.emit, what="tell"
        )

    def _show(self, thread_id: str, messages: tuple[ChatMessage, ...]) -> None:
        if self._panel.current_thread != thread_id:
            return
        self._messages = messages
        thread = self._threads.get(thread_id)
        stamps = {m.id: self._clock.moment(m.created_at) for m in messages}
        self._panel.show_messages(thread.alias if thread else "", messages, stamps)

    def _message_received(self, message: ChatMessage) -> None:
        if message.thread_id == self._panel.current_thread:
            self.open(message.thread_id)  # re-read: shows it and marks it read on the platform
