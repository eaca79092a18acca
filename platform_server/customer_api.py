"""The simulated customer's side of the platform API, built from the app's own clients: REST
through `network.api_client.PlatformClient` (in a worker thread) and the event socket through
`network.event_stream.EventStream`. Used by the simulated customer (`customer_bot`) and by the
tests' customer parties (tests/e2e/booked_customer.py).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from advisor_app.domain.models import (
    Advisor,
    Booking,
    Call,
    CallRequest,
    ChatMessage,
    IceServer,
)
from network.api_client import PlatformClient
from network.errors import NetworkUnreachable, PlatformError, RateLimited, ServerError
from network.event_stream import EventStream

log = logging.getLogger("customer_bot")
T = TypeVar("T")


class BotError(Exception):
    """A step failed; the message says which."""


class PlatformUnavailableError(BotError):
    """The platform answered 5xx or 429: worth trying again."""


@dataclass(frozen=True, slots=True)
class Signal:
    """A signal relayed by the platform (offer, answer, ICE, hang-up) for one call."""

    call_id: str
    from_: str
    data: dict[str, Any]


Event = CallRequest | Call | Signal  # what the bot and the test parties wait for


class CustomerApi:
    """The customer's side of the API through the app's own clients: REST through
    `PlatformClient` (in a worker thread) with the customer's token, and the event socket through
    `network.event_stream.EventStream` (reconnects, pings, typed events), whose call requests,
    calls and signals arrive in `events` in order."""

    def __init__(self, server: str) -> None:
        # A test platform may sit on a private address in a lab (tests/netns), over plain http.
        self.client = PlatformClient(server, plain_http_anywhere=True)
        self.token = ""
        self._refresh_token = ""
        self.events: asyncio.Queue[Event] = asyncio.Queue()
        self.clock_offset = timedelta()  # the platform's clock minus ours, from `welcome`
        self._stream: EventStream | None = None
        self._welcomed = asyncio.Event()

    async def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        return await self.platform(f"{method} {path}", self.client.request_json, method, path, body)

    async def platform(self, what: str, call: Callable[..., T], *args: Any) -> T:
        """One REST call in a worker thread; 5xx, 429 and no connection raise
        `PlatformUnavailableError` (worth trying again), any other refusal `BotError`."""
        try:
            return await asyncio.to_thread(call, *args)
        except (ServerError, RateLimited, NetworkUnreachable) as exc:
            raise PlatformUnavailableError(f"{what}: {exc}") from exc
        except PlatformError as exc:
            raise BotError(f"{what}: {exc}") from exc

    async def ice_servers(self) -> tuple[IceServer, ...]:
        return await self.platform("ICE servers", self.client.ice_servers)

    async def register(self) -> None:
        email = f"bot-{secrets.token_hex(4)}@kunde.example"
        password = secrets.token_urlsafe(12)
        try:
            tokens = await asyncio.to_thread(self.client.register_customer, email, password)
        except PlatformError as exc:
            raise BotError(f"registering: {exc}") from exc
        self.token, self._refresh_token = tokens.access_token, tokens.refresh_token
        self.client.token_provider = lambda: self.token
        log.info("registered as customer %s", tokens.account.id)

    async def open_socket(self, within_s: float = 10.0) -> None:
        """Opens the event socket and waits for the platform's welcome."""
        self._stream = EventStream(self.client.ws_url, self._current_token, self)
        self._stream.start()
        try:
            await asyncio.wait_for(self._welcomed.wait(), within_s)
        except TimeoutError:
            raise BotError("event socket: no welcome from the platform") from None

    @property
    def connected(self) -> bool:
        """The event socket is open and welcomed now."""
        return self._stream is not None and self._stream.connected

    async def _current_token(self) -> str:
        return self.token

    def platform_now(self) -> datetime:
        """The platform's time now, as far as this side knows it."""
        return datetime.now(UTC) + self.clock_offset

    # -- the event socket's reports (`network.event_stream.EventHandler`) ------------------------

    def on_connected(self, server_time: datetime) -> None:
        self.clock_offset = server_time - datetime.now(UTC)
        if self._welcomed.is_set():
            log.info("event socket open again")
        self._welcomed.set()

    def on_disconnected(self, reason: str, retry_in: float) -> None:
        log.info("event socket: %s; again in %.1f s", reason, retry_in)

    def on_stopped(self, reason: str) -> None:
        log.warning("event socket closed for good: %s", reason)

    async def on_not_signed_in(self) -> bool:
        """The customer's access token ran out: a fresh one from the refresh token."""
        try:
            tokens = await asyncio.to_thread(self.client.refresh, self._refresh_token)
        except PlatformError as exc:
            log.warning("could not renew the customer's sign-in: %s", exc)
            return False
        self.token, self._refresh_token = tokens.access_token, tokens.refresh_token
        return True

    def on_call_request(self, request: CallRequest) -> None:
        self.events.put_nowait(request)

    def on_call(self, call: Call) -> None:
        self.events.put_nowait(call)

    def on_signal(self, call_id: str, from_: str, data: dict[str, object]) -> None:
        self.events.put_nowait(Signal(call_id, from_, dict(data)))

    def on_booking(self, booking: Booking) -> None:
        pass  # the bot books but does not follow its bookings

    def on_presence(self, advisor: Advisor) -> None:
        pass

    def on_message(self, message: ChatMessage) -> None:
        pass

    def on_error_event(self, code: str, message: str) -> None:  # noqa: ARG002 - may name people
        log.info("the platform reports an error: %s", code)

    # -- sending -------------------------------------------------------------------------------

    async def send(self, message: dict[str, Any]) -> None:
        """One message on the event socket; raises `ConnectionError` while it is down."""
        if self._stream is None:
            raise ConnectionError("no event socket")
        try:
            await self._stream.send(message)
        except PlatformError as exc:
            raise ConnectionError(str(exc)) from exc

    async def signal(self, call_id: str, data: dict[str, Any]) -> None:
        await self.send({"type": "signal", "call_id": call_id, "data": data})

    async def next_event(self, within_s: float) -> Event:
        return await asyncio.wait_for(self.events.get(), within_s)

    async def close(self) -> None:
        if self._stream is not None:
            await self._stream.close()
        self.client.close()
