"""A picture ready to show: what the media side hands the screen (no Qt, no PyAV here)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DisplayFrame:
    """A video frame converted for display off the GUI thread: packed 8-bit rows in blue, green,
    red order (BGR888: the order the converter makes fastest, see `media.display`)."""

    width: int
    height: int
    stride: int
    bgr: bytes
