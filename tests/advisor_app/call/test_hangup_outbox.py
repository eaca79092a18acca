"""The hang-up outbox against a real platform that goes away and comes back: the report is sent
again with growing pauses (on a fake clock) until the platform has it; a refusal ends the tries."""

from __future__ import annotations

import asyncio

from advisor_app.call.hangup_outbox import FIRST_RETRY_S, HangupOutbox
from advisor_app.domain.models import CallState, EndReason
from platform_server.testing import RunningPlatform
from tests.advisor_app.conftest import Advisor
from tests.e2e.booked_customer import BookingCustomer
from tests.fake_clock import FakeClock


async def opened_call(online: Advisor, caller: BookingCustomer) -> str:
    request_id = await caller.ring()
    accepted = await online.desk.accept(request_id)
    assert accepted.call_id is not None
    return accepted.call_id


async def test_a_report_made_while_the_platform_is_away_arrives_when_it_is_back(
    online: Advisor,
    caller: BookingCustomer,
    live_platform: RunningPlatform,
    fake_clock: FakeClock,
) -> None:
    call_id = await opened_call(online, caller)
    outbox = HangupOutbox(online.gateway, clock=fake_clock)
    await asyncio.to_thread(live_platform.stop)
    decided = online.gateway.clock.now_server()
    report = outbox.report(call_id, EndReason.HANGUP, decided)
    assert outbox.report(call_id, EndReason.HANGUP, decided) is report  # one report per call

    pause = FIRST_RETRY_S
    for tries in (1, 2, 3):
        await fake_clock.until_sleeping(1)  # the try failed; it waits before the next
        assert outbox.pending()[call_id].tries == tries
        await fake_clock.advance(pause)
        pause *= 2
    await fake_clock.until_sleeping(1)
    assert not report.done()
    await asyncio.to_thread(live_platform.start)
    await fake_clock.advance(pause)
    call = await asyncio.wait_for(report, 20)

    assert call is not None
    assert (call.state, call.end_reason, call.ended_by) == (
        CallState.ENDED,
        EndReason.HANGUP,
        "advisor",
    )
    assert outbox.pending() == {}


async def test_a_report_the_platform_refuses_is_not_sent_again(
    online: Advisor, caller: BookingCustomer, fake_clock: FakeClock
) -> None:
    call_id = await opened_call(online, caller)
    outbox = HangupOutbox(online.gateway, clock=fake_clock)
    # `no_answer` is the platform's own rule: 403, and no repeat can change that.
    report = outbox.report(call_id, EndReason.NO_ANSWER, online.gateway.clock.now_server())
    assert await asyncio.wait_for(report, 20) is None
    assert fake_clock.sleeping == 0
    assert outbox.pending() == {}
