"""`RunningPlatform`: a real platform server on loopback, in-process, for everybody's tests.

It runs on a background thread with its own asyncio loop, so synchronous tests, Qt tests and
async tests (on their own loop) can all talk to it over real HTTP and WebSockets. `stop()` and
`start()` keep the port and the data directory, so a client experiences a real server restart.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import sqlite3
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Coroutine
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from argon2 import PasswordHasher

from platform_server.accounts import Passwords
from platform_server.clock import Ticker
from platform_server.config import PlatformConfig
from platform_server.seed import DEMO_ADVISOR_EMAIL, DEMO_ADVISOR_PASSWORD
from platform_server.server import PlatformServer
from platform_server.services import Services

T = TypeVar("T")
# Argon2id with test-sized cost: the same algorithm, a fraction of the time and memory.
FAST_TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


class PlatformRequestError(RuntimeError):
    """A helper request was answered with an error status."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"platform answered {status}: {body[:200]}")
        self.status = status
        self.body = body


class RunningPlatform:
    """Start with `with RunningPlatform(tmp_path) as platform:` (or `start()` / `stop()`)."""

    def __init__(
        self,
        data_dir: Path | str,
        *,
        seed: str | None = "demo",
        ring_timeout: float = 60.0,
        connecting_timeout: float = 60.0,
        access_ttl: int = 900,
        test_clock: bool = False,
        ice_servers: list[str] | tuple[str, ...] = (),
        turn_username: str | None = None,
        turn_password: str | None = None,
        port: int = 0,
        fast_passwords: bool = True,
        ticker: Ticker | None = None,
    ) -> None:
        self._config = PlatformConfig(
            data_dir=Path(data_dir),
            port=port,
            seed=seed,
            ring_timeout=ring_timeout,
            connecting_timeout=connecting_timeout,
            access_ttl=access_ttl,
            test_clock=test_clock,
            ice_servers=tuple(ice_servers),
            turn_username=turn_username,
            turn_password=turn_password,
        )
        self._passwords = Passwords(FAST_TEST_HASHER if fast_passwords else None)
        self._ticker = ticker  # how long call parties are silent: real time unless given
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: PlatformServer | None = None
        self.port = port
        self.advisor_id = ""
        self.advisor_email = DEMO_ADVISOR_EMAIL
        self.advisor_password = DEMO_ADVISOR_PASSWORD

    # ---- lifecycle ---------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def customer_url(self) -> str:
        return self.base_url + "/c/"

    @property
    def data_dir(self) -> Path:
        return self._config.data_dir

    def start(self) -> None:
        """Start (again); after a `stop()` the same port and data directory are used."""
        if self._server is not None:
            return
        self._ensure_loop()
        config = PlatformConfig(**{**self._config.__dict__, "port": self.port})
        server = PlatformServer(config, passwords=self._passwords, ticker=self._ticker)
        self._run(server.start())
        self._server = server
        self.port = server.port
        self.advisor_id = server.advisor_id

    def stop(self) -> None:
        """Stop the server (sockets are closed); the loop thread ends too."""
        server, self._server = self._server, None
        if server is not None:
            self._run(server.stop())
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
            self._loop.close()
        self._loop = None
        self._thread = None

    def __enter__(self) -> RunningPlatform:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ---- helpers for tests -------------------------------------------------------------------
    def create_customer(
        self, email: str | None = None, password: str | None = None
    ) -> dict[str, Any]:
        """Register a customer over HTTP; returns the `Tokens` body (with `password` added)."""
        email = email or f"kunde-{secrets.token_hex(4)}@kunde.example"
        password = password or f"pw-{secrets.token_hex(8)}"
        tokens = self._post("/api/v1/customers", {"email": email, "password": password})
        tokens["email"] = email
        tokens["password"] = password
        return tokens

    def create_advisor(
        self, email: str, password: str, display_name: str = "Test Advisor"
    ) -> dict[str, Any]:
        """Add an advisor account (there is no API for that) and sign in; returns `Tokens`."""
        server = self._require_server()

        async def create() -> None:
            svc = server.services
            password_hash = await svc.passwords.hash_async(password)
            await svc.db.run(svc.accounts.create, "advisor", email, password_hash, display_name)

        self._run(create())
        return self.login(email, password)

    @property
    def services(self) -> Services:
        """The running server's services (call them through `in_database`)."""
        return self._require_server().services

    def in_database(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work(conn)` on the server's database thread (to look at or bend its state)."""
        db = self.services.db

        async def run() -> T:
            return await db.run(work, db.conn)

        return self._run(run())

    def login(self, email: str, password: str) -> dict[str, Any]:
        return self._post("/api/v1/auth/login", {"email": email, "password": password})

    def login_advisor(self) -> dict[str, Any]:
        """Sign in as the demo advisor; returns `Tokens`."""
        return self.login(self.advisor_email, self.advisor_password)

    def advance_clock(self, seconds: float) -> str:
        """Move the platform clock ahead (needs `test_clock=True`); fires due timers."""
        return str(self._post("/api/v1/test/clock", {"advance_seconds": seconds})["server_time"])

    # ---- internals ---------------------------------------------------------------------------
    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(  # noqa: S310 - loopback URL we built ourselves
            self.base_url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                result: dict[str, Any] = json.loads(response.read())
                return result
        except urllib.error.HTTPError as exc:
            # Close the response now: the error object would otherwise keep its socket open.
            with exc:
                text = exc.read().decode("utf-8", "replace")
            raise PlatformRequestError(exc.code, text) from None

    def _require_server(self) -> PlatformServer:
        if self._server is None:
            raise RuntimeError("the platform is not running")
        return self._server

    def _ensure_loop(self) -> None:
        if self._loop is not None:
            return
        loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(loop)
            loop.call_soon(ready.set)
            loop.run_forever()

        self._thread = threading.Thread(target=run, name="platform-server", daemon=True)
        self._loop = loop
        self._thread.start()
        ready.wait()

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=30)
