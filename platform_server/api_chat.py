"""HTTP handlers: chat threads and messages."""

from __future__ import annotations

from aiohttp import web

from platform_server import schemas
from platform_server.httpkit import caller, json_response, read_body, services

routes = web.RouteTableDef()


@routes.get("/api/v1/threads")
async def list_threads(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    return json_response({"threads": await svc.db.run(svc.chat.threads, who)})


@routes.get("/api/v1/threads/{thread_id}/messages")
async def list_messages(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    messages = await svc.db.run(svc.chat.messages, who, request.match_info["thread_id"])
    return json_response({"messages": messages})


@routes.post("/api/v1/threads/{thread_id}/messages")
async def post_message(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    body = await read_body(request, schemas.NEW_MESSAGE)
    svc.limits.check(
        svc.limits.messages_by_account, who.account_id, "too many messages; wait a moment"
    )
    view = await svc.db.run(svc.chat.post, who, request.match_info["thread_id"], body["text"])
    return json_response(view, status=201)
