"""Starting a call: `CallService.take_live` is one coroutine from accept to a running call, and a
customer who offers before the accept has even returned meets a session that already listens."""

from __future__ import annotations

import asyncio

import pytest

from advisor_app.call.listener import CallPhase
from advisor_app.call.service import CallService
from advisor_app.domain.models import Call, CallRequest, CallState, EndReason
from network.errors import Conflict
from tests.advisor_app.call.conftest import MEDIA
from tests.advisor_app.conftest import Advisor, CallRecorder
from tests.e2e.booked_customer import BookingCustomer


class AcceptAfterTheOffer:
    """The real desk, whose accept returns only once the customer's offer is on its way: the
    order the early-signal buffer was once written for, made certain instead of rare."""

    def __init__(self, advisor: Advisor, customer: BookingCustomer) -> None:
        self._desk = advisor.desk
        self._customer = customer

    async def accept(self, request_id: str) -> CallRequest:
        accepted = await self._desk.accept(request_id)
        await asyncio.wait_for(self._customer.offered.wait(), 20)
        return accepted

    async def start_booked_call(self, booking_id: str) -> Call:
        return await self._desk.start_booked_call(booking_id)


async def test_a_live_call_runs_from_accept_even_when_the_offer_comes_first(
    online: Advisor, caller: BookingCustomer
) -> None:
    request_id = await caller.ring()
    customer = asyncio.create_task(caller.offer_when_accepted(request_id))
    listener = CallRecorder()
    service = CallService(AcceptAfterTheOffer(online, caller), online.gateway)

    live = await service.take_live(request_id, listener, MEDIA)

    assert live.request.id == request_id
    assert live.session.call_id == live.request.call_id == await customer
    await listener.until(lambda: CallPhase.IN_CALL in listener.phases)
    assert listener.phases == [CallPhase.CONNECTING, CallPhase.IN_CALL]
    assert caller.peer is not None
    assert listener.security_codes == [caller.peer.security_code]
    await live.session.hang_up()
    assert listener.phases[-2:] == [CallPhase.ENDING, CallPhase.ENDED]
    assert listener.final is not None
    assert (listener.final.state, listener.final.ended_by) == (CallState.ENDED, "advisor")
    assert listener.final.end_reason is EndReason.HANGUP


async def test_a_request_that_cannot_be_taken_raises_and_starts_nothing(
    online: Advisor, caller: BookingCustomer
) -> None:
    request_id = await caller.ring()
    assert caller.api is not None
    await caller.api.request("POST", f"/call-requests/{request_id}/cancel", {})
    listener = CallRecorder()
    with pytest.raises(Conflict):
        await CallService(online.desk, online.gateway).take_live(request_id, listener, MEDIA)
    assert listener.phases == []
    assert listener.final is None
