"""`CallConnection` with real peers on loopback: the current peer, its signalling by generation,
and a fresh connection after a drop (the customer's side is a plain `CallPeer`)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiortc import MediaStreamTrack

from advisor_app.call.connection import PEER_CLOSE_WAIT_S, CallConnection, Role
from advisor_app.call.media import LocalMedia
from network.control_channel import ControlMessage
from network.peer import CallPeer
from tests.advisor_app.call.conftest import MEDIA
from tests.advisor_app.conftest import CallRecorder
from tests.network.peers import Side, close, make_side, wait_until


@dataclass
class Events:
    """The call's side of its connection (`ConnectionEvents`), recorded."""

    states: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    replaced: list[CallPeer] = field(default_factory=list)
    tracks: list[str] = field(default_factory=list)

    def remote_track(self, track: MediaStreamTrack) -> None:
        self.tracks.append(track.kind)

    def control_received(self, message: ControlMessage) -> None: ...

    def connection_state_changed(self, state: str) -> None:
        self.states.append(state)

    def security_code_changed(self, code: str) -> None:
        self.codes.append(code)

    def connection_replaced(self, peer: CallPeer) -> None:
        self.replaced.append(peer)


@dataclass
class Advisor:
    connection: CallConnection
    events: Events
    sent: list[dict[str, object]]
    customers: list[Side]


@pytest.fixture
async def advisor(request: pytest.FixtureRequest) -> AsyncIterator[Advisor]:
    role: Role = getattr(request, "param", "offer")
    sent: list[dict[str, object]] = []

    async def send_signal(data: dict[str, object]) -> None:
        sent.append(data)

    local = LocalMedia(MEDIA, CallRecorder())
    await local.open()
    events = Events()
    connection = CallConnection("call_1", send_signal, local, events, role=role)
    connection.open(())
    made = Advisor(connection, events, sent, [])
    yield made
    await connection.close()
    await local.close()
    await close(*made.customers)


async def answered_by_a_customer(advisor: Advisor) -> tuple[Side, str]:
    """A new customer peer answers the advisor's last offer; the answer goes back as a signal."""
    customer = make_side()
    advisor.customers.append(customer)
    offer = advisor.sent[-1]
    assert offer["kind"] == "offer"
    answer = await customer.peer.answer(str(offer["sdp"]))
    signal: dict[str, object] = {"kind": "answer", "sdp": answer}
    if "generation" in offer:
        signal["generation"] = offer["generation"]
    step = advisor.connection.step_for(signal)
    assert step is not None
    await step
    return customer, answer


async def test_a_fresh_connection_replaces_the_peer_and_ignores_the_old_ones_signals(
    advisor: Advisor,
) -> None:
    connection, events = advisor.connection, advisor.events
    await connection.offer()
    first, first_answer = await answered_by_a_customer(advisor)
    await wait_until(lambda: "connected" in events.states, within_s=10)
    assert events.codes == [first.peer.security_code]

    old_peer = connection.peer
    await connection.restore()
    assert connection.generation == 1
    assert events.replaced == [connection.peer]
    assert connection.peer is not old_peer
    assert advisor.sent[-1]["kind"] == "offer"
    assert advisor.sent[-1]["generation"] == 1
    # A late answer of the first connection changes nothing.
    assert connection.step_for({"kind": "answer", "sdp": first_answer}) is None

    second, _ = await answered_by_a_customer(advisor)
    await wait_until(lambda: events.states.count("connected") >= 2, within_s=10)
    assert events.codes == [first.peer.security_code, second.peer.security_code]
    assert events.codes[0] != events.codes[1]  # new certificates, a new code to read out


async def test_a_fresh_connection_does_not_wait_for_the_old_peer_to_finish_closing(
    advisor: Advisor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On a network that is gone (a new address mid-call) aioice may wait for ever for a socket
    # bound to the vanished address (tests/netns: the fresh connection was never offered).
    connection = advisor.connection
    await connection.offer()
    await answered_by_a_customer(advisor)
    await wait_until(lambda: "connected" in advisor.events.states, within_s=10)
    old_peer = connection.peer
    assert old_peer is not None
    really_close = old_peer.close
    never = asyncio.Event()
    cancelled: list[bool] = []

    async def hanging_close() -> None:
        try:
            await never.wait()
        except asyncio.CancelledError:
            cancelled.append(True)
            await really_close()
            raise

    monkeypatch.setattr(old_peer, "close", hanging_close)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await asyncio.wait_for(connection.restore(), 10)
    assert loop.time() - started < PEER_CLOSE_WAIT_S + 2.0
    assert advisor.sent[-1] == {**advisor.sent[-1], "kind": "offer", "generation": 1}
    # The call's end does not wait for it either: what is still closing is given up.
    await asyncio.wait_for(connection.close(), PEER_CLOSE_WAIT_S + 2.0)
    assert cancelled == [True]


@pytest.mark.parametrize("advisor", ["answer"], indirect=True)
async def test_the_answering_side_answers_one_offer_only(advisor: Advisor) -> None:
    customer = make_side()
    advisor.customers.append(customer)
    offer = await customer.peer.offer()
    step = advisor.connection.step_for({"kind": "offer", "sdp": offer})
    assert step is not None
    await step
    assert advisor.sent[-1]["kind"] == "answer"
    assert advisor.connection.step_for({"kind": "offer", "sdp": offer}) is None  # repeated
    await customer.peer.accept_answer(str(advisor.sent[-1]["sdp"]))
    await asyncio.wait_for(customer.peer.wait_connected(10), 15)
    await wait_until(lambda: advisor.events.codes == [customer.peer.security_code])
