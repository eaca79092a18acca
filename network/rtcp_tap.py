"""Reading what passes through one aiortc object's RTCP methods, without changing it.

aiortc keeps REMB estimates and raw round trips to itself; the only place to read them is the
packets that pass through a sender's or receiver's underscore methods (`_handle_rtcp_packet`,
`_send_rtcp`). `tap` replaces such a method *on one instance* (never on the class: other calls
and other tests keep aiortc untouched) with a wrapper that shows each argument to its observers
and then calls the original.

Several observers may tap the same method of the same instance (the REMB observer and the round
trip observer both read a video sender's incoming RTCP): the second `tap` adds to the existing
wrapper instead of wrapping it again. An observer that raises is logged and skipped; the packet
still reaches aiortc.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)

__all__ = ["Observer", "tap"]

Observer = Callable[[Any], None]
"""Sees the single argument of the tapped method (a packet, or a list of packets)."""


class _Tap:
    """Stands in for one instance's method: shows the argument to each observer, then calls it."""

    def __init__(self, original: Callable[[Any], Awaitable[None]], where: str) -> None:
        self.original = original
        self.where = where
        self.observers: list[Observer] = []

    async def __call__(self, argument: Any) -> None:
        for observer in self.observers:
            try:
                observer(argument)
            except Exception:  # an observer bug must never break the media path
                log.exception("RTCP observer of %s failed", self.where)
        await self.original(argument)


def tap(target: object, method: str, observer: Observer, *, without: str) -> bool:
    """Shows every argument of `target.method` (an instance's async one-argument method) to
    `observer`, before aiortc handles it.

    `without` says what the call lacks if the method is missing (another aiortc version): it is
    logged once and False returned. Tapping the same observer twice shows it each packet once.
    """
    if isinstance(target, type):
        raise TypeError(f"tap an instance, not the class {target.__name__}")
    current = getattr(target, method, None)
    if isinstance(current, _Tap):
        if observer not in current.observers:
            current.observers.append(observer)
        return True
    if current is None or not callable(current):
        log.warning(
            "aiortc %s has no %s.%s: %s",
            _aiortc_version(),
            type(target).__name__,
            method,
            without,
        )
        return False
    wrapper = _Tap(current, f"{type(target).__name__}.{method}")
    wrapper.observers.append(observer)
    setattr(target, method, wrapper)
    return True


def _aiortc_version() -> str:
    import aiortc  # only for the warning

    return str(aiortc.__version__)
