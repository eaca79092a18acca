"""Runs the chosen checks in order and reports progress: the same for the wizard and the CLI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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


async def run_hardware_check(
    plan: HardwarePlan, progress: Progress | None = None
) -> HardwareReport:
    say = progress or (lambda _step: None)
    results: list[CheckResult] = []
    say("Testing the camera…")
    results.append(await check_camera(plan.camera, seconds=plan.camera_seconds))
    say("Listening to the microphone… (say a few words)")
    results.append(await check_microphone(plan.microphone, seconds=plan.microphone_seconds))
    say("Playing a test tone…")
    results.append(await check_speaker(plan.speaker, listen_with=plan.microphone))
    if plan.echo_test:
        say("Echo test: recording three seconds, then playing them back…")
        results.append(await check_echo_test(plan.microphone, plan.speaker))
    if plan.network is None:
        results.append(
            CheckResult(
                "network", "Platform connection", Verdict.SKIPPED, "No platform address is set."
            )
        )
    else:
        say("Testing the connection to the platform…")
        results.extend(await check_network(plan.network))
    return HardwareReport(tuple(results))
