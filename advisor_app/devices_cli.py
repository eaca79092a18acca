"""`advisor-app devices`: what the app sees, with the identities the settings use."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence

from advisor_app.settings import Settings
from media.audio_devices import AudioDeviceError
from media.devices import CameraEntry, SoundDeviceEntry, list_cameras, list_sound_devices


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="advisor-app devices",
        description="List cameras, microphones and speakers with the identities the settings "
        "use. * marks the device the settings choose.",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    settings = Settings.load()
    cameras = list_cameras()
    problem = ""
    try:
        sounds = list_sound_devices()
    except AudioDeviceError as exc:
        sounds, problem = [], str(exc)
    if args.json:
        print(json.dumps(_as_json(cameras, sounds, problem), indent=2, ensure_ascii=False))
        return 0
    print(_as_text(cameras, sounds, problem, settings), end="")
    return 0


def _as_json(
    cameras: list[CameraEntry], sounds: list[SoundDeviceEntry], problem: str
) -> dict[str, object]:
    return {
        "cameras": [{"identity": c.identity, "name": c.name, "spec": c.spec} for c in cameras],
        "sound_devices": [dataclasses.asdict(d) for d in sounds],
        "problem": problem or None,
    }


def _as_text(
    cameras: list[CameraEntry], sounds: list[SoundDeviceEntry], problem: str, settings: Settings
) -> str:
    lines = ["Cameras:"]
    lines += [
        f"  {'*' if c.identity == settings.camera else ' '} {c.identity}    ({c.spec})"
        for c in cameras
    ] or ["    none found"]
    for title, direction, chosen in (
        ("Microphones:", "input", settings.microphone),
        ("Speakers:", "output", settings.speaker),
    ):
        lines.append(title)
        usable = [d for d in sounds if d.can(direction)]  # type: ignore[arg-type]
        lines += [
            f"  {'*' if d.identity == chosen else ' '} {d.identity}"
            + (" (system default)" if _is_default(d, direction) else "")
            for d in usable
        ] or [f"    none found{f' ({problem})' if problem else ''}"]
    return "\n".join(lines) + "\n"


def _is_default(device: SoundDeviceEntry, direction: str) -> bool:
    return device.default_input if direction == "input" else device.default_output
