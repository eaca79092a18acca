"""The platform's REST API for the advisor, synchronous, on `requests`.

Blocking by design (simple and well-tested); callers on the engine loop run it with
`asyncio.to_thread` and the GUI thread never calls it. Every call has a timeout (connect 3 s);
reads (GET) are retried with backoff on connection errors and 502/503/504, writes never are (a
repeated "accept" must not happen behind the advisor's back). TLS is always verified; a custom CA
bundle may be given for a private platform. Errors come out typed (`network.errors`).
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NewConnectionError,
    ReadTimeoutError,
)
from urllib3.util.retry import Retry

from advisor_app.domain.models import (
    Account,
    Advisor,
    Booking,
    Call,
    CallEvent,
    CallRequest,
    CallRequestState,
    ChatMessage,
    ChatThread,
    EndReason,
    IceServer,
    Presence,
    Tokens,
)
from network import bounded_json, wire
from network.errors import (
    MalformedPayload,
    NetworkUnreachable,
    NotSignedIn,
    PlatformError,
    error_from_response,
)

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
CONNECT_TIMEOUT = 3.0
# Reads are retried on connection errors and 502/503/504 only; with this backoff a platform that
# refuses connections is reported within ~1 s, and one that does not answer after one timeout.
READ_RETRIES = 2
RETRY_BACKOFF = 0.25
USER_AGENT = "advisor-app/0.1"
# An answer's JSON: lists of bookings and calls stay far below these; anything deeper is no answer.
MAX_ANSWER_BYTES = 16 * 1024 * 1024
MAX_ANSWER_DEPTH = 32

TokenProvider = Callable[[], str]


class PlatformClient:
    """One platform address; the access token comes from `token_provider` for every call."""

    def __init__(
        self,
        base_url: str,
        *,
        ca_bundle: str | None = None,
        timeout: float = 10.0,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_retries: int = READ_RETRIES,
        plain_http_anywhere: bool = False,
    ) -> None:
        """`plain_http_anywhere` is for the simulated customer only, which talks to a test
        platform on a private address in a lab (tests/netns); the app never sets it."""
        self._origin = _origin(base_url, plain_http_anywhere=plain_http_anywhere)
        self._timeout = (min(connect_timeout, timeout), timeout)
        self._ca_bundle = ca_bundle or None
        self._reads = _new_session(self._ca_bundle, retries=read_retries)
        self._writes = _new_session(self._ca_bundle, retries=0)
        self.token_provider: TokenProvider | None = None

    @property
    def base_url(self) -> str:
        """The platform's address, such as `https://platform.example` (without `/api/v1`)."""
        return self._origin

    @property
    def ws_url(self) -> str:
        """The event and signalling WebSocket (`wss://` for an `https://` platform)."""
        scheme, rest = self._origin.split("://", 1)
        return f"{'wss' if scheme == 'https' else 'ws'}://{rest}{API_PREFIX}/ws"

    @property
    def ca_bundle(self) -> str | None:
        return self._ca_bundle

    def close(self) -> None:
        self._reads.close()
        self._writes.close()

    # -- accounts and auth ---------------------------------------------------------------------

    def login(self, email: str, password: str) -> Tokens:
        body = self._call("POST", "/auth/login", {"email": email, "password": password}, auth=False)
        return wire.parse_tokens(body)

    def refresh(self, refresh_token: str) -> Tokens:
        body = self._call("POST", "/auth/refresh", {"refresh_token": refresh_token}, auth=False)
        return wire.parse_tokens(body)

    def logout(self, refresh_token: str) -> None:
        self._call("POST", "/auth/logout", {"refresh_token": refresh_token}, auth=False)

    def register_customer(self, email: str, password: str) -> Tokens:
        """A new customer account (the simulated customer's; the app signs in advisors)."""
        body = self._call("POST", "/customers", {"email": email, "password": password}, auth=False)
        return wire.parse_tokens(body)

    def me(self) -> Account:
        return wire.parse_account(self._call("GET", "/me"))

    def server_time(self) -> datetime:
        return wire.parse_server_time(self._call("GET", "/time", auth=False))

    def ice_servers(self) -> tuple[IceServer, ...]:
        return wire.parse_ice_servers(self._call("GET", "/ice-servers"))

    # -- presence ------------------------------------------------------------------------------

    def get_advisor(self, advisor_id: str) -> Advisor:
        path = f"/advisors/{_segment(advisor_id)}"
        return wire.parse_advisor(self._call("GET", path, auth=False))

    def set_presence(self, presence: Presence) -> Advisor:
        body = self._call("PUT", "/me/presence", {"presence": presence.value})
        return wire.parse_advisor(body)

    # -- live call requests --------------------------------------------------------------------

    def list_call_requests(self, state: CallRequestState | None = None) -> tuple[CallRequest, ...]:
        params = {"state": state.value} if state is not None else None
        body = self._call("GET", "/call-requests", params=params)
        return wire.parse_list(body, "call_requests", wire.parse_call_request)

    def accept_call_request(self, request_id: str) -> CallRequest:
        body = self._call("POST", f"/call-requests/{_segment(request_id)}/accept", {})
        return wire.parse_call_request(body)

    def decline_call_request(self, request_id: str, reason: str | None = None) -> CallRequest:
        payload = {"reason": reason} if reason else {}
        body = self._call("POST", f"/call-requests/{_segment(request_id)}/decline", payload)
        return wire.parse_call_request(body)

    # -- bookings ------------------------------------------------------------------------------

    def list_bookings(self) -> tuple[Booking, ...]:
        return wire.parse_list(self._call("GET", "/bookings"), "bookings", wire.parse_booking)

    def get_booking(self, booking_id: str) -> Booking:
        return wire.parse_booking(self._call("GET", f"/bookings/{_segment(booking_id)}"))

    def confirm_booking(self, booking_id: str, slot: datetime) -> Booking:
        payload = {"slot": wire.format_timestamp(slot)}
        body = self._call("POST", f"/bookings/{_segment(booking_id)}/confirm", payload)
        return wire.parse_booking(body)

    def decline_booking(self, booking_id: str, reason: str | None = None) -> Booking:
        payload = {"reason": reason} if reason else {}
        body = self._call("POST", f"/bookings/{_segment(booking_id)}/decline", payload)
        return wire.parse_booking(body)

    def verify_booking(self, booking_id: str, code: str) -> bool:
        """Checks the customer's confirmation code with the platform (the app never holds it)."""
        body = self._call("POST", f"/bookings/{_segment(booking_id)}/verify", {"code": code})
        return wire.parse_flag(body, "valid")

    def start_booked_call(self, booking_id: str) -> Call:
        """Opens the call of a confirmed, paid booking (the advisor then offers)."""
        return wire.parse_call(self._call("POST", f"/bookings/{_segment(booking_id)}/call", {}))

    # -- calls ---------------------------------------------------------------------------------

    def list_calls(self) -> tuple[Call, ...]:
        return wire.parse_list(self._call("GET", "/calls"), "calls", wire.parse_call)

    def get_call(self, call_id: str) -> Call:
        return wire.parse_call(self._call("GET", f"/calls/{_segment(call_id)}"))

    def hangup_call(self, call_id: str, reason: EndReason, at: datetime | None = None) -> Call:
        """Reports the end of the call, decided at `at` (the platform's clock); idempotent."""
        payload = {"reason": reason.value}
        if at is not None:
            payload["at"] = wire.format_timestamp(at)
        body = self._call("POST", f"/calls/{_segment(call_id)}/hangup", payload)
        return wire.parse_call(body)

    def record_call_event(self, call_id: str, kind: str, detail: str = "") -> CallEvent:
        """Records a fact on the call (quality decisions, identity check): never media."""
        payload = {"kind": kind, "detail": detail} if detail else {"kind": kind}
        body = self._call("POST", f"/calls/{_segment(call_id)}/events", payload)
        return wire.parse_call_event(body)

    def list_call_events(self, call_id: str) -> tuple[CallEvent, ...]:
        body = self._call("GET", f"/calls/{_segment(call_id)}/events")
        return wire.parse_list(body, "events", wire.parse_call_event)

    # -- messages ------------------------------------------------------------------------------

    def list_threads(self) -> tuple[ChatThread, ...]:
        return wire.parse_list(self._call("GET", "/threads"), "threads", wire.parse_thread)

    def list_messages(self, thread_id: str) -> tuple[ChatMessage, ...]:
        body = self._call("GET", f"/threads/{_segment(thread_id)}/messages")
        return wire.parse_list(body, "messages", wire.parse_message)

    def send_message(self, thread_id: str, text: str) -> ChatMessage:
        body = self._call("POST", f"/threads/{_segment(thread_id)}/messages", {"text": text})
        return wire.parse_message(body)

    # -- transport -----------------------------------------------------------------------------

    def request_json(self, method: str, path: str, payload: dict[str, Any] | None = None) -> object:
        """Any other call of the API (`path` below `/api/v1`), the decoded JSON body as it came.

        For the simulated customer, whose customer-side calls have no typed method here; the same
        TLS, timeouts, retries for reads and readable `PlatformError`s as every other call.
        """
        return self._call(method, path, payload, auth=self.token_provider is not None)

    def _call(
        self,
        method: str,
        path: str,
        payload: dict[str, Any] | None = None,
        *,
        params: dict[str, str] | None = None,
        auth: bool = True,
    ) -> object:
        """Sends one request and returns the decoded JSON body (None for 204)."""
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if auth:
            headers["Authorization"] = f"Bearer {self._access_token()}"
        http = self._reads if method == "GET" else self._writes
        url = f"{self._origin}{API_PREFIX}{path}"
        try:
            response = http.request(
                method, url, json=payload, params=params, headers=headers, timeout=self._timeout
            )
        except requests.exceptions.SSLError:
            raise NetworkUnreachable(
                "The platform's certificate could not be verified, so the connection was refused."
            ) from None
        except requests.exceptions.RequestException as exc:
            log.info("%s %s failed: %s", method, path, type(exc).__name__)
            if _timed_out(exc):
                raise NetworkUnreachable("The platform did not answer in time.") from None
            raise NetworkUnreachable() from None
        with response:
            return _decode(response, method, path)

    def _access_token(self) -> str:
        if self.token_provider is None:
            raise NotSignedIn()
        return self.token_provider()


