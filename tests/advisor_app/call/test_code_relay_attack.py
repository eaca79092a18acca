"""A relay in the middle of a live call's signalling, with its own certificates, against the
security code's commitment: the advisor's real `CallSession` on a real platform, an honest
customer whose every signal passes through the relay (as it would through a platform that wanted
to listen in), real aiortc peers everywhere, the relay's two of them with their own DTLS keys.

Before the commitment, such a relay saw the offer's fingerprint before it chose its certificates
and could grind one until both people read the same code (issue 14: 2^20 tries, 9 s on one core).
Now it meets two walls:
- passing the customer's commitment on while swapping the certificate fails the advisor's check
  at the reveal: the call ends as `unverified` and no code is shown;
- committing on its own lets it learn the advisor's code first, but the customer's code then
  depends on the customer's secret nonce, revealed only after the relay answered: grinding its
  own nonce against a guess of that nonce matches the guess, not the customer.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from advisor_app.call.listener import CallPhase
from advisor_app.call.service import CallService, LiveCall
from advisor_app.domain.models import CallRequest, CallState, EndReason
from network.notices import NoticeCode, sentence
from network.peer import CallPeer
from network.security_code import OfferingCode, code_from, sha256_fingerprint
from platform_server.customer_api import CustomerApi, Signal
from tests.advisor_app.call.conftest import MEDIA
from tests.advisor_app.conftest import Advisor, CallRecorder
from tests.e2e.booked_customer import BookingCustomer

# The relay's guess of the customer's secret nonce: any fixed value is as good as another.
GUESSED_NONCE = "00" * 32
GRIND_LIMIT = 20_000_000  # 1e6 tries are expected; this many fail with a chance of e^-20


def _no_track(_track: object) -> None: ...


def _no_message(_message: object) -> None: ...


def _peer() -> CallPeer:
    return CallPeer((), on_remote_track=_no_track, on_control=_no_message)


@dataclass
class Relay:
    """The man in the middle: holds the customer's socket to the platform, and one peer (its own
    certificate) toward each side."""

    api: CustomerApi
    call_id: str
    toward_customer: CallPeer
    toward_advisor: CallPeer

    async def next_signal(self, kind: str) -> dict[str, Any]:
        async with asyncio.timeout(20):
            while True:
                event = await self.api.events.get()
                if isinstance(event, Signal) and event.data.get("kind") == kind:
                    return event.data

    async def close(self) -> None:
        await self.toward_customer.close()
        await self.toward_advisor.close()


@dataclass
class Customer:
    """The honest customer: its own peer and its half of the code, talking to the relay only."""

    peer: CallPeer
    code: OfferingCode
    offer: dict[str, object]


@pytest.fixture
async def relayed(
    online: Advisor, caller: BookingCustomer
) -> AsyncIterator[tuple[Relay, Customer, LiveCall, CallRecorder]]:
    """A live call requested by the customer and taken by the advisor; the relay caught the
    customer's offer on its way (nothing reached the platform yet)."""
    assert caller.api is not None
    request_id = await caller.ring()
    listener = CallRecorder()
    taking = asyncio.create_task(
        CallService(online.desk, online.gateway).take_live(request_id, listener, MEDIA)
    )
    async with asyncio.timeout(20):
        while True:
            event = await caller.api.events.get()
            if isinstance(event, CallRequest) and event.id == request_id and event.call_id:
                break
    relay = Relay(caller.api, event.call_id, _peer(), _peer())
    customer_peer = _peer()
    offer_sdp = await customer_peer.offer()
    code = OfferingCode(offer_sdp)
    customer = Customer(
        customer_peer, code, {"kind": "offer", "sdp": offer_sdp, **code.offer_fields()}
    )
    live = await taking
    yield relay, customer, live, listener
    if live.session.phase is not CallPhase.ENDED:
        await live.session.hang_up()
    await relay.close()
    await customer_peer.close()


