"""Slows password guessing: too many failed sign-ins for one email within a window → 429."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

from platform_server.clock import Clock


class FailureLimiter:
    def __init__(self, clock: Clock, max_failures: int = 10, window_seconds: int = 300) -> None:
        self._clock = clock
        self._max = max_failures
        self._window = timedelta(seconds=window_seconds)
        self._failures: dict[str, deque[datetime]] = {}

    def blocked(self, key: str) -> bool:
        return self._prune(key) >= self._max

    def failed(self, key: str) -> None:
        self._prune(key)
        self._failures.setdefault(key, deque()).append(self._clock.now())

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)

    def _prune(self, key: str) -> int:
        """Drop failures older than the window; return how many are left."""
        times = self._failures.get(key)
        if times is None:
            return 0
        horizon = self._clock.now() - self._window
        while times and times[0] < horizon:
            times.popleft()
        if not times:
            del self._failures[key]  # keep the table small
        return len(times)
