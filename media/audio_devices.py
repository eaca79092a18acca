"""Which sound devices PortAudio sees, and how to look again after one was plugged in.

PortAudio reads the device list once, when sounddevice is imported; a device (or a sound server)
that appears later is invisible until `rescan()`. Rescanning closes every open stream, so only do
it while no call is running (for example when the settings dialog opens).
"""

from __future__ import annotations

from dataclasses import dataclass

import sounddevice as sd


@dataclass(frozen=True, slots=True)
class AudioDevice:
    index: int
    name: str
    inputs: int
    outputs: int


def rescan() -> None:
    """Make PortAudio list devices afresh. Closes all open streams."""
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
        for info in sd.query_devices()
    ]
