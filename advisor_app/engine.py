"""The engine: one asyncio loop on a dedicated thread that owns all network and call work.

Why a thread of its own: PySide6's QtAsyncio cannot run aiortc (no datagram endpoints) and qasync
would put RTP pacing on the GUI thread. The GUI never awaits anything; it submits coroutines with
`Engine.submit` and hears back through listener callbacks that the UI turns into queued Qt signals.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import sys
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


def _new_event_loop() -> asyncio.AbstractEventLoop:
    if sys.platform == "win32":
        # The Proactor loop lacks add_reader, which aiortc's ICE needs.
        return asyncio.SelectorEventLoop()
    return asyncio.new_event_loop()


class Engine:
    """Runs an asyncio loop on a daemon thread until `stop()`."""

    def __init__(self, name: str = "engine") -> None:
        self._name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            raise RuntimeError("engine not started")
        return self._loop

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._ready.clear()
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()
        self._ready.wait()

    def _run(self) -> None:
        loop = _new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        loop.set_exception_handler(_log_loop_exception)
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
            log.debug("engine loop closed")

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Schedules `coro` on the engine loop; safe from any thread."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def call_soon(self, callback: Callable[..., object], *args: object) -> None:
        """Runs a plain callback on the engine loop; safe from any thread."""
        self.loop.call_soon_threadsafe(callback, *args)

    def stop(self, timeout: float = 5.0) -> None:
        """Stops the loop after cancelling what still runs; waits up to `timeout` seconds."""
        if self._loop is None or self._thread is None:
            return
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("engine thread did not stop within %.1f s", timeout)
        self._thread = None
        self._loop = None


def _log_loop_exception(_loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    exc = context.get("exception")
    log.error("engine: %s", context.get("message", "unhandled error"), exc_info=exc)
