"""HTTP handlers: server time, ICE servers, the test clock."""

from __future__ import annotations

from aiohttp import web

from platform_server import errors, schemas
from platform_server.httpkit import caller, json_response, read_body, services
from platform_server.wire import format_ts

routes = web.RouteTableDef()


@routes.get("/api/v1/time")
async def server_time(request: web.Request) -> web.Response:
    return json_response({"server_time": format_ts(services(request).clock.now())})


@routes.get("/api/v1/ice-servers")
async def ice_servers(request: web.Request) -> web.Response:
    await caller(request)
    return json_response({"ice_servers": services(request).config.ice_server_list()})


@routes.post("/api/v1/test/clock")
async def advance_clock(request: web.Request) -> web.Response:
    """Test mode only: move the platform clock ahead and fire the timers that became due."""
    svc = services(request)
    clock = svc.test_clock
    if clock is None:
        raise errors.not_found("resource")
    body = await read_body(request, schemas.ADVANCE_CLOCK)
    clock.advance(float(body["advance_seconds"]))
    await svc.db.run(svc.sweep)
    svc.hub.close_expired(clock.now())
    return json_response({"server_time": format_ts(clock.now())})
