"""Where the platform's time comes from.

Every rule (token expiry, ring timeout, connecting timeout, booking slots) reads `Clock.now()`,
never `datetime.now()`, so tests can move time forward with `--test-clock` instead of sleeping.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """A source of the current time, always timezone-aware UTC."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real wall clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class AdjustableClock:
    """Real time plus an offset that only grows; `advance` jumps ahead (test mode only)."""

    def __init__(self, base: Clock | None = None) -> None:
        self._base = base or SystemClock()
        self._offset = timedelta()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            offset = self._offset
        return self._base.now() + offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the platform clock never goes back")
        with self._lock:
            self._offset += timedelta(seconds=seconds)
