"""The device preview without Qt, on real parts: a lavfi camera, a PulseAudio null sink as speaker
and (through its monitor) microphone; the hardware test's steps feeding the same preview."""

from __future__ import annotations

import asyncio
import threading

import pytest

from advisor_app.device_preview import DevicePreview, play_test_ring, play_test_sound
from advisor_app.domain.frames import DisplayFrame
from advisor_app.hardware_check.report import Verdict
from advisor_app.hardware_check.runner import HardwarePlan, run_step
from media.audio_devices import AudioDeviceError
from media.camera import CameraUnavailable
from tests.advisor_app.hardware_helpers import someone_speaking
from tests.media.conftest import pulse_null_sink  # noqa: F401 - the shared PulseAudio fixture

TESTSRC = "lavfi:testsrc2=size=1280x720:rate=30"


class Shown:
    """What reached the screen: (camera number, frame), from the capture thread."""

    def __init__(self) -> None:
        self.frames: list[tuple[int, DisplayFrame]] = []
        self._lock = threading.Lock()
        self.enough = asyncio.Event()
        self._loop = asyncio.get_running_loop()

    def __call__(self, camera: int, frame: DisplayFrame) -> None:
        with self._lock:
            self.frames.append((camera, frame))
            if len(self.frames) >= 5:
                self._loop.call_soon_threadsafe(self.enough.set)


async def test_the_camera_picture_is_scaled_and_tagged_with_its_camera() -> None:
    shown = Shown()
    preview = DevicePreview(shown, max_size=(640, 360))
    camera = await preview.open_camera(TESTSRC, 7)
    try:
        await asyncio.wait_for(shown.enough.wait(), 10)
    finally:
        await camera.close()
    assert {number for number, _frame in shown.frames} == {7}
    assert all(f.width <= 640 and f.height <= 360 for _n, f in shown.frames)
    assert (shown.frames[0][1].width, shown.frames[0][1].height) == (640, 360)
    again = await preview.open_camera(TESTSRC, 8)  # closing released the device
    await again.close()


async def test_a_camera_that_cannot_be_opened_says_why() -> None:
    preview = DevicePreview(Shown(), max_size=(640, 360))
    with pytest.raises(CameraUnavailable):
        await preview.open_camera("no-such-kind:/dev/nothing", 1)
    with pytest.raises(CameraUnavailable):
        await preview.open_camera("v4l2:/dev/video-does-not-exist", 2)


async def test_a_microphone_that_cannot_be_opened_says_so_in_a_sentence() -> None:
    preview = DevicePreview(Shown(), max_size=(640, 360))
    with pytest.raises(AudioDeviceError, match="The microphone cannot be opened"):
        await preview.open_microphone("no such microphone anywhere")


async def _wait_for_level(preview: DevicePreview, above_dbfs: float, seconds: float) -> float:
    loudest = preview.level.level_dbfs
    deadline = asyncio.get_running_loop().time() + seconds
    while loudest <= above_dbfs and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.02)
        loudest = max(loudest, preview.level.level_dbfs)
    return loudest


@pytest.mark.audio
async def test_the_level_follows_the_microphone_and_the_test_sounds(
    pulse_null_sink: str,  # noqa: F811
) -> None:
    preview = DevicePreview(Shown(), max_size=(640, 360))
    microphone = await preview.open_microphone(pulse_null_sink)
    try:
        assert preview.level.level_dbfs < -60  # nobody speaks yet
        with someone_speaking(pulse_null_sink):
            assert await _wait_for_level(preview, -35, 5) > -35
        preview.meter.reset()
        sound = asyncio.create_task(play_test_sound(pulse_null_sink))
        assert await _wait_for_level(preview, -30, 5) > -30  # the -18 dBFS tone
        await sound
        preview.meter.reset()
        ring = asyncio.create_task(play_test_ring(pulse_null_sink, 0.5))
        assert await _wait_for_level(preview, -30, 5) > -30
        await ring
    finally:
        await microphone.close()


async def test_the_hardware_test_shows_its_camera_in_the_same_preview() -> None:
    shown = Shown()
    preview = DevicePreview(shown, max_size=(320, 240))
    plan = HardwarePlan("lavfi:testsrc2=size=640x480:rate=30", None, None, None, camera_seconds=1)
    [camera] = await run_step("camera", plan, preview, 3)
    # The verdict depends on the frame rate this machine reaches now; what the step saw does not.
    assert (camera.figures["width"], camera.figures["height"]) == (640, 480), camera
    assert shown.frames
    assert {number for number, _frame in shown.frames} == {3}
    assert {(f.width, f.height) for _n, f in shown.frames} == {(320, 240)}
    [network] = await run_step("network", plan)
    assert network.verdict is Verdict.SKIPPED
