"""Sound devices through PortAudio (sounddevice): opening the app's 20 ms mono streams, listing
devices, and looking again after one was plugged in.

sounddevice is imported only when needed: on Linux it loads the system's PortAudio library, and a
machine without it must still run calls (without sound) instead of failing at start-up.

PortAudio reads the device list once; a device (or a sound server) that appears later is invisible
until `rescan()`. Rescanning closes every open stream, so only do it while no call is running.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Literal, Protocol

from media.audio_format import FRAME_SAMPLES, SAMPLE_RATE

StreamCallback = Callable[[Any, int, Any, Any], None]


class AudioDeviceError(Exception):
    """A sound device could not be used: PortAudio failed, no such device, or no PortAudio."""


class AudioStream(Protocol):
    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class AudioDevice:
    index: int
    name: str
    inputs: int
    outputs: int


def _sounddevice() -> ModuleType:
    try:
        import sounddevice  # loads PortAudio, which may be missing
    except (OSError, ImportError) as exc:  # OSError: sounddevice found no libportaudio
        raise AudioDeviceError(f"PortAudio is not installed ({exc})") from exc
    module: ModuleType = sounddevice
    return module


def open_stream(
    direction: Literal["input", "output"], device: int | str | None, callback: StreamCallback
) -> AudioStream:
    """Open and start a 48 kHz mono int16 stream in 960-sample blocks; blocks briefly (call it
    off the loop). ``callback(data, frames, time, status)`` runs on PortAudio's thread."""
    sd = _sounddevice()
    kind = sd.InputStream if direction == "input" else sd.OutputStream
    try:
        stream = kind(
            device=device,
            samplerate=SAMPLE_RATE,
            channels=1,
            dtype="int16",
            blocksize=FRAME_SAMPLES,
            latency="low",
            callback=callback,
        )
    except (sd.PortAudioError, ValueError) as exc:  # ValueError: no device matches the name
        raise AudioDeviceError(str(exc)) from exc
    try:
        stream.start()
    except sd.PortAudioError as exc:
        stream.close()
        raise AudioDeviceError(str(exc)) from exc
    result: AudioStream = stream
    return result


def rescan() -> None:
    """Make PortAudio list devices afresh. Closes all open streams."""
    sd = _sounddevice()
    sd._terminate()  # the documented way; sounddevice has no public rescan
    sd._initialize()


def list_devices() -> list[AudioDevice]:
    """All devices PortAudio currently knows, with their channel counts."""
    return [
        AudioDevice(
            index=int(info["index"]),
            name=str(info["name"]),
            inputs=int(info["max_input_channels"]),
            outputs=int(info["max_output_channels"]),
        )
        for info in _sounddevice().query_devices()
    ]
