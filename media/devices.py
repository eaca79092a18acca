"""What cameras, microphones and speakers this computer has, each with a stable identity.

Settings remember a device by identity, never by index: an index changes when a device is
plugged into another port or another device appears before it. An identity is built from what
stays the same:

- sound devices: PortAudio's host API and the device name, plus ``#2``, ``#3`` for a second
  and third device of the same name (``ALSA/pulse``, ``Windows WASAPI/Speakers (Realtek)``);
- Linux cameras: the udev name under ``/dev/v4l/by-id`` (vendor, model, serial), else the
  driver's card name from sysfs; macOS cameras: the AVFoundation name; Windows: the DirectShow
  name (``v4l2/usb-Logitech_C920_1234-video-index0``, ``avfoundation/FaceTime HD Camera``).

Each entry also says how to open it: ``spec`` for cameras (a `media.device_spec` SPEC that PyAV
opens) and ``device`` for sound devices (what sounddevice is given). `choose_*` picks the preferred
device if present, else the system default, else the first, and says when it fell back.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

from media.audio_devices import AudioDeviceError, portaudio_settled
from media.device_spec import ffmpeg_device_listing, list_dshow_video_devices

Direction = Literal["input", "output"]

V4L_SYSFS = Path("/sys/class/video4linux")
V4L_BY_ID = Path("/dev/v4l/by-id")


@dataclass(frozen=True, slots=True)
class SoundDeviceEntry:
    identity: str
    name: str
    host_api: str
    index: int
    inputs: int
    outputs: int
    default_input: bool = False
    default_output: bool = False

    def can(self, direction: Direction) -> bool:
        return (self.inputs if direction == "input" else self.outputs) > 0

    @property
    def device(self) -> int:
        """What sounddevice opens: the index PortAudio gives it in the current scan."""
        return self.index


@dataclass(frozen=True, slots=True)
class CameraEntry:
    identity: str
    name: str
    spec: str


def _numbered(base: str, seen: Counter[str]) -> str:
    seen[base] += 1
    return base if seen[base] == 1 else f"{base}#{seen[base]}"


# -- sound devices ---------------------------------------------------------------------------


def _sounddevice() -> ModuleType:
    try:
        import sounddevice
    except (OSError, ImportError) as exc:
        raise AudioDeviceError(f"PortAudio is not installed ({exc})") from exc
    module: ModuleType = sounddevice
    return module


def list_sound_devices(sd: Any = None) -> list[SoundDeviceEntry]:
    """PortAudio's devices (as of its last scan) with identities; raises `AudioDeviceError`
    when PortAudio is missing. ``sd`` stands in for the sounddevice module in tests."""
    sd = sd or _sounddevice()
    with portaudio_settled:
        host_apis = [str(api["name"]) for api in sd.query_hostapis()]
        default_in, default_out = _defaults(sd)
        devices = sd.query_devices()
    seen: Counter[str] = Counter()
    entries = []
    for info in devices:
        index = int(info["index"])
        host_api = host_apis[int(info["hostapi"])] if host_apis else "PortAudio"
        name = str(info["name"]).strip()
        entries.append(
            SoundDeviceEntry(
                identity=_numbered(f"{host_api}/{name}", seen),
                name=name,
                host_api=host_api,
                index=index,
                inputs=int(info["max_input_channels"]),
                outputs=int(info["max_output_channels"]),
                default_input=index == default_in,
                default_output=index == default_out,
            )
        )
    return entries


def _defaults(sd: Any) -> tuple[int, int]:
    try:
        default_in, default_out = sd.default.device
    except (AttributeError, TypeError, ValueError):
        return -1, -1
    return int(default_in if default_in is not None else -1), int(
        default_out if default_out is not None else -1
    )


# -- cameras ---------------------------------------------------------------------------------


def list_cameras(
    platform: str = sys.platform,
    *,
    sysfs: Path = V4L_SYSFS,
    by_id: Path = V4L_BY_ID,
    avfoundation_names: Callable[[], list[str]] | None = None,
    dshow_names: Callable[[], list[str]] | None = None,
) -> list[CameraEntry]:
    """This computer's cameras. Never raises: a camera that cannot be listed is left out."""
    if platform.startswith("linux"):
        return list_v4l2_cameras(sysfs, by_id)
    if platform == "darwin":
        names = (avfoundation_names or list_avfoundation_video_devices)()
        return _named_cameras("avfoundation", names, lambda name: f"avfoundation:{name}")
    if platform in ("win32", "cygwin"):
        names = (dshow_names or list_dshow_video_devices)()
        return _named_cameras("dshow", names, lambda name: f"dshow:video={name}")
    return []


