"""A probe's rate arrives whatever the picture makes of it: two real `CallPeer`s on loopback.

With the camera off (or a still, dark picture) the encoder makes far less than the probe's rate;
the padding on the `fill` channel tops what the call sends up to it, the other side counts it as
received and drops it, and it stops when the probe is over.
"""

from __future__ import annotations

import asyncio

import pytest

from network.probe_fill import SPEECH_AND_RTCP_KBPS
from tests.network.peers import Side, connect

pytestmark = pytest.mark.slow  # real peers: the full run, not --fast

PROBE_KBPS = 300.0


async def received_kbps(side: Side, seconds: float) -> float:
    """What `side`'s transport received over the next `seconds` (UDP payload, kbit/s)."""
    await side.peer.sample()
    await asyncio.sleep(seconds)
    return (await side.peer.sample()).received_kbps


async def test_a_probe_without_a_picture_is_padded_to_its_rate_and_stops_with_it(
    peer_pair: tuple[Side, Side],
) -> None:
    prober, other = peer_pair
    await connect(prober, other)  # neither side sends a picture: speech alone, if anything
    await asyncio.sleep(1.0)  # the connection's own setup (DTLS, SCTP) is over
    quiet = await received_kbps(other, 1.0)
    assert quiet < 100, quiet  # RTCP, keep-alives (no picture, no probe)

    prober.peer.set_video_probe_kbps(PROBE_KBPS, fill=True)
    await asyncio.sleep(2.0)  # the video settles, what is sent is measured, then padded
    during = await received_kbps(other, 2.0)
    target = PROBE_KBPS + SPEECH_AND_RTCP_KBPS
    assert 0.8 * target <= during <= 1.3 * target, during
    assert other.messages == []  # the padding is counted, never taken for a control message

    prober.peer.set_video_probe_kbps(None)
    await asyncio.sleep(0.5)
    after = await received_kbps(other, 1.5)
    assert after < quiet + 30, (after, quiet)
