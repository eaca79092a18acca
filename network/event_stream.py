"""The platform's event and signalling WebSocket, kept open for as long as the advisor is signed in.

Runs on the engine loop (aiohttp). Each connection authenticates with `hello` and a freshly fetched
access token (it may have been refreshed since the last one). An application-level ping every
~10 s detects a dead link that TCP would not notice for minutes: after two unanswered pings, or
when nothing at all arrives for three ping intervals, the connection counts as dead. Lost
connections are retried forever with exponential backoff and jitter (0.5 s up to 15 s) until
`close()`. When the line under the socket may have died (a call's media stopped arriving, as when
the computer moved to another network), `check()` makes the link prove itself at once: no answer
within 2 s, and a fresh connection is made then, not 20-30 s later. Events are parsed strictly
(`network.wire`); a malformed one is logged by type only (its content may be a customer's
details) and skipped, so one bad event never stops the stream.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import itertools
import json
import logging
import random
import ssl
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Protocol

import aiohttp

from advisor_app.domain.models import Advisor, Booking, Call, CallRequest, ChatMessage
from advisor_app.domain.texts import N_
from network import bounded_json, wire
from network.errors import (
    InvalidRequest,
    MalformedPayload,
    NetworkUnreachable,
    NotSignedIn,
    PlatformError,
)

log = logging.getLogger(__name__)

PING_INTERVAL = 10.0
MISSED_PONGS = 2
CHECK_WITHIN = 2.0  # `check()`: a live link answers a ping within a round trip (a loaded one too)
CONNECT_TIMEOUT = 10.0  # the platform waits 10 s for `hello`; we wait as long for `welcome`
BACKOFF_FIRST = 0.5
BACKOFF_CAP = 15.0
MAX_MESSAGE_BYTES = 64 * 1024  # the platform rejects larger messages
# Events nest a few levels (a signal's data is a relayed object: the customer's, bounded here).
MAX_DEPTH = 16
CLOSE_NOT_SIGNED_IN = 4401  # the hello's token was refused, or the socket's token expired
CLOSE_SIGNED_OUT = 4403  # the session was revoked (signed out elsewhere, refresh token reused)
CLOSE_REPLACED = 4409

TokenSource = Callable[[], Awaitable[str]]


class EventHandler(Protocol):
    """Receives the stream's events on the engine loop; methods must not block."""

    def on_connected(self, server_time: datetime) -> None:
        """Welcomed by the platform (first connect or reconnect): time to resynchronise."""

    def on_disconnected(self, reason: str, retry_in: float) -> None:
        """The link is down (or could not be made); the next attempt starts in `retry_in` s."""

    def on_stopped(self, reason: str) -> None:
        """The stream gave up for good (not signed in, or replaced by another window)."""

    async def on_not_signed_in(self) -> bool:
        """The platform refused the token (close 4401): refresh it; True to reconnect."""

    def on_call_request(self, request: CallRequest) -> None: ...

    def on_booking(self, booking: Booking) -> None: ...

    def on_call(self, call: Call) -> None: ...

    def on_presence(self, advisor: Advisor) -> None: ...

    def on_message(self, message: ChatMessage) -> None: ...

    def on_signal(self, call_id: str, from_: str, data: dict[str, object]) -> None: ...

    def on_error_event(self, code: str, message: str) -> None: ...


class _Outcome(enum.Enum):
    RETRY = "retry"
    NOT_SIGNED_IN = "not_signed_in"
    REPLACED = "replaced"


@dataclass(frozen=True, slots=True)
class _Welcome:
    server_time: datetime
    # How long the hello's access token lasts; the socket closes then unless renewed.
    expires_in: float | None


@dataclass(frozen=True, slots=True)
class _Ended:
    outcome: _Outcome
    reason: str
    welcomed: bool = False


