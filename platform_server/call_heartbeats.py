"""A party's heartbeats during a call, for the Python clients of the platform (the simulated
customer and the test parties): every 2 s `{"type": "heartbeat", "call_id", "media"}` on the
event socket, `media` true when RTP arrived from the other side since the previous heartbeat.

The customer's web page does the same in JavaScript (`static/call-heartbeat.js`), the advisor app
from its call's received figures.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from platform_server.call_billing import HEARTBEAT_INTERVAL

log = logging.getLogger(__name__)

Send = Callable[[dict[str, Any]], Awaitable[None]]
MediaCheck = Callable[[], Awaitable[bool]]
FIRST_MEDIA_POLL_S = 0.25


def heartbeat(call_id: str, media: bool) -> dict[str, Any]:
    return {"type": "heartbeat", "call_id": call_id, "media": media}


async def send_heartbeats(
    send: Send,
    call_id: str,
    media_arrived: MediaCheck,
    interval_s: float = HEARTBEAT_INTERVAL.total_seconds(),
    first_media_poll_s: float = FIRST_MEDIA_POLL_S,
) -> None:
    """Heartbeats for `call_id` until cancelled; a failed send is tried again at the next beat.

    Until media has arrived once, it looks every `first_media_poll_s` and beats at once when the
    first media arrives: billing starts when both parties confirmed it, not up to 2 s later.
    """
    confirmed = False
    media = await _look(media_arrived)
    while True:
        try:
            await send(heartbeat(call_id, media))
            confirmed = confirmed or media
        except (ConnectionError, RuntimeError) as exc:
            log.info("heartbeat not sent (%s); next in %.0f s", exc, interval_s)
        if confirmed:
            await asyncio.sleep(interval_s)
            media = await _look(media_arrived)
            continue
        media = False
        for _ in range(max(1, round(interval_s / first_media_poll_s))):
            await asyncio.sleep(first_media_poll_s)
            if await _look(media_arrived):
                media = True
                break


async def _look(media_arrived: MediaCheck) -> bool:
    try:
        return await media_arrived()
    except Exception:  # a closing peer connection: no media this time
        log.debug("no statistics for the heartbeat", exc_info=True)
        return False
