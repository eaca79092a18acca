"""The advisor's desk against the real platform: live requests, bookings, reconnects, sign-out."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from advisor_app.credentials import CredentialStore
from advisor_app.desk import AdvisorDesk
from advisor_app.desk_listener import ConnectionState, DeskCommands
from advisor_app.domain.models import BookingState, CallRequestState, Presence
from advisor_app.platform_gateway import PlatformGateway
from network.api_client import PlatformClient
from network.errors import Conflict, NetworkUnreachable, NotSignedIn
from platform_server.testing import RunningPlatform
from tests.advisor_app.conftest import ACCESS_TTL, Advisor, Customer, DeskRecorder

Desk = tuple[AdvisorDesk, DeskRecorder]


def stored_token(platform: RunningPlatform) -> str | None:
    return CredentialStore().load_refresh_token(platform.base_url, platform.advisor_email)


async def sign_in(desk: AdvisorDesk, recorder: DeskRecorder, platform: RunningPlatform) -> None:
    await desk.sign_in(platform.advisor_email, platform.advisor_password, True)
    await recorder.until(lambda: recorder.connection is ConnectionState.CONNECTED)
    await recorder.until(lambda: bool(recorder.offsets))


async def test_sign_in_connects_and_shows_the_queue(
    desk_and_recorder: Desk, live_platform: RunningPlatform, gateway: PlatformGateway
) -> None:
    desk, recorder = desk_and_recorder
    commands: DeskCommands = desk  # the interface the UI drives
    await commands.sign_in(live_platform.advisor_email, live_platform.advisor_password, True)
    await recorder.until(lambda: recorder.connection is ConnectionState.CONNECTED)
    await recorder.until(lambda: bool(recorder.offsets))
    assert [a.id for a in recorder.accounts] == [live_platform.advisor_id]
    assert [s for s, _ in recorder.connection_states] == [
        ConnectionState.CONNECTING,
        ConnectionState.CONNECTED,
    ]
    expected = await gateway.request(PlatformClient.list_bookings)
    assert {b.id for b in recorder.bookings} == {b.id for b in expected}
    assert recorder.presence is Presence.OFFLINE
    assert abs(recorder.offsets[-1]) < 2.0  # same machine: the clocks agree
    assert recorder.requests == ()


async def test_the_clock_offset_follows_the_platforms_clock(
    desk_and_recorder: Desk, live_platform: RunningPlatform, gateway: PlatformGateway
) -> None:
    desk, recorder = desk_and_recorder
    live_platform.advance_clock(3600)
    await sign_in(desk, recorder, live_platform)
    assert recorder.offsets[-1] == pytest.approx(3600, abs=2)
    assert abs((gateway.clock.now_server() - datetime.now(UTC)).total_seconds() - 3600) < 2


async def test_a_customers_request_rings_and_can_be_accepted_or_declined(
    desk_and_recorder: Desk, live_platform: RunningPlatform, customer: Customer
) -> None:
    desk, recorder = desk_and_recorder
    await sign_in(desk, recorder, live_platform)
    await desk.set_presence(Presence.ONLINE)
    assert recorder.presence is Presence.ONLINE

    first = await asyncio.to_thread(customer.ring, "Kim", 34)
    second = await asyncio.to_thread(Customer(live_platform).ring, "Alex", 51)
    await recorder.until(lambda: [r.id for r in recorder.requests] == [first, second])
    ringing = recorder.requests[0]
    assert (ringing.alias, ringing.age, ringing.state) == ("Kim", 34, CallRequestState.RINGING)

    accepted = await desk.accept(first)
    assert accepted.state is CallRequestState.ACCEPTED
    assert accepted.call_id
    assert [r.id for r in recorder.requests] == [second]

    declined = await desk.decline(second, "Fully booked today")
    assert declined.state is CallRequestState.DECLINED
    assert declined.decline_reason == "Fully booked today"
    assert recorder.requests == ()

    with pytest.raises(Conflict):  # already answered: reported and raised
        await desk.decline(first, "too late")
    assert recorder.problems


async def test_a_cancelled_request_stops_ringing(
    desk_and_recorder: Desk, live_platform: RunningPlatform, customer: Customer
) -> None:
    desk, recorder = desk_and_recorder
    await sign_in(desk, recorder, live_platform)
    await desk.set_presence(Presence.ONLINE)
    request_id = await asyncio.to_thread(customer.ring)
    await recorder.until(lambda: len(recorder.requests) == 1)
    await asyncio.to_thread(customer.cancel, request_id)
    await recorder.until(lambda: recorder.requests == ())


async def test_an_unanswered_request_times_out_and_stops_ringing(
    desk_and_recorder: Desk, live_platform: RunningPlatform, customer: Customer
) -> None:
    desk, recorder = desk_and_recorder
    await sign_in(desk, recorder, live_platform)
    await desk.set_presence(Presence.ONLINE)
    await asyncio.to_thread(customer.ring)
    await recorder.until(lambda: len(recorder.requests) == 1)
    await asyncio.to_thread(live_platform.advance_clock, 61)  # the platform's 60 s ring timeout
    await recorder.until(lambda: recorder.requests == ())


async def test_booking_changes_update_the_queue(
    desk_and_recorder: Desk, live_platform: RunningPlatform
) -> None:
    desk, recorder = desk_and_recorder
    await sign_in(desk, recorder, live_platform)
    requested = next(b for b in recorder.bookings if b.state is BookingState.REQUESTED)
    confirmed = await desk.confirm_booking(requested.id, requested.wished_slots[0])
    assert confirmed.state is BookingState.CONFIRMED
    shown = {b.id: b for b in recorder.bookings}[requested.id]
    assert shown.confirmed_slot == requested.wished_slots[0]
    assert not await desk.verify_booking(requested.id, "000000")


async def test_a_platform_restart_loses_nothing(
    desk_and_recorder: Desk, live_platform: RunningPlatform, customer: Customer
) -> None:
    desk, recorder = desk_and_recorder
    await sign_in(desk, recorder, live_platform)
    await desk.set_presence(Presence.ONLINE)
    request_id = await asyncio.to_thread(customer.ring)
    await recorder.until(lambda: len(recorder.requests) == 1)
    bookings_before = recorder.bookings
    offsets_before = len(recorder.offsets)

    await asyncio.to_thread(live_platform.stop)
    await recorder.until(lambda: recorder.connection is ConnectionState.RECONNECTING)
    assert "retrying in" in recorder.connection_states[-1][1]
    await asyncio.to_thread(live_platform.start)
    await recorder.until(lambda: recorder.connection is ConnectionState.CONNECTED)
    await recorder.until(lambda: len(recorder.offsets) > offsets_before)

    assert recorder.bookings == bookings_before
    assert [r.id for r in recorder.requests] == [request_id]
    assert recorder.presence is Presence.ONLINE
    # And the new socket delivers events again.
    second = await asyncio.to_thread(Customer(live_platform).ring, "Alex", 51)
    await recorder.until(lambda: [r.id for r in recorder.requests] == [request_id, second])


async def test_a_revoked_sign_in_ends_the_session(
    desk_and_recorder: Desk, live_platform: RunningPlatform, advisor: Advisor
) -> None:
    desk, recorder = desk_and_recorder
    await sign_in(desk, recorder, live_platform)
    token = stored_token(live_platform)
    assert token
    await asyncio.to_thread(advisor.client.logout, token)  # revoked elsewhere
    live_platform.advance_clock(ACCESS_TTL + 5)
    with pytest.raises(NotSignedIn):
        await desk.refresh()
    assert len(recorder.signed_out_reasons) == 1
    assert recorder.connection is ConnectionState.OFFLINE
    assert recorder.bookings == ()
    assert recorder.requests == ()
    assert desk.account is None


async def test_a_revoked_sign_in_is_noticed_on_reconnect(
    desk_and_recorder: Desk, live_platform: RunningPlatform, advisor: Advisor
) -> None:
    desk, recorder = desk_and_recorder
    await sign_in(desk, recorder, live_platform)
    token = stored_token(live_platform)
    assert token
    await asyncio.to_thread(advisor.client.logout, token)
    live_platform.advance_clock(ACCESS_TTL + 5)
    await asyncio.to_thread(live_platform.stop)
    await asyncio.to_thread(live_platform.start)  # the socket reconnects with an expired token
    await recorder.until(lambda: bool(recorder.signed_out_reasons))
    assert recorder.connection is ConnectionState.OFFLINE


async def test_restore_and_sign_out(
    desk_and_recorder: Desk, live_platform: RunningPlatform, advisor: Advisor
) -> None:
    desk, recorder = desk_and_recorder
    assert await desk.restore(live_platform.advisor_email) is None  # nothing stored yet
    await sign_in(desk, recorder, live_platform)
    await desk.set_presence(Presence.ONLINE)
    await desk.sign_out()
    assert recorder.signed_out_reasons == ["Signed out"]
    assert recorder.connection is ConnectionState.OFFLINE
    # Signing out set the advisor offline for customers.
    on_platform = await asyncio.to_thread(advisor.client.get_advisor, live_platform.advisor_id)
    assert on_platform.presence is Presence.OFFLINE
    assert await desk.restore(live_platform.advisor_email) is None  # the token was revoked


async def test_restore_signs_in_silently(
    desk_and_recorder: Desk, live_platform: RunningPlatform
) -> None:
    desk, recorder = desk_and_recorder
    await sign_in(desk, recorder, live_platform)
    await desk.shutdown()  # the app closes without signing out
    account = await desk.restore(live_platform.advisor_email)
    assert account is not None
    assert account.id == live_platform.advisor_id
    await recorder.until(lambda: recorder.connection is ConnectionState.CONNECTED)


async def test_actions_fail_readably_when_the_platform_is_down(
    desk_and_recorder: Desk, live_platform: RunningPlatform
) -> None:
    desk, recorder = desk_and_recorder
    await sign_in(desk, recorder, live_platform)
    await asyncio.to_thread(live_platform.stop)
    with pytest.raises(NetworkUnreachable):
        await desk.set_presence(Presence.ONLINE)
    assert recorder.problems[-1] == str(NetworkUnreachable())
    await asyncio.to_thread(live_platform.start)
