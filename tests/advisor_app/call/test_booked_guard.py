"""The booked call's guard on a fake clock: warnings, the cut at the booked end, no answer."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from advisor_app.call.booked_guard import BookedCallGuard
from advisor_app.call.listener import CallPhase
from advisor_app.domain.booking_rules import AppointmentTimes, appointment_times
from advisor_app.domain.models import Booking, BookingState, Call, EndReason

START = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
MIN = timedelta(minutes=1)


def times(minutes: int = 45) -> AppointmentTimes:
    booking = Booking(
        id="bkg_1",
        advisor_id="acc_adv",
        alias="Mia",
        age=34,
        wished_slots=(START,),
        duration_minutes=minutes,
        request_text="",
        state=BookingState.CONFIRMED,
        confirmed_slot=START,
        paid=True,
        decline_reason=None,
        created_at=START - timedelta(days=1),
        updated_at=START - timedelta(days=1),
    )
    result = appointment_times(booking)
    assert result is not None
    return result


async def until(condition: Callable[[], bool], within: float = 5.0) -> None:
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110 (the guard reports through plain callbacks)
            await asyncio.sleep(0.01)


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class FakeCall:
    """Stands in for `CallSession`: a phase, a hang-up that records its reason, an end."""

    def __init__(self, phase: CallPhase = CallPhase.IN_CALL) -> None:
        self.phase = phase
        self.hung_up_with: list[EndReason] = []
        self._ended = asyncio.Event()

    async def hang_up(self, reason: EndReason = EndReason.HANGUP) -> None:
        self.hung_up_with.append(reason)
        self.phase = CallPhase.ENDED
        self._ended.set()

    async def wait_ended(self) -> Call | None:
        await self._ended.wait()
        return None

    def end_elsewhere(self) -> None:
        self.phase = CallPhase.ENDED
        self._ended.set()


def guard(call: FakeCall, clock: FakeClock, warnings: list[int], created: datetime = START):
    return BookedCallGuard(
        times(), created, call, clock, on_warning=warnings.append, tick_s=0.01, clock_check_s=0.02
    )


def test_warnings_come_once_each_and_the_call_is_cut_at_the_booked_end() -> None:
    clock, call, warnings = FakeClock(START + 10 * MIN), FakeCall(), []
    watcher = guard(call, clock, warnings, created=START + 10 * MIN)  # answered late
    assert watcher.check() is None
    clock.now = START + 40 * MIN
    assert watcher.check() is None
    assert watcher.check() is None
    clock.now = START + 44 * MIN
    assert watcher.check() is None
    assert warnings == [5, 1]
    clock.now = START + 45 * MIN
    assert watcher.check() is EndReason.BOOKED_END


def test_an_unanswered_call_ends_with_no_answer_at_the_deadline() -> None:
    clock, call, warnings = FakeClock(START), FakeCall(CallPhase.CONNECTING), []
    watcher = guard(call, clock, warnings)
    clock.now = START + 14 * MIN
    assert watcher.check() is None
    clock.now = START + 15 * MIN
    assert watcher.check() is EndReason.NO_ANSWER
    assert warnings == []


async def test_the_running_guard_hangs_up_with_the_reason() -> None:
    clock, call, warnings = FakeClock(START + 44 * MIN), FakeCall(), []
    measured: list[int] = []

    async def measure() -> None:
        measured.append(1)

    watcher = BookedCallGuard(
        times(),
        START,
        call,
        clock,
        on_warning=warnings.append,
        measure_clock=measure,
        tick_s=0.01,
        clock_check_s=0.02,
    )
    watcher.start()
    await until(lambda: warnings == [1] and bool(measured))
    assert call.hung_up_with == []  # the clock has not reached the end: nothing else can happen
    clock.now = START + 45 * MIN
    await asyncio.wait_for(call.wait_ended(), 2)
    await watcher.stop()
    assert call.hung_up_with == [EndReason.BOOKED_END]
    assert watcher.ended_with is EndReason.BOOKED_END
    assert measured, "the platform's clock is re-measured during the call"


async def test_the_guard_stops_when_the_call_ends_otherwise() -> None:
    clock, call = FakeClock(START), FakeCall()
    watcher = guard(call, clock, [])
    watcher.start()
    assert watcher.running
    call.end_elsewhere()
    await until(lambda: not watcher.running)  # it let go of the call by itself
    clock.now = START + 50 * MIN
    assert watcher.check() is None  # an ended call is never ended again
    await watcher.stop()
    assert call.hung_up_with == []
    assert watcher.ended_with is None


async def test_a_failing_clock_measurement_keeps_the_guard_running() -> None:
    clock, call = FakeClock(START + 44 * MIN + 59 * timedelta(seconds=1)), FakeCall()

    attempts: list[int] = []

    async def broken() -> None:
        attempts.append(1)
        raise ConnectionError("platform unreachable")

    watcher = BookedCallGuard(
        times(), START, call, clock, on_warning=lambda _m: None, measure_clock=broken,
        tick_s=0.01, clock_check_s=0.0,
    )  # fmt: skip
    watcher.start()
    await until(lambda: len(attempts) >= 2)  # failed twice, and still guarding
    assert watcher.running
    clock.now = START + 45 * MIN
    await asyncio.wait_for(call.wait_ended(), 2)
    await watcher.stop()
    assert call.hung_up_with == [EndReason.BOOKED_END]
