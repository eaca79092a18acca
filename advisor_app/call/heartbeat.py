"""The call's heartbeat to the platform: every 2 s, "I am in this call, and media arrives (or not)".

The platform bills by the heartbeats of both sides (docs/platform-api.md, "Heartbeats and
billing"): billing starts when both confirmed media and runs to the last confirmed moment, and a
side that falls silent for 20 s ends the call. `media` is what the call's own figures say
arrived since the previous beat (RTP packets of the customer, from the once-a-second samples),
never what the app expects. The first media is told at once, so billing does not start up to 2 s
late. A beat that cannot be sent (the socket is down) is not repeated: the next one says the
truth of its own interval.

Engine loop only; the clock is the call's (`CallClock`), so tests can fake it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from advisor_app.call.clock import CallClock
from network.errors import PlatformError

log = logging.getLogger(__name__)

HEARTBEAT_INTERVAL_S = 2.0  # the platform's rule

SendHeartbeat = Callable[[bool], Awaitable[None]]


class CallHeartbeat:
    """Beats for one call while `run()` runs; `media_arrived()` after each sample with media."""

    def __init__(
        self, send: SendHeartbeat, clock: CallClock, interval_s: float = HEARTBEAT_INTERVAL_S
    ) -> None:
        self._send = send
        self._clock = clock
        self._interval_s = interval_s
        self._media = False  # since the previous beat
        self._confirmed = False  # a beat with media reached the platform's socket
        self._first_media = asyncio.Event()
        self.sent = 0

    def media_arrived(self) -> None:
        """The call's figures show media from the customer (called once a second at most)."""
        self._media = True
        if not self._confirmed:
            self._first_media.set()

    async def run(self) -> None:
        """Beats until cancelled (when the call is released)."""
        while True:
            media, self._media = self._media, False
            self._first_media.clear()
            try:
                await self._send(media)
                self.sent += 1
                self._confirmed = self._confirmed or media
            except (PlatformError, ConnectionError) as exc:
                log.debug("heartbeat not sent: %s", exc)
            await self._until_next_beat()

    async def _until_next_beat(self) -> None:
        """The interval, or less when the first media arrives before it is over."""
        if self._confirmed:
            await self._clock.sleep(self._interval_s)
            return
        interval = asyncio.ensure_future(self._clock.sleep(self._interval_s))
        first_media = asyncio.ensure_future(self._first_media.wait())
        try:
            await asyncio.wait({interval, first_media}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiting in (interval, first_media):
                waiting.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await waiting
