"""Sound devices through PortAudio (sounddevice): opening the app's 20 ms mono streams, listing
devices, and looking again after one was plugged in.

sounddevice is imported only when needed: on Linux it loads the system's PortAudio library, and a
machine without it must still run calls (without sound) instead of failing at start-up.

PortAudio reads the device list once; a device (or a sound server) that appears later is invisible
until `rescan()`. Rescanning closes every open stream, so `rescan_if_idle()` does it only while no
stream opened here is open (it and `open_stream` take one lock, so none opens meanwhile).

A stream that PortAudio ends by itself (the device was unplugged, the sound server dropped it)
calls the ``on_lost`` given to `open_stream`, on PortAudio's thread; closing it ourselves does not.
"""

from __future__ import annotations

import threading
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
    direction: Literal["input", "output"],
    device: int | str | None,
    callback: StreamCallback,
    *,
    on_lost: Callable[[], None] | None = None,
) -> AudioStream:
    """Open and start a 48 kHz mono int16 stream in 960-sample blocks; blocks briefly (call it
    off the loop). ``callback(data, frames, time, status)`` runs on PortAudio's thread, and so
    does ``on_lost()`` when PortAudio ends the stream by itself (the device went away)."""
    sd = _sounddevice()
    kind = sd.InputStream if direction == "input" else sd.OutputStream
    tracked = _TrackedStream(on_lost)
    with portaudio_settled:
        try:
            stream = kind(
                device=device,
                samplerate=SAMPLE_RATE,
                channels=1,
                dtype="int16",
                blocksize=FRAME_SAMPLES,
                latency="low",
                callback=callback,
                finished_callback=tracked.finished,
            )
        except (sd.PortAudioError, ValueError) as exc:  # ValueError: no device matches the name
            raise AudioDeviceError(str(exc)) from exc
        try:
            stream.start()
        except sd.PortAudioError as exc:
            tracked.closing = True
            stream.close()
            raise AudioDeviceError(str(exc)) from exc
        tracked.stream = stream
        _open_streams.add(tracked)
    return tracked


# Held while PortAudio rescans, opens a stream or is asked for its devices: a question asked
# during a rescan finds PortAudio closed ("PortAudio not initialized").
portaudio_settled = threading.RLock()
_open_streams: set[_TrackedStream] = set()


class _TrackedStream:
    """A started PortAudio stream, counted while open, that tells apart "ended by itself"
    (``on_lost``) from "closed by us"."""

    def __init__(self, on_lost: Callable[[], None] | None) -> None:
        self.stream: Any = None
        self.closing = False
        self._on_lost = on_lost

    @property
    def latency(self) -> object:
        return getattr(self.stream, "latency", None)

    def finished(self) -> None:  # PortAudio's thread
        if not self.closing and self._on_lost is not None:
            self._on_lost()

    def close(self) -> None:
        self.closing = True
        with portaudio_settled:
            _open_streams.discard(self)
        if self.stream is not None:
            self.stream.close()


def streams_open() -> int:
    """How many streams opened through `open_stream` are open now."""
    with portaudio_settled:
        return len(_open_streams)


def rescan_if_idle(busy: Callable[[], bool] = lambda: False) -> bool:
    """`rescan()` unless a stream is open or ``busy()`` (e.g. the ringer is playing through its
    own stream); True if it rescanned."""
    with portaudio_settled:
        if _open_streams or busy():
            return False
        rescan()
        return True


def rescan() -> None:
    """Make PortAudio list devices afresh. Closes all open streams."""
    sd = _sounddevice()
    with portaudio_settled:  # a device list asked meanwhile would find PortAudio closed
        sd._terminate()  # the documented way; sounddevice has no public rescan
        sd._initialize()


def list_devices() -> list[AudioDevice]:
    """All devices PortAudio currently knows, with their channel counts."""
    with portaudio_settled:  # not while another thread rescans ("PortAudio not initialized")
        found = _sounddevice().query_devices()
    return [
        AudioDevice(
            index=int(info["index"]),
            name=str(info["name"]),
            inputs=int(info["max_input_channels"]),
            outputs=int(info["max_output_channels"]),
        )
        for info in found
    ]
