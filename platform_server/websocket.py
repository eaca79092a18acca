"""`GET /api/v1/ws`: one socket per account for events, pings and call signalling.

The first message must be `hello` with an access token within 10 s (browsers cannot set headers on
a WebSocket). After that, a bad message gets an `error` event and the socket stays open; a signal
is relayed only to the other party of a call that has not ended, and the sender learns when not.
"""

from __future__ import annotations

import logging
import math
from typing import Any, TypeGuard

from aiohttp import WSMsgType, web

from platform_server import errors
from platform_server.accounts import Caller, account_view
from platform_server.call_billing import END_REASONS
from platform_server.call_socket import hang_up_by_signal, receive_heartbeat
from platform_server.events import Connection
from platform_server.httpkit import parse_json, services
from platform_server.parties import other_party
from platform_server.services import Services
from platform_server.tokens import AccessGrant
from platform_server.validation import validate
from platform_server.wire import format_ts

log = logging.getLogger(__name__)

HELLO_TIMEOUT_SECONDS = 10.0
MAX_MESSAGE_BYTES = 64 * 1024
CLOSE_NOT_AUTHENTICATED = 4401
CLOSE_TRY_AGAIN_LATER = 1013  # RFC 6455 registry: the server is overloaded, reconnect later
_SDP = {"type": "string", "minLength": 1, "maxLength": MAX_MESSAGE_BYTES}
# Which connection of the call a description or candidate belongs to: 0 is the first, the
# advisor's app counts up for each fresh connection after a drop (docs: "Reconnect").
_GENERATION = {"type": "integer", "minimum": 0, "maximum": 1_000_000}
# The security code's commitment and nonces (docs: "Call security code"): 32 bytes, lower-case hex.
_HEX_256 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}

SIGNAL_SCHEMAS: dict[str, dict[str, Any]] = {
    "offer": {
        "type": "object",
        "properties": {"sdp": _SDP, "commitment": _HEX_256, "generation": _GENERATION},
        "required": ["sdp"],
    },
    "answer": {
        "type": "object",
        "properties": {"sdp": _SDP, "nonce": _HEX_256, "generation": _GENERATION},
        "required": ["sdp"],
    },
    # The offerer's nonce, after the answer arrived: the answerer checks the offer's commitment.
    "reveal": {
        "type": "object",
        "properties": {"nonce": _HEX_256, "generation": _GENERATION},
        "required": ["nonce"],
    },
    "candidate": {
        "type": "object",
        "properties": {
            "candidate": {"type": "string", "maxLength": 2048},
            "sdpMid": {"type": ["string", "null"], "maxLength": 256},
            "sdpMLineIndex": {"type": ["integer", "null"], "minimum": 0, "maximum": 1024},
            "generation": _GENERATION,
        },
        "required": ["candidate"],
    },
    # Ends the call on the platform too (`call_socket`); `at`: when the sender decided to end.
    "hangup": {
        "type": "object",
        "properties": {
            "reason": {"type": "string", "enum": list(END_REASONS)},
            "at": {"type": "string", "format": "date-time"},
        },
        "required": ["reason"],
    },
}


def _is_id(value: object) -> TypeGuard[str]:
    """An id a client may name: short and printable (so no lone surrogate, which the database
    could not store and which once made a traceback in the log)."""
    return isinstance(value, str) and 0 < len(value) <= 64 and value.isprintable()


def _error(code: str, message: str) -> dict[str, Any]:
    return {"type": "error", "code": code, "message": message}


async def websocket_handler(request: web.Request) -> web.WebSocketResponse:
    # Larger than our own limit, so an oversized message gets an `error` instead of a close.
    socket = web.WebSocketResponse(heartbeat=30.0, max_msg_size=4 * MAX_MESSAGE_BYTES)
    await socket.prepare(request)
    svc = services(request)
    grant = await _hello(socket, svc)
    if grant is None:
        return socket
    who = grant.caller
    connection = Connection(who.account_id, who.role, socket, grant.session_id, grant.expires_at)
    svc.hub.attach(connection)
    log.info("socket open for account %s", who.account_id)
    try:
        account = await svc.db.run(svc.accounts.get, who.account_id)
        connection.send(
            {"type": "welcome", "account": account_view(account),
             "server_time": format_ts(svc.clock.now()),
             "expires_in": _seconds_left(svc, grant)}
        )  # fmt: skip
        async for message in connection.messages():
            if message.type == WSMsgType.TEXT:
                try:
                    await _handle(svc, connection, message.data)
                except Exception:  # a bug must not take the socket down
                    log.exception("failed to handle a socket message")
                    connection.send(_error("internal_error", "the message could not be handled"))
            elif message.type == WSMsgType.BINARY:
                connection.send(_error("invalid_request", "send JSON text messages"))
            else:
                break
    finally:
        svc.hub.detach(connection)
        await connection.finish()
        log.info("socket closed for account %s", who.account_id)
    return socket


