"""Video frames made ready for the screen, off the GUI thread, at most a few times a second.

Converting and scaling a picture costs milliseconds; the GUI thread must only paint. So frames are
converted to packed RGB888 (`DisplayFrame`) where they arrive: on the camera's capture thread for
the self-view, and in the loop's thread pool for the customer's video. A `DisplaySampler` lets
through at most ``max_fps`` frames, since a preview needs far fewer frames than the call sends.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable

import av
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from advisor_app.domain.frames import DisplayFrame

log = logging.getLogger(__name__)

DEFAULT_MAX_SIZE = (960, 540)
DisplaySink = Callable[[DisplayFrame], None]


def fit_size(width: int, height: int, max_size: tuple[int, int] | None) -> tuple[int, int]:
    """The largest size within ``max_size`` with the picture's aspect ratio; never enlarges."""
    if max_size is None or (width <= max_size[0] and height <= max_size[1]):
        return width, height
    scale = min(max_size[0] / width, max_size[1] / height)
    # Even sizes (chroma planes are halved), rounded down so the result never exceeds max_size.
    return max(2, int(width * scale + 1e-9) // 2 * 2), max(2, int(height * scale + 1e-9) // 2 * 2)


def to_display_frame(
    frame: av.VideoFrame, max_size: tuple[int, int] | None = DEFAULT_MAX_SIZE
) -> DisplayFrame:
    """Convert ``frame`` to packed RGB888, scaled down to fit ``max_size`` if needed."""
    width, height = fit_size(frame.width, frame.height, max_size)
    rgb = frame.reformat(width=width, height=height, format="rgb24").to_ndarray()
    return DisplayFrame(width=width, height=height, stride=width * 3, rgb=rgb.tobytes())


class DisplaySampler:
    """Converts at most ``max_fps`` frames a second and hands them to ``sink``.

    `offer` runs where the frame is (it converts synchronously: use it on a worker thread);
    `forward_video` uses `due` and converts in the loop's thread pool. Thread-safe.
    """

    def __init__(
        self,
        sink: DisplaySink,
        *,
        max_fps: float = 15.0,
        max_size: tuple[int, int] | None = DEFAULT_MAX_SIZE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_fps <= 0:
            raise ValueError(f"max_fps must be positive, not {max_fps}")
        self.sink = sink
        self.max_size = max_size
        self._interval = 1.0 / max_fps
        self._clock = clock
        self._next_due = float("-inf")
        self._lock = threading.Lock()

    def due(self) -> bool:
        """True (and the slot taken) if a frame may be shown now."""
        now = self._clock()
        with self._lock:
            if now < self._next_due:
                return False
            # Schedule from the slot, not from now, so the rate holds without drifting down;
            # but never build up a backlog of slots after a pause.
            late = now - self._next_due >= self._interval
            self._next_due = (now if late else self._next_due) + self._interval
            return True

    def offer(self, frame: av.VideoFrame) -> bool:
        """Show ``frame`` if one is due; True if it was converted and handed to the sink."""
        if not self.due():
            return False
        self.sink(to_display_frame(frame, self.max_size))
        return True


async def forward_video(track: MediaStreamTrack, sampler: DisplaySampler) -> int:
    """Receive ``track`` until it ends, showing sampled frames; returns the frames received.

    Conversion runs in the loop's default thread pool; the sink is called on the loop.
    """
    loop = asyncio.get_running_loop()
    received = 0
    while True:
        try:
            frame = await track.recv()
        except MediaStreamError:
            return received
        if not isinstance(frame, av.VideoFrame):
            continue
        received += 1
        if sampler.due():
            shown = await loop.run_in_executor(None, to_display_frame, frame, sampler.max_size)
            sampler.sink(shown)
