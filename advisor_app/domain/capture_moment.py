"""When a frame was captured, carried with the frame from the device to the sender.

The capture side (camera, microphone) stamps each frame with the `time.monotonic()` moment of its
first sample; the sender's reports pair the frame's RTP timestamp with that moment
(`network.capture_clock`), so that a receiver can play picture and speech in step without
waiting for more than it must. The moment rides in `frame.opaque`, which PyAV keeps for the
application and never reads; a frame that was copied or converted carries it on only where the
copy says so (`carry`).
"""

from __future__ import annotations

__all__ = ["captured_at", "carry", "stamp"]


def stamp(frame: object, at: float) -> None:
    """Notes that `frame` was captured at `at` (`time.monotonic()`)."""
    frame.opaque = at  # type: ignore[attr-defined]


def captured_at(frame: object) -> float | None:
    """The moment `frame` was captured, if its capture side said so."""
    at = getattr(frame, "opaque", None)
    return at if isinstance(at, float) else None


def carry(source: object, copy: object) -> None:
    """`copy` (converted from `source`) was captured when `source` was."""
    at = captured_at(source)
    if at is not None:
        stamp(copy, at)
