"""A clock that moves only when the test says so: the one fake the house rules allow besides
missing hardware. It is a `advisor_app.call.clock.CallClock` (monotonic seconds and `sleep`) and,
called, a `time.monotonic` stand-in for the parts that take a plain function."""

from __future__ import annotations

import asyncio


class FakeClock:
    """`await clock.advance(s)` wakes every sleeper due within `s`, in order, one at a time."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = 0
        self._slept: asyncio.Event | None = None

    def __call__(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        woken: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._order += 1
        self._sleepers.append((self.now + max(0.0, seconds), self._order, woken))
        if self._slept is not None:
            self._slept.set()
        await woken

    @property
    def sleeping(self) -> int:
        """How many waits are pending (a test can wait until the code under test sleeps)."""
        return sum(1 for _at, _n, woken in self._sleepers if not woken.done())

    async def until_sleeping(self, count: int, within: float = 20.0) -> None:
        """Waits (really) until `count` waits are pending on this clock."""
        async with asyncio.timeout(within):
            while self.sleeping < count:
                self._slept = asyncio.Event()
                await self._slept.wait()

    async def advance(self, seconds: float) -> None:
        """Moves the clock by `seconds`; each due sleeper runs up to its next wait first."""
        target = self.now + seconds
        while True:
            due = sorted(s for s in self._sleepers if s[0] <= target and not s[2].done())
            if not due:
                break
            at, _n, woken = due[0]
            self._sleepers.remove(due[0])
            self.now = max(self.now, at)
            woken.set_result(None)
            for _ in range(3):  # the woken task runs until it waits again
                await asyncio.sleep(0)
        self.now = target
