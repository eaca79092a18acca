"""Which camera, microphone and speaker a call from the desktop app uses, from the settings.

The settings remember devices by stable identity (`media.devices`); right before a call they are
looked up among the devices connected now: one that is missing falls back to the system default
(with a log line; the call window shows what it opened), and no camera at all means an audio-only
call. In the demo on a computer without a camera, a moving test pattern stands in for it so that
the customer's side still shows video. The voice processing switches are applied here too, so a
change in the settings dialog holds from the next call on.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from advisor_app.call.media import MediaChoice
from advisor_app.settings import Settings
from media.audio_devices import AudioDeviceError
from media.audio_processing import APP_VOICE_PROCESSING, VoiceProcessingConfig
from media.devices import (
    CameraEntry,
    SoundDeviceEntry,
    choose_camera,
    choose_sound_device,
    list_cameras,
    list_sound_devices,
)

log = logging.getLogger(__name__)

SYNTHETIC_CAMERA = "lavfi:testsrc2=size=640x480:rate=30"
# The demo's test picture as a camera the settings can choose (and remember) like any other.
TEST_PICTURE = "demo/test-picture"
_DEFAULT_CAMERA = {"linux": "v4l2:/dev/video0", "darwin": "avfoundation:0"}


def default_camera(platform: str = sys.platform) -> str | None:
    """The OS camera as a SPEC; None where it must be named (Windows: dshow:video=NAME)."""
    return _DEFAULT_CAMERA.get(platform)


@dataclass(frozen=True, slots=True)
class ChosenDevices:
    """The devices to open now: a camera SPEC (None: no camera), sound devices as sounddevice
    takes them (None: the system default, "none": there is none), and notices for the advisor."""

    camera: str | None
    microphone: str | None
    speaker: str | None
    notices: tuple[str, ...] = ()


def voice_processing_config(settings: Settings) -> VoiceProcessingConfig:
    return VoiceProcessingConfig(
        echo_cancellation=settings.echo_cancellation,
        noise_suppression=settings.noise_suppression,
        gain_control=settings.gain_control,
    )


def choose_devices(
    settings: Settings,
    *,
    cameras: list[CameraEntry] | None = None,
    sound_devices: list[SoundDeviceEntry] | None = None,
    platform: str = sys.platform,
) -> ChosenDevices:
    """The settings' devices among those connected now (listed unless given)."""
    notices: list[str] = []
    camera_list = list_cameras(platform) if cameras is None else cameras
    camera = choose_camera(settings.camera, camera_list)
    if camera.notice:
        notices.append(camera.notice)
    try:
        sounds = list_sound_devices() if sound_devices is None else sound_devices
    except AudioDeviceError as exc:
        notices.append(f"Sound devices cannot be used: {exc}")
        return ChosenDevices(_spec(camera.open_with), "none", "none", tuple(notices))
    microphone = choose_sound_device(settings.microphone, sounds, "input")
    speaker = choose_sound_device(settings.speaker, sounds, "output")
    notices += [choice.notice for choice in (microphone, speaker) if choice.notice]
    return ChosenDevices(
        camera=_spec(camera.open_with),
        microphone=_sound(microphone.open_with, found=microphone.found),
        speaker=_sound(speaker.open_with, found=speaker.found),
        notices=tuple(notices),
    )


def ring_output(
    settings: Settings, sound_devices: list[SoundDeviceEntry] | None = None
) -> int | None:
    """Where the ring plays, as sounddevice takes it: the ring device by identity, else the
    speaker, else the system default (None). Never raises: a ring must not stop the app."""
    try:
        sounds = list_sound_devices() if sound_devices is None else sound_devices
    except AudioDeviceError:
        return None
    for preferred in (settings.ring_device, settings.speaker):
        if preferred and any(d.identity == preferred and d.can("output") for d in sounds):
            choice = choose_sound_device(preferred, sounds, "output")
            return choice.open_with if isinstance(choice.open_with, int) else None
    return None


def _spec(value: str | int | None) -> str | None:
    return None if value is None else str(value)


def _sound(value: str | int | None, *, found: bool) -> str | None:
    return str(value) if found else "none"


def call_media(
    demo: bool, platform: str = sys.platform, settings: Settings | None = None
) -> MediaChoice:
    """The devices for the call about to start; also applies the voice processing switches."""
    settings = settings or Settings.load()
    APP_VOICE_PROCESSING.configure(voice_processing_config(settings))
    chosen = choose_devices(settings, platform=platform)
    for notice in chosen.notices:
        log.warning("%s", notice)
    camera = camera_to_open(settings, chosen, demo=demo)
    return MediaChoice(camera=camera, microphone=chosen.microphone, speaker=chosen.speaker)


def camera_to_open(settings: Settings, chosen: ChosenDevices, *, demo: bool) -> str | None:
    """The camera SPEC a call (or the hardware test) opens: in the demo the test picture when it
    is chosen or there is no camera, so the test shows what the calls send."""
    if demo and (chosen.camera is None or settings.camera == TEST_PICTURE):
        return SYNTHETIC_CAMERA
    return chosen.camera
