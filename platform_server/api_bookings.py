"""HTTP handlers: bookings (and the booked call, an extension of the contract)."""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from platform_server import schemas
from platform_server.httpkit import caller, json_response, read_body, services
from platform_server.wire import parse_ts

routes = web.RouteTableDef()


def _slot(text: str) -> datetime:
    parsed = parse_ts(text)
    assert parsed is not None  # the schema's date-time check ran first
    return parsed


@routes.post("/api/v1/bookings")
async def create_booking(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    body = await read_body(request, schemas.NEW_BOOKING)
    view = await svc.db.run(
        svc.bookings.create,
        who,
        advisor_id=body["advisor_id"],
        alias=body["alias"],
        age=int(body["age"]),
        wished_slots=[_slot(s) for s in body["wished_slots"]],
        duration_minutes=int(body["duration_minutes"]),
        request_text=body["request_text"],
    )
    return json_response(view, status=201)


@routes.get("/api/v1/bookings")
async def list_bookings(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    return json_response({"bookings": await svc.db.run(svc.bookings.list_for, who)})


@routes.get("/api/v1/bookings/{booking_id}")
async def get_booking(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    return json_response(
        await svc.db.run(svc.bookings.get_for, who, request.match_info["booking_id"])
    )


@routes.post("/api/v1/bookings/{booking_id}/confirm")
async def confirm_booking(request: web.Request) -> web.Response:
    who = await caller(request)
    body = await read_body(request, schemas.CONFIRM)
    svc = services(request)
    return json_response(
        await svc.db.run(
            svc.bookings.confirm, who, request.match_info["booking_id"], _slot(body["slot"])
        )
    )


@routes.post("/api/v1/bookings/{booking_id}/decline")
async def decline_booking(request: web.Request) -> web.Response:
    who = await caller(request)
    body = await read_body(request, schemas.DECLINE)
    svc = services(request)
    return json_response(
        await svc.db.run(
            svc.bookings.decline, who, request.match_info["booking_id"], body.get("reason")
        )
    )


@routes.post("/api/v1/bookings/{booking_id}/cancel")
async def cancel_booking(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    await read_body(request, schemas.EMPTY)
    return json_response(
        await svc.db.run(svc.bookings.cancel, who, request.match_info["booking_id"])
    )


@routes.post("/api/v1/bookings/{booking_id}/pay")
async def pay_booking(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    await read_body(request, schemas.EMPTY)
    return json_response(await svc.db.run(svc.bookings.pay, who, request.match_info["booking_id"]))


@routes.post("/api/v1/bookings/{booking_id}/verify")
async def verify_booking_code(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    body = await read_body(request, schemas.VERIFY)
    valid = await svc.db.run(
        svc.bookings.verify, who, request.match_info["booking_id"], body["code"]
    )
    return json_response({"valid": valid})


@routes.post("/api/v1/bookings/{booking_id}/call")
async def start_booked_call(request: web.Request) -> web.Response:
    """Extension: the advisor starts the call of a confirmed, paid booking."""
    who = await caller(request)
    svc = services(request)
    await read_body(request, schemas.EMPTY)
    view = await svc.db.run(svc.bookings.start_call, who, request.match_info["booking_id"])
    return json_response(view, status=201)
