"""VP8 for the call's video: aiortc's real-time libvpx settings, with room for HD.

aiortc's `Vp8Encoder` already encodes the way libwebrtc does on a desktop: one-pass CBR,
`deadline=realtime`, `cpu-used=-6`, no lag, the adaptive denoiser, one thread below 1280x960 on a
machine with fewer than three cores (its thread rule is libwebrtc's). Measured here on 150 frames
of testsrc2 (docs/performance.md): `cpu-used` from -6 to -12 gives the same bits and the same
picture at 640x480 and 1280x720 (VP8's real-time speed features stop changing past speed 6), and
-16 saves under 10 % for a visibly worse picture; the denoiser costs ~0.5 ms a frame. So those stay.

Two things change. The bitrate ceiling: aiortc clamps every target to 250-1500 kbit/s, the upper
end chosen for 640x480. `CallVideoEncoder` allows up to `HD_MAX_BITRATE` (libwebrtc's own ceiling
for 1280x720) when the frames it gets are larger than 640x480, and aiortc's 1500 kbit/s below, so
640x480 and smaller video behave as before. And a probe may hold the target below aiortc's 250
kbit/s floor (`hold_bitrate`, down to `HELD_MIN_BITRATE`): an opening on a thin line sends ~50
kbit/s, and its first picture, a keyframe made for 250 kbit/s (4.4 KB at 320x240 on testsrc2),
took a 64 kbit/s line for half a second, no speech passing meanwhile; made for the opening's
rate it is a third of that (1.4 KB, measured).

Not changed, on purpose: aiortc opens a new codec (a keyframe) whenever the target moves by 10 %,
so while an estimate ramps up there is a keyframe every second or two (8 in the first 15 s of a
call with Chromium, measured). Taking rises in steps of 1.5x (3 keyframes) was tried: the faster
ramp let the camera's video (then all keyframes, at twice its target: see `encode`) overrun a
2 Mbit/s link in the network-namespace test before the quality rule saw it. That waits for the
frame budget that holds the encoder to the line's estimate (issue 13).

`use_call_video_encoder()` makes aiortc build it for every VP8 sender (as `network.speech_opus`
does for Opus); checked against aiortc 1.9-1.16, on another version aiortc's own stays.
"""

from __future__ import annotations

import logging
from typing import Any

import aiortc
import aiortc.codecs
from aiortc.codecs.vpx import DEFAULT_BITRATE, MAX_BITRATE, MIN_BITRATE, Vp8Encoder
from av.frame import Frame
from av.video.frame import PictureType, VideoFrame

log = logging.getLogger(__name__)

__all__ = [
    "HD_MAX_BITRATE",
    "HELD_MIN_BITRATE",
    "CallVideoEncoder",
    "max_bitrate_for",
    "use_call_video_encoder",
]

HD_MAX_BITRATE = 2_500_000
HELD_MIN_BITRATE = 30_000  # libvpx still makes a recognisable 320x240 picture of it
_FULL_PIXELS = 640 * 480
_CHECKED_VERSIONS = ("1.9.", "1.10.", "1.11.", "1.12.", "1.13.", "1.14.", "1.15.", "1.16.")
# aiortc keeps the wanted bitrate in a private attribute that its `encode` reads for the
# rate-control buffer size: set together with ours, or the buffer would stay sized for 1.5 Mbit/s.
_AIORTC_TARGET = "_Vp8Encoder__target_bitrate"


def max_bitrate_for(width: int, height: int) -> int:
    """The highest VP8 target (bit/s) for frames of this size."""
    return HD_MAX_BITRATE if width * height > _FULL_PIXELS else MAX_BITRATE


class CallVideoEncoder(Vp8Encoder):
    """aiortc's VP8 encoder with a bitrate ceiling that follows the picture size."""

    def __init__(self) -> None:
        self._wanted = DEFAULT_BITRATE
        self._held: int | None = None
        self._ceiling = MAX_BITRATE
        self.reopened = 0
        """How often a codec was opened (first frame, new size, bitrate change over 10 %)."""
        super().__init__()

    @property
    def ceiling_bitrate(self) -> int:
        """The highest target (bit/s) for the size of the frames encoded last."""
        return self._ceiling

    @property
    def target_bitrate(self) -> int:
        """What the encoder aims at (bit/s): the rate a probe holds it at, else the last
        REMB-driven wish, within the size's limits."""
        if self._held is not None:
            return max(HELD_MIN_BITRATE, min(self._held, self._ceiling))
        return max(MIN_BITRATE, min(self._wanted, self._ceiling))

    @target_bitrate.setter
    def target_bitrate(self, bitrate: int) -> None:
        # Set on the engine loop (from RTCP), read on the encoder's thread: plain attributes.
        self._wanted = int(bitrate)
        setattr(self, _AIORTC_TARGET, self.target_bitrate)

    def hold_bitrate(self, bitrate: int | None) -> None:
        """Aims at `bitrate` (bit/s) whatever the REMB says, below aiortc's floor too (None: the
        REMB-driven wish again)."""
        self._held = None if bitrate is None else int(bitrate)
        setattr(self, _AIORTC_TARGET, self.target_bitrate)

    def encode(self, frame: Frame, force_keyframe: bool = False) -> tuple[list[bytes], int]:
        width, height = getattr(frame, "width", 0), getattr(frame, "height", 0)
        ceiling = max_bitrate_for(width, height)
        if ceiling != self._ceiling:
            self._ceiling = ceiling
            setattr(self, _AIORTC_TARGET, self.target_bitrate)
        codec, target = self.codec, self.target_bitrate
        if (
            codec is None
            or (width, height) != (codec.width, codec.height)
            or abs(target - (codec.bit_rate or target)) > 0.1 * (codec.bit_rate or target)
        ):  # aiortc opens a new codec (and so sends a keyframe): worth a line in the log
            self.reopened += 1
            log.info("video encoder at %dx%d, %d kbit/s", width, height, target // 1000)
        if not force_keyframe and isinstance(frame, VideoFrame):
            # Decoded camera pictures (MJPEG, raw, lavfi) come marked as intra pictures, and
            # FFmpeg's libvpx wrapper forces a keyframe for every frame so marked: every picture
            # sent was a keyframe (browsers counted keyFramesDecoded == framesDecoded), about
            # twice the target's bits. Keyframes are the encoder's and the receiver's to ask for.
            frame.pict_type = PictureType.NONE
        return super().encode(frame, force_keyframe)


def use_call_video_encoder() -> bool:
    """Makes aiortc build `CallVideoEncoder` for VP8 senders (idempotent); False if unchecked."""
    codecs: Any = aiortc.codecs  # get_encoder looks `Vp8Encoder` up here on every call
    if codecs.Vp8Encoder is CallVideoEncoder:
        return True
    if not aiortc.__version__.startswith(_CHECKED_VERSIONS):
        log.warning("aiortc %s not checked: video stays at 1.5 Mbit/s at most", aiortc.__version__)
        return False
    codecs.Vp8Encoder = CallVideoEncoder
    return True
