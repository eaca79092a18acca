"""The camera check: does it deliver, at what size and frame rate, and is the advisor well lit?

The camera is opened through the same capture path a call uses (`media.camera.CameraTrack`) for a
couple of seconds; every frame is counted and a few are judged by `media.lighting`. ``on_frame``
lets the wizard show the same frames as a preview. Nothing is kept after the check.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

import av
import numpy as np

from advisor_app.domain.texts import N_
from advisor_app.hardware_check.report import CheckResult, Verdict, worse
from media.camera import CameraTrack, CameraUnavailable
from media.device_spec import DeviceSpecError, parse_camera_spec
from media.lighting import LightingCheck, check_lighting, combine

TITLE = N_("HardwareCheck", "Camera")
MIN_FPS = 10.0  # below this, movement looks like a slide show
GOOD_FPS = 20.0
MIN_WIDTH, MIN_HEIGHT = 640, 480
_JUDGE_EVERY = 10  # frames between two lighting measurements


class _Observer:
    """Counts frames and measures lighting on the capture thread; thread-safe."""

    def __init__(self, forward: Callable[[av.VideoFrame], object] | None) -> None:
        self._forward = forward
        self._lock = threading.Lock()
        self.times: list[float] = []
        self.size = (0, 0)
        self.lighting: list[LightingCheck] = []

    def __call__(self, frame: av.VideoFrame) -> None:
        now = time.monotonic()
        with self._lock:
            self.times.append(now)
            self.size = (frame.width, frame.height)
            judge = len(self.times) % _JUDGE_EVERY == 1
        if judge:
            gray = np.asarray(frame.to_ndarray(format="gray"), dtype=np.uint8)
            with self._lock:
                self.lighting.append(check_lighting(gray))
        if self._forward is not None:
            self._forward(frame)

    def fps(self) -> float:
        with self._lock:
            times = list(self.times)
        if len(times) < 2 or times[-1] <= times[0]:
            return 0.0
        return (len(times) - 1) / (times[-1] - times[0])


async def check_camera(
    spec: str | None,
    *,
    seconds: float = 2.0,
    on_frame: Callable[[av.VideoFrame], object] | None = None,
) -> CheckResult:
    """Opens the camera named by ``spec`` (None: none found) and judges ``seconds`` of video."""
    if spec is None:
        return CheckResult(
            "camera",
            TITLE,
            Verdict.FAIL,
            N_("HardwareCheck", "No camera was found."),
            (
                N_(
                    "HardwareCheck",
                    "Connect a camera (or close the program that uses it) and test again. "
                    "Calls still work with audio only.",
                ),
            ),
        )
    try:
        track = CameraTrack(parse_camera_spec(spec), on_frame=(observer := _Observer(on_frame)))
        await track.start()
    except (CameraUnavailable, DeviceSpecError) as exc:
        reason = exc.reason if isinstance(exc, CameraUnavailable) else str(exc)
        return CheckResult(
            "camera",
            TITLE,
            Verdict.FAIL,
            N_("HardwareCheck", "The camera could not be opened ({reason}).").format(reason=reason),
            (
                N_(
                    "HardwareCheck",
                    "Close other programs that use the camera, check its cable or privacy shutter, "
                    "and allow camera access in the system settings.",
                ),
            ),
            {"device": spec},
        )
    try:
        await asyncio.sleep(seconds)
    finally:
        track.close()
        await track.wait_released()
    return _judge(spec, observer)


def _judge(spec: str, observer: _Observer) -> CheckResult:
    fps = observer.fps()
    width, height = observer.size
    figures: dict[str, str | int | float | bool | None] = {
        "device": spec,
        "width": width,
        "height": height,
        "fps": round(fps, 1),
    }
    if fps == 0.0:
        return CheckResult(
            "camera",
            TITLE,
            Verdict.FAIL,
            N_("HardwareCheck", "The camera opened but sent no picture."),
            (N_("HardwareCheck", "Unplug and replug the camera, then test again."),),
            figures,
        )
    advice: list[str] = []
    verdict = Verdict.PASS
    if fps < MIN_FPS:
        verdict = Verdict.FAIL
        advice.append(
            N_(
                "HardwareCheck",
                "The picture is very jerky: close other programs that use the camera.",
            )
        )
    elif fps < GOOD_FPS:
        verdict = Verdict.WARN
        advice.append(
            N_("HardwareCheck", "The frame rate is low, often because the room is dark: add light.")
        )
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        verdict = worse(verdict, Verdict.WARN)
        advice.append(
            N_(
                "HardwareCheck",
                "The camera delivers a small picture; customers will see little detail.",
            )
        )
    if observer.lighting:
        lighting = combine(observer.lighting)
        figures |= {
            "brightness": round(lighting.brightness, 1),
            "sharpness": round(lighting.sharpness, 1),
            "backlit": lighting.backlit,
        }
        if lighting.problems:
            verdict = worse(verdict, Verdict.WARN)
            advice.extend(lighting.problems)
    summary = (
        N_(
            "HardwareCheck",
            "{width}×{height} at {fps} frames per second; picture and light look good.",
        )
        if verdict is Verdict.PASS
        else N_("HardwareCheck", "{width}×{height} at {fps} frames per second.")
    ).format(width=width, height=height, fps=f"{fps:.0f}")
    return CheckResult("camera", TITLE, verdict, summary, tuple(advice), figures)
