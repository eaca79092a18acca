"""A camera, microphone or speaker plugged in or pulled out, as the advisor is told about it
(`media.device_watch` notices it; the main window and the settings dialog show it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from advisor_app.domain.texts import N_

Kind = Literal["camera", "microphone", "speaker"]
# (connected, removed) per kind: whole sentences, marked for translation (`N_`).
_SENTENCES = {
    "camera": (
        N_("DeviceWatch", "Camera “{name}” connected"),
        N_("DeviceWatch", "Camera “{name}” removed"),
    ),
    "microphone": (
        N_("DeviceWatch", "Microphone “{name}” connected"),
        N_("DeviceWatch", "Microphone “{name}” removed"),
    ),
    "speaker": (
        N_("DeviceWatch", "Speaker “{name}” connected"),
        N_("DeviceWatch", "Speaker “{name}” removed"),
    ),
}


@dataclass(frozen=True, slots=True)
class DeviceChange:
    """One device connected or removed."""

    kind: Kind
    identity: str
    name: str
    connected: bool

    @property
    def text(self) -> str:
        """For a short notice: "Microphone “USB Headset” connected"."""
        connected, removed = _SENTENCES[self.kind]
        return (connected if self.connected else removed).format(name=self.name)
