"""Sender reports pair each RTP timestamp with the moment its frame was captured
(`network.capture_clock`): real peers on loopback, frames captured a known time before they are
handed to the sender, the other side's receivers read the SRs that arrive."""

from __future__ import annotations

import time
from typing import Any

import pytest
from aiortc import AudioStreamTrack, MediaStreamTrack, VideoStreamTrack
from aiortc.rtp import RtcpSrPacket

from advisor_app.domain.capture_moment import stamp
from network.capture_clock import CAPTURE_LAG_MAX_S, CapturedTrack, capture_lag
from network.rtcp_tap import tap
from tests.network.peers import Side, connect, wait_until

NTP_EPOCH_OFFSET_S = 2_208_988_800  # 1900 to 1970
HELD_S = 0.3  # how long before the sender gets it each frame was captured


class HeldBack(MediaStreamTrack):
    """A test track whose frames were captured `held_s` before they are handed out (a slow
    encoder or a deep capture queue, as seen by the sender), stamped as the app's devices do."""

    def __init__(self, source: MediaStreamTrack, held_s: float | None) -> None:
        super().__init__()
        self.kind = source.kind
        self._source = source
        self._held_s = held_s

    async def recv(self) -> Any:
        frame = await self._source.recv()
        if self._held_s is not None:
            stamp(frame, time.monotonic() - self._held_s)
        return frame


def sr_ages(side: Side) -> dict[str, list[float]]:
    """Per kind, how old (s) each arriving SR says its RTP timestamp is: arrival - NTP field."""
    ages: dict[str, list[float]] = {"audio": [], "video": []}
    for transceiver in side.peer._pc.getTransceivers():
        kind, receiver = transceiver.kind, transceiver.receiver

        def seen(packet: object, kind: str = kind) -> None:
            if isinstance(packet, RtcpSrPacket):
                ntp = packet.sender_info.ntp_timestamp / (1 << 32) - NTP_EPOCH_OFFSET_S
                ages[kind].append(time.time() - ntp)

        assert tap(receiver, "_handle_rtcp_packet", seen, without="test")
    return ages


@pytest.mark.parametrize("held_s", [HELD_S, None], ids=["stamped", "unstamped"])
async def test_reports_pair_rtp_time_with_the_capture_moment(
    peer_pair: tuple[Side, Side], held_s: float | None
) -> None:
    offerer, answerer = peer_pair
    offerer.peer.set_audio(HeldBack(AudioStreamTrack(), held_s))
    offerer.peer.set_video(HeldBack(VideoStreamTrack(), held_s))
    ages = sr_ages(answerer)
    await connect(offerer, answerer)
    await wait_until(lambda: all(len(seen) >= 3 for seen in ages.values()), within_s=10.0)
    for kind, seen in ages.items():
        # An SR carries the last packet sent: up to a frame (audio 20 ms, video ~33 ms) before it
        # leaves, plus loopback. Without the capture moment aiortc pairs the moment of sending.
        low = held_s or 0.0
        assert all(low - 0.01 <= age <= low + 0.1 for age in seen), (kind, seen)


def test_a_lag_is_counted_only_where_it_is_plausible() -> None:
    track = CapturedTrack(VideoStreamTrack())
    assert capture_lag(track, 100.0) == 0.0  # nothing handed out yet
    track.captured_at = 99.8
    assert capture_lag(track, 100.0) == pytest.approx(0.2)
    track.captured_at = 100.0 - CAPTURE_LAG_MAX_S - 0.5  # a frozen capture thread: not a lag
    assert capture_lag(track, 100.0) == 0.0
    track.captured_at = 100.5  # another clock's moment
    assert capture_lag(track, 100.0) == 0.0
