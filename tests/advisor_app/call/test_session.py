"""`CallSession` on its own, with its collaborators injected: the platform gateway, the media,
the listener and the clock. The clock is fake here, so the session's timers (connect timeout,
one sample a second) move only when the test moves it; everything else is real."""

from __future__ import annotations

import asyncio

from advisor_app.call.listener import CallPhase
from advisor_app.call.media import CallMedia
from advisor_app.call.session import CONNECT_TIMEOUT_S, CallSession
from advisor_app.domain.models import CallState, EndReason
from tests.advisor_app.call.conftest import MEDIA
from tests.advisor_app.conftest import Advisor, CallRecorder
from tests.e2e.booked_customer import BookingCustomer
from tests.fake_clock import FakeClock


async def taken(
    online: Advisor, request_id: str, listener: CallRecorder, clock: FakeClock
) -> CallSession:
    """What `CallService.take_live` does, by hand: follow the request, accept, start."""
    session = CallSession(
        online.gateway, listener, CallMedia.chosen(MEDIA, listener), role="answer", clock=clock
    )
    route = online.gateway.route_call(
        session.signal_received, session.call_updated, request_id=request_id
    )
    accepted = await online.desk.accept(request_id)
    assert accepted.call_id is not None
    await session.start(accepted.call_id, route)
    return session


async def test_a_customer_who_never_offers_ends_the_call_at_the_connect_timeout(
    online: Advisor, caller: BookingCustomer, fake_clock: FakeClock
) -> None:
    request_id = await caller.ring()  # and then never offers
    listener = CallRecorder()
    session = await taken(online, request_id, listener, fake_clock)
    assert session.phase is CallPhase.CONNECTING

    await fake_clock.advance(CONNECT_TIMEOUT_S - 0.5)
    assert session.phase is CallPhase.CONNECTING  # the fake clock moves nothing else
    await fake_clock.advance(0.5)
    await asyncio.wait_for(listener.ended.wait(), 20)

    assert listener.end_detail == "The connection could not be set up within 15 seconds."
    assert listener.final is not None
    assert (listener.final.state, listener.final.end_reason) == (CallState.ENDED, EndReason.ERROR)
    assert listener.final.billed_seconds == 0


async def test_a_running_call_samples_once_a_second_of_its_clock_and_ends_with_the_customer(
    online: Advisor, caller: BookingCustomer, fake_clock: FakeClock
) -> None:
    request_id = await caller.ring()
    customer = asyncio.create_task(caller.offer_when_accepted(request_id))
    listener = CallRecorder()
    session = await taken(online, request_id, listener, fake_clock)
    call_id = await customer
    await listener.until(lambda: session.phase is CallPhase.IN_CALL)

    for second in (1, 2, 3):
        await fake_clock.until_sleeping(2)  # the sampler, and the connect timeout (not yet due)
        await fake_clock.advance(1.0)
        await listener.until(lambda n=second: len(listener.samples) >= n)  # type: ignore[misc]
    assert len(listener.samples) == 3  # one per second of the call's clock, no more

    await caller.hang_up(call_id)
    await asyncio.wait_for(listener.ended.wait(), 20)
    assert listener.end_detail == "The customer hung up."
    assert listener.final is not None
    assert (listener.final.ended_by, listener.final.end_reason) == ("customer", EndReason.HANGUP)
    assert session.timeline.connected is not None
