"""A bounded hand-off from a capture thread to the asyncio loop that never blocks the producer.

Capture threads (a camera decoder, a PortAudio callback, a synthetic source) must never wait for
the loop: when the loop falls behind, the oldest items are dropped instead of queued without bound.
With ``capacity=1`` the mailbox keeps only the newest item (what a camera wants); a few items of
slack smooth out loop hiccups for audio.

A reader away longer than that slack (a microphone opened before the call's connection reads
it, a fresh connection after a drop) finds a full mailbox of old items. With
``resume_at_newest`` it starts again at the newest: what came before it is partly lost already,
and handing on the rest in one burst would only delay everything after it. Speech sent so
(measured: 100 ms of it, 9-87 ms old, at the start of every call) filled the receiving
browser's jitter buffer, which then held the call's speech, and the picture in step with it,
about 20 ms longer for the rest of the call.

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

    def __init__(
        self, loop: asyncio.AbstractEventLoop, capacity: int, *, resume_at_newest: bool = False
    ) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, not {capacity}")
        self._loop = loop
        self._items: collections.deque[T] = collections.deque(maxlen=capacity)
        self._lock = threading.Lock()
        self._wake_pending = False
        self._closed = False
        self._ready = asyncio.Event()
        self._resume_at_newest = resume_at_newest
        self._overran = False  # items were dropped since the reader last took one
        self.dropped = 0
        """How many items were pushed out unread because the reader was behind."""

    def put(self, item: T) -> None:
        """Add ``item`` from any thread; drops the oldest item when full. Never blocks for long."""
        with self._lock:
            if self._closed:
                return
            if len(self._items) == self._items.maxlen:
                self.dropped += 1
                self._overran = True
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
        """The oldest unread item (the newest after an overrun, if told `resume_at_newest`);
        waits for one. Raises `MailboxClosedError` once closed."""
        while True:
            self._ready.clear()
            with self._lock:
                if self._closed:
                    raise MailboxClosedError
                if self._items:
                    if self._overran and self._resume_at_newest:
                        self.dropped += len(self._items) - 1
                        while len(self._items) > 1:
                            self._items.popleft()
                    self._overran = False
                    return self._items.popleft()
            await self._ready.wait()
