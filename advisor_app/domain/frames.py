"""A picture ready to show: what the media side hands the screen (no Qt, no PyAV here)."""

from __future__ import annotations

import sys
from dataclasses import dataclass

BYTES_PER_PIXEL = 4
_LITTLE_ENDIAN = sys.byteorder == "little"


@dataclass(frozen=True, slots=True)
class DisplayFrame:
    """A video frame converted for display off the GUI thread: rows of 32-bit pixels 0xffRRGGBB
    in the machine's byte order (Qt's RGB32, the format it paints as a plain copy; in memory
    blue, green, red, 255 on the little-endian machines the app runs on; see `media.display`).
    ``stride`` is the bytes from one row to the next (the converter may pad rows)."""

    width: int
    height: int
    stride: int
    pixels: bytes


def pixel_bytes(red: int, green: int, blue: int) -> bytes:
    """One `DisplayFrame` pixel of this colour, as its bytes lie in memory."""
    return bytes((blue, green, red, 255) if _LITTLE_ENDIAN else (255, red, green, blue))
