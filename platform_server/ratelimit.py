"""Rate limits: how often one key (a client address, an account) may do something in a window.

Each `RateLimiter` keeps at most `max_keys` keys, each as three numbers (a sliding-window
estimate: this window's count plus the previous window's, weighted by how much of it still
overlaps), and forgets the least recently touched key first; so memory stays bounded however
many addresses or emails an attacker makes up (10,000 made-up emails once grew the old limiter
by 15.7 MB). Windows run on the platform's clock, so the test clock moves them.

`client_address` says which key a request counts under: its TCP peer address (an IPv6 address by
its /64, which one subscriber gets whole). A proxy in front would need its own trusted header;
the reference platform trusts none.
"""

from __future__ import annotations

import ipaddress
import math
from collections import OrderedDict
from dataclasses import dataclass

from aiohttp import web

from platform_server import errors
from platform_server.clock import Clock

DEFAULT_MAX_KEYS = 10_000


@dataclass(frozen=True)
class Limit:
    """At most `count` within `window_seconds`."""

    count: int
    window_seconds: float


class RateLimiter:
    """Counts events per key in a sliding window; `exceeded(key)` once `count` are reached."""

    def __init__(self, clock: Clock, limit: Limit, max_keys: int = DEFAULT_MAX_KEYS) -> None:
        self._clock = clock
        self.limit = limit
        self._max_keys = max_keys
        # key -> [start of the current window, count in it, count in the window before]
        self._windows: OrderedDict[str, list[float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._windows)

    def exceeded(self, key: str) -> bool:
        """Whether `key` has used up its limit (one more would be over it)."""
        return self._estimate(key) >= self.limit.count

    def count(self, key: str) -> None:
        """Count one event for `key`."""
        window = self._current(key)
        window[1] += 1

    def retry_after(self, key: str) -> int:
        """Whole seconds until `key` is below its limit again (at most one window)."""
        window = self._windows.get(key)
        if window is None:
            return 0
        return max(1, math.ceil(window[0] + self.limit.window_seconds - self._now()))

    def refuse(self, key: str, message: str) -> errors.ApiError:
        """The 429 for `key`, with Retry-After."""
        return errors.ApiError(
            429, "rate_limited", message, retry_after=max(1, self.retry_after(key))
        )

    def _estimate(self, key: str) -> float:
        window = self._windows.get(key)
        if window is None:
            return 0.0
        window = self._current(key)
        length = self.limit.window_seconds
        overlap = max(0.0, 1.0 - (self._now() - window[0]) / length)
        return window[1] + window[2] * overlap

    def _current(self, key: str) -> list[float]:
        """The key's windows, moved on to now; touched (least recently used goes first)."""
        now = self._now()
        length = self.limit.window_seconds
        window = self._windows.get(key)
        if window is None:
            window = [now, 0.0, 0.0]
            self._windows[key] = window
            while len(self._windows) > self._max_keys:
                self._windows.popitem(last=False)
        else:
            self._windows.move_to_end(key)
            passed = int((now - window[0]) // length)
            if passed >= 1:
                window[2] = window[1] if passed == 1 else 0.0
                window[1] = 0.0
                window[0] += passed * length
        return window

    def _now(self) -> float:
        return self._clock.now().timestamp()


class RecentSet:
    """Keys seen within `keep_seconds`, at most `max_keys` of them (least recent go first)."""

    def __init__(self, clock: Clock, keep_seconds: float, max_keys: int = DEFAULT_MAX_KEYS) -> None:
        self._clock = clock
        self._keep = keep_seconds
        self._max_keys = max_keys
        self._seen: OrderedDict[str, float] = OrderedDict()

    def add(self, key: str) -> None:
        self._seen[key] = self._clock.now().timestamp()
        self._seen.move_to_end(key)
        while len(self._seen) > self._max_keys:
            self._seen.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        seen = self._seen.get(key) if isinstance(key, str) else None
        return seen is not None and self._clock.now().timestamp() - seen <= self._keep

    def __len__(self) -> int:
        return len(self._seen)


def client_address(request: web.Request) -> str:
    """The key a request counts under: its peer address, an IPv6 one by its /64."""
    remote = request.remote or ""
    try:
        address = ipaddress.ip_address(remote.split("%", 1)[0])
    except ValueError:
        return remote[:64]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)
