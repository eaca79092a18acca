"""Sessions and the limits around them (issue 14, findings 3-5 and 9), each as an attacker tried it:
event sockets outliving their session, sign-in timing telling which emails exist, registration
answering 409 for a taken email, one limit per email that locked the owner out, no limits on
registrations, ringing and chat, and common passwords accepted."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import socket
import statistics
import struct
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from platform_server.clock import AdjustableClock
from platform_server.testing import RunningPlatform
from tests.platform_server.platform_api import Api, go_online, ring

TIMEOUT = 5.0


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


async def open_socket(
    session: aiohttp.ClientSession, platform: RunningPlatform, token: str
) -> tuple[aiohttp.ClientWebSocketResponse, dict[str, Any]]:
    ws = await session.ws_connect(platform.base_url + "/api/v1/ws")
    await ws.send_str(json.dumps({"type": "hello", "access_token": token}))
    welcome = json.loads((await ws.receive(timeout=TIMEOUT)).data)
    assert welcome["type"] == "welcome", welcome
    return ws, welcome


async def closed_with(ws: aiohttp.ClientWebSocketResponse) -> tuple[int | None, list[str]]:
    """Read until the socket closes: its close code and the types of what came before."""
    seen: list[str] = []
    while True:
        message = await ws.receive(timeout=TIMEOUT)
        if message.type != aiohttp.WSMsgType.TEXT:
            return ws.close_code, seen
        seen.append(json.loads(message.data)["type"])


# ---- sockets end with their session ------------------------------------------------------------


async def test_logout_closes_the_sessions_socket_with_4403(
    session: aiohttp.ClientSession, platform: RunningPlatform
) -> None:
    tokens = platform.login_advisor()
    other = platform.login_advisor()  # another sign-in of the same account is not touched
    ws, _ = await open_socket(session, platform, tokens["access_token"])
    api = Api(platform.base_url)
    await asyncio.to_thread(
        api.ok, "POST", "/api/v1/auth/logout", {"refresh_token": tokens["refresh_token"]}, 204
    )
    code, _ = await closed_with(ws)
    assert code == 4403
    # Nothing private reaches a signed-out socket any more: presence events go to the others.
    assert Api(platform.base_url, other).get("/api/v1/me").status_code == 200


async def test_a_reused_refresh_token_closes_the_sessions_socket_with_4403(
    session: aiohttp.ClientSession, platform: RunningPlatform
) -> None:
    tokens = platform.login_advisor()
    ws, _ = await open_socket(session, platform, tokens["access_token"])
    api = Api(platform.base_url)
    body = {"refresh_token": tokens["refresh_token"]}
    fresh = await asyncio.to_thread(api.ok, "POST", "/api/v1/auth/refresh", body)
    # The old socket may move onto the fresh token (renew); it then stays open.
    await ws.send_str(json.dumps({"type": "renew", "access_token": fresh["access_token"]}))
    renewed = json.loads((await ws.receive(timeout=TIMEOUT)).data)
    assert renewed["type"] == "renewed"
    assert renewed["expires_in"] == 900
    stolen = await asyncio.to_thread(api.post, "/api/v1/auth/refresh", body)  # a thief replays
    assert stolen.status_code == 401
    code, _ = await closed_with(ws)
    assert code == 4403


async def test_an_expired_access_token_closes_its_socket_with_4401_unless_renewed(
    session: aiohttp.ClientSession, platform: RunningPlatform
) -> None:
    first = platform.login_advisor()
    ws, welcome = await open_socket(session, platform, first["access_token"])
    assert welcome["expires_in"] == 900
    customer = platform.create_customer()
    customer_ws, _ = await open_socket(session, platform, customer["access_token"])
    await asyncio.to_thread(platform.advance_clock, 600)
    # The customer renews with a fresh token before expiry; the advisor does not.
    fresh = await asyncio.to_thread(
        Api(platform.base_url).ok,
        "POST",
        "/api/v1/auth/refresh",
        {"refresh_token": customer["refresh_token"]},
    )
    await customer_ws.send_str(json.dumps({"type": "renew", "access_token": fresh["access_token"]}))
    assert json.loads((await customer_ws.receive(timeout=TIMEOUT)).data)["type"] == "renewed"
    await asyncio.to_thread(platform.advance_clock, 301)
    code, _ = await closed_with(ws)
    assert code == 4401
    await customer_ws.send_str(json.dumps({"type": "ping", "id": 1}))
    assert json.loads((await customer_ws.receive(timeout=TIMEOUT)).data)["type"] == "pong"
    await customer_ws.close()


async def test_renew_with_another_accounts_token_is_refused(
    session: aiohttp.ClientSession, platform: RunningPlatform
) -> None:
    ws, _ = await open_socket(session, platform, platform.login_advisor()["access_token"])
    customer = platform.create_customer()
    await ws.send_str(json.dumps({"type": "renew", "access_token": customer["access_token"]}))
    error = json.loads((await ws.receive(timeout=TIMEOUT)).data)
    assert (error["type"], error["code"]) == ("error", "forbidden")
    await ws.close()


# ---- sign-in does not tell which emails exist --------------------------------------------------


def test_sign_in_takes_as_long_for_an_unknown_email(tmp_path: Any) -> None:
    # The real Argon2 cost: the difference was 175 ms against 2.5 ms.
    with RunningPlatform(tmp_path / "data", fast_passwords=False, seed=None) as platform:
        anonymous = Api(platform.base_url, source="127.0.0.7")
        known = {"email": platform.advisor_email, "password": "wrong-password-1"}
        unknown = {"email": "niemand@kunde.example", "password": "wrong-password-1"}

        def timed(body: dict[str, str]) -> float:
            started = time.perf_counter()
            assert anonymous.post("/api/v1/auth/login", body).status_code == 401
            return time.perf_counter() - started

        times = {"known": [], "unknown": []}  # type: dict[str, list[float]]
        for _ in range(4):  # alternate, so load on the machine hits both alike
            times["known"].append(timed(known))
            times["unknown"].append(timed(unknown))
    known_ms = statistics.median(times["known"]) * 1000
    unknown_ms = statistics.median(times["unknown"]) * 1000
    assert known_ms > 20, f"a real hash takes longer than {known_ms:.1f} ms"
    assert 0.6 < unknown_ms / known_ms < 1.6, f"known {known_ms:.0f} ms, unknown {unknown_ms:.0f}"


def test_registration_never_says_an_email_is_taken(
    platform: RunningPlatform, anonymous: Api
) -> None:
    owner = platform.create_customer(email="vergeben@kunde.example", password="mein-langes-pw-7")
    probe = anonymous.post(
        "/api/v1/customers", {"email": "vergeben@kunde.example", "password": "rate-mal-1234"}
    )
    assert probe.status_code == 401
    assert probe.json()["error"] == {
        "code": "not_authenticated",
        "message": "wrong email or password",
    }
    assert "exist" not in probe.text
    assert "taken" not in probe.text
    again = anonymous.post(
        "/api/v1/customers", {"email": "vergeben@kunde.example", "password": "mein-langes-pw-7"}
    )
    assert again.status_code == 201
    assert again.json()["account"]["id"] == owner["account"]["id"]


# ---- limits that slow guessing and never lock the right password out for long -----------------


def test_failures_from_one_address_block_that_address_only(platform: RunningPlatform) -> None:
    attacker = Api(platform.base_url, source="127.0.0.2")
    owner = Api(platform.base_url, source="127.0.0.3")
    wrong = {"email": platform.advisor_email, "password": "wrong-password"}
    right = {"email": platform.advisor_email, "password": platform.advisor_password}
    codes = [attacker.post("/api/v1/auth/login", wrong).status_code for _ in range(11)]
    assert codes == [401] * 10 + [429]
    refused = attacker.post("/api/v1/auth/login", right)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 300
    # Other emails from the attacker's address are refused too: guessing moves on nowhere.
    other = {"email": "someone@kunde.example", "password": "x"}
    assert attacker.post("/api/v1/auth/login", other).status_code == 429
    assert owner.post("/api/v1/auth/login", right).status_code == 200


def test_many_addresses_against_one_account_spare_its_known_address(
    platform: RunningPlatform,
) -> None:
    right = {"email": platform.advisor_email, "password": platform.advisor_password}
    wrong = {"email": platform.advisor_email, "password": "wrong-password"}
    home = Api(platform.base_url, source="127.0.1.1")
    assert home.post("/api/v1/auth/login", right).status_code == 200  # the advisor's own place
    codes = []
    for n in range(4):  # a botnet: 4 addresses x 8 guesses, each under its address's limit
        guesser = Api(platform.base_url, source=f"127.0.2.{n + 1}")
        codes += [guesser.post("/api/v1/auth/login", wrong).status_code for _ in range(8)]
    assert codes == [401] * 30 + [429] * 2  # the account's limit: 30 failures in 15 minutes
    newcomer = Api(platform.base_url, source="127.0.3.1")
    assert newcomer.post("/api/v1/auth/login", right).status_code == 429
    assert home.post("/api/v1/auth/login", right).status_code == 200
    platform.advance_clock(2 * 15 * 60)  # the attack stopped: the window has passed
    assert newcomer.post("/api/v1/auth/login", right).status_code == 200


def test_the_limiters_memory_is_bounded() -> None:
    from platform_server.ratelimit import Limit, RateLimiter, RecentSet

    clock = AdjustableClock(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    limiter = RateLimiter(clock, Limit(10, 300), max_keys=1000)
    recent = RecentSet(clock, 60, max_keys=1000)
    for n in range(20_000):  # the 10,000 made-up emails grew the old limiter by 15.7 MB
        limiter.count(f"kunde-{n}@example.org")
        recent.add(f"acc {n}")
    assert len(limiter) == 1000
    assert len(recent) == 1000
    for _ in range(10):
        limiter.count("last@example.org")
    assert limiter.exceeded("last@example.org")
    clock.advance(timedelta(minutes=10).total_seconds())
    assert not limiter.exceeded("last@example.org")


def test_registrations_from_one_address_are_limited(platform: RunningPlatform) -> None:
    api = Api(platform.base_url, source="127.0.0.4")
    codes = [
        api.post(
            "/api/v1/customers", {"email": f"k{n}@kunde.example", "password": f"lang-genug-{n}x"}
        ).status_code
        for n in range(21)
    ]
    assert codes == [201] * 20 + [429]
    other = Api(platform.base_url, source="127.0.0.5")
    body = {"email": "anders@kunde.example", "password": "lang-genug-1"}
    assert other.post("/api/v1/customers", body).status_code == 201


def test_ringing_is_limited_per_customer(platform: RunningPlatform, advisor: Api) -> None:
    go_online(advisor)
    customer = Api(platform.base_url, platform.create_customer())
    for _ in range(10):
        request = ring(customer, platform.advisor_id)
        customer.ok("POST", f"/api/v1/call-requests/{request['id']}/cancel")
    body = {"advisor_id": platform.advisor_id, "alias": "Jonas", "age": 34}
    refused = customer.post("/api/v1/call-requests", body)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"


def test_chat_is_limited_per_account(platform: RunningPlatform, advisor: Api) -> None:
    threads = advisor.ok("GET", "/api/v1/threads")["threads"]
    path = f"/api/v1/threads/{threads[0]['id']}/messages"
    codes = [advisor.post(path, {"text": f"Nachricht {n}"}).status_code for n in range(31)]
    assert codes == [201] * 30 + [429]
    platform.advance_clock(120)
    assert advisor.post(path, {"text": "wieder da"}).status_code == 201


@pytest.mark.parametrize("password", ["password", "12345678", "PASSWORD", "Passwort", "aaaaaaaa"])
def test_common_passwords_are_refused(anonymous: Api, password: str) -> None:
    response = anonymous.post(
        "/api/v1/customers", {"email": "neu@kunde.example", "password": password}
    )
    assert response.status_code == 422
    assert "password" in response.json()["error"]["details"][0]


def test_the_email_as_password_is_refused(anonymous: Api) -> None:
    body = {"email": "mein.name@kunde.example", "password": "Mein.Name"}
    assert anonymous.post("/api/v1/customers", body).status_code == 422


# ---- small items ------------------------------------------------------------------------------


async def test_a_lone_surrogate_call_id_is_an_error_not_a_traceback(
    session: aiohttp.ClientSession, platform: RunningPlatform, caplog: pytest.LogCaptureFixture
) -> None:
    ws, _ = await open_socket(session, platform, platform.login_advisor()["access_token"])
    caplog.set_level(logging.INFO)
    raw = '{"type": "signal", "call_id": "\\ud800", "data": {"kind": "hangup", "reason": "x"}}'
    await ws.send_str(raw)
    error = json.loads((await ws.receive(timeout=TIMEOUT)).data)
    assert (error["type"], error["code"]) == ("error", "invalid_request")
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    await ws.close()


def _stalled_socket(platform: RunningPlatform, token: str) -> socket.socket:
    """A WebSocket client that says hello, reads the welcome and then never reads again (a raw
    socket with a small receive buffer: aiohttp's client would read on into memory)."""
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.settimeout(TIMEOUT)
    raw.connect(("127.0.0.1", platform.port))
    key = base64.b64encode(os.urandom(16)).decode()
    raw.sendall(
        (
            "GET /api/v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
    )
    payload = json.dumps({"type": "hello", "access_token": token}).encode()
    mask = os.urandom(4)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    raw.sendall(bytes([0x81, 0x80 | 126]) + struct.pack("!H", len(payload)) + mask + masked)
    seen = b""
    while b"welcome" not in seen:
        seen += raw.recv(4096)
    return raw


async def test_a_socket_that_stopped_reading_is_dropped_with_one_log_line(
    platform: RunningPlatform, caplog: pytest.LogCaptureFixture
) -> None:
    customer = platform.create_customer()
    raw = await asyncio.to_thread(_stalled_socket, platform, customer["access_token"])
    caplog.set_level(logging.INFO)
    # Large events fill the line, then the platform's queue, until it drops the socket; the
    # events after that must not log a line each (they did, one warning per event).
    bulk = "x" * 16_000
    for n in range(1200):
        platform.services.hub.broadcast("presence", {"n": n, "bulk": bulk})
    for _ in range(100):
        if any("stopped reading" in r.getMessage() for r in caplog.records):
            break
        await asyncio.sleep(0.05)
    for n in range(50):
        platform.services.hub.broadcast("presence", {"n": n})
    # A round trip through the platform's loop: every broadcast before it has been delivered.
    await asyncio.to_thread(platform.in_database, lambda conn: None)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    account = customer["account"]["id"]
    assert warnings == [f"dropping a socket that stopped reading (account {account})"]

    def read_to_the_end() -> bytes:
        raw.settimeout(20)
        data = b""
        while chunk := raw.recv(65536):
            data += chunk
        return data

    data = await asyncio.to_thread(read_to_the_end)
    raw.close()
    assert b"\x88" in data[-64:]  # ends with the close frame (1008, policy violation)
    assert struct.pack("!H", 1008) in data[-64:]


def test_an_oversized_header_does_not_reach_the_log(
    platform: RunningPlatform, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with socket.create_connection(("127.0.0.1", platform.port), timeout=TIMEOUT) as raw:
        raw.sendall(
            b"GET /api/v1/time HTTP/1.1\r\nHost: x\r\n"
            b"Authorization: Bearer SECRET-TOKEN-" + b"A" * 9000 + b"\r\n\r\n"
        )
        assert raw.recv(100).startswith(b"HTTP/1.0 400")
    # The platform's loop logged the refusal before it answered.
    logged = [r.getMessage() + (r.exc_text or "") for r in caplog.records]
    assert any("malformed request refused (LineTooLong" in line for line in logged), logged
    assert not any("SECRET" in line for line in logged)
    assert not [r for r in caplog.records if r.exc_info and r.name == "aiohttp.server"]
