"""Where the platform's time comes from.

Every rule (token expiry, ring timeout, connecting timeout, booking slots) reads `Clock.now()`,
never `datetime.now()`, so tests can move time forward with `--test-clock` instead of sleeping.

How long a party of a call has been silent is different: it is network time, measured with a
`Ticker` (monotonic seconds). A jump of the test clock moves the calendar (bookings, bills), not
the network, so it never makes a party silent; tests that need silence move a `FakeTicker`.
"""

from __future__ import annotations

import threading
import time
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


class Ticker(Protocol):
    """Monotonic seconds (any origin) for how long something lasted in real time."""

    def seconds(self) -> float: ...


class SystemTicker:
    """`time.monotonic()`: unaffected by wall-clock changes and by the test clock."""

    def seconds(self) -> float:
        return time.monotonic()


class FakeTicker:
    """A ticker that only moves when told (tests); safe to move from another thread."""

    def __init__(self) -> None:
        self._seconds = 0.0
        self._lock = threading.Lock()

    def seconds(self) -> float:
        with self._lock:
            return self._seconds

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a ticker never goes back")
        with self._lock:
            self._seconds += seconds
