"""The camera track with lavfi standing in for a camera: newest frame only, off/on, clear errors."""

from __future__ import annotations

import asyncio
import errno
import threading
import time
from collections.abc import AsyncIterator

import av
import numpy as np
import pytest
from aiortc.mediastreams import VIDEO_TIME_BASE, MediaStreamError

from advisor_app.domain.frames import DisplayFrame
from media import frame_marker
from media.camera import CameraTrack, CameraUnavailable, describe_error
from media.device_spec import parse_camera_spec, synthetic_camera_spec
from media.display import DisplaySampler


def _number(frame: av.VideoFrame) -> int:
    number = frame_marker.read(frame.to_ndarray(format="rgb24"))
    assert number is not None, "frame without a marker"
    return number


def _camera_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("camera ")]


@pytest.fixture
async def camera() -> AsyncIterator[CameraTrack]:
    track = CameraTrack(synthetic_camera_spec(), stamp_frame_numbers=True)
    yield track
    track.close()
    assert await track.wait_released()


async def test_frames_arrive_at_about_30_fps_on_the_90khz_clock(camera: CameraTrack) -> None:
    await camera.start()
    first = await camera.recv()
    started = time.monotonic()
    frames = [await camera.recv() for _ in range(30)]
    elapsed = time.monotonic() - started
    assert 0.8 < elapsed < 1.4, elapsed
    assert all(f.time_base == VIDEO_TIME_BASE for f in frames)
    steps = np.diff([int(f.pts or 0) for f in [first, *frames]])
    assert steps.min() > 0
    assert 2400 < float(np.median(steps)) < 3600  # 90000 / 30 = 3000
    numbers = [_number(f) for f in frames]
    assert numbers == sorted(set(numbers))
    assert numbers[-1] - numbers[0] <= 32  # a fast reader misses (almost) nothing


async def test_a_slow_reader_gets_only_the_newest_frame(camera: CameraTrack) -> None:
    await camera.start()
    numbers = []
    for _ in range(6):
        numbers.append(_number(await camera.recv()))
        await asyncio.sleep(0.1)
    gaps = np.diff(numbers)
    assert gaps.min() >= 1, numbers
    assert gaps.sum() >= 10, numbers  # ~3 per 100 ms: frames were skipped, not queued
    assert camera.frames_dropped > 0
    # Not reading at all for a second builds no backlog: the next frame is (nearly) the latest.
    await asyncio.sleep(1.0)
    newest = _number(await camera.recv())
    captured = camera.frames_captured
    # A queue would hand out numbers[-1] + 1 here; a loaded machine may capture a few more
    # frames before this line runs, and lavfi may fall a little behind its 30 fps.
    assert newest >= captured - 5, (newest, captured)
    assert newest - numbers[-1] >= 15, (newest, numbers)


async def test_stop_and_start_three_times_without_leaking_threads(camera: CameraTrack) -> None:
    last_number = -1
    last_pts = -1
    for _ in range(3):
        started_at = time.monotonic()
        await camera.start()
        assert camera.capturing
        assert len(_camera_threads()) == 1
        frame = await camera.recv()
        number = _number(frame)
        assert number > last_number
        captured_at = camera.capture_time(number)
        assert captured_at is not None
        assert captured_at >= started_at  # never a stale frame
        assert frame.pts is not None
        assert frame.pts > last_pts
        last_number, last_pts = number, frame.pts
        camera.stop()
        assert not camera.capturing
        assert await camera.wait_released(timeout=2.0)
        assert _camera_threads() == []
        with pytest.raises(TimeoutError):  # stopped: recv waits instead of repeating a frame
            await asyncio.wait_for(camera.recv(), 0.3)


async def test_start_twice_is_harmless(camera: CameraTrack) -> None:
    await camera.start()
    await camera.start()
    assert len(_camera_threads()) == 1


async def test_closed_track_ends_recv_and_refuses_start() -> None:
    camera = CameraTrack(synthetic_camera_spec())
    await camera.start()
    waiting = asyncio.ensure_future(camera.recv())
    await waiting  # a frame arrives
    pending = asyncio.ensure_future(_drain(camera))
    await asyncio.sleep(0.1)
    camera.close()
    with pytest.raises(MediaStreamError):
        await asyncio.wait_for(pending, 2.0)
    assert camera.readyState == "ended"
    with pytest.raises(MediaStreamError):
        await camera.start()
    assert await camera.wait_released()


async def _drain(camera: CameraTrack) -> None:
    while True:
        await camera.recv()


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("v4l2:/dev/video9", "no such device"),
        ("lavfi:nosuchsource=size=640x480", "Filter not found"),
        ("lavfi:sine=frequency=440", "no video stream"),
    ],
)
async def test_a_camera_that_cannot_open_is_named_in_a_clear_error(spec: str, reason: str) -> None:
    camera = CameraTrack(parse_camera_spec(spec, platform="linux"))
    with pytest.raises(CameraUnavailable) as caught:
        await camera.start()
    device = spec.removeprefix("v4l2:") if spec.startswith("v4l2") else spec.split(":", 1)[1]
    assert device in str(caught.value)
    assert reason in caught.value.reason
    assert not camera.capturing
    assert await camera.wait_released()
    camera.close()


async def test_a_camera_that_stops_delivering_is_reported_through_the_callback() -> None:
    errors: list[CameraUnavailable] = []
    spec = parse_camera_spec("lavfi:testsrc2=size=320x240:rate=30:duration=0.3")
    camera = CameraTrack(spec, on_error=errors.append)
    await camera.start()
    for _ in range(50):
        if errors:
            break
        await asyncio.sleep(0.05)
    assert [e.reason for e in errors] == ["the camera stopped delivering pictures"]
    assert not camera.capturing
    await camera.start()  # and it can be started again
    assert camera.capturing
    camera.close()
    assert await camera.wait_released()


async def test_self_view_observer_gets_sampled_display_frames_on_the_capture_thread() -> None:
    shown: list[tuple[DisplayFrame, str]] = []
    sampler = DisplaySampler(
        lambda f: shown.append((f, threading.current_thread().name)), max_fps=10
    )
    camera = CameraTrack(synthetic_camera_spec(), on_frame=sampler.offer)
    await camera.start()
    await asyncio.sleep(1.05)
    camera.close()
    assert await camera.wait_released()
    assert 8 <= len(shown) <= 12, len(shown)
    frame, thread_name = shown[0]
    assert thread_name.startswith("camera ")
    assert (frame.width, frame.height, frame.stride, len(frame.pixels)) == (
        640,
        480,
        640 * 4,
        640 * 480 * 4,
    )


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (OSError(errno.EBUSY, "Device or resource busy"), "in use by another program"),
        (OSError(errno.EACCES, "Permission denied"), "permission denied"),
        (OSError(errno.ENODEV, "No such device"), "device disconnected"),
        (OSError(errno.EINVAL, "Invalid argument"), "Invalid argument"),
        (ValueError("no container format 'v4l2'"), "no container format 'v4l2'"),
    ],
)
def test_device_errors_in_the_advisors_words(error: Exception, reason: str) -> None:
    assert describe_error(error) == reason
