"""The device preview before a call: a camera's picture and a microphone's level, for the
settings dialog and the hardware test alike, and the settings' test sounds. No Qt here: the GUI
(`ui.settings.device_preview`) runs these on the engine and shows what they deliver.

A `DevicePreview` is where the picture and the level go, whoever holds the device: the settings
dialog opens the camera and the microphone here (`open_camera`, `open_microphone`); the hardware
test's checks open them themselves and are handed `frames()` and `meter`. Frames are scaled on the
capture thread (`media.display.DisplaySampler`, at most `PREVIEW_FPS` a second) and handed to
``show_frame`` there, tagged with the number of the camera they came from, so that a frame of a
camera switched away from is recognised; the level is read from `level` (a meter fed from
PortAudio's thread).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import av
import numpy as np

from advisor_app.domain.frames import DisplayFrame
from advisor_app.domain.levels import LevelReading
from advisor_app.domain.texts import N_
from advisor_app.hardware_check.audio_checks import play_clip, tone
from media.audio_devices import AudioDeviceError, AudioStream, open_stream
from media.camera import CameraTrack, CameraUnavailable
from media.device_spec import DeviceSpecError, parse_camera_spec
from media.display import DisplaySampler
from media.level_meter import LevelMeter
from media.ringer import ring_tone

PREVIEW_FPS = 15
SoundDevice = int | str | None
FrameSink = Callable[[av.VideoFrame], object]
ShowFrame = Callable[[int, DisplayFrame], None]  # (camera number, frame), on the capture thread


class OpenDevice:
    """A camera or microphone opened for the preview; `close()` releases it (on the engine)."""

    def __init__(self, release: Callable[[], Any]) -> None:
        self._release = release

    async def close(self) -> None:
        await self._release()


class DevicePreview:
    """The picture and level shown before a call, at most ``max_size`` pixels large."""

    def __init__(self, show_frame: ShowFrame, *, max_size: tuple[int, int]) -> None:
        self._show_frame = show_frame
        self._max_size = max_size
        self.meter = LevelMeter()
        """Fed with the microphone's blocks (any thread); the hardware check's meter too."""

    def frames(self, camera: int) -> FrameSink:
        """Where the frames of camera number ``camera`` go (call it on the capture thread)."""
        sampler = DisplaySampler(
            lambda shown: self._show_frame(camera, shown),
            max_fps=PREVIEW_FPS,
            max_size=self._max_size,
        )
        return sampler.offer

    @property
    def level(self) -> LevelReading:
        """The microphone's newest level."""
        return self.meter.last

    async def open_camera(self, spec: str, camera: int) -> OpenDevice:
        """Opens the camera ``spec`` (a `media.device_spec` SPEC) as camera number ``camera``;
        raises `CameraUnavailable`."""
        try:
            track = CameraTrack(parse_camera_spec(spec), on_frame=self.frames(camera))
        except DeviceSpecError as exc:
            raise CameraUnavailable(spec, str(exc)) from exc
        await track.start()

        async def release() -> None:
            track.close()
            await track.wait_released()

        return OpenDevice(release)

    async def open_microphone(self, device: SoundDevice) -> OpenDevice:
        """Opens the microphone ``device`` (a sounddevice index or name; None: the default) raw
        and feeds `meter` from it; raises `AudioDeviceError` with a sentence for the advisor."""
        meter = self.meter
        meter.reset()

        def feed(indata: Any, frames: int, _time: Any, _status: Any) -> None:
            meter.feed(np.array(indata[:frames, 0], dtype=np.int16))

        try:
            stream: AudioStream = await asyncio.to_thread(open_stream, "input", device, feed)
        except AudioDeviceError as exc:
            raise AudioDeviceError(
                N_("DevicePreview", "The microphone cannot be opened ({error}).").format(error=exc)
            ) from exc
        return OpenDevice(lambda: asyncio.to_thread(stream.close))


async def play_test_sound(device: SoundDevice) -> None:
    """A one-second 1 kHz tone on ``device`` (raises `AudioDeviceError`)."""
    await play_clip(device, tone(1.0))


async def play_test_ring(device: SoundDevice, volume: float) -> None:
    """One ring cycle, as an incoming call sounds, on ``device`` (raises `AudioDeviceError`)."""
    await play_clip(device, (ring_tone(volume=volume) * 32767).astype(np.int16))
