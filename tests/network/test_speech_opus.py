"""The speech encoder: changes its bitrate between frames without a jump in RTP time, and codes
one voice as mono both ways."""

from __future__ import annotations

import fractions
import itertools

import numpy as np
from aiortc import RTCPeerConnection, RTCRtpCodecParameters
from aiortc.codecs import get_decoder, get_encoder
from aiortc.codecs.opus import OpusDecoder, OpusEncoder
from aiortc.jitterbuffer import JitterFrame
from av import AudioFrame

from network.speech_opus import (
    SPEECH_OPUS_BITRATE,
    SpeechOpusDecoder,
    SpeechOpusEncoder,
    set_speech_bitrate,
    use_speech_opus,
)

RATE = 48_000
FRAME = 960  # 20 ms


def speech_like(index: int) -> AudioFrame:
    """20 ms of a voiced sound with a changing pitch and noise: Opus cannot shrink it to nothing."""
    t = (np.arange(FRAME) + index * FRAME) / RATE
    rng = np.random.default_rng(index)
    pitch = 140 + 40 * np.sin(2 * np.pi * 0.7 * t)
    voice = sum(np.sin(2 * np.pi * pitch * k * t) / k for k in range(1, 12))
    samples = (voice * 3000 + rng.normal(0, 800, FRAME)).astype(np.int16)
    frame = AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
    frame.sample_rate = RATE
    frame.pts = index * FRAME
    frame.time_base = fractions.Fraction(1, RATE)
    return frame


def encode_seconds(encoder: SpeechOpusEncoder, start: int, seconds: float) -> tuple[int, list[int]]:
    """Bytes produced and the timestamps returned for `seconds` of frames from frame `start`."""
    size, stamps = 0, []
    for index in range(start, start + int(seconds * 50)):
        payloads, timestamp = encoder.encode(speech_like(index))
        if payloads:
            size += sum(len(p) for p in payloads)
            stamps.append(timestamp)
    return size, stamps


def test_starts_at_speech_bitrate_and_follows_a_new_target() -> None:
    encoder = SpeechOpusEncoder()
    fast, before = encode_seconds(encoder, 0, 2.0)
    encoder.target_bitrate = 12_000
    slow, after = encode_seconds(encoder, 100, 2.0)
    assert encoder.codec.bit_rate == 12_000
    assert encoder.reopened == 1
    # Payload kbit/s: about 32 before, about 12 after (VBR varies a little).
    assert 24 < fast * 8 / 2.0 / 1000 < 40, fast
    assert 8 < slow * 8 / 2.0 / 1000 < 16, slow
    stamps = before + after
    steps = {b - a for a, b in itertools.pairwise(stamps)}
    assert steps == {FRAME}, "RTP time runs on in 20 ms steps across the re-opened codec"
    assert stamps[0] == 0


def test_target_is_clamped_to_opus_speech_range() -> None:
    encoder = SpeechOpusEncoder()
    assert encoder.target_bitrate == SPEECH_OPUS_BITRATE
    encoder.target_bitrate = 1_000
    assert encoder.target_bitrate == 8_000
    encoder.target_bitrate = 500_000
    assert encoder.target_bitrate == 64_000


async def test_a_sender_without_an_encoder_yet_is_left_alone() -> None:
    pc = RTCPeerConnection()
    try:
        sender = pc.addTransceiver("audio").sender
        assert set_speech_bitrate(sender, 16_000) is False  # it encodes nothing before a frame
    finally:
        await pc.close()


def opus_channels(packet: bytes) -> int:
    """How many channels an Opus packet carries: the stereo flag of its TOC byte (RFC 6716)."""
    return 2 if packet[0] & 0x04 else 1


def decoded(decoder: OpusDecoder, packets: list[bytes]) -> list[AudioFrame]:
    frames: list[AudioFrame] = []
    for index, packet in enumerate(packets):
        frames += decoder.decode(JitterFrame(data=packet, timestamp=index * FRAME))  # type: ignore[arg-type]
    return frames


def test_speech_goes_out_as_mono_and_a_browser_decoder_plays_it() -> None:
    encoder = SpeechOpusEncoder()
    packets = [p for index in range(50) for p in encoder.encode(speech_like(index))[0]]
    assert len(packets) == 50
    assert {opus_channels(p) for p in packets} == {1}
    # A stereo decoder (as aiortc's own, or a browser's output) takes it as well.
    frames = decoded(OpusDecoder(), packets)
    assert len(frames) == 50
    assert frames[0].layout.name == "stereo"
    left_right = np.concatenate([f.to_ndarray().reshape(-1) for f in frames[10:]]).reshape(-1, 2)
    assert np.array_equal(left_right[:, 0], left_right[:, 1])  # one voice on both sides
    assert np.abs(left_right[:, 0]).max() > 1000  # and it is not silence


def test_speech_is_decoded_to_mono_from_mono_and_from_stereo_senders() -> None:
    mono_packets = [p for i in range(50) for p in SpeechOpusEncoder().encode(speech_like(i))[0]]
    stereo_encoder = OpusEncoder()  # aiortc's own: what a stereo sender puts on the line
    stereo_packets = [p for i in range(50) for p in stereo_encoder.encode(speech_like(i))[0]]
    assert {opus_channels(p) for p in stereo_packets} == {2}
    for packets in (mono_packets, stereo_packets):
        frames = decoded(SpeechOpusDecoder(), packets)
        assert len(frames) == len(packets)
        assert {(f.layout.name, f.format.name, f.sample_rate, f.samples) for f in frames} == {
            ("mono", "s16", RATE, FRAME)
        }
        loudness = np.abs(np.concatenate([f.to_ndarray().reshape(-1) for f in frames[10:]]))
        assert loudness.max() > 1000


def test_aiortc_builds_the_speech_coders_for_opus() -> None:
    assert use_speech_opus()
    opus = RTCRtpCodecParameters(mimeType="audio/opus", clockRate=48000, channels=2)
    assert isinstance(get_encoder(opus), SpeechOpusEncoder)
    assert isinstance(get_decoder(opus), SpeechOpusDecoder)