def _named_cameras(
    kind: str, names: Iterable[str], spec: Callable[[str], str]
) -> list[CameraEntry]:
    seen: Counter[str] = Counter()
    return [CameraEntry(_numbered(f"{kind}/{name}", seen), name, spec(name)) for name in names]


def list_v4l2_cameras(sysfs: Path = V4L_SYSFS, by_id: Path = V4L_BY_ID) -> list[CameraEntry]:
    """Capture nodes from sysfs (``index`` 0: the first node of each camera; further nodes are
    metadata), named by their stable ``/dev/v4l/by-id`` link when udev made one."""
    links: dict[str, Path] = {}
    with contextlib.suppress(OSError):
        for entry in sorted(by_id.iterdir()):
            with contextlib.suppress(OSError):
                links.setdefault(entry.resolve().name, entry)
    nodes: list[tuple[int, str]] = []
    with contextlib.suppress(OSError):
        for node in sysfs.iterdir():
            match = re.fullmatch(r"video(\d+)", node.name)
            if match and _read(node / "index", "0") == "0":
                nodes.append((int(match.group(1)), node.name))
    seen: Counter[str] = Counter()
    cameras = []
    for _number, node_name in sorted(nodes):
        card = _read(sysfs / node_name / "name", node_name)
        link = links.get(node_name)
        stable = link.name if link is not None else card
        path = str(link) if link is not None else f"/dev/{node_name}"
        cameras.append(CameraEntry(_numbered(f"v4l2/{stable}", seen), card, f"v4l2:{path}"))
    return cameras


def _read(path: Path, default: str) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip() or default
    except OSError:
        return default


def list_avfoundation_video_devices() -> list[str]:
    """Ask FFmpeg's avfoundation input for its video devices (macOS only; [] elsewhere)."""
    return parse_avfoundation_device_list(ffmpeg_device_listing("avfoundation", ""))


_AVF_DEVICE = re.compile(r"\[(\d+)\]\s+(.+?)\s*$")


def parse_avfoundation_device_list(lines: Iterable[str]) -> list[str]:
    """Video device names from FFmpeg's avfoundation ``list_devices`` output (screens skipped:
    they are not cameras)."""
    names: list[str] = []
    section = None
    for raw in lines:
        for line in raw.splitlines():
            lowered = line.lower()
            if "avfoundation video devices" in lowered:
                section = "video"
            elif "avfoundation audio devices" in lowered:
                section = "audio"
            elif section == "video" and (match := _AVF_DEVICE.search(line)):
                name = match.group(2)
                if not name.lower().startswith("capture screen"):
                    names.append(name)
    return names


# -- choosing --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Choice:
    """The device to use and, when it is not the preferred one, a notice saying so."""

    identity: str | None
    open_with: str | int | None  # a camera SPEC, a sounddevice index, or None (none at all)
    notice: str = ""

    @property
    def found(self) -> bool:
        return self.open_with is not None


def choose_sound_device(
    preferred: str, devices: Sequence[SoundDeviceEntry], direction: Direction
) -> Choice:
    """The preferred device by identity if present, else the system default, else the first."""
    usable = [d for d in devices if d.can(direction)]
    what = "microphone" if direction == "input" else "speaker"
    for device in usable:
        if preferred and device.identity == preferred:
            return Choice(device.identity, device.device)
    default = next(
        (d for d in usable if (d.default_input if direction == "input" else d.default_output)),
        usable[0] if usable else None,
    )
    if default is None:
        return Choice(None, None, f"No {what} found. Connect one, then test again.")
    notice = f"Your {what} “{preferred}” is not connected: using {default.name}."
    return Choice(default.identity, default.device, notice if preferred else "")


def choose_camera(preferred: str, cameras: Sequence[CameraEntry]) -> Choice:
    for camera in cameras:
        if preferred and camera.identity == preferred:
            return Choice(camera.identity, camera.spec)
    if not cameras:
        return Choice(None, None, "No camera found: calls will be audio only.")
    notice = (
        f"Your camera “{preferred}” is not connected: using {cameras[0].name}." if preferred else ""
    )
    return Choice(cameras[0].identity, cameras[0].spec, notice)
