"""Live device previews for the settings dialog, all off the GUI thread: the camera picture, the
microphone level, and the test sounds for the speaker and the ring device.

The camera is a `media.camera.CameraTrack` on the engine loop; its frames are converted on the
capture thread by a `DisplaySampler` and cross to the GUI through a queued signal. The microphone
is a raw PortAudio input stream (opened on the engine, in a worker thread) that feeds a
`media.level_meter.LevelMeter` from PortAudio's thread; a timer on the GUI reads the last reading.
Every preview is stopped by `stop_all()`, which the dialog calls when it closes.
"""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from advisor_app.domain.frames import DisplayFrame
from advisor_app.domain.texts import N_
from advisor_app.hardware_check.audio_checks import play_clip, tone
from media.audio_devices import AudioDeviceError, AudioStream, open_stream
from media.camera import CameraTrack, CameraUnavailable
from media.device_spec import DeviceSpecError, parse_camera_spec
from media.display import DisplaySampler
from media.level_meter import LevelMeter, LevelReading
from media.ringer import ring_tone
from ui.engine_calls import EngineCalls

METER_MS = 50
PREVIEW_FPS = 15
PREVIEW_SIZE = (640, 360)
SoundDevice = int | str | None


class DevicePreviews(QObject):
    """Starts and stops the previews; reports on the GUI thread through its signals.

    `frame(DisplayFrame)` and `camera_failed(reason)` for the camera; `level(LevelReading)` and
    `microphone_failed(reason)` for the microphone; `sound_played(what, error)` when a test sound
    ended (``error`` is "" when it played).
    """

    frame = Signal(object)
    camera_failed = Signal(str)
    level = Signal(object)
    microphone_failed = Signal(str)
    sound_played = Signal(str, str)
    _captured = Signal(int, object)

    def __init__(self, calls: EngineCalls, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._calls = calls
        self._generations = itertools.count(1)
        self._camera_generation = 0
        self._camera: CameraTrack | None = None
        self._microphone: AudioStream | None = None
        self._microphone_generation = 0
        self._meter = LevelMeter()
        self._meter_timer = QTimer(self)
        self._meter_timer.setInterval(METER_MS)
        self._meter_timer.timeout.connect(lambda: self.level.emit(self._meter.last))
        self._captured.connect(self._show_frame)
        self.playing: set[str] = set()
        """Test sounds under way ("speaker", "ring")."""
        self._in_flight = 0  # device opens and closes still running on the engine

    @property
    def settled(self) -> bool:
        """No device is being opened or closed and no test sound plays (tests wait for it)."""
        return self._in_flight == 0 and not self.playing

    def _run(self, work: Any, what: str, on_result: Any = None, on_error: Any = None) -> None:
        """`EngineCalls.run`, counting what is under way for `settled`."""
        self._in_flight += 1

        def result(value: object) -> None:
            self._in_flight -= 1
            if on_result is not None:
                on_result(value)

        def error(message: str) -> None:
            self._in_flight -= 1
            if on_error is not None:
                on_error(message)

        self._calls.run(work, on_result=result, on_error=error, what=what)

    @property
    def camera_running(self) -> bool:
        return self._camera is not None

    @property
    def microphone_running(self) -> bool:
        return self._microphone is not None

    # -- camera --------------------------------------------------------------------------------

    def show_camera(self, spec: str | None) -> None:
        """Preview the camera ``spec`` (a `media.device_spec` SPEC); None stops the preview."""
        self.stop_camera()
        if spec is None:
            return
        generation = self._camera_generation = next(self._generations)
        sampler = DisplaySampler(
            lambda shown: self._captured.emit(generation, shown),
            max_fps=PREVIEW_FPS,
            max_size=PREVIEW_SIZE,
        )
        self._run(
            _open_camera(spec, sampler),
            "camera preview",
            lambda camera: self._camera_opened(generation, camera),
            lambda message: self._camera_error(generation, message),
        )

    def stop_camera(self) -> None:
        self._camera_generation = 0
        camera, self._camera = self._camera, None
        if camera is not None:
            self._run(_close_camera(camera), "stop camera preview")

    def _camera_opened(self, generation: int, camera: CameraTrack) -> None:
        if generation != self._camera_generation:  # switched or closed meanwhile
            self._run(_close_camera(camera), "stop camera preview")
            return
        self._camera = camera

    def _camera_error(self, generation: int, message: str) -> None:
        if generation == self._camera_generation:
            self.camera_failed.emit(message)

    def _show_frame(self, generation: int, shown: DisplayFrame) -> None:
        if generation == self._camera_generation:
            self.frame.emit(shown)

    # -- microphone ----------------------------------------------------------------------------

    def listen(self, device: SoundDevice) -> None:
        """Show the level of ``device`` (a sounddevice index or name; None: the default)."""
        self.stop_microphone()
        generation = self._microphone_generation = next(self._generations)
        self._meter.reset()
        self._run(
            _open_microphone(device, self._meter),
            "microphone level",
            lambda stream: self._microphone_opened(generation, stream),
            lambda message: self._microphone_error(generation, message),
        )

    def stop_microphone(self) -> None:
        self._microphone_generation = 0
        self._meter_timer.stop()
        stream, self._microphone = self._microphone, None
        if stream is not None:
            self._run(asyncio.to_thread(stream.close), "stop microphone level")

    def _microphone_opened(self, generation: int, stream: AudioStream) -> None:
        if generation != self._microphone_generation:
            self._run(asyncio.to_thread(stream.close), "stop microphone level")
            return
        self._microphone = stream
        self._meter_timer.start()

    def _microphone_error(self, generation: int, message: str) -> None:
        if generation == self._microphone_generation:
            self.microphone_failed.emit(message)

    @property
    def last_level(self) -> LevelReading:
        return self._meter.last

    # -- test sounds ---------------------------------------------------------------------------

    def play_test_sound(self, device: SoundDevice) -> None:
        """A one-second 1 kHz tone on ``device``."""
        self._play("speaker", device, tone(1.0))

    def play_test_ring(self, device: SoundDevice, volume: float) -> None:
        """One ring cycle, as an incoming call sounds, on ``device``."""
        clip = (ring_tone(volume=volume) * 32767).astype(np.int16)
        self._play("ring", device, clip)

    def _play(self, what: str, device: SoundDevice, clip: Any) -> None:
        if what in self.playing:
            return
        self.playing.add(what)
        self._calls.run(
            play_clip(device, clip),
            on_result=lambda _none: self._played(what, ""),
            on_error=lambda message: self._played(what, message),
            what=f"test sound {what}",
        )

    def _played(self, what: str, error: str) -> None:
        self.playing.discard(what)
        self.sound_played.emit(what, error)

    def stop_all(self) -> None:
        """Stops the camera and the microphone (test sounds end by themselves)."""
        self.stop_camera()
        self.stop_microphone()


async def _open_camera(spec: str, sampler: DisplaySampler) -> CameraTrack:
    try:
        camera = CameraTrack(parse_camera_spec(spec), on_frame=sampler.offer)
    except DeviceSpecError as exc:
        raise CameraUnavailable(spec, str(exc)) from exc
    await camera.start()
    return camera


async def _close_camera(camera: CameraTrack) -> None:
    camera.close()
    await camera.wait_released()


async def _open_microphone(device: SoundDevice, meter: LevelMeter) -> AudioStream:
    def feed(indata: Any, frames: int, _time: Any, _status: Any) -> None:
        meter.feed(np.array(indata[:frames, 0], dtype=np.int16))

    try:
        return await asyncio.to_thread(open_stream, "input", device, feed)
    except AudioDeviceError as exc:
        raise AudioDeviceError(
            N_("DevicePreview", "The microphone cannot be opened ({error}).").format(error=exc)
        ) from exc
