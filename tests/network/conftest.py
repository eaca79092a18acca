"""Fixtures of the network layer's tests: a tiny misbehaving platform, a real TURN relay and a
pair of real peers.

The platform is a real aiohttp server on loopback: each test says what a path answers; the server
counts every request, so tests can prove that reads are retried and writes are not. The relay is
coturn on loopback (skipped where it is not installed).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import pytest
from aiohttp import web
from aiortc import AudioStreamTrack, VideoStreamTrack

from advisor_app.domain.models import IceServer
from tests.network.peers import Side, close, make_side

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


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def turn_server() -> Iterator[IceServer]:
    """coturn on a free loopback port with user u:p (relay addresses on loopback too)."""
    binary = shutil.which("turnserver")
    if binary is None:
        pytest.skip("coturn's turnserver is not installed (apt-get install coturn)")
    port = free_udp_port()
    process = subprocess.Popen(
        [
            binary,
            "-n",
            "--listening-ip=127.0.0.1",
            "--relay-ip=127.0.0.1",
            f"--listening-port={port}",
            "--lt-cred-mech",
            "--user=u:p",
            "--realm=test",
            "--no-tls",
            "--no-dtls",
            "--no-cli",
            "--allow-loopback-peers",
            "--min-port=50000",
            "--max-port=50100",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    try:
        yield IceServer((f"turn:127.0.0.1:{port}",), username="u", credential="p")
    finally:
        process.terminate()
        process.wait(timeout=5)


@pytest.fixture
async def peer_pair() -> AsyncIterator[tuple[Side, Side]]:
    """Two real peers with audio and video, not yet connected (`tests.network.peers.connect`):
    the first offers (the advisor's booked-call role), the second answers (the live-call role)."""
    offerer, answerer = make_side(), make_side()
    for side in (offerer, answerer):
        side.peer.set_audio(AudioStreamTrack())
        side.peer.set_video(VideoStreamTrack())
    yield offerer, answerer
    await close(offerer, answerer)
