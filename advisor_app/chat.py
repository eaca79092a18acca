"""Messages with customers: one thread per customer, unread counts, before, during and after calls.

Everything goes through the platform (`/threads`), nothing is written to the advisor's disk. New
messages arrive on the platform's socket (`PlatformGateway.subscribe_messages`); `AdvisorChat`
keeps the thread list and its unread counts current and reports whole snapshots to its listener,
like the desk does. Reading a thread's messages marks them read on the platform.

Runs on the engine loop; the listener is called there and must not block (the UI's bridge
re-emits each report as a queued Qt signal).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from advisor_app.domain.models import ChatMessage, ChatThread, Role
from advisor_app.platform_gateway import PlatformRequests
from network.api_client import PlatformClient

log = logging.getLogger(__name__)

MAX_MESSAGE_LENGTH = 2000  # the platform's limit


class ChatListener(Protocol):
    def threads_changed(self, threads: tuple[ChatThread, ...]) -> None:
        """Every thread with its unread count, after any change (a snapshot)."""

    def message_arrived(self, message: ChatMessage) -> None:
        """A new message in any thread (also the advisor's own, once the platform stored it)."""


class ChatPlatform(PlatformRequests, Protocol):
    """What the chat needs of the platform (`PlatformGateway`)."""

    def subscribe_messages(
        self, on_message: Callable[[ChatMessage], None]
    ) -> Callable[[], None]: ...


class AdvisorChat:
    """The advisor's conversations, kept in sync with the platform."""

    def __init__(self, platform: ChatPlatform, listener: ChatListener) -> None:
        self._platform = platform
        self._listener = listener
        self._threads: dict[str, ChatThread] = {}
        self._open_thread: str | None = None  # messages to the thread on screen are read at once
        self._tasks: set[asyncio.Task[object]] = set()
        self._unsubscribe = platform.subscribe_messages(self._message_received)

    @property
    def threads(self) -> tuple[ChatThread, ...]:
        """The threads with unread messages first, then by name."""
        return tuple(
            sorted(self._threads.values(), key=lambda t: (t.unread == 0, t.alias.casefold(), t.id))
        )

    def thread_of(self, alias: str) -> ChatThread | None:
        """The one thread with a customer of this alias; None if none or several share it."""
        matches = [t for t in self._threads.values() if t.alias == alias]
        return matches[0] if len(matches) == 1 else None

    async def tell(self, alias: str, text: str) -> ChatMessage | None:
        """Sends `text` to the customer of this alias, if exactly one thread has it.

        Bookings do not name their thread, only the alias; with two customers of the same alias
        nothing is sent rather than telling the wrong person (the caller says so).
        """
        if self.thread_of(alias) is None:
            await self.refresh()
        thread = self.thread_of(alias)
        if thread is None:
            log.info("no single chat thread for this alias; the message was not sent")
            return None
        return await self.send(thread.id, text)

    async def refresh(self) -> tuple[ChatThread, ...]:
        threads = await self._platform.request(PlatformClient.list_threads)
        self._threads = {t.id: t for t in threads}
        self._publish()
        return self.threads

    async def open(self, thread_id: str) -> tuple[ChatMessage, ...]:
        """The thread's messages, oldest first; marks them read (on the platform and here)."""
        self._open_thread = thread_id
        messages = await self._platform.request(PlatformClient.list_messages, thread_id)
        thread = self._threads.get(thread_id)
        if thread is not None and thread.unread:
            self._threads[thread_id] = replace(thread, unread=0)
            self._publish()
        return tuple(sorted(messages, key=lambda m: (m.created_at, m.id)))

    def close(self, thread_id: str) -> None:
        if self._open_thread == thread_id:
            self._open_thread = None

    async def send(self, thread_id: str, text: str) -> ChatMessage:
        """Sends a message (1..2000 characters after trimming); raises ValueError otherwise."""
        cleaned = text.strip()
        if not cleaned:
            raise ValueError("An empty message is not sent.")
        if len(cleaned) > MAX_MESSAGE_LENGTH:
            raise ValueError(f"A message has at most {MAX_MESSAGE_LENGTH} characters.")
        return await self._platform.request(PlatformClient.send_message, thread_id, cleaned)

    def stop(self) -> None:
        self._unsubscribe()

    def _message_received(self, message: ChatMessage) -> None:
        thread = self._threads.get(message.thread_id)
        unread_here = message.sender is Role.CUSTOMER and message.thread_id != self._open_thread
        if thread is None:
            self._refresh_soon()  # a customer's first request or booking opened a new thread
        elif unread_here:
            self._threads[message.thread_id] = replace(thread, unread=thread.unread + 1)
            self._publish()
        self._listener.message_arrived(message)

    def _refresh_soon(self) -> None:
        async def refresh() -> object:
            try:
                return await self.refresh()
            except Exception as exc:  # the next refresh tries again
                log.info("could not fetch the chat threads: %s", type(exc).__name__)
                return None

        task: asyncio.Task[object] = asyncio.get_running_loop().create_task(refresh())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _publish(self) -> None:
        self._listener.threads_changed(self.threads)
