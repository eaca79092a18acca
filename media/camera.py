"""The advisor's camera as an aiortc video track that can be switched off and on during a call.

aiortc's `MediaPlayer` queues every decoded frame without bound and cannot be restarted, so this
track runs its own capture thread: PyAV opens the device and decodes; only the newest frame is
kept (a slow encoder sees the latest picture, never a backlog) and handed to the loop without
blocking. Frames are restamped on aiortc's 90 kHz video clock from the moment they were captured,
so timestamps follow the camera's real rate and keep increasing across off/on.

Camera off/on: `stop()` releases the device (its thread ends within a frame) while the track stays
live, and `start()` opens it again. While stopped, `recv()` returns nothing: it waits until the
camera delivers a frame captured after the next `start()` (no stale picture), and raises
`MediaStreamError` once the track is `close()`d. The call switches the sender with
``sender.replaceTrack(None)`` before stopping, so the waiting is never visible to the peer.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import errno
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import av
from aiortc.mediastreams import VIDEO_CLOCK_RATE, VIDEO_TIME_BASE, MediaStreamError
from aiortc.mediastreams import VideoStreamTrack as _VideoStreamTrack

from advisor_app.domain import capture_moment
from media import frame_marker
from media.device_spec import CameraSpec
from media.handoff import Mailbox, MailboxClosedError

log = logging.getLogger(__name__)

_CAPTURE_TIMES_KEPT = 1800  # a minute of frame numbers at 30 fps for latency look-ups
_ERRNO_REASONS = {
    errno.ENOENT: "no such device",
    errno.EBUSY: "in use by another program",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENODEV: "device disconnected",
    errno.EIO: "device disconnected",
}

FrameObserver = Callable[[av.VideoFrame], object]


class CameraUnavailable(Exception):  # noqa: N818 - the advisor-facing name
    """The camera could not be opened or stopped delivering; names the device and why."""

    def __init__(self, device: str, reason: str) -> None:
        super().__init__(f"camera {device} is unavailable: {reason}")
        self.device = device
        self.reason = reason


def describe_error(exc: BaseException) -> str:
    """A short reason for an advisor, from an FFmpeg/OS error."""
    code = getattr(exc, "errno", None)
    if isinstance(code, int) and code in _ERRNO_REASONS:
        return _ERRNO_REASONS[code]
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


@dataclass(frozen=True, slots=True)
class _Captured:
    frame: av.VideoFrame
    captured_at: float
    generation: int


class CameraTrack(_VideoStreamTrack):
    """A restartable camera track that keeps only the newest frame.

    ``stamp_frame_numbers`` draws each frame's number with `media.frame_marker` (synthetic camera
    for demo and latency tests); `capture_time` then maps a number back to its capture moment.
    ``on_frame`` is called on the capture thread with every frame (for the self-view; it must be
    quick and thread-safe). ``on_error`` is called on the loop when a running camera fails; without
    it the failure is logged. Either way capture stops and the track waits for `start()`.
    """

    kind = "video"

    def __init__(
        self,
        spec: CameraSpec,
        *,
        stamp_frame_numbers: bool = False,
        on_frame: FrameObserver | None = None,
        on_error: Callable[[CameraUnavailable], None] | None = None,
        open_timeout: float = 10.0,
    ) -> None:
        super().__init__()
        self.spec = spec
        self._stamp = stamp_frame_numbers
        self._on_frame = on_frame
        self._on_error = on_error
        self._open_timeout = open_timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._mailbox: Mailbox[_Captured] | None = None
        self._thread: threading.Thread | None = None
        self._quit = threading.Event()
        self._generation = 0
        self._capturing = False
        self._epoch: float | None = None
        self._last_pts = -1
        self._lock = threading.Lock()
        self._capture_times: dict[int, float] = {}
        self.frames_captured = 0
        """Frames decoded since the track was made (over all starts); the marker's numbers."""

    @property
    def capturing(self) -> bool:
        """True between a successful `start()` and `stop()` (or a failure)."""
        return self._capturing

    @property
    def frames_dropped(self) -> int:
        """Frames replaced by a newer one before the encoder asked for them."""
        return self._mailbox.dropped if self._mailbox else 0

    def capture_time(self, frame_number: int) -> float | None:
        """`time.monotonic()` when a recent stamped frame was captured, if still remembered."""
        with self._lock:
            return self._capture_times.get(frame_number % frame_marker.MODULUS)

    def capture_times(self) -> list[tuple[int, float]]:
        """(frame number, `time.monotonic()` at capture) of the stamped frames still remembered."""
        with self._lock:
            return sorted(self._capture_times.items(), key=lambda item: item[1])

    async def start(self) -> None:
        """Open the camera and start capturing; no-op if running. Raises `CameraUnavailable`."""
        if self.readyState != "live":
            raise MediaStreamError("camera track is closed")
        if self._capturing:
            return
        loop = asyncio.get_running_loop()
        mailbox = self._mailbox_on(loop)
        await self._wait_previous_thread()
        self._generation += 1
        self._quit = threading.Event()
        opened: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._thread = threading.Thread(
            target=self._capture,
            args=(self._generation, self._quit, opened, mailbox),
            name=f"camera {self.spec.device_name}",
            daemon=True,  # a driver stuck in a read must not keep the app from quitting
        )
        self._thread.start()
        try:
            await asyncio.wait_for(asyncio.wrap_future(opened), self._open_timeout)
        except TimeoutError:
            self._quit.set()
            raise CameraUnavailable(
                self.spec.device_name, f"did not open within {self._open_timeout:g} s"
            ) from None
        self._capturing = True
        log.info("camera %s started", self.spec.device_name)

    def stop(self) -> None:
        """Release the camera (camera off). The track stays live; `start()` reopens it.

        Also what aiortc calls when the sender ends, so a finished call frees the device.
        """
        self._quit.set()
        if self._mailbox is not None:
            self._mailbox.clear()
        if self._capturing:
            self._capturing = False
            log.info("camera %s stopped", self.spec.device_name)

    def close(self) -> None:
        """Release the camera and end the track for good: `recv()` raises `MediaStreamError`."""
        self.stop()
        if self._mailbox is not None:
            self._mailbox.close()
        super().stop()

    async def wait_released(self, timeout: float = 2.0) -> bool:  # noqa: ASYNC109
        """Wait until the capture thread has ended (device closed); True if it has."""
        thread = self._thread
        if thread is None or not thread.is_alive():
            return True
        await asyncio.to_thread(thread.join, timeout)
        return not thread.is_alive()

    async def recv(self) -> av.VideoFrame:
        """The newest frame captured since the last `start()`, pts on the 90 kHz clock."""
        if self.readyState != "live":
            raise MediaStreamError
        mailbox = self._mailbox_on(asyncio.get_running_loop())
        while True:
            try:
                item = await mailbox.get()
            except MailboxClosedError:
                raise MediaStreamError from None
            if self._capturing and item.generation == self._generation:
                break
        frame = item.frame
        frame.pts = self._pts_for(item.captured_at)
        frame.time_base = VIDEO_TIME_BASE
        capture_moment.stamp(frame, item.captured_at)
        return frame

    def _pts_for(self, captured_at: float) -> int:
        if self._epoch is None:
            self._epoch = captured_at
        pts = max(int((captured_at - self._epoch) * VIDEO_CLOCK_RATE), self._last_pts + 1)
        self._last_pts = pts
        return pts

    def _mailbox_on(self, loop: asyncio.AbstractEventLoop) -> Mailbox[_Captured]:
        if self._mailbox is None:
            self._loop = loop
            self._mailbox = Mailbox(loop, capacity=1)
        elif self._loop is not loop:
            raise RuntimeError("a CameraTrack is used from one event loop only")
        return self._mailbox

    async def _wait_previous_thread(self) -> None:
        # The device is busy until the previous capture thread has closed it.
        if not await self.wait_released(timeout=3.0):
            raise CameraUnavailable(self.spec.device_name, "the previous capture did not end")

    def _capture(
        self,
        generation: int,
        quit_event: threading.Event,
        opened: concurrent.futures.Future[None],
        mailbox: Mailbox[_Captured],
    ) -> None:
        """Capture thread: open, decode, hand over the newest frame, close."""
        try:
            container = av.open(**self.spec.open_args())
            stream = container.streams.video[0]
        except (av.FFmpegError, OSError, ValueError, IndexError) as exc:
            reason = "no video stream" if isinstance(exc, IndexError) else describe_error(exc)
            opened.set_exception(CameraUnavailable(self.spec.device_name, reason))
            return
        opened.set_result(None)
        failure: str | None = None
        try:
            failure = self._decode(container, stream, generation, quit_event, mailbox)
        except (av.FFmpegError, OSError, ValueError) as exc:
            failure = describe_error(exc)
        finally:
            container.close()
        if failure is not None and not quit_event.is_set():
            self._report_failure(generation, CameraUnavailable(self.spec.device_name, failure))

    def _decode(
        self,
        container: av.container.InputContainer,
        stream: av.video.stream.VideoStream,
        generation: int,
        quit_event: threading.Event,
        mailbox: Mailbox[_Captured],
    ) -> str | None:
        """Decode until told to quit; returns why capture ended by itself, if it did."""
        started = time.monotonic()
        first_time: float | None = None
        for frame in container.decode(stream):
            if quit_event.is_set():
                return None
            if not self.spec.live and frame.time is not None:
                # lavfi makes frames as fast as it can: pace them to their own timestamps.
                first_time = frame.time if first_time is None else first_time
                due = started + (frame.time - first_time)
                if quit_event.wait(max(0.0, due - time.monotonic())):
                    return None
            captured_at = time.monotonic()
            picture = self._stamped(frame, captured_at) if self._stamp else frame
            mailbox.put(_Captured(picture, captured_at, generation))
            self.frames_captured += 1
            if self._on_frame is not None:
                self._notify(picture)
        return "the camera stopped delivering pictures"

    def _stamped(self, frame: av.VideoFrame, captured_at: float) -> av.VideoFrame:
        number = self.frames_captured % frame_marker.MODULUS
        with self._lock:
            self._capture_times[number] = captured_at
            self._capture_times.pop(number - _CAPTURE_TIMES_KEPT, None)
        return frame_marker.stamp_frame(frame, number)

    def _notify(self, frame: av.VideoFrame) -> None:
        assert self._on_frame is not None
        try:
            self._on_frame(frame)
        except Exception:  # an observer bug must not stop the camera
            log.exception("camera frame observer failed")

    def _report_failure(self, generation: int, error: CameraUnavailable) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        loop.call_soon_threadsafe(self._failed, generation, error)

    def _failed(self, generation: int, error: CameraUnavailable) -> None:
        if generation != self._generation or not self._capturing:
            return  # an old capture, already replaced or stopped
        self._capturing = False
        if self._on_error is not None:
            self._on_error(error)
        else:
            log.warning("%s", error)
