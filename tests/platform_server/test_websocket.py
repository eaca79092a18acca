"""The event and signalling socket: hello, routing, ping, signalling between parties only,
bad messages answered with `error` on a socket that stays open, replacement by a newer socket."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from platform_server.testing import RunningPlatform
from platform_server.wire import format_ts
from tests.platform_server.platform_api import Api, go_online, ring

TIMEOUT = 5.0


class Socket:
    """One client socket that has said hello."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws

    async def next(self, of_type: str | None = None) -> dict[str, Any]:
        """The next message (skipping others when `of_type` is given)."""
        while True:
            message = await self.ws.receive(timeout=TIMEOUT)
            assert message.type == aiohttp.WSMsgType.TEXT, message
            data: dict[str, Any] = json.loads(message.data)
            if of_type is None or data["type"] == of_type:
                return data

    async def quiet(self, seconds: float = 0.3) -> list[dict[str, Any]]:
        """Everything that arrives within `seconds` (to prove nothing does)."""
        seen: list[dict[str, Any]] = []
        try:
            while True:
                message = await self.ws.receive(timeout=seconds)
                if message.type != aiohttp.WSMsgType.TEXT:
                    return seen
                seen.append(json.loads(message.data))
        except TimeoutError:
            return seen

    async def send(self, message: Any) -> None:
        await self.ws.send_str(message if isinstance(message, str) else json.dumps(message))


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


async def connect(session: aiohttp.ClientSession, platform: RunningPlatform, api: Api) -> Socket:
    ws = await session.ws_connect(platform.base_url.replace("http", "ws") + "/api/v1/ws")
    socket = Socket(ws)
    await socket.send({"type": "hello", "access_token": api.token})
    welcome = await socket.next()
    assert welcome["type"] == "welcome", welcome
    assert welcome["account"]["id"] == api.account_id
    return socket


async def test_hello_with_a_bad_token_is_refused_with_4401(
    session: aiohttp.ClientSession, platform: RunningPlatform
) -> None:
    ws = await session.ws_connect(platform.base_url + "/api/v1/ws")
    await ws.send_str(json.dumps({"type": "hello", "access_token": "nope"}))
    error = json.loads((await ws.receive(timeout=TIMEOUT)).data)
    assert (error["type"], error["code"]) == ("error", "not_authenticated")
    closing = await ws.receive(timeout=TIMEOUT)
    assert closing.type == aiohttp.WSMsgType.CLOSE
    assert ws.close_code == 4401


async def test_first_message_must_be_hello(
    session: aiohttp.ClientSession, platform: RunningPlatform
) -> None:
    ws = await session.ws_connect(platform.base_url + "/api/v1/ws")
    await ws.send_str(json.dumps({"type": "ping", "id": 1}))
    assert json.loads((await ws.receive(timeout=TIMEOUT)).data)["code"] == "not_authenticated"
    await ws.receive(timeout=TIMEOUT)
    assert ws.close_code == 4401


async def test_welcome_ping_pong_and_bad_messages_keep_the_socket(
    session: aiohttp.ClientSession, platform: RunningPlatform, advisor: Api
) -> None:
    socket = await connect(session, platform, advisor)
    await socket.send({"type": "ping", "id": "abc"})
    assert await socket.next() == {"type": "pong", "id": "abc"}
    for bad in ("not json", "[1, 2]", json.dumps({"type": "dance"}), json.dumps({"no": "type"}),
                json.dumps({"type": "signal", "call_id": 5, "data": {}}),
                json.dumps({"type": "signal", "call_id": "call_x", "data": {"kind": ["offer"]}}),
                json.dumps({"type": "ping", "id": 1, "pad": "x" * 70_000})):  # fmt: skip
        await socket.send(bad)
        error = await socket.next()
        assert error["type"] == "error", bad
        assert error["code"] == "invalid_request", bad
        assert error["message"]
    await socket.send({"type": "ping", "id": 7})
    assert await socket.next() == {"type": "pong", "id": 7}


