"""The call's sense of time: a monotonic clock and a way to wait, injected so tests can fake them.

`CallSession` times its connect timeout, its once-a-second sampling and its wait for the final
record with it; the quality rule reads the same clock. `SYSTEM_CLOCK` is the real one.
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol


class CallClock(Protocol):
    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (`time.monotonic` in the app)."""

    async def sleep(self, seconds: float) -> None:
        """Waits `seconds` on this clock."""


class _SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


SYSTEM_CLOCK: CallClock = _SystemClock()
