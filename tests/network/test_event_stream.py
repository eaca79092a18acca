"""The event socket against a small real WebSocket server that misbehaves on purpose."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from typing import Any

import pytest
from aiohttp import WSMsgType, web

from advisor_app.domain.models import Advisor, Booking, Call, CallRequest, ChatMessage
from network.errors import InvalidRequest, NetworkUnreachable, NotSignedIn
from network.event_stream import EventStream
from tests.network.test_wire import ACCOUNT, CALL_REQUEST

WELCOME = {"type": "welcome", "account": ACCOUNT, "server_time": "2026-11-21T09:30:00Z"}
Script = Callable[[web.WebSocketResponse, dict[str, Any]], Awaitable[None]]


class Recorder:
    """Collects what the stream reports and lets a test wait for it."""

    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []
        self.renew_sign_in = True
        self._changed = asyncio.Event()

    def _add(self, kind: str, value: Any) -> None:
        self.events.append((kind, value))
        self._changed.set()

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.events]

    async def wait_for(self, kind: str, count: int = 1, within: float = 5.0) -> None:
        async with asyncio.timeout(within):
            while self.kinds().count(kind) < count:
                self._changed.clear()
                await self._changed.wait()

    def on_connected(self, server_time: datetime) -> None:
        self._add("connected", server_time)

    def on_disconnected(self, reason: str, retry_in: float) -> None:
        self._add("disconnected", (reason, retry_in))

    def on_stopped(self, reason: str) -> None:
        self._add("stopped", reason)

    async def on_not_signed_in(self) -> bool:
        self._add("not_signed_in", None)
        return self.renew_sign_in

    def on_call_request(self, request: CallRequest) -> None:
        self._add("call_request", request)

    def on_booking(self, booking: Booking) -> None:
        self._add("booking", booking)

    def on_call(self, call: Call) -> None:
        self._add("call", call)

    def on_presence(self, advisor: Advisor) -> None:
        self._add("presence", advisor)

    def on_message(self, message: ChatMessage) -> None:
        self._add("message", message)

    def on_signal(self, call_id: str, from_: str, data: dict[str, object]) -> None:
        self._add("signal", (call_id, from_, data))

    def on_error_event(self, code: str, message: str) -> None:
        self._add("error", (code, message))


class SocketServer:
    """Runs `script(ws, hello)` for every connection after reading the client's hello."""

    def __init__(self) -> None:
        self.script: Script = welcome_and_answer_pings
        self.hellos: list[dict[str, Any]] = []
        self.received: list[dict[str, Any]] = []
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        hello = json.loads((await ws.receive()).data)
        self.hellos.append(hello)
        await self.script(ws, hello)
        return ws

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/api/v1/ws", self.handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"ws://127.0.0.1:{self._runner.addresses[0][1]}/api/v1/ws"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


async def welcome_and_answer_pings(ws: web.WebSocketResponse, _: dict[str, Any]) -> None:
    await ws.send_json(WELCOME)
    await answer_pings(ws, [])


async def answer_pings(ws: web.WebSocketResponse, received: list[dict[str, Any]]) -> None:
    async for msg in ws:
        if msg.type is not WSMsgType.TEXT:
            break
        message = json.loads(msg.data)
        received.append(message)
        if message.get("type") == "ping":
            await ws.send_json({"type": "pong", "id": message.get("id")})


