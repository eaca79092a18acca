"""HTTP handlers: a call's recorded events (extension: the explanation of a bill)."""

from __future__ import annotations

from aiohttp import web

from platform_server import schemas
from platform_server.httpkit import caller, json_response, read_body, services
from platform_server.wire import parse_ts

routes = web.RouteTableDef()


@routes.post("/api/v1/calls/{call_id}/events")
async def record_call_event(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    body = await read_body(request, schemas.NEW_CALL_EVENT)
    at = parse_ts(body["at"]) if "at" in body else None
    view = await svc.db.run(
        svc.call_events.record,
        who,
        request.match_info["call_id"],
        body["kind"],
        body.get("detail", ""),
        at,
    )
    return json_response(view, status=201)


@routes.get("/api/v1/calls/{call_id}/events")
async def list_call_events(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    events = await svc.db.run(svc.call_events.list_for, who, request.match_info["call_id"])
    return json_response({"events": events})