async def _hello(socket: web.WebSocketResponse, svc: Services) -> AccessGrant | None:
    """Authenticate the socket from its first message; close it with 4401 on failure."""
    try:
        message = await socket.receive(timeout=HELLO_TIMEOUT_SECONDS)
    except TimeoutError:
        await _refuse(socket, "no hello within 10 s")
        return None
    if message.type != WSMsgType.TEXT:
        await _refuse(socket, "expected a hello message")
        return None
    try:
        hello = parse_json(message.data)
    except (ValueError, RecursionError):
        await _refuse(socket, "hello is not JSON")
        return None
    token = hello.get("access_token") if isinstance(hello, dict) else None
    if not isinstance(hello, dict) or hello.get("type") != "hello" or not isinstance(token, str):
        await _refuse(socket, 'send {"type": "hello", "access_token": "…"} first')
        return None
    try:
        return await svc.db.run(svc.tokens.grant, token)
    except errors.ApiError as exc:
        if exc.status == 503:  # the database is busy: come back later, the token may be fine
            await _refuse(socket, exc.message, exc.code, CLOSE_TRY_AGAIN_LATER)
        else:
            await _refuse(socket, exc.message, exc.code)
        return None


async def _refuse(
    socket: web.WebSocketResponse,
    message: str,
    code: str = "not_authenticated",
    close_code: int = CLOSE_NOT_AUTHENTICATED,
) -> None:
    if not socket.closed:
        await socket.send_json(_error(code, message))
        reason = b"not authenticated" if close_code == CLOSE_NOT_AUTHENTICATED else b"try again"
        await socket.close(code=close_code, message=reason)


async def _handle(svc: Services, connection: Connection, text: str) -> None:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_MESSAGE_BYTES:
        connection.send(_error("invalid_request", "message larger than 64 KiB"))
        return
    try:
        message = parse_json(text)
    except (ValueError, RecursionError):
        connection.send(_error("invalid_request", "message is not JSON"))
        return
    if not isinstance(message, dict):
        connection.send(_error("invalid_request", "message must be a JSON object"))
        return
    kind = message.get("type")
    if kind == "ping":
        connection.send({"type": "pong", "id": message.get("id")})
    elif kind == "signal":
        await _relay_signal(svc, connection, message)
    elif kind == "heartbeat":
        await receive_heartbeat(svc, connection, message)
    elif kind == "renew":
        await _renew(svc, connection, message)
    elif kind == "hello":
        connection.send(_error("invalid_request", "already signed in on this socket"))
    else:
        connection.send(_error("invalid_request", f"unknown message type {str(kind)[:40]!r}"))


def _seconds_left(svc: Services, grant: AccessGrant) -> int:
    return max(0, math.ceil((grant.expires_at - svc.clock.now()).total_seconds()))


async def _renew(svc: Services, connection: Connection, message: dict[str, Any]) -> None:
    """A fresh access token of the same account moves the socket onto it (its session, expiry).

    Without renewing, the socket closes with 4401 when the token it opened with expires.
    """
    token = message.get("access_token")
    if not isinstance(token, str) or not 0 < len(token) <= 512:
        connection.send(_error("invalid_request", "renew needs access_token (string)"))
        return
    try:
        grant = await svc.db.run(svc.tokens.grant, token)
    except errors.ApiError as exc:
        connection.send(_error(exc.code, exc.message))
        return
    if grant.caller.account_id != connection.account_id:
        connection.send(_error("forbidden", "the token belongs to another account"))
        return
    connection.session_id = grant.session_id
    connection.expires_at = grant.expires_at
    connection.send({"type": "renewed", "expires_in": _seconds_left(svc, grant)})


async def _relay_signal(svc: Services, connection: Connection, message: dict[str, Any]) -> None:
    call_id = message.get("call_id")
    data = message.get("data")
    if not _is_id(call_id) or not isinstance(data, dict):
        connection.send(_error("invalid_request", "signal needs call_id (string) and data"))
        return
    kind = data.get("kind")
    schema = SIGNAL_SCHEMAS.get(kind) if isinstance(kind, str) else None
    if schema is None:
        kinds = ", ".join(SIGNAL_SCHEMAS)
        connection.send(_error("invalid_request", f"signal data.kind must be one of {kinds}"))
        return
    problems = validate(data, schema, "data")
    if problems:
        connection.send(_error("invalid_request", "; ".join(problems)))
        return
    who = Caller(connection.account_id, connection.role)
    try:
        call = await svc.db.run(svc.calls.get_for, who, call_id)
    except errors.ApiError:
        connection.send(_error("forbidden", "you are not a party of this call"))
        return
    if kind == "hangup":
        await hang_up_by_signal(svc, connection, call, data)
        return
    if call["state"] == "ended":
        connection.send(_error("conflict", "the call has ended"))
        return
    relayed = {key: data[key] for key in ("kind", *schema["properties"]) if key in data}
    if relayed["kind"] == "candidate":
        relayed.setdefault("sdpMid", None)
        relayed.setdefault("sdpMLineIndex", None)
    delivered = svc.hub.send_raw(
        other_party(connection.account_id, call),
        {"type": "signal", "call_id": call_id, "from": connection.role, "data": relayed},
    )
    if not delivered:
        log.info("signal for call %s dropped: the other party is not connected", call_id)
