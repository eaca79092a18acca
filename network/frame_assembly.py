"""Incoming RTP packets into whole frames as soon as a frame is whole: no waiting without a reason.

aiortc's receive `JitterBuffer` hands a frame to the decoder only when a packet of the *next*
frame arrives: every video frame waits one frame interval (33 ms at 30 fps, 67 ms at 15 fps)
although its last packet (the one with the RTP marker bit) said it was complete; audio waits for
four more packets (80 ms) in case one arrives out of order, whether or not any ever does. And a
lost audio packet stalls all audio until sixteen more have piled up (320 ms).

`PromptJitterBuffer` keeps aiortc's buffer (its ring, its misorder and overflow rules, PLI on
loss) and changes only when a frame leaves:
- video: as soon as the packets from the oldest one through a marker packet are all there, with
  one timestamp; aiortc's own rule (a newer timestamp follows) still applies to a frame whose
  marker never came. A frame with a hole still waits for the retransmission (NACK) as before.
- audio: every packet is a frame and leaves at once when nothing is missing before it; a gap is
  waited for while fewer than `prefetch` (4) newer packets have arrived, then skipped: reordering
  is still absorbed, a lost packet costs 80 ms instead of 320 (and the packets that came behind
  it then leave one per arriving packet, as with aiortc: audio runs up to 80 ms later after a
  loss, which is how aiortc's always ran).

`use_prompt_jitter_buffer(receiver)` puts one into an aiortc receiver (one instance, never the
class). The buffer is a private attribute of aiortc's receiver: checked on use, and on an aiortc
without it the receiver keeps its own buffer and a warning says so. Checked against aiortc 1.16.
"""

from __future__ import annotations

import logging

from aiortc import RTCRtpReceiver
from aiortc.jitterbuffer import JitterBuffer, JitterFrame
from aiortc.rtp import RtpPacket
from aiortc.utils import uint16_add, uint16_gt

log = logging.getLogger(__name__)

__all__ = ["PromptJitterBuffer", "use_prompt_jitter_buffer"]

_RECEIVER_BUFFER = "_RTCRtpReceiver__jitter_buffer"


class PromptJitterBuffer(JitterBuffer):
    """aiortc's `JitterBuffer`, releasing each frame the moment it is complete."""

    def __init__(self, capacity: int, prefetch: int = 0, is_video: bool = False) -> None:
        super().__init__(capacity, prefetch=prefetch, is_video=is_video)
        self._newest: int | None = None

    def add(self, packet: RtpPacket) -> tuple[bool, JitterFrame | None]:
        number = packet.sequence_number
        if self._newest is None or uint16_gt(number, self._newest):
            self._newest = number
        return super().add(packet)

    def _remove_frame(self, sequence_number: int) -> JitterFrame | None:  # noqa: ARG002
        origin = self._origin
        if origin is None:
            return None
        if not self._is_video and self._packets[origin % self._capacity] is None:
            origin = self._skip_gap(origin)
            if origin is None:
                return None
        packets: list[RtpPacket] = []
        for count in range(self._capacity):
            packet = self._packets[(origin + count) % self._capacity]
            if packet is None:
                return None  # a hole: wait for it (video: NACK retransmission)
            if packets and packet.timestamp != packets[0].timestamp:
                return self._release(packets, count)  # aiortc's rule: a newer frame began
            packets.append(packet)
            if not self._is_video or packet.marker:
                return self._release(packets, count + 1)
        return None

    def _release(self, packets: list[RtpPacket], count: int) -> JitterFrame:
        self.remove(count)
        data = b"".join(packet._data for packet in packets)  # type: ignore[attr-defined]
        return JitterFrame(data=data, timestamp=packets[0].timestamp)

    def _skip_gap(self, origin: int) -> int | None:
        """Audio: the next packet after missing ones, once `prefetch` newer ones have come."""
        if self._newest is None or uint16_add(self._newest, -origin) < self._prefetch:
            return None
        for _ in range(self._capacity):
            if self._packets[origin % self._capacity] is not None:
                return origin
            self.remove(1)
            origin = uint16_add(origin, 1)
        return None


def use_prompt_jitter_buffer(receiver: RTCRtpReceiver) -> bool:
    """Gives `receiver` a `PromptJitterBuffer` like the one it has; False if it has none (then
    it keeps aiortc's and a warning says so). Call before media flows."""
    current = getattr(receiver, _RECEIVER_BUFFER, None)
    if isinstance(current, PromptJitterBuffer):
        return True
    if not isinstance(current, JitterBuffer):
        log.warning("this aiortc has no receive jitter buffer where expected: frames wait")
        return False
    prompt = PromptJitterBuffer(
        capacity=current.capacity,
        prefetch=current._prefetch,  # copied: audio and video keep theirs
        is_video=current._is_video,
    )
    setattr(receiver, _RECEIVER_BUFFER, prompt)
    return True
