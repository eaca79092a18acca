"""Loss as the app measures it (`network.peer.StatsSampler`), on a real RTP stream over a lossy
in-memory link (tests/lossy_link.py): every tenth packet from the advisor to the customer is
dropped; both the customer's receiver and the advisor's sender (through the customer's RTCP
receiver reports) see a tenth lost, with no root and no network namespace."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from aiortc import AudioStreamTrack, RTCRtpReceiver, RTCRtpSender
from aiortc.codecs import PCMU_CODEC
from aiortc.mediastreams import MediaStreamError
from aiortc.rtcrtpparameters import (
    RTCRtpDecodingParameters,
    RTCRtpReceiveParameters,
    RTCRtpSendParameters,
)
from aiortc.rtcrtpreceiver import RemoteStreamTrack

from network.peer import StatsSampler
from tests.lossy_link import lossy_dtls_pair
from tests.network.peers import wait_until

TENTH = [False] * 9 + [True]


async def _drain(track: RemoteStreamTrack) -> None:
    """The customer listens: decoded audio is taken as it comes (a real call plays it)."""
    with contextlib.suppress(MediaStreamError):
        while True:
            await track.recv()


def merged(*reports: Any) -> dict[str, Any]:
    return {key: stats for report in reports for key, stats in report.items()}


async def test_a_tenth_lost_on_the_way_is_a_tenth_measured_on_both_sides() -> None:
    async with lossy_dtls_pair() as (advisor, customer, link):
        track = AudioStreamTrack()
        sender = RTCRtpSender(track, advisor)
        receiver = RTCRtpReceiver("audio", customer)
        heard = RemoteStreamTrack(kind="audio")
        receiver._track = heard
        listening = asyncio.ensure_future(_drain(heard))
        await receiver.receive(
            RTCRtpReceiveParameters(
                codecs=[PCMU_CODEC],
                encodings=[RTCRtpDecodingParameters(ssrc=sender._ssrc, payloadType=0)],
            )
        )
        receiver._set_rtcp_ssrc(sender._ssrc)
        await sender.send(RTCRtpSendParameters(codecs=[PCMU_CODEC]))
        try:
            link.loss = TENTH
            sender_side, receiver_side = StatsSampler(), StatsSampler()
            sender_side.sample(await sender.getStats())
            receiver_side.sample(await receiver.getStats())
            # 50 packets a second; the receiver reports its loss every second or so.
            await wait_until(lambda: link.sent >= 200, within_s=15)

            async def reported() -> bool:
                stats = await sender.getStats()
                return any(s.type == "remote-inbound-rtp" for s in stats.values())

            for _ in range(150):
                if await reported():
                    break
                await asyncio.sleep(0.05)
            measured_by_customer = receiver_side.sample(await receiver.getStats())
            measured_by_advisor = sender_side.sample(merged(await sender.getStats()))
        finally:
            await sender.stop()
            await receiver.stop()
            track.stop()
            listening.cancel()

    assert link.dropped > 15
    assert abs(measured_by_customer.loss - 0.1) < 0.03
    assert abs(measured_by_advisor.sent_loss - 0.1) < 0.05
