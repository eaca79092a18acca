"""The OpenAPI 3.1 document of the platform API, built from the same schemas the server checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from platform_server import schemas as s
from platform_server.api_network_test import openapi_paths as network_test_paths
from platform_server.call_billing import (
    HEARTBEAT_INTERVAL,
    PARTY_REASONS,
    PLATFORM_REASONS,
    SILENCE_LIMIT,
)
from platform_server.call_parties import VOUCHED_AT_MOST_S

ADVISOR_ONLY = "advisor"
CUSTOMER_ONLY = "customer"
SIGNED_IN = "signed in"
ANYONE = "anyone"
SILENCE_S = SILENCE_LIMIT.total_seconds()
HEARTBEAT_S = HEARTBEAT_INTERVAL.total_seconds()


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    who: str
    response: s.Schema | None
    status: int = 200
    body: s.Schema | None = None
    conflicts: bool = False
    rate_limited: bool = False
    query: list[dict[str, Any]] = field(default_factory=list)
    extra_errors: tuple[int, ...] = ()
    notes: str = ""


# The billing rules, for another platform to implement (docs/platform-api.md, "Heartbeats and
# billing"); the numbers come from `call_billing`.
BILLING_NOTES = (
    f"Billing starts when both parties' heartbeats confirmed media (started_at, state active) and"
    f" runs to the earlier of their last confirmations, or to the end if earlier. A party silent"
    f" for {SILENCE_S:.0f} s (no heartbeat of its own, and none of the other party confirming"
    f" its media, which counts for at most {VOUCHED_AT_MOST_S:.0f} s of its own silence) ends"
    f" the call with connection_lost, billed to the confirmed media."
)
HANGUP_NOTES = (
    f"`at` is when the party decided to end (platform time; default: now). Billed to `at`, never"
    f" past now, never more than {SILENCE_S:.0f} s past the confirmed media. The first report"
    f" ends the call; a report of an ended call returns its record unchanged, except that the"
    f" first party report decided before a connection_lost end replaces it. Advisor reasons:"
    f" {', '.join(sorted(PARTY_REASONS['advisor']))}; customer reasons:"
    f" {', '.join(sorted(PARTY_REASONS['customer']))}; {', '.join(sorted(PLATFORM_REASONS))}"
    f" are the platform's own (403). " + BILLING_NOTES
)
WS_NOTES = (
    'Upgrade to a WebSocket, then send {"type": "hello", "access_token"}. During a call each'
    ' party sends {"type": "heartbeat", "call_id", "media": bool} every'
    f" {HEARTBEAT_S:.0f} s (media: RTP of the other party arrived since the previous one); a"
    ' {"type": "signal", "data": {"kind": "hangup", "reason", "at"?}} ends the call like the REST'
    " hang-up. " + BILLING_NOTES
)


def _operations() -> list[Operation]:
    o = Operation
    state_filter = {
        "name": "state",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": s.CALL_REQUEST_STATES},
    }
    return [
        o("post", "/api/v1/auth/login", "Sign in", ANYONE, s.TOKENS, body=s.LOGIN,
          rate_limited=True, extra_errors=(401,)),
        o("post", "/api/v1/auth/refresh", "Rotate the refresh token", ANYONE, s.TOKENS,
          body=s.REFRESH, extra_errors=(401,)),
        o("post", "/api/v1/auth/logout", "Revoke a session", ANYONE, None, 204, s.REFRESH),
        o("post", "/api/v1/customers", "Register as a customer (a taken email: sign in)",
          ANYONE, s.TOKENS, 201, s.REGISTER, rate_limited=True, extra_errors=(401,)),
        o("get", "/api/v1/me", "The signed-in account", SIGNED_IN, s.ACCOUNT),
        o("get", "/api/v1/time", "Server time", ANYONE, s.SERVER_TIME),
        o("get", "/api/v1/ice-servers", "STUN/TURN servers for calls", SIGNED_IN, s.ICE_SERVERS),
        o("get", "/api/v1/advisors", "All advisors", ANYONE, s.ADVISOR_LIST),
        o("get", "/api/v1/advisors/{advisor_id}", "One advisor", ANYONE, s.ADVISOR),
        o("put", "/api/v1/me/presence", "Set own presence", ADVISOR_ONLY, s.ADVISOR,
          body=s.PRESENCE_CHANGE),
        o("post", "/api/v1/call-requests", "Ring an online advisor", CUSTOMER_ONLY,
          s.CALL_REQUEST, 201, s.NEW_CALL_REQUEST, conflicts=True, rate_limited=True,
          extra_errors=(404,)),
        o("get", "/api/v1/call-requests", "Own call requests", SIGNED_IN, s.CALL_REQUEST_LIST,
          query=[state_filter], extra_errors=(422,)),
        o("get", "/api/v1/call-requests/{request_id}", "One call request", SIGNED_IN,
          s.CALL_REQUEST),
        o("post", "/api/v1/call-requests/{request_id}/accept", "Accept: opens a live call",
          ADVISOR_ONLY, s.CALL_REQUEST, body=s.EMPTY, conflicts=True),
        o("post", "/api/v1/call-requests/{request_id}/decline", "Decline", ADVISOR_ONLY,
          s.CALL_REQUEST, body=s.DECLINE, conflicts=True),
        o("post", "/api/v1/call-requests/{request_id}/cancel", "Stop ringing", CUSTOMER_ONLY,
          s.CALL_REQUEST, body=s.EMPTY, conflicts=True),
        o("post", "/api/v1/bookings", "Request an appointment", CUSTOMER_ONLY, s.BOOKING, 201,
          s.NEW_BOOKING, extra_errors=(404,)),
        o("get", "/api/v1/bookings", "Own bookings", SIGNED_IN, s.BOOKING_LIST),
        o("get", "/api/v1/bookings/{booking_id}", "One booking", SIGNED_IN, s.BOOKING),
        o("post", "/api/v1/bookings/{booking_id}/confirm", "Confirm a slot", ADVISOR_ONLY,
          s.BOOKING, body=s.CONFIRM, conflicts=True),
        o("post", "/api/v1/bookings/{booking_id}/decline", "Decline", ADVISOR_ONLY, s.BOOKING,
          body=s.DECLINE, conflicts=True),
        o("post", "/api/v1/bookings/{booking_id}/cancel", "Cancel", CUSTOMER_ONLY, s.BOOKING,
          body=s.EMPTY, conflicts=True),
        o("post", "/api/v1/bookings/{booking_id}/pay", "Demo payment", CUSTOMER_ONLY, s.BOOKING,
          body=s.EMPTY, conflicts=True),
        o("post", "/api/v1/bookings/{booking_id}/verify", "Check a confirmation code",
          ADVISOR_ONLY, s.VERIFY_RESULT, body=s.VERIFY, rate_limited=True),
        o("post", "/api/v1/bookings/{booking_id}/call", "Start the booked call (extension)",
          ADVISOR_ONLY, s.CALL, 201, s.EMPTY, conflicts=True,
          notes="Only for a confirmed, paid booking, from 10 minutes before its start until its"
          " end (409 otherwise, naming when the window opens)."),
        o("get", "/api/v1/calls", "Own calls, newest first", SIGNED_IN, s.CALL_LIST),
        o("get", "/api/v1/calls/{call_id}", "One call", SIGNED_IN, s.CALL),
        o("post", "/api/v1/calls/{call_id}/hangup",
          "Report the end of the call and when it was decided (idempotent)", SIGNED_IN, s.CALL,
          body=s.HANGUP, extra_errors=(403,), notes=HANGUP_NOTES),
        o("post", "/api/v1/calls/{call_id}/events", "Record a call event (extension)",
          SIGNED_IN, s.CALL_EVENT, 201, s.NEW_CALL_EVENT, conflicts=True),
        o("get", "/api/v1/calls/{call_id}/events", "A call's recorded events (extension)",
          SIGNED_IN, s.CALL_EVENT_LIST),
        o("get", "/api/v1/threads", "Own chat threads", SIGNED_IN, s.THREAD_LIST),
        o("get", "/api/v1/threads/{thread_id}/messages", "Messages (marks them read)",
          SIGNED_IN, s.MESSAGE_LIST),
        o("post", "/api/v1/threads/{thread_id}/messages", "Send a message", SIGNED_IN,
          s.MESSAGE, 201, s.NEW_MESSAGE, rate_limited=True),
        o("post", "/api/v1/test/clock", "Advance the platform clock (only with --test-clock)",
          ANYONE, s.SERVER_TIME, body=s.ADVANCE_CLOCK, extra_errors=(404,)),
    ]  # fmt: skip


def _json(schema: s.Schema, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


# Operations that never wait for the database, so never answer 503.
_NO_DATABASE = frozenset({"/api/v1/time"})


def _error_codes(op: Operation) -> set[int]:
    codes = set(op.extra_errors)
    if op.body is not None:
        codes |= {400, 422}
    if op.who != ANYONE:
        codes.add(401)
    if op.who in (ADVISOR_ONLY, CUSTOMER_ONLY):
        codes.add(403)
    if "{" in op.path:
        codes.add(404)
    if op.conflicts:
        codes.add(409)
    if op.rate_limited:
        codes.add(429)
    if op.path not in _NO_DATABASE:
        codes.add(503)
    return codes


def _operation_object(op: Operation) -> dict[str, Any]:
    operation_id = (op.method + op.path.replace("/api/v1", "")).replace("/", "_")
    operation_id = operation_id.replace("{", "").replace("}", "").replace("-", "_")
    result: dict[str, Any] = {
        "operationId": operation_id,
        "summary": op.summary,
        "description": f"Who may call: {op.who}." + (f" {op.notes}" if op.notes else ""),
        "responses": {},
    }
    if op.who != ANYONE:
        result["security"] = [{"bearerAuth": []}]
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in _path_names(op.path)
    ] + op.query
    if parameters:
        result["parameters"] = parameters
    if op.body is not None:
        result["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": op.body}},
        }
    if op.response is None:
        result["responses"][str(op.status)] = {"description": "Done"}
    else:
        result["responses"][str(op.status)] = _json(op.response, "Success")
    for code in sorted(_error_codes(op)):
        result["responses"][str(code)] = {"$ref": f"#/components/responses/E{code}"}
    return result


def _path_names(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


_ERROR_DESCRIPTIONS = {
    400: "Malformed request (invalid_request)",
    401: "Not signed in, or token expired (not_authenticated, token_expired)",
    403: "Wrong role for this action (forbidden)",
    404: "Unknown, or not yours (not_found)",
    409: "Wrong state for this action (conflict)",
    422: "Body does not match the schema or a rule (invalid_request)",
    429: "Too many attempts (rate_limited)",
    503: "The database is busy or full; try again after Retry-After (database_busy, storage_full)",
}


def openapi_document() -> dict[str, Any]:
    """The whole OpenAPI 3.1 document."""
    paths: dict[str, dict[str, Any]] = {}
    for op in _operations():
        paths.setdefault(op.path, {})[op.method] = _operation_object(op)
    paths.update(network_test_paths())  # binary bodies: written out by their module
    paths["/api/v1/ws"] = {
        "get": {
            "operationId": "get_ws",
            "summary": "Event and signalling WebSocket (see docs/platform-api.md)",
            "description": WS_NOTES,
            "responses": {
                "101": {"description": "Switching protocols"},
                "400": {"$ref": "#/components/responses/E400"},
            },
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Advice platform API",
            "version": "1.0.0",
            "description": "Reference platform for live and booked video advice calls.",
        },
        "paths": paths,
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": {"HeartbeatMessage": s.HEARTBEAT_MESSAGE},
            "responses": {
                f"E{code}": _json(s.ERROR, text) for code, text in _ERROR_DESCRIPTIONS.items()
            },
        },
    }
