"""The advisor's video at the level the line allows: HD, full, or smaller and slower.

aiortc's VP8 encoder never goes below 250 kbit/s and spends that on whatever picture it gets, so
below ~300 kbit/s video only fits when the app itself sends fewer pixels and frames. This track
sits between the camera and the video sender and scales and thins the frames for
`VideoLevel.REDUCED`. The camera is opened at 1280x720 where it gives that: `HD` sends its
frames as they come (a larger camera's scaled to fit 1280x720), `FULL` scales them to fit 640x480
(a 16:9 camera gives 640x360) and passes a 640x480 camera's frames through untouched.
"""

from __future__ import annotations

import asyncio
from fractions import Fraction

import av
from aiortc import MediaStreamTrack
from av.video.reformatter import VideoReformatter

from advisor_app.domain.capture_moment import carry
from advisor_app.quality.policy import VideoLevel
from media.display import SCALER_THREADS, fit_size

__all__ = [
    "FULL_SIZE",
    "HD_SIZE",
    "REDUCED_FPS",
    "REDUCED_KBPS",
    "REDUCED_WIDTH",
    "ShapedVideoTrack",
    "video_cap_kbps",
]

# 320x240 at 15 frames/s: a face stays recognisable and lips readable (what the video-call
# literature calls the lower end of "watchable"); a quarter of the pixels at half the rate.
REDUCED_WIDTH = 320
REDUCED_FPS = 15.0
FULL_SIZE = (640, 480)
HD_SIZE = (1280, 720)
# What the reduced video may cost (encoded): aiortc's lowest VP8 target. With speech at 32
# kbit/s (~52 on the wire) and packet headers it fills about the 320 kbit/s video minimum; a
# probe, which sends it, stays within that too.
REDUCED_KBPS = 250.0


def video_cap_kbps(level: VideoLevel) -> float | None:
    """The most encoded video a level may send (None: as much as the line's estimate allows)."""
    return REDUCED_KBPS if level is VideoLevel.REDUCED else None


class ShapedVideoTrack(MediaStreamTrack):
    """Forwards `source`'s frames, scaled and thinned while the level is `REDUCED`."""

    kind = "video"

    def __init__(self, source: MediaStreamTrack) -> None:
        super().__init__()
        self._source = source
        self._level = VideoLevel.FULL
        self._last_sent: float | None = None
        # Our own scaler: `VideoFrame.reformat` caches one per frame, and the camera's preview
        # converts the same frame on its capture thread; sharing it deadlocked the engine loop.
        self._scaler = VideoReformatter()

    @property
    def level(self) -> VideoLevel:
        return self._level

    def set_level(self, level: VideoLevel) -> None:
        """HD, FULL or REDUCED (OFF is the sender's business: it stops pulling frames, and
        video that comes back starts at FULL)."""
        self._level = VideoLevel.FULL if level is VideoLevel.OFF else level

    async def recv(self) -> av.VideoFrame:
        while True:
            frame = await self._source.recv()
            if not isinstance(frame, av.VideoFrame):
                return frame  # type: ignore[return-value]
            if self._level is not VideoLevel.REDUCED:
                box = HD_SIZE if self._level is VideoLevel.HD else FULL_SIZE
                size = fit_size(frame.width, frame.height, box)
                if size == (frame.width, frame.height):
                    return frame
                return await asyncio.to_thread(_scaled, self._scaler, frame, size)
            at = _seconds(frame)
            if (
                at is not None
                and self._last_sent is not None
                and 0 <= at - self._last_sent < 1 / REDUCED_FPS - 0.005
            ):
                continue  # thinned out
            self._last_sent = at
            if frame.width <= REDUCED_WIDTH:
                return frame
            height = max(2, round(frame.height * REDUCED_WIDTH / frame.width / 2) * 2)
            return await asyncio.to_thread(_scaled, self._scaler, frame, (REDUCED_WIDTH, height))

    def stop(self) -> None:
        super().stop()  # the camera itself belongs to `LocalMedia`, which stops it


def _seconds(frame: av.VideoFrame) -> float | None:
    if frame.pts is None or frame.time_base is None:
        return None
    return float(frame.pts * Fraction(frame.time_base))


def _scaled(scaler: VideoReformatter, frame: av.VideoFrame, size: tuple[int, int]) -> av.VideoFrame:
    scaled = scaler.reformat(
        frame, width=size[0], height=size[1], format="yuv420p", threads=SCALER_THREADS
    )
    scaled.pts = frame.pts
    scaled.time_base = frame.time_base
    carry(frame, scaled)
    return scaled