async def test_a_forwarded_commitment_with_swapped_certificates_ends_the_call_unverified(
    relayed: tuple[Relay, Customer, LiveCall, CallRecorder],
) -> None:
    relay, customer, _live, listener = relayed
    # The advisor is offered the relay's certificate under the customer's commitment.
    relays_offer = await relay.toward_advisor.offer()
    assert sha256_fingerprint(relays_offer) != sha256_fingerprint(str(customer.offer["sdp"]))
    await relay.api.signal(
        relay.call_id,
        {"kind": "offer", "sdp": relays_offer, "commitment": customer.offer["commitment"]},
    )
    advisors_answer = await relay.next_signal("answer")
    await relay.toward_advisor.accept_answer(str(advisors_answer["sdp"]))
    # The customer gets the relay's certificate with the advisor's nonce, and reveals.
    relays_answer = await relay.toward_customer.answer(str(customer.offer["sdp"]))
    await customer.peer.accept_answer(relays_answer)
    customer.code.answered(relays_answer, {"nonce": advisors_answer["nonce"]})
    await relay.api.signal(relay.call_id, customer.code.reveal_fields())

    await listener.until(lambda: listener.final is not None)
    assert listener.security_codes == ["unverified"]  # no code was ever shown
    assert sentence(NoticeCode.CODE_UNVERIFIED) in listener.notices
    assert listener.final is not None
    assert (listener.final.state, listener.final.end_reason, listener.final.ended_by) == (
        CallState.ENDED,
        EndReason.UNVERIFIED,
        "advisor",
    )
    assert CallPhase.ENDED in listener.phases


async def test_a_relay_that_commits_itself_and_grinds_cannot_match_the_codes(
    relayed: tuple[Relay, Customer, LiveCall, CallRecorder],
) -> None:
    relay, customer, live, listener = relayed
    # Toward the advisor the relay is an honest offerer: the advisor's code is known to it.
    relays_offer = await relay.toward_advisor.offer()
    relays_code = OfferingCode(relays_offer)
    await relay.api.signal(
        relay.call_id, {"kind": "offer", "sdp": relays_offer, **relays_code.offer_fields()}
    )
    advisors_answer = await relay.next_signal("answer")
    await relay.toward_advisor.accept_answer(str(advisors_answer["sdp"]))
    advisors_code = relays_code.answered(str(advisors_answer["sdp"]), advisors_answer)
    await relay.api.signal(relay.call_id, relays_code.reveal_fields())
    await listener.until(lambda: listener.security_codes == [advisors_code])

    # Toward the customer it must answer before the customer reveals: it grinds its nonce
    # against the code the customer would see if its secret nonce were the guess.
    relays_answer = await relay.toward_customer.answer(str(customer.offer["sdp"]))
    customer_fp = sha256_fingerprint(str(customer.offer["sdp"]))
    relay_fp = sha256_fingerprint(relays_answer)
    assert customer_fp is not None
    assert relay_fp is not None
    ground, tries, seconds = await asyncio.to_thread(_grind, customer_fp, relay_fp, advisors_code)
    assert code_from(customer_fp, relay_fp, GUESSED_NONCE, ground) == advisors_code

    await customer.peer.accept_answer(relays_answer)
    customers_code = customer.code.answered(relays_answer, {"nonce": ground})
    print(f"relay ground {tries} nonces in {seconds:.1f} s: advisor reads {advisors_code}, "
          f"customer reads {customers_code}")  # fmt: skip
    # The customer's nonce was secret when the relay chose: one chance in a million to match
    # (this assertion fails once in a million runs, which is the bound the code promises).
    assert customers_code != advisors_code
    assert live.session.security_code == advisors_code


def _grind(customer_fp: str, relay_fp: str, target: str) -> tuple[str, int, float]:
    """The relay's best effort: a nonce that makes `target` for the guessed customer nonce."""
    started = time.monotonic()
    for attempt in range(GRIND_LIMIT):
        nonce = f"{attempt:064x}"
        if code_from(customer_fp, relay_fp, GUESSED_NONCE, nonce) == target:
            return nonce, attempt + 1, time.monotonic() - started
    raise AssertionError("no nonce matched the guess")
