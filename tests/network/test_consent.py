"""Consent to send on a line whose queue holds more than half a second (`network.consent`).

Two real peers on loopback; the answering side's consent answers are held back, as a deep queue
holds them. aioice's own checks (0.5 s each, six in a row) closed such a call ~30 s in.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aioice import ice

from network import consent
from network.ice import ice_connections
from tests.network.peers import Side, connect

pytestmark = pytest.mark.timeout(60)

CHECK_EVERY_S = 0.2  # aioice checks every 5 s; shortened so that six checks take ~1.2 s


def hold_answers(side: Side, delay_s: float | None) -> None:
    """`side` answers STUN checks `delay_s` late (None: never), from now on."""
    loop = asyncio.get_running_loop()
    for connection in ice_connections(side.peer._pc):
        original = connection.request_received

        def held(message: Any, addr: Any, protocol: Any, original: Any = original) -> None:
            if delay_s is not None:
                loop.call_later(delay_s, original, message, addr, protocol)

        connection.request_received = held


def connection_state(side: Side) -> str:
    return str(side.peer._pc.connectionState)


@pytest.fixture
def quick_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ice, "CONSENT_INTERVAL", CHECK_EVERY_S)
    monkeypatch.setattr(consent, "CONSENT_EXPIRY_S", 3.0)


@pytest.mark.usefixtures("quick_checks")
async def test_answers_later_than_half_a_second_keep_the_call(
    peer_pair: tuple[Side, Side],
) -> None:
    offerer, answerer = peer_pair
    await connect(offerer, answerer)
    hold_answers(answerer, 1.2)  # a queue of 1.2 s on the way back
    await asyncio.sleep(10.0)  # aioice alone: six checks of 0.2 + 0.5 s unanswered, closed at ~4 s
    assert connection_state(offerer) == "connected"


@pytest.mark.usefixtures("quick_checks")
async def test_consent_still_expires_without_any_answer(peer_pair: tuple[Side, Side]) -> None:
    offerer, answerer = peer_pair
    await connect(offerer, answerer)
    hold_answers(answerer, None)
    for _ in range(200):  # the expiry (3 s here) plus one check's 7.5 s of waiting, at most
        if connection_state(offerer) in ("failed", "closed"):
            break
        await asyncio.sleep(0.1)
    assert connection_state(offerer) in ("failed", "closed")
