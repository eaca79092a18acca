"""Booked calls end to end: the real desk, call session and guard against the reference platform
with its test clock, and a customer answering with a real aiortc peer.

A confirmed booking called at its time (with the identity check), a wrong confirmation code ended
as unverified, a no-show after 15 minutes and a late answer cut at the booked end. The platform's
clock jumps; the app only re-measures it (as it does every minute in real use).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from advisor_app.call.listener import CallPhase
from advisor_app.call.media import MediaChoice
from advisor_app.call.service import CallService
from advisor_app.call.session import CallSession
from advisor_app.desk import AdvisorDesk
from advisor_app.domain.booking_rules import CallBlock, may_call
from advisor_app.domain.models import Booking, BookingState, EndReason
from advisor_app.history import fetch_history
from advisor_app.platform_gateway import PlatformGateway
from network.wire import parse_timestamp
from platform_server.testing import RunningPlatform
from tests.advisor_app.conftest import Advisor, CallRecorder
from tests.e2e.booked_customer import BookingCustomer

MEDIA = MediaChoice(
    camera="lavfi:testsrc2=size=320x240:rate=15",
    microphone="lavfi:sine=frequency=440",
    speaker="none",
)
MIN = 60.0


@pytest.fixture
def booked_platform(tmp_path: Path) -> Iterator[RunningPlatform]:
    # Long-lived tokens and a patient connecting timeout: the clock jumps by tens of minutes.
    with RunningPlatform(
        tmp_path / "platform", test_clock=True, access_ttl=6 * 3600, connecting_timeout=3 * 3600
    ) as running:
        yield running


@pytest.fixture
async def advisor(booked_platform: RunningPlatform) -> AsyncIterator[Advisor]:
    signed_in = Advisor(booked_platform)
    await signed_in.desk.sign_in(
        booked_platform.advisor_email, booked_platform.advisor_password, False
    )
    await signed_in.recorder.until(lambda: signed_in.recorder.offsets != [])
    yield signed_in
    await signed_in.close()


@pytest.fixture
def desk(advisor: Advisor) -> AdvisorDesk:
    return advisor.desk


@pytest.fixture
def gateway(advisor: Advisor) -> PlatformGateway:
    return advisor.gateway


@pytest.fixture
async def customer(booked_platform: RunningPlatform) -> AsyncIterator[BookingCustomer]:
    person = BookingCustomer(booked_platform)
    await person.start()
    yield person
    await person.close()


def platform_now(platform: RunningPlatform) -> datetime:
    return parse_timestamp(platform.advance_clock(0))


async def confirmed_paid(
    platform: RunningPlatform, desk: AdvisorDesk, customer: BookingCustomer, in_s: float = 5 * MIN
) -> Booking:
    slot = platform_now(platform) + timedelta(seconds=in_s)
    wished = await customer.book(slot)
    booking = await desk.confirm_booking(wished["id"], parse_timestamp(wished["wished_slots"][0]))
    await customer.pay(booking.id)
    return await wait_booking(desk, booking.id, lambda b: b.paid)


async def poll_until(condition: Callable[[], bool], within: float = 10.0) -> None:
    """Polls state that has no event of its own (the session's phase, a list)."""
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110 - no event to wait on
            await asyncio.sleep(0.05)


async def wait_booking(
    desk: AdvisorDesk, booking_id: str, condition: Callable[[Booking], bool], within: float = 10.0
) -> Booking:
    def found() -> Booking | None:
        return next((b for b in desk.bookings if b.id == booking_id), None)

    await poll_until(lambda: (b := found()) is not None and condition(b), within)
    result = found()
    assert result is not None
    return result


async def advance(platform: RunningPlatform, gateway: PlatformGateway, seconds: float) -> None:
    await asyncio.to_thread(platform.advance_clock, seconds)
    await gateway.measure_clock()


async def wait_phase(session: CallSession, phase: CallPhase, within: float = 20.0) -> None:
    await poll_until(lambda: session.phase is phase, within)


async def call_booking(
    advisor: Advisor, booking: Booking, warnings: list[int], ring_s: float = 60.0
) -> tuple[CallSession, CallRecorder]:
    listener = CallRecorder()
    service = CallService(
        advisor.desk, advisor.gateway, booked_ring_s=ring_s, guard_tick_s=0.1, clock_check_s=0.2
    )
    booked = await service.call_booked(booking, listener, MEDIA, on_warning=warnings.append)
    return booked.session, listener


async def test_a_confirmed_booking_is_called_at_its_time_and_the_identity_checked(
    booked_platform: RunningPlatform,
    advisor: Advisor,
    desk: AdvisorDesk,
    gateway: PlatformGateway,
    customer: BookingCustomer,
) -> None:
    booking = await confirmed_paid(booked_platform, desk, customer, in_s=20 * MIN)
    permission = may_call(booking, gateway.clock.now_server())
    assert permission.block is CallBlock.TOO_EARLY
    await advance(booked_platform, gateway, 11 * MIN)  # the call window opened
    assert may_call(booking, gateway.clock.now_server()).allowed

    session, listener = await call_booking(advisor, booking, [])
    call_id = await customer.answer_next_call()
    await wait_phase(session, CallPhase.IN_CALL)
    await customer.wait_billing(call_id)
    await wait_booking(desk, booking.id, lambda b: b.state is BookingState.IN_CALL)
    code = (await customer.booking(booking.id))["confirmation_code"]
    assert await desk.verify_booking(booking.id, code.lower().replace("-", "")) is True

    await session.hang_up()
    await asyncio.wait_for(listener.ended.wait(), 10)
    assert listener.final is not None
    assert (listener.final.end_reason, listener.final.ended_by) == (EndReason.HANGUP, "advisor")
    await wait_booking(desk, booking.id, lambda b: b.state is BookingState.COMPLETED)
    history = await fetch_history(gateway)
    assert history[0].call.id == session.call_id
    assert history[0].call.booking_id == booking.id


async def test_a_wrong_confirmation_code_ends_the_call_as_unverified(
    booked_platform: RunningPlatform,
    advisor: Advisor,
    desk: AdvisorDesk,
    gateway: PlatformGateway,
    customer: BookingCustomer,
) -> None:
    booking = await confirmed_paid(booked_platform, desk, customer)
    await advance(booked_platform, gateway, 5 * MIN)
    session, listener = await call_booking(advisor, booking, [])
    await customer.answer_next_call()
    await wait_phase(session, CallPhase.IN_CALL)
    assert await desk.verify_booking(booking.id, "WRONG-CODE") is False

    await session.hang_up(EndReason.UNVERIFIED)
    await asyncio.wait_for(listener.ended.wait(), 10)
    assert listener.final is not None
    assert listener.final.end_reason is EndReason.UNVERIFIED
    # Unverified is not a used appointment: the booking waits to be called again.
    await wait_booking(desk, booking.id, lambda b: b.state is BookingState.CONFIRMED)


async def test_no_answer_within_15_minutes_is_a_no_show(
    booked_platform: RunningPlatform,
    advisor: Advisor,
    desk: AdvisorDesk,
    gateway: PlatformGateway,
    customer: BookingCustomer,
) -> None:
    booking = await confirmed_paid(booked_platform, desk, customer)
    await advance(booked_platform, gateway, 5 * MIN)
    # The customer's page rings; nobody answers. The call keeps ringing for the test.
    session, listener = await call_booking(advisor, booking, [], ring_s=120.0)
    await advance(booked_platform, gateway, 15 * MIN - 1.0)
    assert session.phase is CallPhase.CONNECTING
    # One second later the deadline passes: the app or the platform ends it, nobody presses.
    await asyncio.wait_for(listener.ended.wait(), 10)
    assert listener.final is not None
    assert listener.final.end_reason is EndReason.NO_ANSWER
    assert listener.final.billed_seconds == 0
    await wait_booking(desk, booking.id, lambda b: b.state is BookingState.NO_SHOW)
    assert may_call(
        next(b for b in desk.bookings if b.id == booking.id), gateway.clock.now_server()
    ).block is (CallBlock.NOT_CONFIRMED)


async def test_a_late_answer_is_cut_at_the_booked_end_with_warnings(
    booked_platform: RunningPlatform,
    advisor: Advisor,
    desk: AdvisorDesk,
    gateway: PlatformGateway,
    customer: BookingCustomer,
) -> None:
    booking = await confirmed_paid(booked_platform, desk, customer)
    await advance(booked_platform, gateway, 5 * MIN + 10 * MIN)  # ten minutes late
    warnings: list[int] = []
    session, listener = await call_booking(advisor, booking, warnings)
    call_id = await customer.answer_next_call()
    await wait_phase(session, CallPhase.IN_CALL)
    await customer.wait_billing(call_id)

    await advance(booked_platform, gateway, 30 * MIN + 30)  # 4:30 left
    await poll_until(lambda: warnings == [5], 5)
    await advance(booked_platform, gateway, 4 * MIN)  # 0:30 left
    await poll_until(lambda: warnings == [5, 1], 5)
    assert session.phase is CallPhase.IN_CALL
    # Media confirmed by both sides after the jumps: billed up to here.
    await customer.beat_now(call_id)
    beats = session.heartbeats_sent
    await poll_until(lambda: session.heartbeats_sent > beats, 10)
    await advance(booked_platform, gateway, 29.0)  # one second before the booked end
    await asyncio.wait_for(listener.ended.wait(), 10)
    assert listener.final is not None
    assert listener.final.end_reason is EndReason.BOOKED_END
    # Billed from the late answer to the last confirmed media, 30 s before the booked end: about
    # 35 minutes, not 45.
    assert 34 * MIN < listener.final.billed_seconds <= 35 * MIN + 5
    await wait_booking(desk, booking.id, lambda b: b.state is BookingState.COMPLETED)
    events = (await fetch_history(gateway))[0].events
    assert [e.kind for e in events] == ["booked_end_warning", "booked_end_warning"]
