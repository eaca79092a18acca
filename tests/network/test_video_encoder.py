"""The call's VP8 encoder: aiortc's settings, a bitrate ceiling that follows the picture size."""

from __future__ import annotations

from fractions import Fraction

import av
import pytest
from aiortc.codecs import get_encoder
from aiortc.codecs.vpx import MAX_BITRATE, MIN_BITRATE, Vp8Decoder, vp8_depayload
from aiortc.jitterbuffer import JitterFrame
from aiortc.rtcrtpparameters import RTCRtpCodecParameters

from network.video_encoder import (
    HD_MAX_BITRATE,
    HELD_MIN_BITRATE,
    CallVideoEncoder,
    max_bitrate_for,
    use_call_video_encoder,
)


def _frame(width: int, height: int, pts: int = 0) -> av.VideoFrame:
    frame = av.VideoFrame(width, height, "yuv420p")
    for plane in frame.planes:
        plane.update(bytes([128]) * plane.buffer_size)
    frame.pts = pts
    frame.time_base = Fraction(1, 90000)
    return frame


@pytest.mark.parametrize(
    ("size", "ceiling"),
    [((320, 240), MAX_BITRATE), ((640, 480), MAX_BITRATE), ((1280, 720), HD_MAX_BITRATE)],
)
def test_the_ceiling_follows_the_picture_size(size: tuple[int, int], ceiling: int) -> None:
    assert max_bitrate_for(*size) == ceiling
    encoder = CallVideoEncoder()
    encoder.target_bitrate = 5_000_000  # a generous REMB
    payloads, _timestamp = encoder.encode(_frame(*size))
    assert payloads
    assert encoder.target_bitrate == ceiling
    assert encoder.codec is not None
    assert encoder.codec.bit_rate == ceiling
    assert (encoder.codec.width, encoder.codec.height) == size


def test_low_wishes_keep_aiortcs_floor() -> None:
    encoder = CallVideoEncoder()
    encoder.target_bitrate = 10_000
    assert encoder.target_bitrate == MIN_BITRATE


def _testsrc(width: int, height: int) -> av.VideoFrame:
    """A picture as hard to compress as the synthetic camera's (FFmpeg's testsrc2)."""
    with av.open(f"testsrc2=size={width}x{height}:rate=30", format="lavfi") as source:
        frame = next(source.decode(video=0))
    frame.pict_type = av.video.frame.PictureType.NONE
    return frame


def test_a_probe_holds_the_target_below_aiortcs_floor_and_lets_go() -> None:
    """An opening on a thin line: its first picture, a keyframe, made for the opening's rate is
    a fraction of one made for aiortc's 250 kbit/s, so it takes a 64 kbit/s line for a moment."""
    picture = _testsrc(320, 240)
    at_floor, held = CallVideoEncoder(), CallVideoEncoder()
    at_floor.target_bitrate = held.target_bitrate = 50_000
    held.hold_bitrate(50_000)
    assert (at_floor.target_bitrate, held.target_bitrate) == (MIN_BITRATE, 50_000)
    floor_keyframe = sum(map(len, at_floor.encode(picture)[0]))
    held_keyframe = sum(map(len, held.encode(picture)[0]))
    assert held_keyframe < 0.5 * floor_keyframe, (held_keyframe, floor_keyframe)
    held.hold_bitrate(10_000)
    assert held.target_bitrate == HELD_MIN_BITRATE
    held.target_bitrate = 900_000  # a REMB meanwhile: remembered, not followed while held
    assert held.target_bitrate == HELD_MIN_BITRATE
    held.hold_bitrate(None)
    assert held.target_bitrate == 900_000


def test_a_smaller_picture_lowers_the_ceiling_again() -> None:
    encoder = CallVideoEncoder()
    encoder.target_bitrate = 5_000_000
    encoder.encode(_frame(1280, 720))
    encoder.encode(_frame(640, 480, pts=3000))
    assert encoder.codec is not None
    assert encoder.codec.bit_rate == MAX_BITRATE
    assert (encoder.codec.width, encoder.codec.height) == (640, 480)


def test_what_it_encodes_decodes() -> None:
    encoder, decoder = CallVideoEncoder(), Vp8Decoder()
    payloads, timestamp = encoder.encode(_frame(1280, 720))
    data = b"".join(vp8_depayload(payload) for payload in payloads)
    (decoded,) = decoder.decode(JitterFrame(data, timestamp))
    assert isinstance(decoded, av.VideoFrame)
    assert (decoded.width, decoded.height) == (1280, 720)


def test_aiortc_builds_it_for_vp8_senders() -> None:
    assert use_call_video_encoder() is True
    assert use_call_video_encoder() is True  # idempotent
    vp8 = RTCRtpCodecParameters(mimeType="video/VP8", clockRate=90000, payloadType=96)
    assert isinstance(get_encoder(vp8), CallVideoEncoder)


def test_a_lower_target_opens_a_codec_at_it() -> None:
    encoder = CallVideoEncoder()
    encoder.target_bitrate = 1_500_000
    encoder.encode(_frame(640, 480))
    encoder.target_bitrate = 1_200_000  # -20 %: the line is full, relieve it
    encoder.encode(_frame(640, 480, pts=3000))
    assert encoder.codec is not None
    assert encoder.codec.bit_rate == 1_200_000


def _keyframes(
    encoder: CallVideoEncoder, frames: list[av.VideoFrame], force: int = -1
) -> list[bool]:
    """Which of ``frames`` went out as VP8 keyframes (the frame tag's P bit is 0 on a keyframe)."""
    sent = []
    for index, frame in enumerate(frames):
        payloads, _timestamp = encoder.encode(frame, force_keyframe=index == force)
        data = b"".join(vp8_depayload(payload) for payload in payloads)
        sent.append(data[0] & 0x01 == 0)
    return sent


def test_decoded_pictures_marked_intra_are_not_all_keyframes() -> None:
    # A camera's decoded pictures arrive marked as intra pictures (PictureType.I); FFmpeg's
    # libvpx wrapper would make each one a keyframe.
    frames = [_frame(320, 240, pts=index * 3000) for index in range(12)]
    for frame in frames:
        frame.pict_type = av.video.frame.PictureType.I
    assert _keyframes(CallVideoEncoder(), frames) == [True] + [False] * 11


def test_a_keyframe_asked_for_is_sent() -> None:
    frames = [_frame(320, 240, pts=index * 3000) for index in range(6)]
    assert _keyframes(CallVideoEncoder(), frames, force=4) == [
        True,
        False,
        False,
        False,
        True,
        False,
    ]
