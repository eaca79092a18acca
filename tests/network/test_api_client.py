"""The REST client against small real servers that misbehave on purpose (no mocked HTTP)."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import ssl
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from advisor_app.domain.models import CallRequestState, EndReason, Presence
from network.api_client import READ_RETRIES, PlatformClient
from network.errors import (
    Conflict,
    InvalidRequest,
    MalformedPayload,
    NetworkUnreachable,
    NotSignedIn,
    ServerError,
    TokenExpired,
)
from tests.network.conftest import TinyServer
from tests.network.test_wire import ACCOUNT, CALL, CALL_REQUEST

ERROR_503 = {"error": {"code": "unavailable", "message": "maintenance"}}


def signed_in_client(base_url: str, **kwargs: float) -> PlatformClient:
    client = PlatformClient(base_url, **kwargs)  # type: ignore[arg-type]
    client.token_provider = lambda: "tok-123"
    return client


async def test_answers_become_models_and_the_token_is_sent(tiny_server: TinyServer) -> None:
    tiny_server.answer_json("GET", "/api/v1/me", ACCOUNT)
    tiny_server.answer_json("GET", "/api/v1/call-requests", {"call_requests": [CALL_REQUEST]})
    client = signed_in_client(tiny_server.base_url)
    account = await asyncio.to_thread(client.me)
    assert account.display_name == "Mira"
    requests = await asyncio.to_thread(client.list_call_requests, CallRequestState.RINGING)
    assert [r.id for r in requests] == ["req_1"]
    assert tiny_server.headers[0]["Authorization"] == "Bearer tok-123"


async def test_without_a_session_no_request_is_sent(tiny_server: TinyServer) -> None:
    client = PlatformClient(tiny_server.base_url)
    with pytest.raises(NotSignedIn):
        await asyncio.to_thread(client.me)
    assert sum(tiny_server.hits.values()) == 0


async def test_broken_json_is_malformed_payload(tiny_server: TinyServer) -> None:
    tiny_server.answer_text("GET", "/api/v1/me", '{"id": "acc_1", "role": ')
    client = signed_in_client(tiny_server.base_url)
    with pytest.raises(MalformedPayload, match="not JSON"):
        await asyncio.to_thread(client.me)


@pytest.mark.parametrize(
    "answer",
    ['{"id": "acc_1", "x": ' + "[" * 5000 + "]" * 5000 + "}", '{"id": "acc_1", "x": NaN}'],
    ids=["nested past the recursion limit", "NaN"],
)
async def test_an_answer_beyond_bounds_is_malformed_payload(
    tiny_server: TinyServer, answer: str
) -> None:
    tiny_server.answer_text("GET", "/api/v1/me", answer)
    client = signed_in_client(tiny_server.base_url)
    with pytest.raises(MalformedPayload, match="not JSON"):
        await asyncio.to_thread(client.me)


async def test_wrong_types_are_malformed_payload_naming_the_field(tiny_server: TinyServer) -> None:
    broken_call = {**CALL, "billed_seconds": "600"}
    tiny_server.answer_json("POST", "/api/v1/calls/call_1/hangup", broken_call)
    tiny_server.answer_json("GET", "/api/v1/bookings", {"bookings": {"not": "a list"}})
    client = signed_in_client(tiny_server.base_url)
    with pytest.raises(MalformedPayload) as caught:
        await asyncio.to_thread(client.hangup_call, "call_1", EndReason.HANGUP)
    assert caught.value.field == "call.billed_seconds"
    with pytest.raises(MalformedPayload) as listing:
        await asyncio.to_thread(client.list_bookings)
    assert listing.value.field == "bookings"


async def test_a_500_carries_the_servers_message(tiny_server: TinyServer) -> None:
    body = {"error": {"code": "internal", "message": "database is locked"}}
    tiny_server.answer_json("POST", "/api/v1/call-requests/req_1/accept", body, status=500)
    tiny_server.answer_text("PUT", "/api/v1/me/presence", "<html>Bad gateway</html>", status=500)
    client = signed_in_client(tiny_server.base_url)
    with pytest.raises(ServerError) as caught:
        await asyncio.to_thread(client.accept_call_request, "req_1")
    assert "database is locked" in str(caught.value)
    assert caught.value.status == 500
    with pytest.raises(ServerError, match="try again later"):  # a body not per contract
        await asyncio.to_thread(client.set_presence, Presence.ONLINE)


@pytest.mark.parametrize(
    ("status", "code", "error_type"),
    [
        (401, "token_expired", TokenExpired),
        (401, "not_authenticated", NotSignedIn),
        (409, "conflict", Conflict),
    ],
)
async def test_error_codes_become_typed_errors(
    tiny_server: TinyServer, status: int, code: str, error_type: type[Exception]
) -> None:
    body = {"error": {"code": code, "message": "from the server"}}
    tiny_server.answer_json("POST", "/api/v1/call-requests/req_1/decline", body, status=status)
    client = signed_in_client(tiny_server.base_url)
    with pytest.raises(error_type, match="from the server"):
        await asyncio.to_thread(client.decline_call_request, "req_1", "busy")


async def test_invalid_request_lists_the_details(tiny_server: TinyServer) -> None:
    body = {
        "error": {
            "code": "invalid_request",
            "message": "The input is not valid.",
            "details": [{"field": "reason", "message": "at most 200 characters"}, "plain text"],
        }
    }
    tiny_server.answer_json("POST", "/api/v1/bookings/bkg_1/decline", body, status=422)
    client = signed_in_client(tiny_server.base_url)
    with pytest.raises(InvalidRequest) as caught:
        await asyncio.to_thread(client.decline_booking, "bkg_1", "x" * 300)
    assert caught.value.details == ("reason: at most 200 characters", "plain text")
    assert "at most 200 characters" in str(caught.value)


async def test_reads_are_retried_and_writes_are_not(tiny_server: TinyServer) -> None:
    tiny_server.answer_json("GET", "/api/v1/calls", ERROR_503, status=503)
    tiny_server.answer_json("POST", "/api/v1/calls/call_1/hangup", ERROR_503, status=503)
    client = signed_in_client(tiny_server.base_url)
    with pytest.raises(ServerError, match="maintenance"):
        await asyncio.to_thread(client.list_calls)
    with pytest.raises(ServerError):
        await asyncio.to_thread(client.hangup_call, "call_1", EndReason.HANGUP)
    assert tiny_server.hits[("GET", "/api/v1/calls")] == 1 + READ_RETRIES
    assert tiny_server.hits[("POST", "/api/v1/calls/call_1/hangup")] == 1


async def test_a_read_recovers_when_the_platform_comes_back(tiny_server: TinyServer) -> None:
    attempts = 0

    async def flaky(_: web.Request) -> web.StreamResponse:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            return web.json_response(ERROR_503, status=502)
        return web.json_response({"server_time": "2026-11-21T09:30:00Z"})

    tiny_server.answer("GET", "/api/v1/time", flaky)
    client = PlatformClient(tiny_server.base_url)
    server_time = await asyncio.to_thread(client.server_time)
    assert server_time.year == 2026
    assert attempts == 2


async def test_a_dead_platform_is_reported_fast(dead_url: str) -> None:
    client = signed_in_client(dead_url, timeout=5.0)
    started = time.monotonic()
    with pytest.raises(NetworkUnreachable, match="cannot be reached"):
        await asyncio.to_thread(client.list_bookings)
    with pytest.raises(NetworkUnreachable, match="cannot be reached"):
        await asyncio.to_thread(client.accept_call_request, "req_1")
    assert time.monotonic() - started < 5.0


async def test_a_platform_that_does_not_answer_times_out(tiny_server: TinyServer) -> None:
    async def stall(_: web.Request) -> web.StreamResponse:
        await asyncio.sleep(1.2)
        return web.json_response({})

    tiny_server.answer("POST", "/api/v1/call-requests/req_1/accept", stall)
    tiny_server.answer("GET", "/api/v1/bookings", stall)
    client = signed_in_client(tiny_server.base_url, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(NetworkUnreachable, match="in time"):
        await asyncio.to_thread(client.accept_call_request, "req_1")
    with pytest.raises(NetworkUnreachable, match="in time"):
        await asyncio.to_thread(client.list_bookings)  # a read that timed out is not repeated
    assert time.monotonic() - started < 1.2
    assert tiny_server.hits[("GET", "/api/v1/bookings")] == 1


def test_addresses_are_checked_and_normalised() -> None:
    client = PlatformClient("https://platform.example/api/v1/")
    assert client.base_url == "https://platform.example"
    assert client.ws_url == "wss://platform.example/api/v1/ws"
    assert PlatformClient("http://localhost:8080").ws_url == "ws://localhost:8080/api/v1/ws"
    with pytest.raises(ValueError, match="https"):
        PlatformClient("http://platform.example")  # tokens never travel in the clear
    # Only the simulated customer, in a lab, may use plain http to another host.
    lab = PlatformClient("http://10.47.0.1:8080", plain_http_anywhere=True)
    assert lab.ws_url == "ws://10.47.0.1:8080/api/v1/ws"
    with pytest.raises(ValueError, match="https"):
        PlatformClient("ftp://platform.example")
    with pytest.raises(ValueError, match="platform id"):
        PlatformClient("https://p.example").get_call("../me")


# -- TLS: always verified, a private CA may be configured ---------------------------------------


@pytest.fixture
async def https_server(tmp_path: Path) -> AsyncIterator[tuple[str, Path]]:
    """A real TLS server with a self-signed certificate for 127.0.0.1; yields (url, cert file)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test platform")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)

    async def time_handler(_: web.Request) -> web.StreamResponse:
        return web.json_response({"server_time": "2026-11-21T09:30:00Z"})

    app = web.Application()
    app.router.add_get("/api/v1/time", time_handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
    await site.start()
    port = runner.addresses[0][1]
    yield f"https://127.0.0.1:{port}", cert_file
    await runner.cleanup()


async def test_an_unknown_certificate_is_refused(https_server: tuple[str, Path]) -> None:
    url, _ = https_server
    client = PlatformClient(url, read_retries=0)
    with pytest.raises(NetworkUnreachable, match="certificate"):
        await asyncio.to_thread(client.server_time)


async def test_a_configured_ca_bundle_is_trusted(https_server: tuple[str, Path]) -> None:
    url, cert_file = https_server
    client = PlatformClient(url, ca_bundle=str(cert_file))
    assert (await asyncio.to_thread(client.server_time)).year == 2026
