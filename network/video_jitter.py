"""The advisor's picture keeps moving on a lossy line: a video jitter buffer that stops waiting.

aiortc's video receiver hands a frame to the decoder only when every packet before it has
arrived. A packet that is lost and not repaired (its retransmission lost too, or never sent)
blocks every later frame until 512 packets have piled up behind it: 3-4 s at 1.5 Mbit/s, far
longer at the reduced video's rate. That was the `fps_in` dropping to 0 for seconds at 2 %
random loss (issue 13). `TimelyJitterBuffer` is aiortc's buffer with a deadline: when the oldest
frame has waited `GIVE_UP_S` for a missing packet while later frames arrive, it drops what it
holds, asks for a keyframe (a picture loss indication) and, for VP8, passes nothing on until a
keyframe starts: frames that refer to a lost one would only decode into smears.

`GIVE_UP_S` leaves room for two NACK round trips on a line with a queue (`network.retransmission`
asks again after 0.2 s); the picture then stalls for that plus a keyframe's round trip, well
under the 2 s a person notices as a frozen picture.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection

from aiortc.codecs.vpx import VpxPayloadDescriptor
from aiortc.jitterbuffer import JitterBuffer, JitterFrame
from aiortc.rtp import RtpPacket

from network.frame_assembly import PromptJitterBuffer

log = logging.getLogger(__name__)

__all__ = ["GIVE_UP_S", "TimelyJitterBuffer", "use_timely_jitter_buffer"]

GIVE_UP_S = 0.5
ASK_KEYFRAME_AGAIN_S = 0.5  # a picture loss indication may be lost too
_CAPACITY = 512  # aiortc's own for video
_PRIVATE = "_RTCRtpReceiver__jitter_buffer"


class TimelyJitterBuffer(PromptJitterBuffer):
    """The prompt video jitter buffer (`network.frame_assembly`: a frame leaves at its marker
    packet), giving up on a missing packet after `GIVE_UP_S`.

    `vp8_types()` gives the payload types that carry VP8 (known once the call is negotiated).
    """

    def __init__(
        self,
        vp8_types: Callable[[], Collection[int]],
        *,
        clock: Callable[[], float] = time.monotonic,
        capacity: int = _CAPACITY,
    ) -> None:
        super().__init__(capacity, is_video=True)
        self._vp8_types = vp8_types
        self._clock = clock
        self._blocked_since: float | None = None
        self._awaiting_keyframe = False
        self._asked_at = float("-inf")
        self.gave_up = 0
        """How often a missing packet was given up (for tests and the log)."""

    def add(self, packet: RtpPacket) -> tuple[bool, JitterFrame | None]:
        now = self._clock()
        if self._awaiting_keyframe:
            if not self._starts_keyframe(packet):
                return self._ask_again(now), None
            self._awaiting_keyframe = False
        ask, frame = super().add(packet)
        if frame is not None:
            self._blocked_since = None
            return ask, frame
        if not self._head_blocked_by(packet):
            return ask, None
        if self._blocked_since is None:
            self._blocked_since = now
            return ask, None
        if now - self._blocked_since < GIVE_UP_S:
            return ask, None
        self.gave_up += 1
        log.info("video: a packet stayed missing for %.1f s: waiting for a keyframe", GIVE_UP_S)
        self.remove(self.capacity)
        self._origin = None
        self._blocked_since = None
        self._awaiting_keyframe = self._is_vp8(packet)
        self._asked_at = now
        return True, None

    def _head_blocked_by(self, packet: RtpPacket) -> bool:
        """A later frame's packet arrived while the oldest frame is still incomplete.

        A complete frame leaves at once (at its marker packet, or when the next frame begins);
        when nothing leaves although a packet of another frame is there, a packet is missing.
        """
        if self._origin is None:
            return False
        head = self._packets[self._origin % self.capacity]
        return head is None or head.timestamp != packet.timestamp

    def _ask_again(self, now: float) -> bool:
        if now - self._asked_at < ASK_KEYFRAME_AGAIN_S:
            return False
        self._asked_at = now
        return True

    def _is_vp8(self, packet: RtpPacket) -> bool:
        return packet.payload_type in self._vp8_types()

    def _starts_keyframe(self, packet: RtpPacket) -> bool:
        if not self._is_vp8(packet):
            return True  # another codec: start again with whatever comes
        try:
            descriptor, rest = VpxPayloadDescriptor.parse(packet.payload)
        except ValueError:
            return False
        # RFC 7741: S set and partition 0 start a frame; the VP8 header's P bit 0 is a keyframe.
        return (
            descriptor.partition_start == 1
            and descriptor.partition_id == 0
            and len(rest) > 0
            and rest[0] & 0x01 == 0
        )


def use_timely_jitter_buffer(receiver: object, vp8_types: Callable[[], Collection[int]]) -> bool:
    """Gives aiortc's video `receiver` (instance only) a `TimelyJitterBuffer`.

    aiortc keeps the buffer in a private attribute; on an aiortc without it this logs once and
    returns False (the call keeps aiortc's own buffer).
    """
    current = getattr(receiver, _PRIVATE, None)
    if not isinstance(current, JitterBuffer):
        log.warning("this aiortc has no video jitter buffer to replace: stalls stay possible")
        return False
    setattr(receiver, _PRIVATE, TimelyJitterBuffer(vp8_types, capacity=current.capacity))
    return True