class EventStream:
    """One account's event socket with reconnects; `start()` on the loop, `close()` to end."""

    def __init__(
        self,
        url: str,
        token: TokenSource,
        handler: EventHandler,
        *,
        ssl_context: ssl.SSLContext | None = None,
        ping_interval: float = PING_INTERVAL,
        missed_pongs: int = MISSED_PONGS,
        connect_timeout: float = CONNECT_TIMEOUT,
        backoff_first: float = BACKOFF_FIRST,
        backoff_cap: float = BACKOFF_CAP,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._url = url
        self._token = token
        self._handler = handler
        self._ssl: ssl.SSLContext | bool = ssl_context if ssl_context is not None else True
        self._ping_interval = ping_interval
        self._missed_pongs = missed_pongs
        self._connect_timeout = connect_timeout
        self._backoff_first = backoff_first
        self._backoff_cap = backoff_cap
        self._jitter = jitter
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._task: asyncio.Task[None] | None = None
        self._closing = asyncio.Event()
        self._unanswered = 0
        self._ping_ids = itertools.count(1)
        self._arrived = asyncio.Event()  # something arrived on the current connection
        self._welcomed = asyncio.Event()  # a connection was welcomed (cleared by `check`)
        self._closings: set[asyncio.Task[bool]] = set()

    @property
    def connected(self) -> bool:
        return self._ws is not None and not self._ws.closed

    @property
    def running(self) -> bool:
        """True while the connect-and-reconnect loop runs (it ends on `close` or a stop)."""
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Starts connecting in the background (call on the engine loop)."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="event-stream")

    async def close(self) -> None:
        """Stops for good: closes the socket and ends the reconnect loop."""
        self._closing.set()
        ws = self._ws
        if ws is not None:
            with contextlib.suppress(Exception):
                await ws.close()
        task, self._task = self._task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def send(self, message: Mapping[str, object]) -> None:
        """Sends one message (a signal) on the open socket; raises if there is none."""
        text = json.dumps(message, separators=(",", ":"))
        if len(text.encode()) > MAX_MESSAGE_BYTES:
            raise InvalidRequest("The message is too large for the platform (over 64 KiB).")
        ws = self._ws
        if ws is None or ws.closed:
            raise NetworkUnreachable("Not connected to the platform right now.")
        try:
            await ws.send_str(text)
        except (aiohttp.ClientError, ConnectionError, RuntimeError):
            raise NetworkUnreachable("The connection to the platform broke off.") from None

    async def check(self, within_s: float = CHECK_WITHIN) -> bool:
        """Makes the link prove itself now: True when the platform answers a ping within
        `within_s`. Otherwise the connection counts as dead and is replaced at once (not after
        the pings' 20-30 s), and this waits up to `within_s` more for the fresh one (False: no
        working link yet; the reconnect loop goes on). Never raises."""
        ws = self._ws
        if ws is None or ws.closed:
            return await self._fresh_connection(within_s)
        self._arrived.clear()
        with contextlib.suppress(aiohttp.ClientError, ConnectionError, RuntimeError):
            await ws.send_str(json.dumps({"type": "ping", "id": next(self._ping_ids)}))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._arrived.wait(), within_s)
            return True
        if self._ws is ws and not ws.closed:
            log.info("event stream: no answer within %.0f s; reconnecting", within_s)
            self._welcomed.clear()
            # Closing a dead socket waits for its close frame; the fresh one need not.
            closing = asyncio.get_running_loop().create_task(
                ws.close(code=aiohttp.WSCloseCode.GOING_AWAY)
            )
            self._closings.add(closing)
            closing.add_done_callback(self._closings.discard)
        return await self._fresh_connection(within_s)

    async def _fresh_connection(self, within_s: float) -> bool:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._welcomed.wait(), within_s)
        return self.connected

    # -- connection loop -----------------------------------------------------------------------

    async def _run(self) -> None:
        attempt = 0
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=self._connect_timeout)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            while not self._closing.is_set():
                ended = await self._connect_once(http)
                if self._closing.is_set():
                    break
                if ended.welcomed:
                    attempt = 0
                if ended.outcome is _Outcome.REPLACED:
                    self._handler.on_stopped(ended.reason)
                    break
                if ended.outcome is _Outcome.NOT_SIGNED_IN and not await self._may_go_on():
                    self._handler.on_stopped(ended.reason)
                    break
                delay = self._backoff(attempt)
                attempt += 1
                self._handler.on_disconnected(ended.reason, delay)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._closing.wait(), delay)

    async def _may_go_on(self) -> bool:
        try:
            return await self._handler.on_not_signed_in()
        except Exception:
            log.exception("event stream: the sign-in could not be renewed")
            return False

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self._backoff_cap, self._backoff_first * 2.0 ** min(attempt + 1, 30))
        return ceiling / 2 + ceiling / 2 * self._jitter()

    async def _connect_once(self, http: aiohttp.ClientSession) -> _Ended:
        try:
            token = await self._token()
        except NotSignedIn as exc:
            return _Ended(_Outcome.NOT_SIGNED_IN, str(exc))
        except PlatformError as exc:
            return _Ended(_Outcome.RETRY, str(exc))
        try:
            async with asyncio.timeout(self._connect_timeout):
                ws = await http.ws_connect(
                    self._url,
                    ssl=self._ssl,
                    autoping=True,
                    heartbeat=None,
                    max_msg_size=4 * MAX_MESSAGE_BYTES,
                    timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=2.0),
                )
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            log.info("event stream: cannot connect (%s)", type(exc).__name__)
            return _Ended(_Outcome.RETRY, N_("EventStream", "Platform unreachable"))
        try:
            return await self._serve(ws, token)
        finally:
            self._ws = None
            self._welcomed.clear()
            with contextlib.suppress(Exception):
                await ws.close()

    async def _serve(self, ws: aiohttp.ClientWebSocketResponse, token: str) -> _Ended:
        try:
            async with asyncio.timeout(self._connect_timeout):
                await ws.send_str(json.dumps({"type": "hello", "access_token": token}))
                greeting = await self._await_welcome(ws)
        except (aiohttp.ClientError, ConnectionError, RuntimeError, TimeoutError) as exc:
            log.info("event stream: no welcome (%s)", type(exc).__name__)
            return _Ended(_Outcome.RETRY, N_("EventStream", "Platform unreachable"))
        if isinstance(greeting, _Ended):
            return greeting
        self._ws = ws
        self._unanswered = 0
        self._welcomed.set()
        log.info("event stream connected")
        self._handler.on_connected(greeting.server_time)
        helpers = [asyncio.create_task(self._ping_until_dead(ws), name="event-stream-ping")]
        if greeting.expires_in is not None:
            renewing = self._renew_until_closed(ws, token, greeting.expires_in)
            helpers.append(asyncio.create_task(renewing, name="event-stream-renew"))
        try:
            ended = await self._read_until_closed(ws)
        finally:
            for helper in helpers:
                helper.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await helper
        return _Ended(ended.outcome, ended.reason, welcomed=True)

    async def _await_welcome(self, ws: aiohttp.ClientWebSocketResponse) -> _Welcome | _Ended:
        while True:
            msg = await ws.receive()
            if msg.type is not aiohttp.WSMsgType.TEXT:
                return self._closed_outcome(ws, "The platform closed the connection")
            event = _decode(msg.data)
            if event is None:
                continue
            kind = event.get("type")
            if kind == "welcome":
                try:
                    server_time = wire.parse_timestamp(
                        event.get("server_time"), field="server_time"
                    )
                except MalformedPayload:
                    log.warning("event stream: welcome without a valid server_time")
                    return _Ended(
                        _Outcome.RETRY,
                        N_("EventStream", "The platform sent an unexpected greeting"),
                    )
                lifetime = event.get("expires_in")
                if isinstance(lifetime, bool) or not isinstance(lifetime, int) or lifetime <= 0:
                    return _Welcome(server_time, None)  # an older platform: nothing to renew
                return _Welcome(server_time, float(lifetime))
            if kind == "error" and event.get("code") in ("not_authenticated", "token_expired"):
                return _Ended(_Outcome.NOT_SIGNED_IN, N_("EventStream", "Not signed in"))

    async def _read_until_closed(self, ws: aiohttp.ClientWebSocketResponse) -> _Ended:
        # Pongs arrive every ping interval, so total silence this long means the link is dead.
        silence_limit = self._ping_interval * (self._missed_pongs + 1)
        while True:
            try:
                msg = await ws.receive(timeout=silence_limit)
            except TimeoutError:
                log.info("event stream: nothing received for %.0f s; reconnecting", silence_limit)
                return _Ended(_Outcome.RETRY, N_("EventStream", "The platform stopped answering"))
            self._arrived.set()
            if msg.type is aiohttp.WSMsgType.TEXT:
                self._dispatch(msg.data)
            elif msg.type is aiohttp.WSMsgType.BINARY:
                log.warning("event stream: binary message ignored")
            else:
                return self._closed_outcome(ws, "Connection to the platform lost")

    async def _ping_until_dead(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        while not ws.closed:
            await asyncio.sleep(self._ping_interval)
            if self._unanswered >= self._missed_pongs:
                log.info("event stream: %d pings unanswered; reconnecting", self._unanswered)
                await ws.close(code=aiohttp.WSCloseCode.GOING_AWAY)
                return
            self._unanswered += 1
            with contextlib.suppress(aiohttp.ClientError, ConnectionError, RuntimeError):
                await ws.send_str(json.dumps({"type": "ping", "id": next(self._ping_ids)}))

    async def _renew_until_closed(
        self, ws: aiohttp.ClientWebSocketResponse, token: str, lifetime: float
    ) -> None:
        """Moves the socket onto each fresh access token before the one it rests on expires.

        Looks at half the time left each time (at least every second near the end); the token
        source refreshes a token close to expiry, and a new one is sent as `renew`.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + lifetime
        while not ws.closed:
            await asyncio.sleep(max(1.0, (deadline - loop.time()) / 2))
            try:
                fresh = await self._token()
            except PlatformError as exc:
                log.info("event stream: no fresh token to renew with (%s)", type(exc).__name__)
                continue
            if fresh == token:
                continue
            with contextlib.suppress(aiohttp.ClientError, ConnectionError, RuntimeError):
                await ws.send_str(json.dumps({"type": "renew", "access_token": fresh}))
            token, deadline = fresh, loop.time() + lifetime

    @staticmethod
    def _closed_outcome(ws: aiohttp.ClientWebSocketResponse, reason: str) -> _Ended:
        if ws.close_code in (CLOSE_NOT_SIGNED_IN, CLOSE_SIGNED_OUT):
            return _Ended(_Outcome.NOT_SIGNED_IN, N_("EventStream", "Not signed in"))
        if ws.close_code == CLOSE_REPLACED:
            return _Ended(
                _Outcome.REPLACED, N_("EventStream", "This account was opened in another window")
            )
        return _Ended(_Outcome.RETRY, reason)

    # -- events --------------------------------------------------------------------------------

    def _dispatch(self, text: str) -> None:
        event = _decode(text)
        if event is None:
            return
        kind = event.get("type")
        try:
            deliver = self._parse(kind, event)
        except MalformedPayload as exc:
            log.warning("event stream: malformed %r event skipped (%s)", _safe(kind), exc.field)
            return
        if deliver is None:
            return
        try:
            deliver()
        except Exception:
            log.exception("event stream: handler failed on a %r event", _safe(kind))

    def _parse(self, kind: object, event: dict[str, object]) -> Callable[[], None] | None:
        """The handler call for one event, parsed up front so that a bad event calls nothing."""
        if kind == "pong":
            self._unanswered = 0
            return None
        if kind == "renewed":
            return None
        h = self._handler
        data = event.get("data")
        binders: dict[object, Callable[[], Callable[[], None]]] = {
            "call_request": lambda: partial(
                h.on_call_request, wire.parse_call_request(data, "data")
            ),
            "booking": lambda: partial(h.on_booking, wire.parse_booking(data, "data")),
            "call": lambda: partial(h.on_call, wire.parse_call(data, "data")),
            "presence": lambda: partial(h.on_presence, wire.parse_advisor(data, "data")),
            "message": lambda: partial(h.on_message, wire.parse_message(data, "data")),
            "signal": lambda: partial(h.on_signal, *_parse_signal(event)),
            "error": lambda: partial(h.on_error_event, *_parse_error(event)),
        }
        bind = binders.get(kind)
        if bind is None:
            log.debug("event stream: unknown event type %r ignored", _safe(kind))
            return None
        return bind()


def _parse_signal(event: dict[str, object]) -> tuple[str, str, dict[str, object]]:
    call_id, from_, data = event.get("call_id"), event.get("from"), event.get("data")
    if not isinstance(call_id, str) or not call_id:
        raise MalformedPayload("signal without call_id", field="call_id")
    if from_ not in ("advisor", "customer"):
        raise MalformedPayload("signal from an unknown party", field="from")
    if not isinstance(data, dict):
        raise MalformedPayload("signal data must be an object", field="data")
    return call_id, str(from_), data


def _parse_error(event: dict[str, object]) -> tuple[str, str]:
    code, text = event.get("code"), event.get("message")
    if not isinstance(code, str) or not isinstance(text, str):
        raise MalformedPayload("error event without code and message", field="code")
    return code, text


def _decode(text: str) -> dict[str, object] | None:
    try:
        event = bounded_json.loads(text, max_chars=4 * MAX_MESSAGE_BYTES, max_depth=MAX_DEPTH)
    except bounded_json.RefusedJsonError as exc:
        log.warning("event stream: a message was skipped (%s)", exc)
        return None
    if not isinstance(event, dict):
        log.warning("event stream: a message that is not an object was skipped")
        return None
    return event


def _safe(kind: object) -> str:
    """An event type for the log: short and printable only (it came from the network)."""
    text = kind if isinstance(kind, str) else type(kind).__name__
    return "".join(c for c in text[:32] if c.isprintable())
