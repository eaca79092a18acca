"""HTTP handlers: sign-in, tokens, registration, the own account, advisors and presence."""

from __future__ import annotations

from aiohttp import web

from platform_server import errors, schemas
from platform_server.accounts import account_view, advisor_view
from platform_server.httpkit import caller, json_response, read_body, services
from platform_server.parties import require_role
from platform_server.password_rule import password_problem
from platform_server.ratelimit import client_address
from platform_server.sign_in import checked_account

routes = web.RouteTableDef()


@routes.post("/api/v1/auth/login")
async def login(request: web.Request) -> web.Response:
    body = await read_body(request, schemas.LOGIN)
    svc = services(request)
    address = client_address(request)
    account = await checked_account(svc, address, body["email"], body["password"])
    return json_response(await svc.db.run(svc.tokens.sign_in, account))


@routes.post("/api/v1/auth/refresh")
async def refresh(request: web.Request) -> web.Response:
    body = await read_body(request, schemas.REFRESH)
    svc = services(request)
    return json_response(await svc.db.run(svc.tokens.refresh, body["refresh_token"]))


@routes.post("/api/v1/auth/logout")
async def logout(request: web.Request) -> web.Response:
    body = await read_body(request, schemas.REFRESH)
    svc = services(request)
    await svc.db.run(svc.tokens.sign_out, body["refresh_token"])
    return web.Response(status=204)


@routes.post("/api/v1/customers")
async def register_customer(request: web.Request) -> web.Response:
    """A new customer; a taken email is never told as such (no 409): the request is then a
    sign-in with the password given, which the owner passes and anyone else fails as at
    `/auth/login` (one Argon2 run either way, and the same limits)."""
    body = await read_body(request, schemas.REGISTER)
    svc = services(request)
    address = client_address(request)
    svc.limits.check(
        svc.limits.registrations_by_address, address, "too many new accounts from here"
    )
    problem = password_problem(body["password"], body["email"])
    if problem is not None:
        raise errors.invalid("the password is not safe enough", [f"password: {problem}"])
    if await svc.db.run(svc.accounts.find_by_email, body["email"]) is None:
        password_hash = await svc.passwords.hash_async(body["password"])
        try:
            account = await svc.db.run(
                svc.accounts.create, "customer", body["email"], password_hash
            )
        except errors.ApiError as exc:
            if exc.status != 409:  # taken meanwhile: sign in as below
                raise
            account = await checked_account(svc, address, body["email"], body["password"])
    else:
        account = await checked_account(svc, address, body["email"], body["password"])
    return json_response(await svc.db.run(svc.tokens.sign_in, account), status=201)


@routes.get("/api/v1/me")
async def me(request: web.Request) -> web.Response:
    who = await caller(request)
    svc = services(request)
    return json_response(account_view(await svc.db.run(svc.accounts.get, who.account_id)))


@routes.put("/api/v1/me/presence")
async def set_presence(request: web.Request) -> web.Response:
    who = await caller(request)
    require_role(who, "advisor")
    body = await read_body(request, schemas.PRESENCE_CHANGE)
    svc = services(request)
    return json_response(await svc.db.run(svc.presence.set, who.account_id, body["presence"]))


@routes.get("/api/v1/advisors")
async def list_advisors(request: web.Request) -> web.Response:
    svc = services(request)
    advisors = [advisor_view(row) for row in await svc.db.run(svc.accounts.advisors)]
    return json_response({"advisors": advisors})


@routes.get("/api/v1/advisors/{advisor_id}")
async def get_advisor(request: web.Request) -> web.Response:
    svc = services(request)
    row = await svc.db.run(svc.accounts.advisor, request.match_info["advisor_id"])
    return json_response(advisor_view(row))
