"""The device preview on screen, shared by the settings dialog and the hardware test: the camera
picture and the microphone level, and (for the settings) the test sounds, all off the GUI thread.

The devices are opened and fed on the engine (`advisor_app.device_preview`); frames are converted
on the capture thread and cross to the GUI through a queued signal, and a timer on the GUI reads
the microphone's newest level. The settings dialog opens its own camera and microphone here
(`show_camera`, `listen`); the hardware test hands `camera_frames()` and `meter` to its checks.
Every preview is stopped by `stop_all()`, which the dialog calls when it closes.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from advisor_app.device_preview import (
    DevicePreview,
    OpenDevice,
    SoundDevice,
    play_test_ring,
    play_test_sound,
)
from advisor_app.domain.frames import DisplayFrame
from advisor_app.domain.levels import LevelReading
from advisor_app.hardware_check.report import CheckResult
from advisor_app.hardware_check.runner import HardwarePlan, run_step
from ui.engine_calls import EngineCalls

METER_MS = 50
PREVIEW_SIZE = (640, 360)


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

    def __init__(
        self,
        calls: EngineCalls,
        parent: QObject | None = None,
        *,
        max_size: tuple[int, int] = PREVIEW_SIZE,
    ) -> None:
        super().__init__(parent)
        self._calls = calls
        self._preview = DevicePreview(self._deliver, max_size=max_size)
        self._generations = itertools.count(1)
        self._camera_generation = 0
        self._camera: OpenDevice | None = None
        self._microphone: OpenDevice | None = None
        self._microphone_generation = 0
        self._meter_timer = QTimer(self)
        self._meter_timer.setInterval(METER_MS)
        self._meter_timer.timeout.connect(lambda: self.level.emit(self._preview.level))
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
        self._run(
            self._preview.open_camera(spec, generation),
            "camera preview",
            lambda camera: self._camera_opened(generation, camera),
            lambda message: self._camera_error(generation, message),
        )

    def stop_camera(self) -> None:
        self._camera_generation = 0
        camera, self._camera = self._camera, None
        if camera is not None:
            self._run(camera.close(), "stop camera preview")

    def _camera_opened(self, generation: int, camera: OpenDevice) -> None:
        if generation != self._camera_generation:  # switched or closed meanwhile
            self._run(camera.close(), "stop camera preview")
            return
        self._camera = camera

    def _camera_error(self, generation: int, message: str) -> None:
        if generation == self._camera_generation:
            self.camera_failed.emit(message)

    def _deliver(self, generation: int, shown: DisplayFrame) -> None:
        """Hands a frame from the capture thread to the GUI thread. A camera still closing on
        the engine may deliver one more frame after the previews were deleted with their
        window: that frame has nowhere to go."""
        with contextlib.suppress(RuntimeError):  # "Signal source has been deleted"
            self._captured.emit(generation, shown)

    def _show_frame(self, generation: int, shown: DisplayFrame) -> None:
        if generation == self._camera_generation:
            self.frame.emit(shown)

    # -- microphone ----------------------------------------------------------------------------

    def listen(self, device: SoundDevice) -> None:
        """Show the level of ``device`` (a sounddevice index or name; None: the default)."""
        self.stop_microphone()
        generation = self._microphone_generation = next(self._generations)
        self._run(
            self._preview.open_microphone(device),
            "microphone level",
            lambda stream: self._microphone_opened(generation, stream),
            lambda message: self._microphone_error(generation, message),
        )

    def stop_microphone(self) -> None:
        self._microphone_generation = 0
        self._meter_timer.stop()
        stream, self._microphone = self._microphone, None
        if stream is not None:
            self._run(stream.close(), "stop microphone level")

    def _microphone_opened(self, generation: int, stream: OpenDevice) -> None:
        if generation != self._microphone_generation:
            self._run(stream.close(), "stop microphone level")
            return
        self._microphone = stream
        self._meter_timer.start()

    def _microphone_error(self, generation: int, message: str) -> None:
        if generation == self._microphone_generation:
            self.microphone_failed.emit(message)

    @property
    def last_level(self) -> LevelReading:
        return self._preview.level

    # -- the hardware test's checks -------------------------------------------------------------

    def run_check(self, key: str, plan: HardwarePlan) -> Coroutine[Any, Any, list[CheckResult]]:
        """The hardware test's step ``key`` (to run on the engine), its camera's picture shown
        through `frame` and its microphone's level through `level` (until `stop_microphone`)."""
        self.stop_all()
        camera = self._camera_generation = next(self._generations)
        if key == "microphone":
            self._preview.meter.reset()
            self._meter_timer.start()
        return run_step(key, plan, self._preview, camera)

    # -- test sounds ---------------------------------------------------------------------------

    def play_test_sound(self, device: SoundDevice) -> None:
        """A one-second 1 kHz tone on ``device``."""
        self._play("speaker", play_test_sound(device))

    def play_test_ring(self, device: SoundDevice, volume: float) -> None:
        """One ring cycle, as an incoming call sounds, on ``device``."""
        self._play("ring", play_test_ring(device, volume))

    def _play(self, what: str, sound: Coroutine[Any, Any, None]) -> None:
        if what in self.playing:
            sound.close()
            return
        self.playing.add(what)
        self._calls.run(
            sound,
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
