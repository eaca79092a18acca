"""The one way the GUI crosses to the engine and back.

A controller hands `EngineCalls.run` a desk coroutine; it runs on the engine loop and its result
(or its error, as a user-readable message) comes back on the GUI thread through a queued signal of
a QObject that lives there. The GUI thread never waits for the engine.
"""

from __future__ import annotations

import concurrent.futures
import functools
import itertools
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

from advisor_app.engine import Engine
from ui.translations import core_text

log = logging.getLogger(__name__)

T = TypeVar("T")

# A busy indication: called with True when the call starts and with False when it ends.
BusyIndicator = Callable[[bool], None]


def user_message(error: BaseException) -> str:
    """What the advisor reads for an error: its own text, or a plain fallback for a bare one.

    The core's marked messages (`advisor_app.domain.texts`) come out in the advisor's language.
    """
    text = str(error).strip()
    if text:
        return core_text(text)
    if isinstance(error, TimeoutError):
        return QCoreApplication.translate("EngineCalls", "The platform did not answer in time")
    if isinstance(error, ConnectionError | OSError):
        return QCoreApplication.translate("EngineCalls", "Platform unreachable")
    return QCoreApplication.translate("EngineCalls", "Something went wrong (%1)").replace(
        "%1", type(error).__name__
    )


@dataclass(frozen=True, slots=True)
class _Pending(Generic[T]):
    on_result: Callable[[T], None] | None
    on_error: Callable[[str], None] | None
    busy: BusyIndicator | None
    what: str
    describe: Callable[[BaseException], str]


class EngineCalls(QObject):
    """Runs desk coroutines on the engine and delivers their outcome on the GUI thread.

    `busy_changed(bool)` says whether any call is still under way (for a global indicator).
    A callback whose QObject was deleted meanwhile is skipped rather than crashing.
    """

    busy_changed = Signal(bool)
    # (ticket, result, error) from the engine thread; queued to this object's (the GUI) thread.
    _finished = Signal(int, object, object)

    def __init__(self, engine: Engine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._tickets = itertools.count(1)
        self._pending: dict[int, _Pending[Any]] = {}
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def run(
        self,
        coro: Coroutine[Any, Any, T],
        *,
        on_result: Callable[[T], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        busy: BusyIndicator | None = None,
        what: str = "",
        describe: Callable[[BaseException], str] = user_message,
    ) -> None:
        """Starts `coro` on the engine; `on_result`/`on_error` later run on the GUI thread.

        `what` names the action in the log (never data). Without `on_error` a failure is logged.
        `describe` turns an error into the advisor's words where an action knows better (sign-in).
        """
        ticket = next(self._tickets)
        was_busy = self.busy
        self._pending[ticket] = _Pending(
            on_result, on_error, busy, what or _name_of(coro), describe
        )
        if busy is not None:
            busy(True)
        if not was_busy:
            self.busy_changed.emit(True)
        try:
            future = self._engine.submit(coro)
        except RuntimeError as exc:  # the engine is not running (closing down)
            coro.close()
            self._deliver(ticket, None, exc)
            return
        future.add_done_callback(lambda f: self._on_done(ticket, f))

    def _on_done(self, ticket: int, future: concurrent.futures.Future[Any]) -> None:
        # Engine thread: only emit; the queued connection carries the outcome to the GUI thread.
        if future.cancelled():
            error: BaseException | None = concurrent.futures.CancelledError("cancelled")
            result = None
        else:
            error = future.exception()
            result = None if error is not None else future.result()
        if not shiboken6.isValid(self):
            return  # the GUI is gone (app closing); nobody is left to tell
        self._finished.emit(ticket, result, error)

    @Slot(int, object, object)
    def _deliver(self, ticket: int, result: object, error: object) -> None:
        pending = self._pending.pop(ticket, None)
        if pending is None:
            return
        if pending.busy is not None and _alive(pending.busy):
            pending.busy(False)
        if isinstance(error, BaseException):
            message = pending.describe(error)
            if pending.on_error is not None and _alive(pending.on_error):
                pending.on_error(message)
            else:
                log.warning("%s failed: %s", pending.what, type(error).__name__)
            log.debug("%s failed", pending.what, exc_info=error)
        elif pending.on_result is not None and _alive(pending.on_result):
            pending.on_result(result)
        if not self._pending:
            self.busy_changed.emit(False)


def _name_of(coro: Coroutine[Any, Any, Any]) -> str:
    return getattr(coro, "__qualname__", None) or type(coro).__name__


def _alive(callback: Callable[..., object]) -> bool:
    """False when the callback is a method of a QObject that Qt already deleted."""
    while isinstance(callback, functools.partial):
        callback = callback.func
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)
