"""Who is connected, and delivering events to exactly the accounts that may see them.

Each account has at most one socket (a newer one replaces the older, closed with 4409). Events are
queued per socket and written by one task, so they arrive in the order they were published and a
slow client cannot stall the service code that publishes.

Services publish from the database thread (`db.Database.run`); the hub carries each event over to
the event loop (`call_soon_threadsafe`, first in first out), where every socket lives.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any

from aiohttp import WSMessage, WSMsgType, web

log = logging.getLogger(__name__)

CLOSE_REPLACED = 4409
# The socket's access token expired (renew it with a `renew` message before that): sign in again
# (refresh) and reconnect, as after a refused hello.
CLOSE_TOKEN_EXPIRED = 4401
# The socket's session ended: signed out, or revoked because its refresh token was used twice.
CLOSE_SIGNED_OUT = 4403
# A client this far behind is not reading; drop it rather than grow without bound.
MAX_QUEUED_EVENTS = 1000


class Connection:
    """One authenticated socket with its ordered outbound queue.

    The handler reads with `messages()`; whoever decides the socket must go calls `close(code)`.
    The close is performed by the reading task after the queued events are written, so the
    close handshake completes and the client sees the code (a close from a second task while a
    read is pending makes aiohttp drop the transport before the client's reply: 1006).
    """

    def __init__(
        self,
        account_id: str,
        role: str,
        socket: web.WebSocketResponse,
        session_id: str = "",
        expires_at: datetime | None = None,
    ) -> None:
        self.account_id = account_id
        self.role = role
        self.socket = socket
        # The sign-in and the access token the socket rests on: it closes when either ends.
        self.session_id = session_id
        self.expires_at = expires_at
        self._queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self._close_code: int | None = None
        loop = asyncio.get_running_loop()
        self._drained: asyncio.Future[None] = loop.create_future()
        self._writer = loop.create_task(self._write_all())
        self._writer.add_done_callback(self._writer_done)

    @property
    def closing(self) -> bool:
        """A close was asked for or the socket is gone: nothing more is sent."""
        return self._close_code is not None or self.socket.closed

    def send(self, event: dict[str, Any]) -> None:
        """Queue one event; dropped without a word once the socket is closing."""
        if self.closing:
            return
        if self._queue.qsize() >= MAX_QUEUED_EVENTS:
            log.warning("dropping a socket that stopped reading (account %s)", self.account_id)
            self._close_code = 1008
            self._writer.cancel()  # its events are moot: the reading task closes at once
            return
        self._queue.put_nowait(event)

    def close(self, code: int) -> None:
        """Close after the queued events are written (the first code asked for wins)."""
        if self._close_code is None:
            self._close_code = code
            self._queue.put_nowait(None)

    async def messages(self) -> AsyncIterator[WSMessage]:
        """The client's messages until it leaves or `close` was asked for (then closes)."""
        while not self.socket.closed:
            receiving = asyncio.ensure_future(self.socket.receive())
            either: set[asyncio.Future[Any]] = {receiving, self._drained}
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
            if not receiving.done():
                receiving.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await receiving
                # No drain: a client that stopped reading must not hold the close up.
                await self.socket.close(code=self._close_code or 1000, drain=False)
                return
            message = receiving.result()
            if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED):
                return
            if message.type == WSMsgType.ERROR:
                return
            yield message

    async def _write_all(self) -> None:
        try:
            while (event := await self._queue.get()) is not None:
                await self.socket.send_json(event)
        except (ConnectionError, RuntimeError):
            # The peer went away while we wrote; its handler cleans up.
            self._close_code = self._close_code or 1006

    def _writer_done(self, _task: asyncio.Task[None]) -> None:
        if not self._drained.done():
            self._drained.set_result(None)

    async def finish(self) -> None:
        self._writer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._writer


class EventHub:
    """Routes events to connected accounts."""

    def __init__(self) -> None:
        self._connections: dict[str, Connection] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """The loop the sockets live on; events published elsewhere are carried over to it."""
        self._loop = loop

    def attach(self, connection: Connection) -> None:
        """Register a socket; an older socket of the same account is closed with 4409."""
        older = self._connections.get(connection.account_id)
        self._connections[connection.account_id] = connection
        if older is not None:
            older.close(CLOSE_REPLACED)

    def detach(self, connection: Connection) -> None:
        if self._connections.get(connection.account_id) is connection:
            del self._connections[connection.account_id]

    def is_current(self, connection: Connection) -> bool:
        return self._connections.get(connection.account_id) is connection

    def publish(self, account_id: str, event_type: str, data: dict[str, Any]) -> None:
        """Send `{"type", "data"}` to one account if it is connected (from any thread)."""
        self._on_loop(self._deliver, account_id, {"type": event_type, "data": data})

    def _deliver(self, account_id: str, message: dict[str, Any]) -> None:
        connection = self._connections.get(account_id)
        if connection is not None:
            connection.send(message)

    def send_raw(self, account_id: str, message: dict[str, Any]) -> bool:
        """Send a ready-made message (signalling); False when the account is not connected."""
        connection = self._connections.get(account_id)
        if connection is None:
            return False
        connection.send(message)
        return True

    def broadcast(self, event_type: str, data: dict[str, Any]) -> None:
        """Send public information (advisor presence) to every connected account (any thread)."""
        self._on_loop(self._deliver_to_all, {"type": event_type, "data": data})

    def _deliver_to_all(self, message: dict[str, Any]) -> None:
        for connection in list(self._connections.values()):
            connection.send(message)

    def _on_loop(self, deliver: Callable[..., None], *args: Any) -> None:
        """Deliver now when on the hub's loop, else hand over to it (keeping the order)."""
        loop = self._loop
        if loop is None or _running_loop() is loop:
            deliver(*args)
        else:
            loop.call_soon_threadsafe(deliver, *args)

    def end_session(self, session_id: str) -> None:
        """Close the socket of a session that was revoked (4403), from any thread."""
        self._on_loop(self._close_where, lambda c: c.session_id == session_id, CLOSE_SIGNED_OUT)

    def close_expired(self, now: datetime) -> None:
        """Close sockets whose access token has expired (4401); on the loop, with the sweep."""
        self._close_where(
            lambda c: c.expires_at is not None and c.expires_at <= now, CLOSE_TOKEN_EXPIRED
        )

    def _close_where(self, matches: Callable[[Connection], bool], code: int) -> None:
        for connection in list(self._connections.values()):
            if matches(connection):
                log.info("closing the socket of account %s (%d)", connection.account_id, code)
                connection.close(code)
                self.detach(connection)

    async def close_all(self) -> None:
        for connection in list(self._connections.values()):
            connection.close(1001)
        self._connections.clear()


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
