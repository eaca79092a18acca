"""The advisor's video at each level: HD as the camera gives it, full within 640x480, reduced
smaller and at most 15 frames a second."""

from __future__ import annotations

import itertools
from fractions import Fraction

import av
import pytest
from aiortc import MediaStreamTrack, VideoStreamTrack

from advisor_app.quality.policy import VideoLevel
from advisor_app.quality.video import REDUCED_FPS, REDUCED_WIDTH, ShapedVideoTrack


class Camera(MediaStreamTrack):
    """Real frames of one size at 30 fps, numbered by pts."""

    kind = "video"

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self._size = (width, height)
        self._count = 0

    async def recv(self) -> av.VideoFrame:
        frame = av.VideoFrame(*self._size, "yuv420p")
        frame.pts = self._count * 3000
        frame.time_base = Fraction(1, 90000)
        self._count += 1
        return frame


async def frames(track: ShapedVideoTrack, count: int) -> list[av.VideoFrame]:
    received = []
    for _ in range(count):
        frame = await track.recv()
        assert isinstance(frame, av.VideoFrame)
        received.append(frame)
    return received


def seconds(frame: av.VideoFrame) -> float:
    assert frame.pts is not None
    assert frame.time_base is not None
    return float(frame.pts * Fraction(frame.time_base))


async def test_full_passes_the_camera_through_and_reduced_is_smaller_and_slower() -> None:
    source = VideoStreamTrack()
    track = ShapedVideoTrack(source)
    try:
        full = await frames(track, 4)
        assert {(f.width, f.height) for f in full} == {(640, 480)}
        steps = [seconds(b) - seconds(a) for a, b in itertools.pairwise(full)]
        assert all(abs(step - 1 / 30) < 0.01 for step in steps)

        track.set_level(VideoLevel.REDUCED)
        assert track.level is VideoLevel.REDUCED
        reduced = await frames(track, 4)
        assert {(f.width, f.height) for f in reduced} == {(REDUCED_WIDTH, 240)}
        steps = [seconds(b) - seconds(a) for a, b in itertools.pairwise(reduced)]
        assert all(step >= 1 / REDUCED_FPS - 0.006 for step in steps)  # every other frame

        track.set_level(VideoLevel.OFF)  # the sender stops pulling; video comes back at full
        assert track.level is VideoLevel.FULL
    finally:
        track.stop()
        source.stop()


@pytest.mark.parametrize(
    ("camera", "level", "sent"),
    [
        ((1280, 720), VideoLevel.HD, (1280, 720)),
        ((1920, 1080), VideoLevel.HD, (1280, 720)),
        ((640, 480), VideoLevel.HD, (640, 480)),  # HD only where the camera gives it
        ((1280, 720), VideoLevel.FULL, (640, 360)),  # a 16:9 camera keeps its shape
        ((640, 480), VideoLevel.FULL, (640, 480)),
        ((1280, 720), VideoLevel.REDUCED, (320, 180)),
        ((640, 480), VideoLevel.REDUCED, (320, 240)),
    ],
)
async def test_each_level_sends_its_size(
    camera: tuple[int, int], level: VideoLevel, sent: tuple[int, int]
) -> None:
    track = ShapedVideoTrack(Camera(*camera))
    track.set_level(level)
    assert {(f.width, f.height) for f in await frames(track, 6)} == {sent}


async def test_reduced_video_is_thinned_to_half_the_frames() -> None:
    track = ShapedVideoTrack(Camera(640, 480))
    track.set_level(VideoLevel.REDUCED)
    assert [f.pts for f in await frames(track, 4)] == [0, 6000, 12000, 18000]
