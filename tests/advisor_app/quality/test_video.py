"""The advisor's video at the level the line allows: full passes through, reduced is smaller and
at most 15 frames a second (aiortc's own synthetic 640x480, 30 fps track as the camera)."""

from __future__ import annotations

import itertools
from fractions import Fraction

import av
from aiortc import VideoStreamTrack

from advisor_app.quality.policy import VideoLevel
from advisor_app.quality.video import REDUCED_FPS, REDUCED_WIDTH, ShapedVideoTrack


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

        track.set_level(VideoLevel.OFF)  # the sender stops pulling; the track stays at full
        assert track.level is VideoLevel.FULL
    finally:
        track.stop()
        source.stop()
