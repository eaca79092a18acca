"""`CallParty`: one party of a call on a real event socket, for tests that drive billing by hand.

It signs in on `/api/v1/ws`, sends heartbeats when told (`beat`) or every 2 s (`keep_beating`),
sends signals, and can vanish without a goodbye (`vanish`: the TCP connection is cut, as when
the party's process is killed). Like a real client it moves its socket onto a fresh access token
(`renew`), or opens it again when the platform closed it because the old token expired (a jump
of the test clock past the token's 15 minutes closes the socket with 4401). It runs on its own
thread and loop, so synchronous tests can use it next to `RunningPlatform`. `beat` returns once
the platform has handled the heartbeat (a `ping` sent after it has been answered: the socket's
messages are handled in order).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
from collections.abc import Coroutine
from types import TracebackType
from typing import Any, TypeVar

import aiohttp

from platform_server.call_billing import HEARTBEAT_INTERVAL

T = TypeVar("T")
TIMEOUT_S = 10.0


class CallParty:
    """Use as `with CallParty(platform.base_url, tokens["access_token"]) as party:`."""

    def __init__(self, base_url: str, access_token: str) -> None:
        self._url = base_url.replace("http", "ws", 1) + "/api/v1/ws"
        self._token = access_token
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._http: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None
        self._beating: asyncio.Task[None] | None = None
        self._beats: tuple[str, bool] | None = None  # what `keep_beating` was asked for
        self._pongs: dict[int, asyncio.Future[None]] = {}
        self._renewed: asyncio.Future[None] | None = None
        self._ids = itertools.count(1)
        self._messages: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> CallParty:
        self._thread.start()
        self._run(self._open())
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._run(self._close(abrupt=False))
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()

    def vanish(self) -> None:
        """Stop beating and drop the connection without a close frame (a killed process)."""
        self._run(self._close(abrupt=True))

    # -- what a party says -------------------------------------------------------------------
    def beat(self, call_id: str, media: bool = True) -> None:
        """One heartbeat, handled by the platform when this returns."""
        self._run(self._beat(call_id, media))

    def keep_beating(self, call_id: str, media: bool = True) -> None:
        """Heartbeats every 2 s from now on (until `stop_beating`, `vanish` or the end)."""
        self._run(self._start_beating(call_id, media))

    def stop_beating(self) -> None:
        self._run(self._stop_beating())

    def renew(self, access_token: str) -> None:
        """Carry on with a fresh access token: renew the socket, or reopen it if it was closed."""
        self._run(self._renew(access_token))

    def signal(self, call_id: str, data: dict[str, Any]) -> None:
        """Send a signal (and wait until the platform handled it)."""
        self._run(self._send_and_sync({"type": "signal", "call_id": call_id, "data": data}))

    def received(self, of_type: str) -> list[dict[str, Any]]:
        """Every message of `of_type` received so far."""
        with self._lock:
            return [m for m in self._messages if m.get("type") == of_type]

    # -- on the party's loop -----------------------------------------------------------------
    async def _open(self) -> None:
        self._http = aiohttp.ClientSession()
        self._ws = await self._http.ws_connect(self._url)
        await self._ws.send_str(json.dumps({"type": "hello", "access_token": self._token}))
        welcome = json.loads((await self._ws.receive(timeout=TIMEOUT_S)).data)
        if welcome.get("type") != "welcome":
            raise RuntimeError(f"the platform refused the socket: {welcome}")
        self._reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        assert self._ws is not None
        async for message in self._ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            data = json.loads(message.data)
            with self._lock:
                self._messages.append(data)
            waiter = self._pongs.pop(data.get("id"), None) if data.get("type") == "pong" else None
            if data.get("type") == "renewed":
                waiter = self._renewed
            if waiter is not None and not waiter.done():
                waiter.set_result(None)

    async def _renew(self, access_token: str) -> None:
        self._token = access_token
        assert self._ws is not None
        assert self._reader is not None
        if not self._ws.closed:
            self._renewed = asyncio.get_running_loop().create_future()
            await self._send({"type": "renew", "access_token": access_token})
            # Renewed, or closed by the sweep before the renew arrived (the token had expired).
            waiting = {self._renewed, self._reader}
            await asyncio.wait(waiting, timeout=TIMEOUT_S, return_when=asyncio.FIRST_COMPLETED)
            if self._renewed.done():
                return
        beats = self._beats
        await self._close(abrupt=False)
        await self._open()
        if beats is not None:  # the regular beats go on over the new socket
            await self._start_beating(*beats)

    async def _beat(self, call_id: str, media: bool) -> None:
        await self._send_and_sync({"type": "heartbeat", "call_id": call_id, "media": media})

    async def _beat_forever(self, call_id: str, media: bool) -> None:
        while True:
            await self._send({"type": "heartbeat", "call_id": call_id, "media": media})
            await asyncio.sleep(HEARTBEAT_INTERVAL.total_seconds())

    async def _start_beating(self, call_id: str, media: bool) -> None:
        await self._stop_beating()
        self._beats = (call_id, media)
        self._beating = asyncio.get_running_loop().create_task(self._beat_forever(call_id, media))

    async def _stop_beating(self) -> None:
        self._beats = None
        if self._beating is not None:
            self._beating.cancel()
            # A beat may have failed already: the platform closed the socket under it.
            with contextlib.suppress(asyncio.CancelledError, aiohttp.ClientError):
                await self._beating
            self._beating = None

    async def _send(self, message: dict[str, Any]) -> None:
        assert self._ws is not None
        await self._ws.send_str(json.dumps(message))

    async def _send_and_sync(self, message: dict[str, Any]) -> None:
        ping_id = next(self._ids)
        answered = asyncio.get_running_loop().create_future()
        self._pongs[ping_id] = answered
        await self._send(message)
        await self._send({"type": "ping", "id": ping_id})
        await asyncio.wait_for(answered, TIMEOUT_S)

    async def _close(self, *, abrupt: bool) -> None:
        await self._stop_beating()
        # Abrupt: no close frame; closing the HTTP session drops the TCP connection underneath.
        if self._ws is not None and not self._ws.closed and not abrupt:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, aiohttp.ClientError):
                await self._reader
        if self._http is not None:
            await self._http.close()
        self._ws = self._http = self._reader = None

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=2 * TIMEOUT_S)
