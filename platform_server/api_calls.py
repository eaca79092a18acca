"""HTTP handlers: live call requests and calls."""

from __future__ import annotations

from aiohttp import web

from platform_server import errors, schemas
from platform_server.calls import call_view
from platform_server.httpkit import caller, json_response, read_body, services
from platform_server.wire import parse_ts

routes = web.RouteTableDef()


@routes.post("/api/v1/call-requests")
async def create_call_request(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    body = await read_body(request, schemas.NEW_CALL_REQUEST)
    svc.limits.check(
        svc.limits.call_requests_by_account, who.account_id, "too many call requests; wait a while"
    )
    view = await svc.db.run(
        svc.call_requests.create, who, body["advisor_id"], body["alias"], int(body["age"])
    )
    return json_response(view, status=201)


@routes.get("/api/v1/call-requests")
async def list_call_requests(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    state = request.query.get("state")
    if state is not None and state not in schemas.CALL_REQUEST_STATES:
        raise errors.invalid(
            "unknown state filter", [f"state: must be one of {schemas.CALL_REQUEST_STATES}"]
        )
    return json_response(
        {"call_requests": await svc.db.run(svc.call_requests.list_for, who, state)}
    )


@routes.get("/api/v1/call-requests/{request_id}")
async def get_call_request(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    return json_response(
        await svc.db.run(svc.call_requests.get_for, who, request.match_info["request_id"])
    )


@routes.post("/api/v1/call-requests/{request_id}/accept")
async def accept_call_request(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    await read_body(request, schemas.EMPTY)
    return json_response(
        await svc.db.run(svc.call_requests.accept, who, request.match_info["request_id"])
    )


@routes.post("/api/v1/call-requests/{request_id}/decline")
async def decline_call_request(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    body = await read_body(request, schemas.DECLINE)
    return json_response(
        await svc.db.run(
            svc.call_requests.decline, who, request.match_info["request_id"], body.get("reason")
        )
    )


@routes.post("/api/v1/call-requests/{request_id}/cancel")
async def cancel_call_request(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    await read_body(request, schemas.EMPTY)
    return json_response(
        await svc.db.run(svc.call_requests.cancel, who, request.match_info["request_id"])
    )


@routes.get("/api/v1/calls")
async def list_calls(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    return json_response({"calls": await svc.db.run(svc.calls.list_for, who)})


@routes.get("/api/v1/calls/{call_id}")
async def get_call(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    return json_response(
        call_view(await svc.db.run(svc.calls.get_for, who, request.match_info["call_id"]))
    )


@routes.post("/api/v1/calls/{call_id}/hangup")
async def hang_up(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    body = await read_body(request, schemas.HANGUP)
    decided_at = parse_ts(body["at"]) if "at" in body else None
    call = await svc.db.run(
        svc.calls.hang_up, who, request.match_info["call_id"], body["reason"], decided_at
    )
    return json_response(call_view(call))