def _decode(response: requests.Response, method: str, path: str) -> object:
    try:
        content = response.content
    except requests.exceptions.RequestException:
        raise NetworkUnreachable("The connection to the platform broke off.") from None
    if response.ok:
        if response.status_code == 204 or not content:
            return None
        try:
            return _json(content)
        except ValueError:
            raise MalformedPayload("the answer is not JSON") from None
    try:
        body: object = _json(content)
    except ValueError:
        body = None
    error: PlatformError = error_from_response(response.status_code, body)
    log.info("%s %s -> %d %s", method, path, response.status_code, error.code or "")
    raise error


def _json(content: bytes) -> object:
    """The answer's JSON within bounds (`network.bounded_json`); ValueError otherwise."""
    return bounded_json.loads(content, max_chars=MAX_ANSWER_BYTES, max_depth=MAX_ANSWER_DEPTH)


def _timed_out(exc: requests.exceptions.RequestException) -> bool:
    """A timeout, also when urllib3's retry gave up on one (requests then says ConnectionError)."""
    if isinstance(exc, requests.exceptions.Timeout):
        return True
    cause = exc.args[0] if exc.args else None
    if not isinstance(cause, MaxRetryError):
        return False
    # urllib3's NewConnectionError (refused, unknown host) is a ConnectTimeoutError by heritage.
    reason = cause.reason
    return isinstance(reason, ReadTimeoutError | ConnectTimeoutError) and not isinstance(
        reason, NewConnectionError
    )


