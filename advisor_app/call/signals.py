"""Routing a call's signalling and record updates from the event socket to the call's session.

The customer may send the offer the moment the platform tells them the request was accepted, which
can be before the advisor's side has subscribed (the accept's answer still travels back through the
GUI). Signals for a call nobody has claimed yet are therefore held for a short while and handed
over, in their order, to the first subscriber.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from advisor_app.domain.models import Call

log = logging.getLogger(__name__)

HOLD_S = 15.0  # longer than any accept round trip; shorter than the platform's connecting timeout
HOLD_MAX = 32  # an offer and a few trickled candidates; more is not a real call

SignalHandler = Callable[[str, dict[str, object]], None]
CallHandler = Callable[[Call], None]


@dataclass(frozen=True, slots=True)
class _Subscriber:
    on_signal: SignalHandler
    on_call: CallHandler


@dataclass
class _Held:
    since: float
    signals: list[tuple[str, dict[str, object]]] = field(default_factory=list)


class CallSignals:
    """Runs on the engine loop only (no locking)."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._subscribers: dict[str, list[_Subscriber]] = {}
        self._held: dict[str, _Held] = {}

    def subscribe(
        self, call_id: str, on_signal: SignalHandler, on_call: CallHandler
    ) -> Callable[[], None]:
        """Delivers this call's signals (`from_`, data) and updates; returns the unsubscribe."""
        subscriber = _Subscriber(on_signal, on_call)
        self._subscribers.setdefault(call_id, []).append(subscriber)
        held = self._held.pop(call_id, None)
        if held is not None and self._monotonic() - held.since <= HOLD_S:
            for from_, data in held.signals:
                _safely(subscriber.on_signal, from_, data)

        def unsubscribe() -> None:
            subscribers = self._subscribers.get(call_id, [])
            if subscriber in subscribers:
                subscribers.remove(subscriber)
            if not subscribers:
                self._subscribers.pop(call_id, None)

        return unsubscribe

    def signal(self, call_id: str, from_: str, data: dict[str, object]) -> None:
        subscribers = self._subscribers.get(call_id)
        if subscribers:
            for subscriber in list(subscribers):
                _safely(subscriber.on_signal, from_, data)
            return
        self._hold(call_id, from_, data)

    def call_updated(self, call: Call) -> None:
        for subscriber in list(self._subscribers.get(call.id, ())):
            _safely(subscriber.on_call, call)

    def clear(self) -> None:
        self._held.clear()

    def _hold(self, call_id: str, from_: str, data: dict[str, object]) -> None:
        now = self._monotonic()
        for stale in [c for c, h in self._held.items() if now - h.since > HOLD_S]:
            del self._held[stale]
        held = self._held.setdefault(call_id, _Held(now))
        if len(held.signals) >= HOLD_MAX:
            log.warning("dropping a signal for unclaimed call %s (too many held)", call_id)
            return
        held.signals.append((from_, data))


def _safely(deliver: Callable[..., None], *args: object) -> None:
    try:
        deliver(*args)
    except Exception:
        log.exception("a call subscriber failed")
