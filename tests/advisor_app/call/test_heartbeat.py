"""The call's heartbeat on a fake clock: every 2 s, media as the samples saw it, the first media
told at once, a failed send never stops it."""

from __future__ import annotations

import asyncio

import pytest

from advisor_app.call.heartbeat import HEARTBEAT_INTERVAL_S, CallHeartbeat
from network.errors import NetworkUnreachable
from tests.fake_clock import FakeClock


class Platform:
    """Records every attempt to beat; `down` makes sending fail as a broken socket does."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.beats: list[tuple[float, bool]] = []
        self.down = False
        self.attempts: asyncio.Queue[bool] = asyncio.Queue()

    async def send(self, media: bool) -> None:
        self.attempts.put_nowait(media)
        if self.down:
            raise NetworkUnreachable("Not connected to the platform right now.")
        self.beats.append((self.clock.now, media))

    async def next_attempt(self) -> bool:
        return await asyncio.wait_for(self.attempts.get(), 5)


@pytest.fixture
def platform(fake_clock: FakeClock) -> Platform:
    return Platform(fake_clock)


async def test_beats_every_two_seconds_saying_what_arrived(
    platform: Platform, fake_clock: FakeClock
) -> None:
    heartbeat = CallHeartbeat(platform.send, fake_clock)
    running = asyncio.create_task(heartbeat.run())
    try:
        start = fake_clock.now
        assert await platform.next_attempt() is False  # in the call, nothing arrived yet
        heartbeat.media_arrived()  # the first media: told at once, on the same second
        assert await platform.next_attempt() is True
        await fake_clock.advance(HEARTBEAT_INTERVAL_S)  # nothing arrived in this interval
        assert await platform.next_attempt() is False
        heartbeat.media_arrived()  # from now on told at the next beat, not at once
        await fake_clock.advance(HEARTBEAT_INTERVAL_S / 2)
        assert platform.attempts.empty()
        await fake_clock.advance(HEARTBEAT_INTERVAL_S / 2)
        assert await platform.next_attempt() is True
        assert platform.beats == [
            (start, False),
            (start, True),
            (start + 2, False),
            (start + 4, True),
        ]
        assert heartbeat.sent == 4
    finally:
        running.cancel()


async def test_a_beat_that_cannot_be_sent_does_not_stop_the_next(
    platform: Platform, fake_clock: FakeClock
) -> None:
    platform.down = True
    heartbeat = CallHeartbeat(platform.send, fake_clock)
    running = asyncio.create_task(heartbeat.run())
    try:
        assert await platform.next_attempt() is False
        heartbeat.media_arrived()  # not yet told (that beat failed): still at once
        assert await platform.next_attempt() is True
        platform.down = False
        heartbeat.media_arrived()
        assert await platform.next_attempt() is True
        assert platform.beats == [(fake_clock.now, True)]
        assert heartbeat.sent == 1
    finally:
        running.cancel()