def _new_session(ca_bundle: str | None, *, retries: int) -> requests.Session:
    session = requests.Session()
    # Verification is always on: either the system's CAs or the given bundle, never False.
    session.verify = ca_bundle if ca_bundle else True
    session.trust_env = False  # no .netrc credentials or env CA overrides behind our back
    retry = Retry(
        total=retries,
        connect=retries,
        read=0,  # a platform that accepted the request but does not answer: no waiting thrice
        status=retries,
        other=0,
        backoff_factor=RETRY_BACKOFF,
        status_forcelist=(502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,
        respect_retry_after_header=False,
    )
    adapter = HTTPAdapter(max_retries=retry, pool_maxsize=8)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _origin(base_url: str, *, plain_http_anywhere: bool = False) -> str:
    """Validates the platform address; plain http only for a platform on this computer."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("The platform address must start with https:// and name a host.")
    if parts.scheme == "http" and not plain_http_anywhere and not _is_loopback(parts.hostname):
        raise ValueError("Plain http is only allowed for a platform on this computer; use https.")
    path = parts.path.rstrip("/")
    path = path.removesuffix(API_PREFIX)
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _segment(identifier: str) -> str:
    """Ids are opaque; refuse anything that could change the path instead of escaping it."""
    if not identifier or any(c in identifier for c in "/?#%\\ ") or identifier in (".", ".."):
        raise ValueError(f"not a platform id: {identifier!r}")
    return identifier
