"""What the settings dialog offers in its device lists: each device by stable identity, the
system default first, and a saved device that is not connected kept in the list (marked) so that
saving does not silently forget it. No Qt here: the lists are built on the engine thread (listing
sound devices loads PortAudio, which may take a moment) and shown by the dialog.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from advisor_app.domain.texts import N_
from advisor_app.media_choice import SYNTHETIC_CAMERA, TEST_PICTURE
from media import audio_devices
from media.audio_devices import AudioDeviceError
from media.devices import (
    CameraEntry,
    Direction,
    SoundDeviceEntry,
    list_cameras,
    list_sound_devices,
)

DEFAULT = ""  # the identity the settings store for "the system default"


@dataclass(frozen=True, slots=True)
class DeviceOption:
    """One line of a device list: what it is called, its identity, how to open it now."""

    label: str
    identity: str  # what the settings store ("" = the system default)
    open_with: str | int | None  # a camera SPEC, a sounddevice index, None (default / absent)
    connected: bool = True


@dataclass(frozen=True, slots=True)
class DeviceLists:
    """Everything the dialog lists, with the reasons a list is empty."""

    cameras: tuple[DeviceOption, ...]
    microphones: tuple[DeviceOption, ...]
    speakers: tuple[DeviceOption, ...]
    rings: tuple[DeviceOption, ...]  # the speakers again, with the ring device's saved choice
    sound_problem: str = ""  # e.g. PortAudio is missing

    @property
    def nothing_at_all(self) -> bool:
        return not self.cameras and not self.microphones and not self.speakers


def camera_options(cameras: list[CameraEntry], saved: str) -> tuple[DeviceOption, ...]:
    """The connected cameras (no "default": a computer has no default camera)."""
    options = [DeviceOption(c.name, c.identity, c.spec) for c in cameras]
    return _with_saved(options, saved)


def sound_options(
    devices: list[SoundDeviceEntry], kind: Literal["microphone", "speaker"], saved: str
) -> tuple[DeviceOption, ...]:
    """The system default first (what it is now in brackets), then each device."""
    direction: Direction = "input" if kind == "microphone" else "output"
    usable = [d for d in devices if d.can(direction)]
    if not usable:
        return _with_saved([], saved)
    default = next(
        (d for d in usable if (d.default_input if direction == "input" else d.default_output)),
        None,
    )
    # Labels are marked English (`N_`, built off the GUI thread); the dialog translates them.
    first = (
        N_("DeviceChoices", "System default ({name})").format(name=default.name)
        if default is not None
        else N_("DeviceChoices", "System default")
    )
    options = [DeviceOption(first, DEFAULT, None)]
    options += [DeviceOption(_label(d), d.identity, d.index) for d in usable]
    return _with_saved(options, saved)


def _label(device: SoundDeviceEntry) -> str:
    return f"{device.name} ({device.host_api})"


def _with_saved(options: list[DeviceOption], saved: str) -> tuple[DeviceOption, ...]:
    if saved and all(option.identity != saved for option in options):
        name = saved.split("/", 1)[-1]
        label = N_("DeviceChoices", "{name} — not connected").format(name=name)
        options.append(DeviceOption(label, saved, None, connected=False))
    return tuple(options)


@dataclass(frozen=True, slots=True)
class SavedDevices:
    """The identities the settings hold now."""

    camera: str = ""
    microphone: str = ""
    speaker: str = ""
    ring: str = ""


def demo_test_picture() -> DeviceOption:
    """The demo's moving test picture, which its calls send when no other camera is chosen."""
    return DeviceOption(N_("DeviceChoices", "Test picture (demo)"), TEST_PICTURE, SYNTHETIC_CAMERA)


def list_device_options(saved: SavedDevices, *, demo: bool = False) -> DeviceLists:
    """Lists what is connected now (blocking: call it off the GUI thread). In the demo the test
    picture is a camera too: first where there is no other (the demo's calls send it then)."""
    cameras = camera_options(list_cameras(), "" if saved.camera == TEST_PICTURE else saved.camera)
    if demo:
        cameras = (*cameras, demo_test_picture())
    try:
        sounds = list_sound_devices()
    except AudioDeviceError as exc:
        problem = N_("DeviceChoices", "Sound devices cannot be used: {error}").format(error=exc)
        return DeviceLists(cameras, (), (), (), problem)
    return DeviceLists(
        cameras,
        sound_options(sounds, "microphone", saved.microphone),
        sound_options(sounds, "speaker", saved.speaker),
        sound_options(sounds, "speaker", saved.ring),
    )


def refresh_and_list(
    saved: SavedDevices, busy: Callable[[], bool], *, demo: bool = False
) -> DeviceLists:
    """PortAudio's list read afresh when nothing plays (see `media.audio_devices`), then listed."""
    with contextlib.suppress(AudioDeviceError):  # no PortAudio: listing says so
        audio_devices.rescan_if_idle(busy)
    return list_device_options(saved, demo=demo)