async def test_events_reach_only_the_accounts_involved(
    session: aiohttp.ClientSession, platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    other_advisor = Api(
        platform.base_url, platform.create_advisor("b@advisor.example", "pw-bbbbbb")
    )
    bystander = Api(platform.base_url, platform.create_customer())
    advisor_socket = await connect(session, platform, advisor)
    customer_socket = await connect(session, platform, customer)
    other_socket = await connect(session, platform, other_advisor)
    bystander_socket = await connect(session, platform, bystander)

    go_online(advisor)
    presence = await customer_socket.next("presence")  # presence is public
    assert presence["data"] == {
        "id": platform.advisor_id,
        "display_name": "Dr. Lena Hoffmann",
        "presence": "online",
    }
    request = ring(customer, platform.advisor_id)
    assert (await advisor_socket.next("call_request"))["data"]["id"] == request["id"]
    assert (await customer_socket.next("call_request"))["data"]["state"] == "ringing"
    advisor.ok("POST", f"/api/v1/call-requests/{request['id']}/accept")
    accepted = await customer_socket.next("call_request")
    assert accepted["data"]["state"] == "accepted"
    call = await customer_socket.next("call")
    assert call["data"]["id"] == accepted["data"]["call_id"]
    assert (await advisor_socket.next("call"))["data"]["state"] == "connecting"

    thread_id = customer.ok("GET", "/api/v1/threads")["threads"][0]["id"]
    customer.ok("POST", f"/api/v1/threads/{thread_id}/messages", {"text": "Hallo!"}, status=201)
    assert (await advisor_socket.next("message"))["data"]["text"] == "Hallo!"

    for socket in (other_socket, bystander_socket):
        leaked = [m for m in await socket.quiet() if m["type"] != "presence"]
        assert leaked == []


async def test_booking_events_hide_the_code_from_the_advisor(
    session: aiohttp.ClientSession, platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    advisor_socket = await connect(session, platform, advisor)
    customer_socket = await connect(session, platform, customer)
    slot = format_ts(datetime.now(UTC).replace(microsecond=0) + timedelta(days=1))
    body = {"advisor_id": platform.advisor_id, "alias": "Mia", "age": 30,
            "wished_slots": [slot], "duration_minutes": 30, "request_text": "Hallo"}  # fmt: skip
    booking = customer.ok("POST", "/api/v1/bookings", body, status=201)
    advisor.ok("POST", f"/api/v1/bookings/{booking['id']}/confirm", {"slot": slot})
    advisor_event = await advisor_socket.next("booking")
    while advisor_event["data"]["state"] != "confirmed":
        advisor_event = await advisor_socket.next("booking")
    customer_event = await customer_socket.next("booking")
    while customer_event["data"]["state"] != "confirmed":
        customer_event = await customer_socket.next("booking")
    assert "confirmation_code" not in advisor_event["data"]
    assert customer_event["data"]["confirmation_code"]


async def _live_call(platform: RunningPlatform, advisor: Api, customer: Api) -> str:
    go_online(advisor)
    request = ring(customer, platform.advisor_id)
    return str(advisor.ok("POST", f"/api/v1/call-requests/{request['id']}/accept")["call_id"])


async def test_signals_are_relayed_between_the_two_parties_only(
    session: aiohttp.ClientSession, platform: RunningPlatform, advisor: Api, customer: Api
) -> None:
    intruder = Api(platform.base_url, platform.create_customer())
    advisor_socket = await connect(session, platform, advisor)
    customer_socket = await connect(session, platform, customer)
    intruder_socket = await connect(session, platform, intruder)
    call_id = await _live_call(platform, advisor, customer)

    offer = {"kind": "offer", "sdp": "v=0\r\n..."}
    await customer_socket.send({"type": "signal", "call_id": call_id, "data": offer})
    relayed = await advisor_socket.next("signal")
    assert relayed == {"type": "signal", "call_id": call_id, "from": "customer", "data": offer}
    candidate = {"kind": "candidate", "candidate": "candidate:1 1 udp 1 127.0.0.1 5000 typ host"}
    await advisor_socket.send({"type": "signal", "call_id": call_id, "data": candidate})
    got = await customer_socket.next("signal")
    assert got["from"] == "advisor"
    assert got["data"] == {**candidate, "sdpMid": None, "sdpMLineIndex": None}

    # A reconnect's fresh connection carries its generation through (docs: "Reconnect").
    restart = {"kind": "offer", "sdp": "v=0\r\n...", "generation": 2}
    await advisor_socket.send({"type": "signal", "call_id": call_id, "data": restart})
    assert (await customer_socket.next("signal"))["data"] == restart
    stale = {"kind": "answer", "sdp": "v=0", "generation": -1}
    await customer_socket.send({"type": "signal", "call_id": call_id, "data": stale})
    assert (await customer_socket.next("error"))["code"] == "invalid_request"

    # The security code's commitment, nonce and reveal pass through unchanged (docs: "Call
    # security code"); anything but 64 lower-case hex digits is refused.
    committed = {"kind": "offer", "sdp": "v=0\r\n...", "commitment": "ab" * 32, "generation": 3}
    await advisor_socket.send({"type": "signal", "call_id": call_id, "data": committed})
    assert (await customer_socket.next("signal"))["data"] == committed
    nonce = {"kind": "answer", "sdp": "v=0\r\n...", "nonce": "0f" * 32, "generation": 3}
    await customer_socket.send({"type": "signal", "call_id": call_id, "data": nonce})
    assert (await advisor_socket.next("signal"))["data"] == nonce
    reveal = {"kind": "reveal", "nonce": "12" * 32, "generation": 3}
    await advisor_socket.send({"type": "signal", "call_id": call_id, "data": reveal})
    assert (await customer_socket.next("signal"))["data"] == reveal
    for bad in ({"kind": "reveal"}, {"kind": "reveal", "nonce": "AB" * 32},
                {**committed, "commitment": "ab" * 33}):  # fmt: skip
        await advisor_socket.send({"type": "signal", "call_id": call_id, "data": bad})
        assert (await advisor_socket.next("error"))["code"] == "invalid_request"

    await intruder_socket.send({"type": "signal", "call_id": call_id, "data": offer})
    refused = await intruder_socket.next("error")
    assert (refused["type"], refused["code"]) == ("error", "forbidden")
    await customer_socket.send({"type": "signal", "call_id": call_id, "data": {"kind": "offer"}})
    assert (await customer_socket.next("error"))["code"] == "invalid_request"
    assert [m for m in await advisor_socket.quiet() if m["type"] == "signal"] == []

    customer.ok("POST", f"/api/v1/calls/{call_id}/hangup", {"reason": "hangup"})
    await customer_socket.send({"type": "signal", "call_id": call_id, "data": offer})
    assert (await customer_socket.next("error"))["code"] == "conflict"
    assert [m for m in await advisor_socket.quiet() if m["type"] == "signal"] == []


async def test_a_newer_socket_replaces_the_older_one(
    session: aiohttp.ClientSession, platform: RunningPlatform, advisor: Api
) -> None:
    first = await connect(session, platform, advisor)
    second = await connect(session, platform, advisor)
    closing = await first.ws.receive(timeout=TIMEOUT)
    assert closing.type == aiohttp.WSMsgType.CLOSE
    assert first.ws.close_code == 4409
    go_online(advisor)
    assert (await second.next("presence"))["data"]["presence"] == "online"


async def test_sockets_are_closed_when_the_server_stops_and_work_after_restart(
    session: aiohttp.ClientSession, platform: RunningPlatform, advisor: Api
) -> None:
    socket = await connect(session, platform, advisor)
    port = platform.port
    await asyncio.get_running_loop().run_in_executor(None, platform.stop)
    closing = await socket.ws.receive(timeout=TIMEOUT)
    assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    await asyncio.get_running_loop().run_in_executor(None, platform.start)
    assert platform.port == port
    again = await connect(session, platform, advisor)  # tokens survive a restart
    await again.send({"type": "ping", "id": 1})
    assert await again.next() == {"type": "pong", "id": 1}
