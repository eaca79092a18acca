"""Runs the chosen checks in order and reports progress: the same for the wizard and the CLI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from advisor_app.device_preview import DevicePreview
from advisor_app.domain.texts import N_
from advisor_app.hardware_check.audio_checks import (
    AudioDevice,
    check_echo_test,
    check_microphone,
    check_speaker,
)
from advisor_app.hardware_check.camera_check import check_camera
from advisor_app.hardware_check.network_check import NetworkTarget, check_network
from advisor_app.hardware_check.report import CheckResult, HardwareReport, Verdict

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class HardwarePlan:
    """What to test. ``camera`` is a SPEC (None: no camera found); sound devices are what
    sounddevice opens (None: the default; "none": there is none); ``network`` None: no platform."""

    camera: str | None
    microphone: AudioDevice
    speaker: AudioDevice
    network: NetworkTarget | None
    echo_test: bool = True
    camera_seconds: float = 2.0
    microphone_seconds: float = 3.0
    echo_seconds: float = 3.0


async def run_hardware_check(
    plan: HardwarePlan, progress: Progress | None = None
) -> HardwareReport:
    say = progress or (lambda _step: None)
    results: list[CheckResult] = []
    say("Testing the camera…")
    results += await run_step("camera", plan)
    say("Listening to the microphone… (say a few words)")
    results += await run_step("microphone", plan)
    say("Playing a test tone…")
    results += await run_step("speaker", plan)
    if plan.echo_test:
        say("Echo test: recording three seconds, then playing them back…")
        results += await run_step("echo", plan)
    if plan.network is not None:
        say("Testing the connection to the platform…")
    results += await run_step("network", plan)
    return HardwareReport(tuple(results))


async def run_step(
    key: str, plan: HardwarePlan, preview: DevicePreview | None = None, camera: int = 0
) -> list[CheckResult]:
    """One step of the hardware test, as the wizard runs it page by page: "camera", "microphone",
    "speaker", "echo" or "network". The camera's picture (as camera number ``camera``) and the
    microphone's level go to ``preview``."""
    if key == "camera":
        frames = preview.frames(camera) if preview is not None else None
        return [await check_camera(plan.camera, seconds=plan.camera_seconds, on_frame=frames)]
    if key == "microphone":
        meter = preview.meter if preview is not None else None
        return [
            await check_microphone(plan.microphone, seconds=plan.microphone_seconds, meter=meter)
        ]
    if key == "speaker":
        return [await check_speaker(plan.speaker, listen_with=plan.microphone)]
    if key == "echo":
        return [await check_echo_test(plan.microphone, plan.speaker, seconds=plan.echo_seconds)]
    if plan.network is None:
        return [CheckResult("network", N_("HardwareCheck", "Platform connection"), Verdict.SKIPPED,
                            N_("HardwareCheck", "No platform address is set."))]  # fmt: skip
    return await check_network(plan.network)
