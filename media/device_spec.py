"""Capture device specs: which camera or microphone to open, written as one string.

A camera SPEC is ``FORMAT:INPUT`` exactly as PyAV (FFmpeg's libavdevice) opens it::

    v4l2:/dev/video0              Linux
    avfoundation:0                macOS (index or name of the camera)
    dshow:video=Integrated Camera Windows (DirectShow device name)
    lavfi:testsrc2=size=640x480:rate=30   a synthetic camera (demo, tests)

A spec without a known ``FORMAT:`` prefix is the INPUT for this OS's camera format, so
``/dev/video2`` on Linux or ``FaceTime HD Camera`` on macOS work too.

A microphone or speaker SPEC is a sounddevice device name or index, ``default``, ``none`` (no
device), or ``lavfi:<graph>`` for a synthetic source through PyAV, for example
``lavfi:sine=frequency=440:sample_rate=48000``.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# FFmpeg input formats we build options for; "video4linux2" is v4l2's long name.
CAMERA_FORMATS = frozenset({"v4l2", "video4linux2", "avfoundation", "dshow", "lavfi"})
# Formats that deliver frames at their own pace; anything else (lavfi, files) must be paced.
LIVE_FORMATS = frozenset({"v4l2", "video4linux2", "avfoundation", "dshow"})

_FORMAT_PREFIX = re.compile(r"^([a-z0-9_]+):(.*)$", re.DOTALL)


class DeviceSpecError(ValueError):
    """A device spec that cannot be understood; the message says what is wrong and what works."""


@dataclass(frozen=True, slots=True)
class CaptureSettings:
    """What we ask of a camera. The defaults fit a 640x480 VP8 call at 30 fps.

    ``pixel_format`` is the camera's native format when it must be chosen: ``mjpeg`` makes USB
    cameras reach 30 fps at larger sizes (v4l2 ``input_format``, dshow ``vcodec``); on macOS
    AVFoundation rejects FFmpeg's default yuv420p, so ``uyvy422`` is used unless told otherwise.
    """

    width: int = 640
    height: int = 480
    fps: int = 30
    pixel_format: str | None = None

    @property
    def video_size(self) -> str:
        return f"{self.width}x{self.height}"


@dataclass(frozen=True, slots=True)
class CameraSpec:
    """Everything `av.open` needs: ``av.open(spec.file, format=spec.format, options=...)``."""

    format: str
    file: str
    options: Mapping[str, str] = field(default_factory=dict)

    @property
    def live(self) -> bool:
        """True for real devices, which pace themselves; lavfi must be paced to real time."""
        return self.format in LIVE_FORMATS

    @property
    def device_name(self) -> str:
        """How the device is named in messages to the advisor."""
        return f"{self.format}:{self.file}"

    def open_args(self) -> dict[str, Any]:
        """Keyword arguments for `av.open`."""
        return {"file": self.file, "format": self.format, "options": dict(self.options)}


def platform_camera_format(platform: str = sys.platform) -> str:
    """The FFmpeg input format for cameras on ``platform`` (a `sys.platform` value)."""
    if platform.startswith("linux"):
        return "v4l2"
    if platform == "darwin":
        return "avfoundation"
    if platform in ("win32", "cygwin"):
        return "dshow"
    raise DeviceSpecError(f"no camera support on this system ({platform}); use a lavfi: spec")


def parse_camera_spec(
    spec: str, settings: CaptureSettings | None = None, platform: str = sys.platform
) -> CameraSpec:
    """Turn a camera SPEC into the arguments PyAV opens it with; raises `DeviceSpecError`."""
    settings = settings or CaptureSettings()
    text = spec.strip()
    if not text:
        raise DeviceSpecError("empty camera spec; expected FORMAT:INPUT such as v4l2:/dev/video0")
    match = _FORMAT_PREFIX.match(text)
    if match and match.group(1) in CAMERA_FORMATS:
        fmt, device = match.group(1), match.group(2).strip()
    elif match and platform_camera_format(platform) != "dshow":
        raise DeviceSpecError(
            f"unknown camera format {match.group(1)!r} in {spec!r}; "
            f"known: {', '.join(sorted(CAMERA_FORMATS))}"
        )
    else:  # a bare device for this OS (dshow names may contain ':' and never start a format)
        fmt, device = platform_camera_format(platform), text
    if not device:
        raise DeviceSpecError(f"camera spec {spec!r} names no device after {fmt}:")
    builder = _BUILDERS[fmt]
    return builder(device, settings)


def _v4l2(device: str, settings: CaptureSettings) -> CameraSpec:
    options = {"video_size": settings.video_size, "framerate": str(settings.fps)}
    if settings.pixel_format:
        options["input_format"] = settings.pixel_format
    return CameraSpec("v4l2", device, options)


def _avfoundation(device: str, settings: CaptureSettings) -> CameraSpec:
    # AVFoundation only accepts frame rates and sizes the camera lists; 640x480@30 is offered by
    # every Mac camera. The input is "VIDEO[:AUDIO]": ":none" keeps the microphone out of it.
    file = device if ":" in device else f"{device}:none"
    options = {
        "video_size": settings.video_size,
        "framerate": str(settings.fps),
        "pixel_format": settings.pixel_format or "uyvy422",
    }
    return CameraSpec("avfoundation", file, options)


def _dshow(device: str, settings: CaptureSettings) -> CameraSpec:
    file = device if device.startswith("video=") else f"video={device}"
    options = {"video_size": settings.video_size, "framerate": str(settings.fps)}
    if settings.pixel_format == "mjpeg":
        options["vcodec"] = "mjpeg"  # DirectShow names compressed formats as codecs
    elif settings.pixel_format:
        options["pixel_format"] = settings.pixel_format
    return CameraSpec("dshow", file, options)


def _lavfi(graph: str, _settings: CaptureSettings) -> CameraSpec:
    return CameraSpec("lavfi", graph, {})


_BUILDERS: dict[str, Callable[[str, CaptureSettings], CameraSpec]] = {
    "v4l2": _v4l2,
    "video4linux2": _v4l2,
    "avfoundation": _avfoundation,
    "dshow": _dshow,
    "lavfi": _lavfi,
}


def synthetic_camera_spec(settings: CaptureSettings | None = None) -> CameraSpec:
    """A lavfi test pattern in the call's size and rate: the demo's and the tests' camera."""
    s = settings or CaptureSettings()
    return _lavfi(f"testsrc2=size={s.video_size}:rate={s.fps}", s)


