"""Frames for the screen: RGB888, scaled to fit, at most N per second, converted off the loop."""

from __future__ import annotations

import asyncio
import struct
import threading

import av
import numpy as np
import pytest
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from advisor_app.domain.frames import BYTES_PER_PIXEL, DisplayFrame
from media.display import DisplaySampler, fit_size, forward_video, to_display_frame


@pytest.mark.parametrize(
    ("size", "max_size", "expected"),
    [
        ((640, 480), (960, 540), (640, 480)),  # never enlarged
        ((1280, 720), (960, 540), (960, 540)),
        ((1920, 1080), (960, 540), (960, 540)),
        ((1280, 960), (960, 540), (720, 540)),  # 4:3 limited by height
        ((480, 640), (960, 540), (404, 540)),  # portrait phone: even, never over max
        ((1280, 720), None, (1280, 720)),
    ],
)
def test_fit_size_keeps_the_aspect_ratio(
    size: tuple[int, int], max_size: tuple[int, int] | None, expected: tuple[int, int]
) -> None:
    assert fit_size(*size, max_size) == expected


def _quadrants(width: int, height: int) -> av.VideoFrame:
    """Red, green, blue and white quadrants, as a camera would deliver (yuv420p)."""
    picture = np.zeros((height, width, 3), dtype=np.uint8)
    picture[: height // 2, : width // 2] = (255, 0, 0)
    picture[: height // 2, width // 2 :] = (0, 255, 0)
    picture[height // 2 :, : width // 2] = (0, 0, 255)
    picture[height // 2 :, width // 2 :] = (255, 255, 255)
    return av.VideoFrame.from_ndarray(picture, format="rgb24").reformat(format="yuv420p")


def _pixel(frame: DisplayFrame, x: int, y: int) -> tuple[int, ...]:
    """(red, green, blue) of one pixel, read from its 0xffRRGGBB word."""
    offset = y * frame.stride + x * BYTES_PER_PIXEL
    (word,) = struct.unpack("=I", frame.pixels[offset : offset + BYTES_PER_PIXEL])
    assert word >> 24 == 0xFF  # Qt's RGB32: the top byte is opaque
    return (word >> 16) & 0xFF, (word >> 8) & 0xFF, word & 0xFF


def test_to_display_frame_is_qt_rgb32_with_the_right_colours() -> None:
    shown = to_display_frame(_quadrants(1280, 720))
    assert (shown.width, shown.height, shown.stride) == (960, 540, 960 * 4)
    assert len(shown.pixels) == 960 * 540 * 4
    for (x, y), colour in {
        (100, 100): (255, 0, 0),
        (800, 100): (0, 255, 0),
        (100, 400): (0, 0, 255),
        (800, 400): (255, 255, 255),
    }.items():
        assert np.allclose(_pixel(shown, x, y), colour, atol=12), (x, y, _pixel(shown, x, y))


def test_sampler_lets_through_at_most_max_fps() -> None:
    now = [0.0]
    shown: list[DisplayFrame] = []
    sampler = DisplaySampler(shown.append, max_fps=10, clock=lambda: now[0])
    frame = _quadrants(64, 48)
    accepted = []
    for i in range(90):  # three seconds at 30 fps
        now[0] = i / 30
        accepted.append(sampler.offer(frame))
    assert sum(accepted) == len(shown) == 30
    now[0] = 100.0  # after a pause: one frame at once, then the rate again
    assert sampler.offer(frame)
    assert not sampler.offer(frame)
    with pytest.raises(ValueError, match="positive"):
        DisplaySampler(shown.append, max_fps=0)


def test_a_hidden_sampler_converts_nothing_until_shown_again() -> None:
    now = [0.0]
    shown: list[DisplayFrame] = []
    sampler = DisplaySampler(shown.append, max_fps=10, clock=lambda: now[0])
    frame = _quadrants(64, 48)
    sampler.hide()  # a minimized call window
    for i in range(30):
        now[0] = i / 30
        assert not sampler.offer(frame)
    assert shown == []
    sampler.show_at((320, 240))  # restored: the next frame is shown at once
    assert sampler.offer(frame)
    assert (shown[0].width, shown[0].height) == (320, 240)


class _Frames(MediaStreamTrack):
    kind = "video"

    def __init__(self, count: int) -> None:
        super().__init__()
        self._left = count

    async def recv(self) -> av.VideoFrame:
        if self._left == 0:
            raise MediaStreamError
        self._left -= 1
        await asyncio.sleep(0.01)
        return _quadrants(320, 240)


async def test_a_small_picture_is_converted_on_the_loop_a_large_one_in_a_worker() -> None:
    """Up to 640x480 pixels a hand-off to a worker costs as much CPU as the conversion."""
    converted_on: list[threading.Thread] = []
    sampler = DisplaySampler(lambda _frame: None)
    convert = sampler.convert

    def watched(frame: av.VideoFrame) -> DisplayFrame:
        converted_on.append(threading.current_thread())
        return convert(frame)

    sampler.convert = watched  # type: ignore[method-assign]
    small = await sampler.convert_on_loop(_quadrants(640, 480))
    sampler.show_at((1280, 720))
    large = await sampler.convert_on_loop(_quadrants(640, 480))
    assert (small.width, large.width) == (640, 960)
    assert converted_on[0] is threading.current_thread()
    assert converted_on[1] is not threading.current_thread()


async def test_forward_video_converts_and_delivers_on_the_loop() -> None:
    delivered: list[str] = []
    sampler = DisplaySampler(
        lambda _frame: delivered.append(threading.current_thread().name), max_fps=1000
    )
    received = await forward_video(_Frames(5), sampler)
    assert received == 5
    assert delivered == [threading.main_thread().name] * 5


def test_a_sampler_told_the_views_size_converts_to_fill_it_exactly() -> None:
    sampler = DisplaySampler(lambda _frame: None, max_size=(960, 540))
    frame = _quadrants(640, 480)
    assert (sampler.convert(frame).width, sampler.convert(frame).height) == (640, 480)
    sampler.show_at((1100, 620))  # larger than the frame: enlarged here, not by the painter
    shown = sampler.convert(frame)
    assert (shown.width, shown.height) == (826, 620)
    assert np.allclose(_pixel(shown, 100, 100), (255, 0, 0), atol=12)
    sampler.show_at((260, 146))  # the corner preview
    shown = sampler.convert(frame)
    assert (shown.width, shown.height) == (194, 146)
    sampler.show_at(None)
    assert sampler.max_size == (960, 540)
    assert (sampler.convert(frame).width, sampler.convert(frame).height) == (640, 480)
