"""Starting a call: `CallService.take_live` is one coroutine from accept to a running call, a
customer who offers before the accept has even returned meets a session that already listens, and
each call's connection and quality control are the ones the service's parts build."""

from __future__ import annotations

import asyncio

import pytest

from advisor_app.call.connection import CallConnection
from advisor_app.call.listener import CallPhase
from advisor_app.call.parts import CallParts
from advisor_app.call.service import CallService
from advisor_app.domain.models import Call, CallRequest, CallState, EndReason
from advisor_app.quality.control import QualityControl
from advisor_app.quality.policy import QualityThresholds
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


class WatchedParts(CallParts):
    """The real parts, remembering what they built."""

    def __init__(self, limits: QualityThresholds) -> None:
        super().__init__(quality_limits=limits)
        self.connections: list[CallConnection] = []
        self.controls: list[QualityControl] = []

    def connection(self, *args, **kwargs) -> CallConnection:  # type: ignore[no-untyped-def]
        self.connections.append(super().connection(*args, **kwargs))
        return self.connections[-1]

    def quality(self, *args) -> QualityControl:  # type: ignore[no-untyped-def]
        self.controls.append(super().quality(*args))
        return self.controls[-1]


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
    assert caller.security_code is not None
    assert listener.security_codes == [caller.security_code]
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


async def test_each_call_is_built_from_the_services_parts(
    online: Advisor, caller: BookingCustomer
) -> None:
    limits = QualityThresholds(video_min_kbps=250.0)
    parts = WatchedParts(limits)
    service = CallService(online.desk, online.gateway, parts=parts)
    request_id = await caller.ring()
    customer = asyncio.create_task(caller.offer_when_accepted(request_id))
    listener = CallRecorder()

    live = await service.take_live(request_id, listener, MEDIA)
    await customer
    await listener.until(lambda: CallPhase.IN_CALL in listener.phases)

    [connection], [control] = parts.connections, parts.controls
    assert live.session.peer is connection.peer is not None
    assert live.session.quality is control
    assert control.limits is limits
    await live.session.hang_up()
    assert listener.final is not None
    assert listener.final.end_reason is EndReason.HANGUP


async def test_the_service_makes_its_parts_from_its_settings(online: Advisor) -> None:
    limits = QualityThresholds(audio_min_kbps=30.0)
    service = CallService(online.desk, online.gateway, relay_only=True, quality_limits=limits)
    assert (service.parts.relay_only, service.parts.quality_limits) == (True, limits)
