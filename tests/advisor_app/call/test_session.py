"""`CallSession` on its own, with its collaborators injected: the platform gateway, the media,
the listener and the clock. The clock is fake here, so the session's timers (connect timeout,
one sample a second) move only when the test moves it; everything else is real."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import replace
from datetime import UTC, datetime

from advisor_app.call.clock import SYSTEM_CLOCK, CallClock
from advisor_app.call.listener import CallPhase
from advisor_app.call.media import DISPLAY_FPS, CallMedia, MediaChoice
from advisor_app.call.parts import CallParts
from advisor_app.call.session import CONNECT_TIMEOUT_S, CallSession
from advisor_app.domain.models import CallState, EndReason
from platform_server.testing import RunningPlatform
from tests.advisor_app.call.conftest import MEDIA
from tests.advisor_app.conftest import Advisor, CallRecorder
from tests.e2e.booked_customer import BookingCustomer
from tests.fake_clock import FakeClock


async def taken(
    online: Advisor,
    request_id: str,
    listener: CallRecorder,
    clock: CallClock,
    choice: MediaChoice = MEDIA,
) -> CallSession:
    """What `CallService.take_live` does, by hand: follow the request, accept, start."""
    media = CallMedia.chosen(choice, listener)
    session = CallSession(
        online.gateway, listener, media, CallParts(clock=clock), role="answer", clock=clock
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
        # The sampler, the heartbeat and the connect timeout (not yet due).
        await fake_clock.until_sleeping(3)
        await fake_clock.advance(1.0)
        await listener.until(lambda n=second: len(listener.samples) >= n)  # type: ignore[misc]
    assert len(listener.samples) == 3  # one per second of the call's clock, no more

    await caller.hang_up(call_id)
    # Where the session's end waits on the call's clock (its poll for the platform's final
    # record, 0.2 s apart, when the customer's signal arrives before their REST hang-up lands),
    # that clock moves here only when the test moves it: it does while it waits (once in a
    # full run the end did not come within 20 s).
    for _ in range(40):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(listener.ended.wait(), 0.5)
            break
        await fake_clock.advance(0.2)
    assert listener.ended.is_set(), "the call ended"
    assert listener.end_detail == "The customer hung up."
    assert listener.final is not None
    assert (listener.final.ended_by, listener.final.end_reason) == ("customer", EndReason.HANGUP)
    timeline = session.timeline
    assert timeline.offer_received is not None
    assert timeline.connected is not None
    assert timeline.accepted <= timeline.offer_received <= timeline.connected


async def test_a_hang_up_while_the_platform_is_away_is_billed_to_its_second_once_it_is_back(
    online: Advisor, caller: BookingCustomer, live_platform: RunningPlatform
) -> None:
    """The real clock: the call runs, the platform goes away, the advisor hangs up. The window
    is told the end is not confirmed; the outbox keeps sending; the bill stops at the click."""
    request_id = await caller.ring()
    customer = asyncio.create_task(caller.offer_when_accepted(request_id))
    listener = CallRecorder()
    session = await taken(online, request_id, listener, SYSTEM_CLOCK)
    call_id = await customer
    await caller.wait_billing(call_id)
    await listener.until(lambda: session.heartbeats_sent >= 2)

    await asyncio.to_thread(live_platform.stop)
    clicked = datetime.now(UTC)
    await session.hang_up()
    assert listener.final is None  # not known yet, and the listener was told why
    assert listener.unconfirmed_at is not None
    assert abs((listener.unconfirmed_at - clicked).total_seconds()) < 0.5
    await asyncio.to_thread(live_platform.start)
    await asyncio.wait_for(listener.recorded.wait(), 40)

    record = listener.final
    assert record is not None
    assert (record.state, record.ended_by, record.end_reason) == (
        CallState.ENDED,
        "advisor",
        EndReason.HANGUP,
    )
    assert record.billed_until == listener.unconfirmed_at.replace(
        microsecond=listener.unconfirmed_at.microsecond // 1000 * 1000
    )
    assert record.ended_at is not None
    assert (record.ended_at - clicked).total_seconds() > 1  # heard later, billed to the click
    assert online.gateway.hangups.pending() == {}


async def test_no_picture_is_converted_while_no_view_shows_the_video(
    online: Advisor, caller: BookingCustomer
) -> None:
    """A minimized call window (or no screen at all) hides the call's video: the camera goes on
    sending, but no picture is converted for a view until one shows the video again."""
    request_id = await caller.ring()
    customer = asyncio.create_task(caller.offer_when_accepted(request_id))
    listener = CallRecorder()
    with_camera = replace(MEDIA, camera="lavfi:testsrc2=size=160x120:rate=30")
    session = await taken(online, request_id, listener, SYSTEM_CLOCK, with_camera)
    await customer
    camera = session.local_media.camera
    assert camera is not None
    await listener.until(lambda: listener.own_pictures >= 3)

    await session.hide_video()
    hidden_from, captured_from = listener.own_pictures, camera.frames_captured
    await asyncio.sleep(1.0)
    assert camera.frames_captured - captured_from >= 15  # the camera went on
    assert listener.own_pictures - hidden_from <= 1  # one converted as it was hidden, at most
    assert DISPLAY_FPS >= 10  # shown, a second would have converted ten or more

    await session.show_video_at(None, (160, 90))
    shown_from = listener.own_pictures
    await listener.until(lambda: listener.own_pictures >= shown_from + 3)
    await session.hang_up()
