"""The platform gateway against the real platform: authorised requests, the socket's routing, the
clock. The desk drives the sign-in; what is checked here is what the gateway itself promises."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import aiohttp
import pytest

from advisor_app.domain.models import Call, CallState, ChatMessage, Presence
from advisor_app.platform_gateway import PlatformGateway
from network.api_client import PlatformClient
from network.errors import NetworkUnreachable
from platform_server.testing import RunningPlatform
from tests.advisor_app.conftest import ACCESS_TTL, Advisor, Customer
from tests.advisor_app.test_desk import sign_in


async def wait_until(condition: Callable[[], bool], within: float = 5.0) -> None:
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110 (subscribers are plain callbacks)
            await asyncio.sleep(0.02)


async def test_a_request_runs_off_the_loop_and_renews_an_expired_token(
    advisor: Advisor, live_platform: RunningPlatform
) -> None:
    await sign_in(advisor.desk, advisor.recorder, live_platform)
    live_platform.advance_clock(ACCESS_TTL + 5)  # the access token the session holds expired
    me = await advisor.gateway.request(PlatformClient.get_advisor, live_platform.advisor_id)
    assert me.id == live_platform.advisor_id
    assert isinstance(await advisor.gateway.ice_servers(), tuple)


async def test_the_clock_is_measured_and_watchers_hear_it(
    gateway: PlatformGateway, live_platform: RunningPlatform
) -> None:
    heard: list[float] = []
    gateway.watch_clock(lambda clock: heard.append(clock.offset_seconds))
    live_platform.advance_clock(600)
    clock = await gateway.measure_clock()
    assert clock.offset_seconds == pytest.approx(600, abs=2)
    assert gateway.clock is clock
    assert heard == [clock.offset_seconds]


async def test_call_signals_and_updates_reach_only_their_subscribers(
    advisor: Advisor, live_platform: RunningPlatform, customer: Customer
) -> None:
    desk, gateway = advisor.desk, advisor.gateway
    await sign_in(desk, advisor.recorder, live_platform)
    await desk.set_presence(Presence.ONLINE)
    request_id = await asyncio.to_thread(customer.ring)
    await advisor.recorder.until(lambda: len(advisor.recorder.requests) == 1)
    call_id = (await desk.accept(request_id)).call_id
    assert call_id
    signals: list[tuple[str, dict[str, object]]] = []
    calls: list[Call] = []
    route = gateway.route_call(lambda f, d: signals.append((f, d)), calls.append, call_id=call_id)
    elsewhere: list[object] = []
    gateway.route_call(lambda f, d: elsewhere.append(d), elsewhere.append, call_id="call_other")

    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(live_platform.base_url + "/api/v1/ws") as customer_ws,
    ):
        await customer_ws.send_json({"type": "hello", "access_token": customer.token})
        assert (await customer_ws.receive_json(timeout=5))["type"] == "welcome"
        offer = {"kind": "offer", "sdp": "v=0\r\n"}
        await customer_ws.send_json({"type": "signal", "call_id": call_id, "data": offer})
        await wait_until(lambda: bool(signals))
        assert signals == [("customer", offer)]

        answer = {"kind": "answer", "sdp": "v=0\r\n"}
        await gateway.send_signal(call_id, answer)
        relayed = await customer_ws.receive_json(timeout=5)
        while relayed["type"] != "signal":
            relayed = await customer_ws.receive_json(timeout=5)
        assert relayed == {"type": "signal", "call_id": call_id, "from": "advisor", "data": answer}

    await asyncio.to_thread(customer.post, f"/calls/{call_id}/hangup", {"reason": "hangup"})
    await wait_until(lambda: any(c.state is CallState.ENDED for c in calls))
    assert elsewhere == []
    route.close()


async def test_chat_messages_reach_their_subscribers_until_they_leave(
    advisor: Advisor, live_platform: RunningPlatform
) -> None:
    await sign_in(advisor.desk, advisor.recorder, live_platform)
    arrived: list[ChatMessage] = []
    leave = advisor.gateway.subscribe_messages(arrived.append)
    threads = await advisor.gateway.request(PlatformClient.list_threads)  # the demo has one
    await advisor.gateway.request(PlatformClient.send_message, threads[0].id, "Hello")
    await wait_until(lambda: [m.text for m in arrived] == ["Hello"])
    leave()
    later: list[ChatMessage] = []
    advisor.gateway.subscribe_messages(later.append)
    await advisor.gateway.request(PlatformClient.send_message, threads[0].id, "Again")
    await wait_until(lambda: [m.text for m in later] == ["Again"])  # delivered, in one go
    assert [m.text for m in arrived] == ["Hello"]


async def test_no_signal_leaves_without_a_socket(gateway: PlatformGateway) -> None:
    with pytest.raises(NetworkUnreachable):
        await gateway.send_signal("call_1", {"kind": "hangup", "reason": "x"})
