"""A peer whose host addresses hide behind mDNS names (as browsers do) still connects.

Real aiortc peers on this computer's addresses; the offerer's description is rewritten the way a
browser writes it (every host address a fresh `<uuid>.local` name, also in `c=` and `a=rtcp`).
A real mDNS responder (aioice's, on the real multicast group) answers for the names in the
tests that need one; in the others nobody knows the names. The real browsers are in
tests/e2e/test_hidden_addresses.py.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator

import pytest
from aioice import mdns as aioice_mdns

from advisor_app.domain.models import IceServer
from network.control_channel import ChatLine
from network.hidden_candidates import HiddenCandidate, without_hidden_candidates
from network.mdns import is_mdns_name, resolve_mdns_names
from tests.network.test_peer import Side, close, make_side, wait_until

# What Firefox 153 sent with `media.navigator.permission.disabled` (trimmed to the lines that
# matter: fingerprints and ufrag shortened).
FIREFOX_OFFER = "\r\n".join(
    [
        "v=0",
        "o=mozilla...THIS_IS_SDPARTA-99.0 1 0 IN IP4 0.0.0.0",
        "s=-",
        "t=0 0",
        "a=fingerprint:sha-256 C6:94:AF:FD",
        "a=group:BUNDLE 0 1",
        "m=audio 9 UDP/TLS/RTP/SAVPF 109",
        "c=IN IP4 0.0.0.0",
        "a=candidate:0 1 UDP 2122187007 bf8d0448-e2f6-47b7-bc4e-4b21dd04e0f1.local 50150 typ host",
        "a=candidate:1 1 UDP 2122252543 6861d84a-b6f6-4077-a293-59f1c255e8c4.local 47058 typ host",
        "a=candidate:2 1 TCP 2105458943 bf8d0448-e2f6-47b7-bc4e-4b21dd04e0f1.local 9 typ host"
        " tcptype active",
        "a=sendrecv",
        "a=end-of-candidates",
        "a=mid:0",
        "a=rtcp:53262 IN IP4 bf8d0448-e2f6-47b7-bc4e-4b21dd04e0f1.local",
        "a=rtcp-mux",
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
        "c=IN IP4 0.0.0.0",
        "a=candidate:0 1 UDP 2122187007 bf8d0448-e2f6-47b7-bc4e-4b21dd04e0f1.local 50150 typ host",
        "a=end-of-candidates",
        "a=mid:1",
        "",
    ]
)


def test_a_firefox_offer_loses_only_its_hidden_candidates() -> None:
    usable = without_hidden_candidates(FIREFOX_OFFER)

    assert ".local" not in usable.sdp
    assert "a=end-of-candidates" not in usable.sdp  # ICE waits for the browser's checks
    assert "a=rtcp:53262 IN IP4 0.0.0.0\r\n" in usable.sdp
    assert usable.sdp.count("\r\n") == FIREFOX_OFFER.count("\r\n") - 4 - 2
    assert [(c.name[:8], c.sdp_mid, c.sdp_mline_index) for c in usable.hidden] == [
        ("bf8d0448", "0", 0),
        ("6861d84a", "0", 0),
        ("bf8d0448", "0", 0),
        ("bf8d0448", "1", 1),
    ]
    assert usable.hidden[1].revealed("fd00::2") == "1 1 UDP 2122252543 fd00::2 47058 typ host"


def test_a_description_without_names_stays_as_it_is() -> None:
    plain = FIREFOX_OFFER.replace("bf8d0448-e2f6-47b7-bc4e-4b21dd04e0f1.local", "192.0.2.7")
    plain = plain.replace("6861d84a-b6f6-4077-a293-59f1c255e8c4.local", "fd00::7")
    assert without_hidden_candidates(plain).sdp == plain
    assert without_hidden_candidates(plain).hidden == ()


def test_mdns_names_are_told_from_addresses() -> None:
    assert is_mdns_name("bf8d0448-e2f6-47b7-bc4e-4b21dd04e0f1.local")
    assert not is_mdns_name("192.0.2.7")
    assert not is_mdns_name("fd00::7")
    assert not is_mdns_name("printer.example.com")
    assert not is_mdns_name("a.b.local")


@pytest.fixture
async def responder() -> AsyncIterator[aioice_mdns.MDnsProtocol]:
    """A real mDNS responder on this computer (aioice's), for names a test publishes."""
    protocol = await aioice_mdns.create_mdns_protocol()
    yield protocol
    await protocol.close()


def fresh_name() -> str:
    return f"{uuid.uuid4()}.local"


async def test_names_resolve_when_a_responder_answers(
    responder: aioice_mdns.MDnsProtocol,
) -> None:
    v4, v6, unknown = fresh_name(), fresh_name(), fresh_name()
    await responder.publish(v4, "192.0.2.77")
    await responder.publish(v6, "fd00::77")

    started = time.monotonic()
    found = await resolve_mdns_names([v4, v6], within_s=2.0)
    assert found == {v4: "192.0.2.77", v6: "fd00::77"}
    assert time.monotonic() - started < 1.0  # answered at once, not at the deadline

    started = time.monotonic()
    assert await resolve_mdns_names([v4, unknown], within_s=0.6) == {v4: "192.0.2.77"}
    assert 0.55 < time.monotonic() - started < 1.5  # waited for the unknown name, then gave up


def hide_addresses(sdp: str, names: dict[str, str]) -> str:
    """`sdp` as a browser hiding its addresses writes it: each host address a `.local` name."""

    def name_for(address: str) -> str:
        return names.setdefault(address, fresh_name())

    sdp = re.sub(
        r"^(a=candidate:\S+ \d+ \S+ \d+ )(\S+)( \d+ typ host)",
        lambda m: m.group(1) + name_for(m.group(2)) + m.group(3),
        sdp,
        flags=re.MULTILINE,
    )
    first = next(iter(names))
    sdp = re.sub(r"^c=IN IP4 \S+", "c=IN IP4 0.0.0.0", sdp, flags=re.MULTILINE)
    return re.sub(r"^a=rtcp:9 IN IP4 \S+", f"a=rtcp:9 IN IP4 {names[first]}", sdp, flags=re.M)


async def call_with_hidden_offerer(
    offerer: Side, answerer: Side, names: dict[str, str], responder: aioice_mdns.MDnsProtocol
) -> tuple[str, str]:
    offer = await offerer.peer.offer()
    hidden_offer = hide_addresses(offer, names)
    assert ".local" in hidden_offer
    for address, name in names.items():
        await responder.publish(name, address)
    answer = await answerer.peer.answer(hidden_offer)
    await offerer.peer.accept_answer(answer)
    await asyncio.gather(offerer.peer.wait_connected(10), answerer.peer.wait_connected(10))
    return hidden_offer, answer


async def test_hidden_addresses_without_a_responder_connect_through_checks(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="network.peer")
    offerer, answerer = make_side(), make_side()
    try:
        names: dict[str, str] = {}
        offer = hide_addresses(await offerer.peer.offer(), names)
        answer = await answerer.peer.answer(offer)  # no crash on a name in `a=rtcp`
        # The advisor's own candidates are always offered: the browser needs them.
        assert re.search(r"^a=candidate:.* typ host", answer, re.MULTILINE)
        await offerer.peer.accept_answer(answer)
        await asyncio.gather(offerer.peer.wait_connected(10), answerer.peer.wait_connected(10))

        assert answerer.peer.selected_candidate_types() == ("host", "prflx")
        await wait_until(lambda: offerer.peer.send(ChatLine("Hallo")))
        await wait_until(lambda: answerer.messages == [ChatLine("Hallo")])
        await wait_until(lambda: "without an mDNS answer" in caplog.text, within_s=5)
        assert re.search(r"0 resolved, \d+ without an mDNS answer", caplog.text)
    finally:
        await close(offerer, answerer)


async def test_hidden_addresses_with_a_responder_are_added_as_candidates(
    responder: aioice_mdns.MDnsProtocol, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="network.peer")
    offerer, answerer = make_side(), make_side()
    try:
        names: dict[str, str] = {}
        await call_with_hidden_offerer(offerer, answerer, names, responder)
        await wait_until(lambda: "resolved" in caplog.text, within_s=5)
        assert re.search(r"[1-9]\d* resolved, 0 without an mDNS answer", caplog.text)
    finally:
        await close(offerer, answerer)


async def test_a_trickled_hidden_candidate_is_resolved_not_handed_to_aiortc(
    responder: aioice_mdns.MDnsProtocol, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="network.peer")
    side = make_side()
    try:
        name = fresh_name()
        await responder.publish(name, "192.0.2.78")
        hidden = HiddenCandidate(name, f"9 1 UDP 2122187007 {name} 50150 typ host", "0", 0)
        await side.peer.add_remote_candidate("candidate:" + hidden.candidate, "0", 0)
        await wait_until(lambda: "1 resolved, 0 without" in caplog.text, within_s=5)
    finally:
        await close(side)


@pytest.mark.turn
async def test_a_relay_only_call_reaches_a_hiding_browser_through_turn(
    turn_server: IceServer,
) -> None:
    """A browser hides only its host addresses: its relay candidate carries the relay's real
    address, and with the relay forced that is the path (the names are not looked up)."""
    offerer, answerer = make_side([turn_server]), make_side([turn_server], relay_only=True)
    try:
        offer = hide_addresses(await offerer.peer.offer(), {})
        assert "typ relay" in offer
        answer = await answerer.peer.answer(offer)
        assert "typ host" not in answer
        await offerer.peer.accept_answer(answer)
        await asyncio.gather(offerer.peer.wait_connected(10), answerer.peer.wait_connected(10))
        assert answerer.peer.selected_candidate_types() == ("relay", "relay")
    finally:
        await close(offerer, answerer)
