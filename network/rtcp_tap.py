"""Reading what passes through one aiortc object's RTP/RTCP methods, and bounding what it does.

aiortc keeps REMB estimates, raw round trips and per-kind arrivals to itself; the only place to
read them is the packets that pass through a sender's or receiver's underscore methods
(`_handle_rtcp_packet`, `_send_rtcp`, `_handle_rtp_packet`). `tap` replaces such a method *on one
instance* (never on the class: other calls and other tests keep aiortc untouched) with a wrapper
that shows each packet (the first argument) to its observers and then calls the original with
all its arguments. `override` puts a replacement in front of one instance's method instead, for
the few places where aiortc must be kept from flooding the line (`network.retransmission`).

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

__all__ = ["Method", "Observer", "log_missing", "override", "tap"]

Observer = Callable[[Any], None]
"""Sees the single argument of the tapped method (a packet, or a list of packets)."""


class _Tap:
    """Stands in for one instance's method: shows the argument to each observer, then calls it."""

    def __init__(self, original: Callable[[Any], Awaitable[None]], where: str) -> None:
        self.original = original
        self.where = where
        self.observers: list[Observer] = []

    async def __call__(self, argument: Any, *rest: Any, **named: Any) -> None:
        for observer in self.observers:
            try:
                observer(argument)
            except Exception:  # an observer bug must never break the media path
                log.exception("RTP/RTCP observer of %s failed", self.where)
        await self.original(argument, *rest, **named)


def tap(target: object, method: str, observer: Observer, *, without: str) -> bool:
    """Shows the first argument of every call of `target.method` (an instance's async method)
    to `observer`, before aiortc handles it.

    `without` says what the call lacks if the method is missing (another aiortc version): it is
    logged once and False returned. Tapping the same observer twice shows it each packet once.
    """
    current = _method(target, method, without)
    if isinstance(current, _Tap):
        if observer not in current.observers:
            current.observers.append(observer)
        return True
    if current is None:
        return False
    wrapper = _Tap(current, f"{type(target).__name__}.{method}")
    wrapper.observers.append(observer)
    setattr(target, method, wrapper)
    return True


Method = Callable[..., Any]


def override(
    target: object, method: str, make: Callable[[Method], Method], *, without: str
) -> bool:
    """Replaces `target.method` (an instance's async method) with `make(original)`.

    The replacement decides whether and how the original runs. `without` as for `tap`: what the
    call lacks on an aiortc without the method (logged once, False returned).
    """
    current = _method(target, method, without)
    if current is None:
        return False
    setattr(target, method, make(current))
    return True


def _method(target: object, method: str, without: str) -> Method | None:
    if isinstance(target, type):
        raise TypeError(f"hook an instance, not the class {target.__name__}")
    current = getattr(target, method, None)
    if current is None or not callable(current):
        log_missing(target, method, without)
        return None
    return current  # type: ignore[no-any-return]


def log_missing(target: object, attribute: str, without: str) -> None:
    """Says that this aiortc lacks `target.attribute`, and what the call goes without."""
    log.warning(
        "aiortc %s has no %s.%s: %s", _aiortc_version(), type(target).__name__, attribute, without
    )


def _aiortc_version() -> str:
    import aiortc  # only for the warning

    return str(aiortc.__version__)
