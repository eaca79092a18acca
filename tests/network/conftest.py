"""A tiny misbehaving platform (a real aiohttp server on loopback) for the network layer's tests.

Each test says what a path answers; the server counts every request, so tests can prove that
reads are retried and writes are not.
"""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class TinyServer:
    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Handler] = {}
        self.hits: Counter[tuple[str, str]] = Counter()
        self.headers: list[dict[str, str]] = []
        self.base_url = ""
        self._runner: web.AppRunner | None = None

    def answer(self, method: str, path: str, handler: Handler) -> None:
        self.routes[(method, path)] = handler

    def answer_json(self, method: str, path: str, body: object, status: int = 200) -> None:
        async def reply(_: web.Request) -> web.StreamResponse:
            return web.json_response(body, status=status)

        self.answer(method, path, reply)

    def answer_text(self, method: str, path: str, text: str, status: int = 200) -> None:
        async def reply(_: web.Request) -> web.StreamResponse:
            return web.Response(text=text, status=status, content_type="application/json")

        self.answer(method, path, reply)

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        key = (request.method, request.path)
        self.hits[key] += 1
        self.headers.append(dict(request.headers))
        handler = self.routes.get(key)
        if handler is None:
            return web.json_response(
                {"error": {"code": "not_found", "message": "no such route"}}, status=404
            )
        return await handler(request)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
async def tiny_server() -> AsyncIterator[TinyServer]:
    server = TinyServer()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def dead_url() -> str:
    """An address where nothing listens (a port that was free a moment ago)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
