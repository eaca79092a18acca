"""Keeps a running booked call to its booked time, from outside the call session.

Each second the guard asks `booking_rules.booked_call_duty` what the rules want on the platform's
clock and acts: it reports the warnings 5 minutes and 1 minute before the booked end, ends the
call at the booked end (`booked_end`, however late it began) and ends a call still unanswered at
the no-show deadline (`no_answer`). It re-measures the platform's clock now and then, because the
desktop's clock may drift during a 45-minute call. The platform enforces the same rules as the
authority (its sweep), so a closed app cannot escape them; the guard makes the app end the call
itself, on time, with the right reason and the advisor told.

`advisor_app.call.service.CallService.call_booked` opens the call on the platform, starts the
session (the advisor offers) and puts the guard on it. Engine loop only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol

from advisor_app.call.listener import CallPhase
from advisor_app.domain.booking_rules import (
    AppointmentTimes,
    EndBookedCall,
    WarnBeforeEnd,
    booked_call_duty,
    warnings_covered_by,
)
from advisor_app.domain.models import Call, EndReason

log = logging.getLogger(__name__)

TICK_S = 1.0
CLOCK_CHECK_S = 60.0  # re-measure the platform's clock this often during a booked call


class GuardedCall(Protocol):
    """What the guard needs of a running call (`CallSession`)."""

    @property
    def phase(self) -> CallPhase: ...

    async def hang_up(self, reason: EndReason = EndReason.HANGUP) -> None: ...

    async def wait_ended(self) -> Call | None: ...


class BookedCallGuard:
    """Applies the booked-time rules to one running call until it ends."""

    def __init__(
        self,
        times: AppointmentTimes,
        call_created_at: datetime,
        call: GuardedCall,
        now: Callable[[], datetime],
        *,
        on_warning: Callable[[int], None],
        measure_clock: Callable[[], Awaitable[object]] | None = None,
        tick_s: float = TICK_S,
        clock_check_s: float = CLOCK_CHECK_S,
    ) -> None:
        self.times = times
        self.ended_with: EndReason | None = None
        self._created_at = call_created_at
        self._call = call
        self._now = now
        self._on_warning = on_warning
        self._measure_clock = measure_clock
        self._tick_s = tick_s
        self._clock_check_s = clock_check_s
        self._warned: set[int] = set()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="booked call guard")

    @property
    def running(self) -> bool:
        """True while the guard watches its call (it stops by itself when the call ends)."""
        return self._task is not None and not self._task.done()

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def check(self) -> EndReason | None:
        """One look at the rules: warns or returns the reason to end with (also for tests)."""
        if self._call.phase in (CallPhase.ENDING, CallPhase.ENDED):
            return None
        duty = booked_call_duty(
            self.times,
            self._now(),
            call_created_at=self._created_at,
            connected=self._call.phase is CallPhase.IN_CALL,
            warned=self._warned,
        )
        if isinstance(duty, WarnBeforeEnd):
            self._warned |= warnings_covered_by(duty.minutes)
            log.info("booked end in %d min", duty.minutes)
            self._on_warning(duty.minutes)
        elif isinstance(duty, EndBookedCall):
            return duty.reason
        return None

    async def _run(self) -> None:
        ended = asyncio.ensure_future(self._call.wait_ended())
        last_check = asyncio.get_running_loop().time()
        try:
            while not ended.done():
                reason = self.check()
                if reason is not None:
                    self.ended_with = reason
                    log.info("booked call ends by the rules: %s", reason.value)
                    await self._call.hang_up(reason)
                    return
                loop_time = asyncio.get_running_loop().time()
                if (
                    self._measure_clock is not None
                    and loop_time - last_check >= self._clock_check_s
                ):
                    last_check = loop_time
                    await self._remeasure()
                await asyncio.wait({ended}, timeout=self._tick_s)
        finally:
            if not ended.done():
                ended.cancel()

    async def _remeasure(self) -> None:
        assert self._measure_clock is not None
        try:
            await self._measure_clock()
        except Exception as exc:  # the last offset stays good enough
            log.info("could not re-measure the platform's clock: %s", type(exc).__name__)
