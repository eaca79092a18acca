"""Who is connected, and delivering events to exactly the accounts that may see them.

Each account has at most one socket (a newer one replaces the older, closed with 4409). Events are
queued per socket and written by one task, so they arrive in the order they were published and a
slow client cannot stall the service code that publishes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

CLOSE_REPLACED = 4409
# A client this far behind is not reading; drop it rather than grow without bound.
MAX_QUEUED_EVENTS = 1000


class Connection:
    """One authenticated socket with its ordered outbound queue."""

    def __init__(self, account_id: str, role: str, socket: web.WebSocketResponse) -> None:
        self.account_id = account_id
        self.role = role
        self.socket = socket
        self._queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self._close_code = 1000
        self._writer = asyncio.get_running_loop().create_task(self._write_all())

    def send(self, event: dict[str, Any]) -> None:
        if self._queue.qsize() >= MAX_QUEUED_EVENTS:
            log.warning("dropping a socket that stopped reading (account %s)", self.account_id)
            self.close(1008)
            return
        self._queue.put_nowait(event)

    def close(self, code: int) -> None:
        """Close after the queued events are written."""
        self._queue.put_nowait(None)
        self._close_code = code

    async def _write_all(self) -> None:
        try:
            while (event := await self._queue.get()) is not None:
                await self.socket.send_json(event)
            await self.socket.close(code=self._close_code)
        except (ConnectionError, RuntimeError):
            # The peer went away while we wrote; its handler cleans up.
            return

    async def finish(self) -> None:
        self._writer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._writer


class EventHub:
    """Routes events to connected accounts."""

    def __init__(self) -> None:
        self._connections: dict[str, Connection] = {}

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
        """Send `{"type", "data"}` to one account if it is connected."""
        connection = self._connections.get(account_id)
        if connection is not None:
            connection.send({"type": event_type, "data": data})

    def send_raw(self, account_id: str, message: dict[str, Any]) -> bool:
        """Send a ready-made message (signalling); False when the account is not connected."""
        connection = self._connections.get(account_id)
        if connection is None:
            return False
        connection.send(message)
        return True

    def broadcast(self, event_type: str, data: dict[str, Any]) -> None:
        """Send public information (advisor presence) to every connected account."""
        for connection in list(self._connections.values()):
            connection.send({"type": event_type, "data": data})

    async def close_all(self) -> None:
        for connection in list(self._connections.values()):
            connection.close(1001)
        self._connections.clear()
