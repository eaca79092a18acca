"""What every handler shares: the services key, the caller, body parsing, the error middleware.

A malformed body is always a 400 (not JSON) or 422 (JSON of the wrong shape), never a 500.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from platform_server import errors
from platform_server.accounts import Caller
from platform_server.services import Services
from platform_server.validation import Schema, validate

log = logging.getLogger(__name__)

SERVICES = web.AppKey("services", Services)
MAX_BODY_BYTES = 64 * 1024

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_STATUS_CODES = {
    400: "invalid_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "invalid_request",
    422: "invalid_request",
    429: "rate_limited",
    503: "unavailable",
}


def services(request: web.Request) -> Services:
    return request.app[SERVICES]


async def caller(request: web.Request) -> Caller:
    """The signed-in account, from `Authorization: Bearer <access_token>`; 401 otherwise."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise errors.not_authenticated("send Authorization: Bearer <access_token>")
    svc = services(request)
    return await svc.db.run(svc.tokens.authenticate, token)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(text: str) -> Any:
    """Strict JSON (no NaN/Infinity); ValueError when it is not JSON."""
    return json.loads(text, parse_constant=_reject_constant)


async def read_body(request: web.Request, schema: Schema) -> dict[str, Any]:
    """The JSON object body checked against `schema`. An empty body counts as `{}`."""
    raw = await request.read()
    if len(raw) > MAX_BODY_BYTES:
        raise errors.invalid("body too large", [f"at most {MAX_BODY_BYTES} bytes"], status=400)
    if raw.strip() == b"":
        body: Any = {}
    else:
        try:
            body = parse_json(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise errors.invalid("body is not valid JSON", [str(exc)[:200]], status=400) from exc
    if not isinstance(body, dict):
        raise errors.invalid("body must be a JSON object", ["body: must be object"])
    problems = validate(body, schema)
    if problems:
        raise errors.invalid("body does not match the schema", problems)
    return body


def json_response(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status)


def error_response(error: errors.ApiError) -> web.Response:
    response = web.json_response(error.body(), status=error.status)
    if error.status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    if error.retry_after is not None:
        response.headers["Retry-After"] = str(error.retry_after)
    return response


# The only query parameters the API knows; anything else is a mistake worth telling the client.
ALLOWED_QUERY: dict[tuple[str, str], frozenset[str]] = {
    ("GET", "/api/v1/call-requests"): frozenset({"state"}),
}


def check_query(request: web.Request) -> None:
    """422 for query parameters an API endpoint does not take, or takes only once."""
    if not request.path.startswith("/api/") or not request.query:
        return
    route = request.match_info.route.resource
    canonical = route.canonical if route is not None else request.path
    allowed = ALLOWED_QUERY.get((request.method, canonical), frozenset())
    unknown = sorted(set(request.query) - allowed)
    if unknown:
        names = ", ".join(repr(name[:40]) for name in unknown[:5])
        raise errors.invalid("unknown query parameter", [f"query: {names} not allowed"])
    repeated = [name for name in allowed if len(request.query.getall(name, [])) > 1]
    if repeated:
        raise errors.invalid("repeated query parameter", [f"query: {repeated[0]} given twice"])


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn every failure into the API's error shape; log unexpected ones without the body."""
    try:
        check_query(request)
        return await handler(request)
    except errors.ApiError as exc:
        return error_response(exc)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = _STATUS_CODES.get(exc.status, "http_error")
        response = error_response(errors.ApiError(exc.status, code, exc.reason))
        if "Allow" in exc.headers:
            response.headers["Allow"] = exc.headers["Allow"]
        return response
    except Exception:
        log.exception("unexpected error in %s %s", request.method, request.path)
        return error_response(errors.ApiError(500, "internal_error", "internal error"))