async def wait_until(condition: Callable[[], bool], within: float = 2.0) -> None:
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110 (the server's side has no event to wait on)
            await asyncio.sleep(0.01)


@pytest.fixture
async def server() -> AsyncIterator[SocketServer]:
    running = SocketServer()
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
async def streams() -> AsyncIterator[list[EventStream]]:
    opened: list[EventStream] = []
    yield opened
    for stream in opened:
        await stream.close()


def open_stream(
    url: str, recorder: Recorder, opened: list[EventStream], **kwargs: Any
) -> EventStream:
    tokens = iter(f"token-{n}" for n in range(1, 1000))

    async def token() -> str:
        return next(tokens)

    options: dict[str, Any] = {
        "ping_interval": 0.1,
        "backoff_first": 0.02,
        "backoff_cap": 0.05,
        **kwargs,
    }
    stream = EventStream(url, token, recorder, **options)
    opened.append(stream)
    stream.start()
    return stream


async def test_events_arrive_parsed_and_bad_ones_are_skipped(
    server: SocketServer, streams: list[EventStream], caplog: pytest.LogCaptureFixture
) -> None:
    async def script(ws: web.WebSocketResponse, _: dict[str, Any]) -> None:
        await ws.send_json(WELCOME)
        await ws.send_str("this is not json")
        await ws.send_json(["not", "an", "object"])
        await ws.send_json({"type": "call_request", "data": {**CALL_REQUEST, "age": "Secret"}})
        await ws.send_json({"type": "call_request", "data": {"alias": "Secret Alias"}})
        await ws.send_json({"type": "from_the_future", "data": {}})
        await ws.send_json({"type": "signal", "call_id": "call_1", "from": "mallory", "data": {}})
        deep = "[" * 5000 + "]" * 5000  # relayed from a customer: json.loads would recurse out
        await ws.send_str(f'{{"type":"signal","call_id":"call_1","from":"customer","data":{deep}}}')
        await ws.send_str('{"type":"call_request","data":{"id":"req_9","age":NaN}}')
        await ws.send_json({"type": "call_request", "data": CALL_REQUEST})
        signal = {"kind": "offer", "sdp": "v=0"}
        await ws.send_json(
            {"type": "signal", "call_id": "call_1", "from": "customer", "data": signal}
        )
        await ws.send_json({"type": "error", "code": "forbidden", "message": "not your call"})
        await answer_pings(ws, [])

    server.script = script
    recorder = Recorder()
    caplog.set_level(logging.DEBUG, logger="network.event_stream")
    open_stream(server.url, recorder, streams)
    await recorder.wait_for("error")
    assert recorder.kinds() == ["connected", "call_request", "signal", "error"]
    assert recorder.events[1][1].id == "req_1"
    assert recorder.events[2][1] == ("call_1", "customer", {"kind": "offer", "sdp": "v=0"})
    assert server.hellos == [{"type": "hello", "access_token": "token-1"}]
    assert "malformed 'call_request' event skipped" in caplog.text
    assert "a message was skipped (nested deeper than 16)" in caplog.text
    assert "a message was skipped (NaN is not a finite number)" in caplog.text
    assert "Secret" not in caplog.text  # event content never reaches the log


async def test_each_connection_authenticates_with_a_fresh_token(
    server: SocketServer, streams: list[EventStream]
) -> None:
    async def drop_first(ws: web.WebSocketResponse, _: dict[str, Any]) -> None:
        await ws.send_json(WELCOME)
        if len(server.hellos) == 1:
            await ws.close(code=1011)
            return
        await answer_pings(ws, [])

    server.script = drop_first
    recorder = Recorder()
    open_stream(server.url, recorder, streams)
    await recorder.wait_for("connected", 2)
    assert [h["access_token"] for h in server.hellos] == ["token-1", "token-2"]
    assert recorder.kinds()[:3] == ["connected", "disconnected", "connected"]
    reason, retry_in = recorder.events[1][1]
    assert reason == "Connection to the platform lost"
    assert 0 < retry_in <= 0.05


async def test_a_link_that_answers_pings_stays_up(
    server: SocketServer, streams: list[EventStream]
) -> None:
    received: list[dict[str, Any]] = []

    async def script(ws: web.WebSocketResponse, _: dict[str, Any]) -> None:
        await ws.send_json(WELCOME)
        await answer_pings(ws, received)

    server.script = script
    recorder = Recorder()
    open_stream(server.url, recorder, streams)
    await recorder.wait_for("connected")
    await asyncio.sleep(0.6)
    assert recorder.kinds() == ["connected"]
    assert sum(1 for m in received if m["type"] == "ping") >= 3


async def test_unanswered_pings_mean_the_link_is_dead(
    server: SocketServer, streams: list[EventStream]
) -> None:
    async def silent(ws: web.WebSocketResponse, _: dict[str, Any]) -> None:
        await ws.send_json(WELCOME)
        async for _msg in ws:  # reads pings, never answers
            pass

    server.script = silent
    recorder = Recorder()
    open_stream(server.url, recorder, streams)
    async with asyncio.timeout(3):
        await recorder.wait_for("connected", 2)
    assert "disconnected" in recorder.kinds()


async def test_a_checked_link_that_answers_stays(
    server: SocketServer, streams: list[EventStream]
) -> None:
    recorder = Recorder()
    stream = open_stream(server.url, recorder, streams, ping_interval=30.0)
    await recorder.wait_for("connected")
    assert await stream.check(within_s=1.0)
    assert recorder.kinds() == ["connected"]


async def test_a_checked_link_that_went_dead_is_replaced_at_once(
    server: SocketServer, streams: list[EventStream]
) -> None:
    """The line under the socket died (another network): the pings would notice after 20-30 s;
    a check finds it within its deadline and waits for the fresh connection."""
    connections = 0

    async def dead_first(ws: web.WebSocketResponse, _: dict[str, Any]) -> None:
        nonlocal connections
        connections += 1
        await ws.send_json(WELCOME)
        if connections == 1:
            async for _msg in ws:  # a dead line: nothing comes back
                pass
            return
        await answer_pings(ws, [])

    server.script = dead_first
    recorder = Recorder()
    stream = open_stream(server.url, recorder, streams, ping_interval=30.0)
    await recorder.wait_for("connected")
    loop = asyncio.get_running_loop()
    began = loop.time()
    assert await stream.check(within_s=0.5)
    assert loop.time() - began < 1.0 + 0.1  # the deadline, then the fresh connection's
    assert recorder.kinds() == ["connected", "disconnected", "connected"]
    assert await stream.check(within_s=0.5)  # the fresh one answers


async def test_refused_token_asks_for_a_renewal_then_reconnects(
    server: SocketServer, streams: list[EventStream]
) -> None:
    async def refuse_first(ws: web.WebSocketResponse, _: dict[str, Any]) -> None:
        if len(server.hellos) == 1:
            await ws.send_json({"type": "error", "code": "not_authenticated", "message": "no"})
            await ws.close(code=4401)
            return
        await welcome_and_answer_pings(ws, _)

    server.script = refuse_first
    recorder = Recorder()
    open_stream(server.url, recorder, streams)
    await recorder.wait_for("connected")
    assert recorder.kinds()[:3] == ["not_signed_in", "disconnected", "connected"]
    assert [h["access_token"] for h in server.hellos] == ["token-1", "token-2"]


async def test_a_sign_in_that_cannot_be_renewed_stops_the_stream(
    server: SocketServer, streams: list[EventStream]
) -> None:
    async def refuse(ws: web.WebSocketResponse, _: dict[str, Any]) -> None:
        await ws.close(code=4401)

    server.script = refuse
    recorder = Recorder()
    recorder.renew_sign_in = False
    open_stream(server.url, recorder, streams)
    await recorder.wait_for("stopped")
    await asyncio.sleep(0.2)
    assert recorder.kinds() == ["not_signed_in", "stopped"]
    assert len(server.hellos) == 1


async def test_a_signed_out_session_4403_asks_for_a_new_sign_in(
    server: SocketServer, streams: list[EventStream]
) -> None:
    async def sign_out_first(ws: web.WebSocketResponse, _: dict[str, Any]) -> None:
        if len(server.hellos) == 1:
            await ws.send_json(WELCOME)
            await ws.close(code=4403)  # the platform revoked the session
            return
        await welcome_and_answer_pings(ws, _)

    server.script = sign_out_first
    recorder = Recorder()
    open_stream(server.url, recorder, streams)
    await recorder.wait_for("connected", count=2)
    assert recorder.kinds()[:4] == ["connected", "not_signed_in", "disconnected", "connected"]


async def test_the_socket_moves_onto_a_fresh_token_before_its_own_expires(
    server: SocketServer, streams: list[EventStream]
) -> None:
    async def short_lived(ws: web.WebSocketResponse, _: dict[str, Any]) -> None:
        await ws.send_json({**WELCOME, "expires_in": 2})
        await answer_pings(ws, server.received)

    server.script = short_lived
    recorder = Recorder()
    open_stream(server.url, recorder, streams, ping_interval=5.0)
    await recorder.wait_for("connected")
    await wait_until(lambda: any(m["type"] == "renew" for m in server.received), within=3.0)
    renew = next(m for m in server.received if m["type"] == "renew")
    assert renew == {"type": "renew", "access_token": "token-2"}
    assert recorder.kinds() == ["connected"]


async def test_no_token_at_all_stops_without_connecting(
    server: SocketServer, streams: list[EventStream]
) -> None:
    async def no_token() -> str:
        raise NotSignedIn()

    recorder = Recorder()
    recorder.renew_sign_in = False
    stream = EventStream(server.url, no_token, recorder)
    streams.append(stream)
    stream.start()
    await recorder.wait_for("stopped")
    assert server.hellos == []


async def test_being_replaced_by_another_window_stops_without_a_fight(
    server: SocketServer, streams: list[EventStream]
) -> None:
    async def replace(ws: web.WebSocketResponse, _: dict[str, Any]) -> None:
        await ws.send_json(WELCOME)
        await ws.close(code=4409)

    server.script = replace
    recorder = Recorder()
    stream = open_stream(server.url, recorder, streams)
    await recorder.wait_for("stopped")
    await wait_until(lambda: not stream.running)  # the loop is over: nothing can reconnect
    assert recorder.kinds() == ["connected", "stopped"]
    assert "another window" in recorder.events[1][1]
    assert len(server.hellos) == 1


async def test_unreachable_platform_backs_off_exponentially_up_to_the_cap(
    dead_url: str, streams: list[EventStream]
) -> None:
    recorder = Recorder()
    ws_url = dead_url.replace("http", "ws") + "/api/v1/ws"
    open_stream(ws_url, recorder, streams, backoff_first=0.01, backoff_cap=0.08, jitter=lambda: 1)
    await recorder.wait_for("disconnected", 5)
    delays = [value[1] for kind, value in recorder.events if kind == "disconnected"][:5]
    assert delays == pytest.approx([0.02, 0.04, 0.08, 0.08, 0.08])
    assert recorder.events[0][1][0] == "Platform unreachable"


async def test_default_backoff_starts_at_half_a_second(
    dead_url: str, streams: list[EventStream]
) -> None:
    recorder = Recorder()
    ws_url = dead_url.replace("http", "ws") + "/api/v1/ws"
    open_stream(ws_url, recorder, streams, backoff_first=0.5, backoff_cap=15.0)
    await recorder.wait_for("disconnected")
    assert 0.5 <= recorder.events[0][1][1] <= 1.0


async def test_send_delivers_and_refuses_what_cannot_go(
    server: SocketServer, streams: list[EventStream]
) -> None:
    received: list[dict[str, Any]] = []

    async def script(ws: web.WebSocketResponse, _: dict[str, Any]) -> None:
        await ws.send_json(WELCOME)
        await answer_pings(ws, received)

    server.script = script
    recorder = Recorder()
    stream = open_stream(server.url, recorder, streams, ping_interval=5)
    with pytest.raises(NetworkUnreachable):
        await stream.send({"type": "signal"})  # not connected yet
    await recorder.wait_for("connected")
    with pytest.raises(InvalidRequest, match="64 KiB"):
        await stream.send({"type": "signal", "data": {"sdp": "x" * 70_000}})
    await stream.send({"type": "signal", "call_id": "call_1", "data": {"kind": "hangup"}})
    await wait_until(lambda: bool(received))
    assert received == [{"type": "signal", "call_id": "call_1", "data": {"kind": "hangup"}}]


async def test_close_ends_the_reconnect_loop(
    server: SocketServer, streams: list[EventStream]
) -> None:
    recorder = Recorder()
    stream = open_stream(server.url, recorder, streams)
    await recorder.wait_for("connected")
    await stream.close()
    assert not stream.connected
    assert not stream.running  # the reconnect loop is gone: nothing can say hello again
    assert len(server.hellos) == 1
    assert "disconnected" not in recorder.kinds()
