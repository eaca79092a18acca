"""Two real `CallPeer`s on loopback, the way the network tests use them: counters of what each
received, and the offer/answer between them (fixture `peer_pair`: tests/network/conftest.py)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field

from aiortc import MediaStreamTrack
from aiortc.mediastreams import MediaStreamError

from advisor_app.domain.models import IceServer
from network.control_channel import ControlMessage
from network.peer import CallPeer
from network.security_code import AnsweringCode, OfferingCode


@dataclass
class Side:
    """One peer with counters of what it received."""

    peer: CallPeer = field(init=False)
    frames: dict[str, int] = field(default_factory=lambda: {"audio": 0, "video": 0})
    messages: list[ControlMessage] = field(default_factory=list)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    def remote_track(self, track: MediaStreamTrack) -> None:
        self.tasks.append(asyncio.ensure_future(self._count(track)))

    async def _count(self, track: MediaStreamTrack) -> None:
        with contextlib.suppress(MediaStreamError):
            while True:
                await track.recv()
                self.frames[track.kind] += 1


def make_side(ice: list[IceServer] | None = None, *, relay_only: bool = False) -> Side:
    side = Side()
    side.peer = CallPeer(
        ice or [],
        on_remote_track=side.remote_track,
        on_control=side.messages.append,
        relay_only=relay_only,
    )
    return side


async def close(*sides: Side) -> None:
    for side in sides:
        await side.peer.close()
        for task in side.tasks:
            task.cancel()
        await asyncio.gather(*side.tasks, return_exceptions=True)


async def wait_until(condition: object, within_s: float = 5.0) -> None:
    deadline = time.monotonic() + within_s
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


def agreed_codes(sent_offer: str, received_offer: str, answer: str) -> tuple[str, str]:
    """Both sides' security codes over the descriptions as exchanged (offer as sent and as it
    arrived), with the commitment and reveal of `network.security_code`: (offerer, answerer)."""
    offering = OfferingCode(sent_offer)
    answering = AnsweringCode(received_offer, offering.offer_fields())
    offerers = offering.answered(answer, answering.answer_fields(answer))
    return offerers, answering.revealed(offering.reveal_fields())


async def connect(offerer: Side, answerer: Side, within_s: float = 5.0) -> tuple[str, str]:
    """Offer, answer, connected; returns both sides' security codes (offerer, answerer)."""
    offer = await offerer.peer.offer()
    answer = await answerer.peer.answer(offer)
    await offerer.peer.accept_answer(answer)
    await asyncio.gather(
        offerer.peer.wait_connected(within_s), answerer.peer.wait_connected(within_s)
    )
    return agreed_codes(offer, offer, answer)