def default_camera_spec(
    platform: str = sys.platform,
    settings: CaptureSettings | None = None,
    list_dshow_devices: Callable[[], list[str]] | None = None,
) -> CameraSpec:
    """This OS's first camera. On Windows DirectShow has no default device, so the first
    listed video device is used; raises `DeviceSpecError` when there is none."""
    fmt = platform_camera_format(platform)
    if fmt == "v4l2":
        return parse_camera_spec("v4l2:/dev/video0", settings, platform)
    if fmt == "avfoundation":
        return parse_camera_spec("avfoundation:0", settings, platform)
    names = (list_dshow_devices or list_dshow_video_devices)()
    if not names:
        raise DeviceSpecError("no DirectShow camera found; name one as dshow:video=NAME")
    return parse_camera_spec(f"dshow:video={names[0]}", settings, platform)


def list_dshow_video_devices() -> list[str]:
    """Ask FFmpeg's dshow input for its video devices (Windows only; [] elsewhere).

    FFmpeg prints the list to its log and then fails to open, so the log is captured.
    """
    return parse_dshow_device_list(ffmpeg_device_listing("dshow", "dummy"))


def ffmpeg_device_listing(fmt: str, url: str) -> list[str]:
    """The log lines FFmpeg prints for an input's ``list_devices`` (dshow, avfoundation).

    The listing ends in an error (no device is opened): expected. [] where `fmt` is not
    available on this system.
    """
    import av  # only needed on Windows and macOS: keeps this module light to import
    import av.logging

    if fmt not in av.format.formats_available:
        return []
    previous = av.logging.get_level()
    av.logging.set_level(av.logging.INFO)
    try:
        with av.logging.Capture() as logs, contextlib.suppress(av.FFmpegError, OSError, ValueError):
            av.open(url, format=fmt, options={"list_devices": "true"}).close()
    finally:
        av.logging.set_level(previous)
    return [message for _level, _name, message in logs]


_DSHOW_NAME = re.compile(r'^\s*"(?P<name>[^"]+)"\s*(?:\((?P<kind>[^)]*)\))?\s*$')


def parse_dshow_device_list(lines: Iterable[str]) -> list[str]:
    """Video device names from FFmpeg's dshow ``list_devices`` output (old and new layouts).

    New FFmpeg writes ``"Name" (video)``; older versions list names under a
    ``DirectShow video devices`` heading. ``Alternative name`` lines are skipped.
    """
    names: list[str] = []
    section: str | None = None
    for raw in lines:
        for line in raw.splitlines():
            lowered = line.lower()
            if "directshow video devices" in lowered:
                section = "video"
                continue
            if "directshow audio devices" in lowered:
                section = "audio"
                continue
            match = _DSHOW_NAME.match(line)
            if not match:
                continue
            kind = match.group("kind")
            if (kind is not None and "video" in kind) or (kind is None and section == "video"):
                names.append(match.group("name"))
    return names


@dataclass(frozen=True, slots=True)
class SoundDevice:
    """A PortAudio device by index or (part of its) name; None is the system default."""

    device: int | str | None


@dataclass(frozen=True, slots=True)
class SyntheticAudio:
    """A lavfi audio graph played through PyAV in real time instead of a device."""

    graph: str


@dataclass(frozen=True, slots=True)
class NoAudioDevice:
    """Explicitly no device (``none``): a speaker then only counts what arrives."""


AudioSpec = SoundDevice | SyntheticAudio | NoAudioDevice


def parse_audio_spec(spec: str | int | None) -> AudioSpec:
    """Turn a microphone/speaker SPEC into a typed value; raises `DeviceSpecError`."""
    if spec is None or isinstance(spec, int):
        return SoundDevice(spec)
    text = spec.strip()
    if text in ("", "default"):
        return SoundDevice(None)
    if text == "none":
        return NoAudioDevice()
    if text.startswith("lavfi:"):
        graph = text.removeprefix("lavfi:").strip()
        if not graph:
            raise DeviceSpecError("lavfi: audio spec needs a graph, e.g. lavfi:sine=frequency=440")
        return SyntheticAudio(graph)
    if text.isdigit():
        return SoundDevice(int(text))
    return SoundDevice(text)
