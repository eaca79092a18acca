"""`CallConnection` with real peers on loopback: the current peer, its signalling by generation,
a fresh connection after a drop, and the security code's commitment (the customer's side is a
plain `CallPeer` with the customer's half of `network.security_code`)."""

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
from network.security_code import AnsweringCode, OfferingCode
from tests.advisor_app.call.conftest import MEDIA
from tests.advisor_app.conftest import CallRecorder
from tests.network.peers import Side, close, make_side, wait_until


@dataclass
class Events:
    """The call's side of its connection (`ConnectionEvents`), recorded."""

    states: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)
    replaced: list[CallPeer] = field(default_factory=list)
    tracks: list[str] = field(default_factory=list)

    def remote_track(self, track: MediaStreamTrack) -> None:
        self.tracks.append(track.kind)

    def control_received(self, message: ControlMessage) -> None: ...

    def connection_state_changed(self, state: str) -> None:
        self.states.append(state)

    def security_code_changed(self, code: str) -> None:
        self.codes.append(code)

    def security_code_unverified(self, problem: str) -> None:
        self.unverified.append(problem)

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
    """The advisor's connection; `param`: its role, or (role, seconds it waits for a reveal)."""
    param = getattr(request, "param", "offer")
    role: Role = param[0] if isinstance(param, tuple) else param
    reveal_within_s = param[1] if isinstance(param, tuple) else 15.0
    sent: list[dict[str, object]] = []

    async def send_signal(data: dict[str, object]) -> None:
        sent.append(data)

    local = LocalMedia(MEDIA, CallRecorder())
    await local.open()
    events = Events()
    connection = CallConnection(
        "call_1", send_signal, local, events, role=role, reveal_within_s=reveal_within_s
    )
    connection.open(())
    made = Advisor(connection, events, sent, [])
    yield made
    await connection.close()
    await local.close()
    await close(*made.customers)


async def answered_by_a_customer(advisor: Advisor) -> tuple[Side, str, str]:
    """A new customer peer answers the advisor's last offer; the answer goes back as a signal,
    the advisor's reveal comes back. Returns (customer, answer SDP, the customer's code)."""
    customer = make_side()
    advisor.customers.append(customer)
    offer = advisor.sent[-1]
    assert offer["kind"] == "offer"
    code = AnsweringCode(str(offer["sdp"]), offer)
    answer = await customer.peer.answer(str(offer["sdp"]))
    signal: dict[str, object] = {"kind": "answer", "sdp": answer, **code.answer_fields(answer)}
    if "generation" in offer:
        signal["generation"] = offer["generation"]
    step = advisor.connection.step_for(signal)
    assert step is not None
    await step
    reveal = advisor.sent[-1]
    assert reveal["kind"] == "reveal"
    assert reveal.get("generation") == offer.get("generation")
    return customer, answer, code.revealed(reveal)


async def test_a_fresh_connection_replaces_the_peer_and_ignores_the_old_ones_signals(
    advisor: Advisor,
) -> None:
    connection, events = advisor.connection, advisor.events
    await connection.offer()
    _first, first_answer, first_code = await answered_by_a_customer(advisor)
    await wait_until(lambda: "connected" in events.states, within_s=10)
    assert events.codes == [first_code]

    old_peer = connection.peer
    await connection.restore()
    assert connection.generation == 1
    assert events.replaced == [connection.peer]
    assert connection.peer is not old_peer
    assert advisor.sent[-1]["kind"] == "offer"
    assert advisor.sent[-1]["generation"] == 1
    # A late answer of the first connection changes nothing.
    assert connection.step_for({"kind": "answer", "sdp": first_answer}) is None

    _second, _, second_code = await answered_by_a_customer(advisor)
    await wait_until(lambda: events.states.count("connected") >= 2, within_s=10)
    assert events.codes == [first_code, second_code]
    assert events.codes[0] != events.codes[1]  # a fresh commitment, a new code to read out
    assert events.unverified == []


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
    code = OfferingCode(offer)
    signal = {"kind": "offer", "sdp": offer, **code.offer_fields()}
    step = advisor.connection.step_for(signal)
    assert step is not None
    await step
    answer = advisor.sent[-1]
    assert answer["kind"] == "answer"
    assert advisor.connection.step_for(signal) is None  # repeated
    await customer.peer.accept_answer(str(answer["sdp"]))
    customers_code = code.answered(str(answer["sdp"]), answer)
    assert advisor.events.codes == []  # nothing to read out before the reveal
    reveal = advisor.connection.step_for(code.reveal_fields())
    assert reveal is not None
    await reveal
    await asyncio.wait_for(customer.peer.wait_connected(10), 15)
    assert advisor.events.codes == [customers_code]


@pytest.mark.parametrize("advisor", ["answer"], indirect=True)
async def test_an_offer_without_a_commitment_is_not_answered_and_reported(
    advisor: Advisor,
) -> None:
    customer = make_side()
    advisor.customers.append(customer)
    step = advisor.connection.step_for({"kind": "offer", "sdp": await customer.peer.offer()})
    assert step is not None
    await step
    assert advisor.sent == []
    assert advisor.events.unverified == ["the offer carries no valid commitment"]
    assert advisor.events.codes == []


async def answered_a_committed_offer(advisor: Advisor) -> str:
    """A customer offers with a commitment; the advisor answers. Returns the offer's SDP."""
    customer = make_side()
    advisor.customers.append(customer)
    offer = await customer.peer.offer()
    step = advisor.connection.step_for(
        {"kind": "offer", "sdp": offer, **OfferingCode(offer).offer_fields()}
    )
    assert step is not None
    await step
    assert advisor.sent[-1]["kind"] == "answer"
    return offer


@pytest.mark.parametrize("advisor", ["answer"], indirect=True)
async def test_a_reveal_that_breaks_the_commitment_gives_no_code(advisor: Advisor) -> None:
    offer = await answered_a_committed_offer(advisor)
    other = OfferingCode(offer)  # a nonce the commitment was not made with
    reveal = advisor.connection.step_for(other.reveal_fields())
    assert reveal is not None
    await reveal
    assert advisor.events.unverified == ["the reveal does not match the offer's commitment"]
    assert advisor.events.codes == []


@pytest.mark.parametrize("advisor", [("answer", 0.3)], indirect=True)
async def test_a_reveal_that_never_comes_is_unverified_once_its_time_is_up(
    advisor: Advisor,
) -> None:
    """A relay that holds the reveal back must not leave the call without a code to compare."""
    await answered_a_committed_offer(advisor)
    await wait_until(lambda: advisor.events.unverified == ["no reveal within 0 s"], within_s=5)
    assert advisor.events.codes == []


async def test_an_answer_without_a_nonce_gives_no_code_and_no_reveal(advisor: Advisor) -> None:
    await advisor.connection.offer()
    customer = make_side()
    advisor.customers.append(customer)
    answer = await customer.peer.answer(str(advisor.sent[-1]["sdp"]))
    step = advisor.connection.step_for({"kind": "answer", "sdp": answer})
    assert step is not None
    await step
    assert [signal["kind"] for signal in advisor.sent] == ["offer"]
    assert advisor.events.unverified == ["the answer carries no valid nonce"]
    assert advisor.events.codes == []
