"""A bounded hand-off from a capture thread to the asyncio loop that never blocks the producer.

Capture threads (a camera decoder, a PortAudio callback, a synthetic source) must never wait for
the loop: when the loop falls behind, the oldest items are dropped instead of queued without bound.
With ``capacity=1`` the mailbox keeps only the newest item (what a camera wants); a few items of
slack smooth out loop hiccups for audio.

The loop is woken with at most one pending ``call_soon_threadsafe`` at a time, so a stalled loop
does not accumulate callbacks (each of which would pin a frame in memory).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import threading
from typing import Generic, TypeVar

T = TypeVar("T")


class MailboxClosedError(Exception):
    """The mailbox was closed: no more items will come."""


class Mailbox(Generic[T]):
    """Thread-safe, bounded, drop-oldest queue read by one coroutine on ``loop``."""

    def __init__(self, loop: asyncio.AbstractEventLoop, capacity: int) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, not {capacity}")
        self._loop = loop
        self._items: collections.deque[T] = collections.deque(maxlen=capacity)
        self._lock = threading.Lock()
        self._wake_pending = False
        self._closed = False
        self._ready = asyncio.Event()
        self.dropped = 0
        """How many items were pushed out unread because the reader was behind."""

    def put(self, item: T) -> None:
        """Add ``item`` from any thread; drops the oldest item when full. Never blocks for long."""
        with self._lock:
            if self._closed:
                return
            if len(self._items) == self._items.maxlen:
                self.dropped += 1
            self._items.append(item)
            if self._wake_pending:
                return
            self._wake_pending = True
        with contextlib.suppress(RuntimeError):  # a closed loop: nobody is left to read
            self._loop.call_soon_threadsafe(self._wake)

    def close(self) -> None:
        """Wake the reader with `MailboxClosedError`; further puts are ignored. Any thread."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._items.clear()
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._ready.set)

    def clear(self) -> None:
        """Forget unread items (for example stale frames from before a restart)."""
        with self._lock:
            self._items.clear()

    @property
    def closed(self) -> bool:
        return self._closed

    def _wake(self) -> None:
        with self._lock:
            self._wake_pending = False
        self._ready.set()

    async def get(self) -> T:
        """The oldest unread item; waits for one. Raises `MailboxClosedError` once closed."""
        while True:
            self._ready.clear()
            with self._lock:
                if self._closed:
                    raise MailboxClosedError
                if self._items:
                    return self._items.popleft()
            await self._ready.wait()
