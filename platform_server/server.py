"""One running platform server on an asyncio loop: start, seed, address, stop."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web

from platform_server.accounts import Passwords
from platform_server.app import build_app
from platform_server.clock import Clock, Ticker
from platform_server.config import PlatformConfig
from platform_server.httpkit import SERVICES
from platform_server.seed import (
    DEMO_ADVISOR_EMAIL,
    DEMO_ADVISOR_PASSWORD,
    ensure_advisor,
    seed_demo,
)
from platform_server.services import Services

log = logging.getLogger(__name__)

SEEDS = ("demo",)


class PlatformServer:
    """Owns the aiohttp runner of one server; call `start` and `stop` on the same loop."""

    def __init__(
        self,
        config: PlatformConfig,
        clock: Clock | None = None,
        passwords: Passwords | None = None,
        ticker: Ticker | None = None,
    ) -> None:
        if config.seed is not None and config.seed not in SEEDS:
            raise ValueError(f"unknown seed {config.seed!r}; known: {', '.join(SEEDS)}")
        self.config = config
        self._clock = clock
        self._passwords = passwords
        self._ticker = ticker
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.advisor_id = ""

    @property
    def services(self) -> Services:
        if self._runner is None:
            raise RuntimeError("server not started")
        return self._runner.app[SERVICES]

    @property
    def base_url(self) -> str:
        host = self.config.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}"

    def ready_info(self) -> dict[str, Any]:
        """What the READY line tells: addresses, the advisor and (demo) their credentials."""
        info: dict[str, Any] = {
            "base_url": self.base_url,
            "customer_url": self.base_url + "/c/",
            "advisor_id": self.advisor_id,
            "email": DEMO_ADVISOR_EMAIL,
            "password": DEMO_ADVISOR_PASSWORD,
            "test_clock": self.config.test_clock,
        }
        return info

    async def start(self) -> None:
        app = build_app(self.config, self._clock, self._passwords, self._ticker)
        svc = app[SERVICES]
        self.advisor_id = await svc.db.run(self._prepare_data, svc)
        # Short shutdown grace: open sockets are closed by the app itself on shutdown.
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.config.host, self.config.port, reuse_address=True)
        await site.start()
        self._runner = runner
        self.port = _bound_port(runner)
        log.info("platform listening on %s", self.base_url)

    def _prepare_data(self, svc: Services) -> str:
        """The advisor's id after start-up data is in place (on the database thread)."""
        conn = svc.db.conn
        svc.passwords.prepare()
        # Nobody is connected right after a start: no advisor takes live calls yet.
        conn.execute("UPDATE accounts SET presence = 'offline' WHERE role = 'advisor'")
        advisor_id = ensure_advisor(conn, svc.clock, svc.passwords)
        if self.config.seed == "demo":
            seed_demo(conn, svc.clock, advisor_id)
        return advisor_id

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
            log.info("platform stopped")


def _bound_port(runner: web.AppRunner) -> int:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    raise RuntimeError("the server has no TCP address")
