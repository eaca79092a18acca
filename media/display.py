"""Video frames made ready for the screen, off the GUI thread, at most a few times a second.

Converting and scaling a picture costs milliseconds; the GUI thread must only paint. So frames are
converted to Qt's 32-bit RGB32 pixels (`DisplayFrame`) where they arrive: on the camera's capture
thread for the self-view, and in the loop's thread pool for the customer's video. A
`DisplaySampler` lets through at most ``max_fps`` frames, since a preview needs far fewer frames
than the call sends.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import time
from collections.abc import Callable

import av
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from advisor_app.domain.frames import DisplayFrame

log = logging.getLogger(__name__)

DEFAULT_MAX_SIZE = (960, 540)
# A conversion to at most this many pixels (0.15-0.5 ms) runs on the loop where the frame is: a
# hand-off to a worker thread and back costs about as much CPU (two thread wake-ups, 60-120 us
# each on a 2-core VM, measured), and a larger one is worth the worker.
ON_LOOP_MAX_PIXELS = 640 * 480
DisplaySink = Callable[[DisplayFrame], None]
# swscale's threads for one picture. PyAV's default (0: one per CPU) makes every conversion start
# and join a thread per core for a few hundred microseconds of work (seen as 30 `clone3` a second
# on the engine loop at 15 frames a second, 2 cores); our conversions already run where the frame
# is, off the GUI thread, so one thread does the same work for 0.07-0.1 ms less CPU a picture
# (measured: 640x480 to 388x292 0.29 ms against 0.37, 1280x720 to 960x540 1.16 against 1.23).
SCALER_THREADS = 1
# `DisplayFrame`'s pixels (0xffRRGGBB words) in swscale's byte-order names.
PIXEL_FORMAT = "bgra" if sys.byteorder == "little" else "argb"


def fit_size(
    width: int, height: int, max_size: tuple[int, int] | None, *, enlarge: bool = False
) -> tuple[int, int]:
    """The largest size within ``max_size`` with the picture's aspect ratio; enlarges only when
    told (to fill a view: the converter scales far cheaper than the GUI's painter)."""
    if max_size is None or (width <= max_size[0] and height <= max_size[1] and not enlarge):
        return width, height
    scale = min(max_size[0] / width, max_size[1] / height)
    # Even sizes (chroma planes are halved), rounded down so the result never exceeds max_size.
    return max(2, int(width * scale + 1e-9) // 2 * 2), max(2, int(height * scale + 1e-9) // 2 * 2)


def to_display_frame(
    frame: av.VideoFrame,
    max_size: tuple[int, int] | None = DEFAULT_MAX_SIZE,
    *,
    enlarge: bool = False,
) -> DisplayFrame:
    """Convert ``frame`` to `DisplayFrame` rows, scaled to fit ``max_size`` (up too, if told).

    One conversion straight to the shown size and one copy of its rows (with the converter's
    row padding, which `DisplayFrame.stride` carries): no intermediate array. 32-bit pixels in
    Qt's RGB32 layout, because that is what Qt paints as a plain copy: measured on a 1280x720
    picture, painting a 960x540 frame took 0.05 ms against 0.38-0.42 ms for the packed 24-bit
    blue-green-red used before (0.01 against 0.10 ms at 388x218), for the same conversion time
    (swscale's SIMD code writes both; 1.0-1.1 ms at 960x540) and the same picture. The
    red-green-blue order is out: swscale scales into it two to three times slower.
    """
    width, height = fit_size(frame.width, frame.height, max_size, enlarge=enlarge)
    picture = frame.reformat(
        width=width, height=height, format=PIXEL_FORMAT, threads=SCALER_THREADS
    )
    plane = picture.planes[0]
    return DisplayFrame(width=width, height=height, stride=plane.line_size, pixels=bytes(plane))


class DisplaySampler:
    """Converts at most ``max_fps`` frames a second and hands them to ``sink``.

    `offer` runs where the frame is (it converts synchronously: use it on a worker thread);
    `forward_video` uses `due` and `convert_on_loop`. Thread-safe.

    Frames are scaled down to fit ``max_size`` until `show_at` says how large the view is that
    shows them: then they are converted to exactly fit it, so painting is a plain copy. (Qt's
    smooth scaling of a packed 24-bit picture costs 10-15 ms a frame on the GUI thread, measured;
    swscale does the same in 1-2 ms on a worker thread.) While no view shows them (`hide`: a
    minimized call window, a run without a screen) none is due and none is converted: at 720p
    that is 1-3 ms of CPU for each of ``max_fps`` pictures a second (measured).
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
        self._default = max_size
        self._target: tuple[tuple[int, int] | None, bool] = (max_size, False)
        self._interval = 1.0 / max_fps
        self._clock = clock
        self._next_due = float("-inf")
        self._shown = True
        self._lock = threading.Lock()

    @property
    def max_size(self) -> tuple[int, int] | None:
        """The size frames are converted to fit now."""
        return self._target[0]

    def show_at(self, view_size: tuple[int, int] | None) -> None:
        """Convert to fit a view of ``view_size`` pixels from now on (None: back to the default
        limit). Any thread; the next converted frame follows."""
        if view_size is None or view_size[0] < 2 or view_size[1] < 2:
            self._target = (self._default, False)
        else:
            self._target = (view_size, True)
        self._shown = True

    def hide(self) -> None:
        """No view shows these frames: none is due until `show_at`. Any thread."""
        self._shown = False

    def convert(self, frame: av.VideoFrame) -> DisplayFrame:
        """``frame`` for the view as it is now (synchronous: on a worker thread)."""
        max_size, enlarge = self._target
        return to_display_frame(frame, max_size, enlarge=enlarge)

    async def convert_on_loop(self, frame: av.VideoFrame) -> DisplayFrame:
        """``frame`` for the view, converted on the loop when that is quick, else in the loop's
        thread pool (`ON_LOOP_MAX_PIXELS`)."""
        max_size, enlarge = self._target
        width, height = fit_size(frame.width, frame.height, max_size, enlarge=enlarge)
        if width * height <= ON_LOOP_MAX_PIXELS:
            return self.convert(frame)
        return await asyncio.get_running_loop().run_in_executor(None, self.convert, frame)

    def due(self) -> bool:
        """True (and the slot taken) if a frame may be shown now; never while hidden."""
        if not self._shown:
            return False
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
        self.sink(self.convert(frame))
        return True


async def forward_video(track: MediaStreamTrack, sampler: DisplaySampler) -> int:
    """Receive ``track`` until it ends, showing sampled frames; returns the frames received.

    Conversion runs on the loop or in its thread pool (`DisplaySampler.convert_on_loop`); the
    sink is called on the loop.
    """
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
            sampler.sink(await sampler.convert_on_loop(frame))
