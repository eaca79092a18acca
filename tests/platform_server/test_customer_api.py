"""The simulated customer's side of the API on a real platform: its event socket is the app's
`EventStream`, so its own call request arrives typed, and a sign-in that runs out is renewed
instead of ending the socket. (Signals and calls: tests/e2e, through `BookingCustomer`.)"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from advisor_app.domain.models import CallRequest, CallRequestState, Presence
from network.api_client import PlatformClient
from platform_server.customer_api import CustomerApi
from platform_server.testing import RunningPlatform


@pytest.fixture
def short_tokens(tmp_path: Path) -> Iterator[RunningPlatform]:
    """A platform whose access tokens last 2 s."""
    with RunningPlatform(tmp_path / "platform", seed="demo", access_ttl=2) as running:
        yield running


def _advisor(platform: RunningPlatform) -> PlatformClient:
    client = PlatformClient(platform.base_url)
    token = client.login(platform.advisor_email, platform.advisor_password).access_token
    client.token_provider = lambda: token
    client.set_presence(Presence.ONLINE)
    return client


async def _request_event(api: CustomerApi, request_id: str, state: CallRequestState) -> CallRequest:
    async with asyncio.timeout(10):
        while True:
            event = await api.events.get()
            if isinstance(event, CallRequest) and (event.id, event.state) == (request_id, state):
                return event


async def test_the_customers_request_arrives_typed_with_the_call_it_became(
    platform: RunningPlatform,
) -> None:
    api = CustomerApi(platform.base_url)
    advisor = _advisor(platform)
    try:
        await api.register()
        await api.open_socket()
        assert abs(api.clock_offset.total_seconds()) < 5  # from the welcome
        body = {"advisor_id": platform.advisor_id, "alias": "Mia", "age": 30}
        request = await api.request("POST", "/call-requests", body)
        accepted = await asyncio.to_thread(advisor.accept_call_request, request["id"])
        seen = await _request_event(api, request["id"], CallRequestState.ACCEPTED)
        assert seen.call_id is not None
        assert seen.call_id == accepted.call_id
    finally:
        await api.close()
        advisor.close()


async def test_an_expired_sign_in_is_renewed_and_the_socket_goes_on(
    short_tokens: RunningPlatform, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = CustomerApi(short_tokens.base_url)
    welcomed_afresh = asyncio.Event()
    welcome = api.on_connected

    def on_connected(server_time: datetime) -> None:
        welcome(server_time)
        if api.token != first:
            welcomed_afresh.set()

    monkeypatch.setattr(api, "on_connected", on_connected)
    try:
        await api.register()
        first = api.token
        await api.open_socket()
        # The platform closes the socket when the token runs out; the bot signs in afresh (it
        # used to knock with the expired token forever) and is welcomed on the new one.
        await asyncio.wait_for(welcomed_afresh.wait(), 15)
        assert api.connected
    finally:
        await api.close()
