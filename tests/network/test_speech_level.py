"""The speech level each audio packet carries (RFC 6464), computed in numpy: the same integer as
RFC 6465's definition, and what a real receiver reads from a call's packets."""

from __future__ import annotations

import asyncio
import fractions
import math

import aiortc.rtp
import numpy as np
import pytest
from aiortc import MediaStreamTrack, RTCRtpReceiver
from aiortc.mediastreams import MediaStreamError
from av import AudioFrame

from network.speech_level import speech_level_dbov
from tests.network.peers import close, connect, make_side, wait_until

RATE = 48_000
FRAME = 960  # 20 ms


def frame_of(samples: np.ndarray, index: int = 0) -> AudioFrame:
    frame = AudioFrame.from_ndarray(
        samples.astype(np.int16).reshape(1, -1), format="s16", layout="mono"
    )
    frame.sample_rate = RATE
    frame.pts = index * FRAME
    frame.time_base = fractions.Fraction(1, RATE)
    return frame


def rfc6465_level(samples: np.ndarray) -> int:
    """RFC 6465 Appendix A, sample by sample: the RMS against full scale, in dBov, -127..0."""
    energy = sum(int(s) * int(s) for s in samples)
    rms = math.sqrt(energy / (len(samples) * 32767 * 32767))
    return -127 if rms == 0 else round(min(0.0, max(-127.0, 20 * math.log10(rms))))


def tone(amplitude: float) -> np.ndarray:
    return amplitude * np.sin(2 * np.pi * 440 * np.arange(FRAME) / RATE)


@pytest.mark.parametrize(
    "samples",
    [
        np.zeros(FRAME),
        np.full(FRAME, 32767),
        np.full(FRAME, -32768),  # louder than full scale: 0 dBov
        np.eye(1, FRAME).ravel(),  # one quiet sample: the quietest level
        tone(3277),
        tone(300),
        *(
            np.random.default_rng(seed).normal(0, 10**seed, FRAME).clip(-32768, 32767)
            for seed in range(5)
        ),
    ],
)
def test_the_level_is_rfc_6465s(samples: np.ndarray) -> None:
    assert speech_level_dbov(frame_of(samples)) == rfc6465_level(samples.astype(np.int16))


class Tone(MediaStreamTrack):
    """A steady 440 Hz tone at a tenth of full scale (-23 dBov), in real time."""

    kind = "audio"

    def __init__(self) -> None:
        super().__init__()
        self._index = 0

    async def recv(self) -> AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        await asyncio.sleep(FRAME / RATE)
        self._index += 1
        return frame_of(tone(3277), self._index)


@pytest.mark.slow  # real peers: the full run, not --fast
async def test_a_call_carries_the_speech_level_in_every_audio_packet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    levels: list[int] = []
    handle = RTCRtpReceiver._handle_rtp_packet

    async def watched(
        self: RTCRtpReceiver, packet: aiortc.rtp.RtpPacket, arrival_time_ms: int
    ) -> None:
        if self._RTCRtpReceiver__kind == "audio" and packet.extensions.audio_level is not None:  # type: ignore[attr-defined]
            levels.append(packet.extensions.audio_level[1])
        await handle(self, packet, arrival_time_ms)

    monkeypatch.setattr(RTCRtpReceiver, "_handle_rtp_packet", watched)
    offerer, answerer = make_side(), make_side()
    offerer.peer.set_audio(Tone())
    try:
        await connect(offerer, answerer)
        await wait_until(lambda: len(levels) >= 25)
        assert aiortc.rtp.compute_audio_level_dbov is speech_level_dbov  # the peer installed it
        assert set(levels) == {23}, levels  # -23 dBov, written without its sign (RFC 6464)
    finally:
        await close(offerer, answerer)
