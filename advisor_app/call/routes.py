"""Which call a signal or a call record from the platform's socket belongs to.

A booked call's id is known before its first signal (the advisor opens the call, then offers), so
its session subscribes by call id. A live call's id is known only once the request is accepted, and
the customer may offer at once; so the call being taken subscribes by its request before accepting.
The platform's socket carries the accepted request (with its `call_id`) and the call's record (with
its `request_id`) before any signal of that call (docs/platform-api.md, "Event and signalling
WebSocket"), so the route learns its call id from whichever comes first, or from the accept's own
answer. Nothing is held: a signal that no call claims is logged and dropped.

Pure and synchronous; runs on the engine loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from advisor_app.domain.models import Call, CallRequest

log = logging.getLogger(__name__)

SignalHandler = Callable[[str, dict[str, object]], None]
CallHandler = Callable[[Call], None]


class CallRoute:
    """One call's subscription: its handlers, its request and (once known) its call id."""

    def __init__(
        self,
        routes: CallRoutes,
        on_signal: SignalHandler,
        on_call: CallHandler,
        *,
        call_id: str | None,
        request_id: str | None,
    ) -> None:
        self.on_signal = on_signal
        self.on_call = on_call
        self.call_id = call_id
        self.request_id = request_id
        self._routes = routes

    def bind(self, call_id: str) -> None:
        """The call id of the request is known (the accept's answer, or the socket said so)."""
        if self.call_id is None:
            self.call_id = call_id
            log.info("request %s is call %s", self.request_id, call_id)

    def close(self) -> None:
        """No more signals or records for this call (it ended, or was never opened)."""
        self._routes.remove(self)


class CallRoutes:
    """Every open route; delivers each signal and record to the routes of its call."""

    def __init__(self) -> None:
        self._routes: list[CallRoute] = []

    def route(
        self,
        on_signal: SignalHandler,
        on_call: CallHandler,
        *,
        call_id: str | None = None,
        request_id: str | None = None,
    ) -> CallRoute:
        """Subscribes by call id (a booked call) or by the live request being taken."""
        if (call_id is None) == (request_id is None):
            raise ValueError("a route follows either a call or a request")
        route = CallRoute(self, on_signal, on_call, call_id=call_id, request_id=request_id)
        self._routes.append(route)
        return route

    def remove(self, route: CallRoute) -> None:
        if route in self._routes:
            self._routes.remove(route)

    def request_changed(self, request: CallRequest) -> None:
        """The socket's `call_request` event: an accepted request names its call."""
        if request.call_id is not None:
            self._bind(request.id, request.call_id)

    def call_updated(self, call: Call) -> None:
        """The socket's `call` event: a live call names its request; its record goes on."""
        if call.request_id is not None:
            self._bind(call.request_id, call.id)
        for route in self._of(call.id):
            _safely(route.on_call, call)

    def signal(self, call_id: str, from_: str, data: dict[str, object]) -> None:
        routes = self._of(call_id)
        if not routes:
            log.info(
                "dropped a %r signal of call %s: no call follows it", data.get("kind"), call_id
            )
        for route in routes:
            _safely(route.on_signal, from_, data)

    def _bind(self, request_id: str, call_id: str) -> None:
        for route in self._routes:
            if route.request_id == request_id:
                route.bind(call_id)

    def _of(self, call_id: str) -> list[CallRoute]:
        return [route for route in self._routes if route.call_id == call_id]


def _safely(deliver: Callable[..., None], *args: object) -> None:
    try:
        deliver(*args)
    except Exception:
        log.exception("a call's handler failed")
