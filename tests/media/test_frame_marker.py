"""The frame number survives a real VP8 encode and decode at 640x480, at aiortc's lowest rate."""

from __future__ import annotations

import random

import av
import numpy as np
import pytest
from aiortc.codecs.vpx import Vp8Decoder, Vp8Encoder, vp8_depayload
from aiortc.jitterbuffer import JitterFrame
from aiortc.mediastreams import VIDEO_TIME_BASE

from media import frame_marker


def _test_pictures(count: int) -> list[np.ndarray]:
    """Moving, colourful pictures (testsrc2), so the codec has real work besides the marker."""
    container = av.open("testsrc2=size=640x480:rate=30", format="lavfi")
    pictures = []
    for frame in container.decode(video=0):
        pictures.append(frame.to_ndarray(format="rgb24"))
        if len(pictures) == count:
            break
    container.close()
    return pictures


def test_round_trip_in_memory() -> None:
    picture = np.full((480, 640, 3), 128, dtype=np.uint8)
    for n in (0, 1, 255, 4096, 123_456, frame_marker.MODULUS - 1):
        frame_marker.stamp(picture, n)
        assert frame_marker.read(picture) == n
    frame_marker.stamp(picture, frame_marker.MODULUS + 5)
    assert frame_marker.read(picture) == 5


def test_no_marker_reads_none() -> None:
    for value in (0, 128, 255):
        assert frame_marker.read(np.full((480, 640, 3), value, dtype=np.uint8)) is None
    picture = _test_pictures(1)[0]
    assert frame_marker.read(picture) is None
    assert frame_marker.read(np.zeros((10, 10), dtype=np.uint8)) is None


def test_a_damaged_marker_is_rejected_not_misread() -> None:
    picture = np.zeros((480, 640), dtype=np.uint8)
    frame_marker.stamp(picture, 777)
    size = frame_marker.cell_size(640)
    picture[0:size, 0:size] = 255 - picture[0:size, 0:size]  # flip the first bit
    assert frame_marker.read(picture) is None


def test_grey_and_scaled_pictures() -> None:
    grey = np.zeros((240, 320), dtype=np.uint8)
    frame_marker.stamp(grey, 4242)
    assert frame_marker.read(grey) == 4242
    with pytest.raises(ValueError, match="too small"):
        frame_marker.stamp(np.zeros((8, 8), dtype=np.uint8), 1)


def test_marker_survives_a_display_downscale() -> None:
    picture = _test_pictures(1)[0]
    frame_marker.stamp(picture, 31_337)
    frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
    smaller = frame.reformat(width=480, height=360, format="rgb24").to_ndarray()
    assert frame_marker.read(smaller) == 31_337


@pytest.mark.parametrize("bitrate", [250_000, 1_500_000])
def test_marker_survives_vp8_at_640x480(bitrate: int) -> None:
    rng = random.Random(bitrate)
    numbers = [rng.randrange(frame_marker.MODULUS) for _ in range(45)]
    frames = []
    for picture, number in zip(_test_pictures(len(numbers)), numbers, strict=True):
        frame_marker.stamp(picture, number)
        frames.append(
            av.VideoFrame.from_ndarray(picture, format="rgb24").reformat(format="yuv420p")
        )
    read_back = [
        frame_marker.read(decoded.to_ndarray(format="rgb24"))
        for decoded in _through_vp8(frames, bitrate)
    ]
    assert read_back == numbers


def _camera_frames(count: int, size: str = "640x480") -> list[av.VideoFrame]:
    container = av.open(f"testsrc2=size={size}:rate=30", format="lavfi")
    frames = []
    for frame in container.decode(video=0):
        frames.append(frame)
        if len(frames) == count:
            break
    container.close()
    return frames


@pytest.mark.parametrize("size", ["640x480", "1280x720"])
def test_a_frame_stamped_on_its_luma_plane_survives_vp8(size: str) -> None:
    numbers = [frame_marker.MODULUS - 2 + i for i in range(30)]  # wraps to 0 on the way
    frames = _camera_frames(30, size)
    for frame, number in zip(frames, numbers, strict=True):
        assert frame.format.name == "yuv420p"  # what cameras and lavfi give: stamped in place
        assert frame_marker.stamp_frame(frame, number) is frame
        assert frame_marker.read_frame(frame) == number % frame_marker.MODULUS
    read_back = [frame_marker.read_frame(decoded) for decoded in _through_vp8(frames, 250_000)]
    assert read_back == [n % frame_marker.MODULUS for n in numbers]


def _through_vp8(frames: list[av.VideoFrame], bitrate: int) -> list[av.VideoFrame]:
    """The frames after aiortc's VP8 encoder and decoder."""
    encoder, decoder = Vp8Encoder(), Vp8Decoder()
    encoder.target_bitrate = bitrate
    decoded_frames = []
    for index, frame in enumerate(frames):
        frame.pts = index * 3000
        frame.time_base = VIDEO_TIME_BASE
        payloads, timestamp = encoder.encode(frame, force_keyframe=index == 0)
        data = b"".join(vp8_depayload(payload) for payload in payloads)
        for decoded in decoder.decode(JitterFrame(data=data, timestamp=timestamp)):
            assert isinstance(decoded, av.VideoFrame)
            decoded_frames.append(decoded)
    return decoded_frames


def test_luma_stamping_touches_only_the_marker_and_reads_like_an_rgb_stamp() -> None:
    frame = _camera_frames(1)[0]
    before = frame.to_ndarray(format="gray")
    frame_marker.stamp_frame(frame, 4711)
    after = frame.to_ndarray(format="gray")
    size = frame_marker.cell_size(640)
    rows, columns = frame_marker.ROWS * size, frame_marker.COLUMNS * size
    assert (after[rows:] == before[rows:]).all()
    assert (after[:, columns:] == before[:, columns:]).all()
    assert frame_marker.read(frame.to_ndarray(format="rgb24")) == 4711  # the same marker


def test_a_frame_of_another_format_is_converted_then_stamped() -> None:
    frame = _camera_frames(1)[0].reformat(format="yuyv422")
    stamped = frame_marker.stamp_frame(frame, 99)
    assert stamped.format.name == "yuv420p"
    assert frame_marker.read_frame(stamped) == 99
    assert frame_marker.read_frame(_camera_frames(1)[0]) is None
