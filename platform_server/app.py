"""Assembling one platform server: database, services, routes, middlewares and the timer sweep."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from platform_server import (
    api_accounts,
    api_bookings,
    api_call_events,
    api_calls,
    api_chat,
    api_network_test,
    api_platform,
    errors,
    log_hygiene,
)
from platform_server.accounts import Passwords
from platform_server.clock import AdjustableClock, Clock, SystemClock, SystemTicker, Ticker
from platform_server.config import PlatformConfig
from platform_server.db import Database
from platform_server.httpkit import SERVICES, error_middleware, json_response
from platform_server.openapi import openapi_document
from platform_server.services import Services, build_services
from platform_server.static_site import add_routes as add_page_routes
from platform_server.static_site import security_headers
from platform_server.websocket import websocket_handler

log = logging.getLogger(__name__)


async def _openapi(_request: web.Request) -> web.Response:
    return json_response(openapi_document())


async def _sweep_forever(svc: Services) -> None:
    """Fire due timers (ring, connecting, no-show, booked end) every `sweep_interval` seconds.

    While the database is unavailable the sweep is skipped, said once in the log (not twice a
    second), and its timers fire on the first sweep after.
    """
    unavailable = False
    while True:
        await asyncio.sleep(svc.config.sweep_interval)
        try:
            await svc.db.run(svc.sweep)
        except errors.ApiError as exc:
            if not unavailable:
                log.warning("timer sweep skipped until the database answers: %s", exc.code)
            unavailable = True
            continue
        except Exception:
            log.exception("timer sweep failed")
        if unavailable:
            log.info("timer sweep running again")
        unavailable = False
        svc.hub.close_expired(svc.clock.now())


def build_app(
    config: PlatformConfig,
    clock: Clock | None = None,
    passwords: Passwords | None = None,
    ticker: Ticker | None = None,
) -> web.Application:
    """The aiohttp application; the database opens on startup and closes on cleanup.

    `ticker` measures how long call parties are silent (real time unless a test gives its own).
    """
    log_hygiene.install()
    if clock is None:
        clock = AdjustableClock() if config.test_clock else SystemClock()
    svc = build_services(
        config,
        Database.open(config.data_dir),
        clock,
        passwords or Passwords(),
        ticker or SystemTicker(),
    )
    app = web.Application(middlewares=[security_headers, error_middleware])
    app[SERVICES] = svc
    modules = (
        api_accounts,
        api_platform,
        api_calls,
        api_call_events,
        api_bookings,
        api_chat,
        api_network_test,
    )
    for module in modules:
        app.router.add_routes(module.routes)
    app.router.add_get("/api/v1/openapi.json", _openapi)
    app.router.add_get("/api/v1/ws", websocket_handler)
    add_page_routes(app)
    app.on_shutdown.append(_close_sockets)
    app.cleanup_ctx.append(_lifetime)
    return app


async def _close_sockets(app: web.Application) -> None:
    """Close every event socket (1001 going away) so shutdown does not wait for clients."""
    await app[SERVICES].hub.close_all()


async def _lifetime(app: web.Application) -> AsyncIterator[None]:
    svc = app[SERVICES]
    svc.hub.bind(asyncio.get_running_loop())
    sweeper = asyncio.get_running_loop().create_task(_sweep_forever(svc))
    yield
    sweeper.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await sweeper
    await asyncio.get_running_loop().run_in_executor(None, svc.db.close)
