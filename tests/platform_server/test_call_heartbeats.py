"""The Python parties' heartbeat loop: every interval, and the first media told at once."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from platform_server.call_heartbeats import send_heartbeats

INTERVAL_S = 5.0  # long, so a beat soon after the media can only be the "first media" one


async def test_the_first_media_is_told_at_once() -> None:
    sent: asyncio.Queue[tuple[float, dict[str, Any]]] = asyncio.Queue()
    media = asyncio.Event()

    async def send(message: dict[str, Any]) -> None:
        sent.put_nowait((time.monotonic(), message))

    async def media_arrived() -> bool:
        return media.is_set()

    beating = asyncio.create_task(
        send_heartbeats(send, "call_1", media_arrived, INTERVAL_S, first_media_poll_s=0.05)
    )
    try:
        _, first = await asyncio.wait_for(sent.get(), INTERVAL_S)
        assert first == {"type": "heartbeat", "call_id": "call_1", "media": False}
        arrived_at = time.monotonic()
        media.set()
        told_at, second = await asyncio.wait_for(sent.get(), INTERVAL_S / 2)
        assert second["media"] is True
        assert told_at - arrived_at < INTERVAL_S / 2  # not at the next regular beat
    finally:
        beating.cancel()


async def test_a_failed_send_does_not_stop_the_beats() -> None:
    attempts: asyncio.Queue[bool] = asyncio.Queue()
    failed_once: list[bool] = []

    async def send(message: dict[str, Any]) -> None:
        attempts.put_nowait(message["media"])
        if not failed_once:
            failed_once.append(True)
            raise ConnectionResetError("the socket is down")

    async def media_arrived() -> bool:
        return True

    beating = asyncio.create_task(send_heartbeats(send, "call_1", media_arrived, 0.05, 0.01))
    try:
        seen = [await asyncio.wait_for(attempts.get(), 5) for _ in range(3)]
    finally:
        beating.cancel()
    assert seen == [True, True, True]
