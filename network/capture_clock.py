"""Sender reports that pair each RTP timestamp with the moment its frame was captured (RFC 3550).

A receiver plays one sender's picture and speech in step by its sender reports (RTCP SR, RFC 3550
6.4.1): each pairs an RTP timestamp with the wall-clock (NTP) moment "of the same instant", and a
frame's RTP timestamp is the instant it was captured. aiortc pairs the timestamp of the last
packet it sent with the moment it *sent* it (`rtcrtpsender._run_rtp`: `self.__ntp_timestamp =
clock.current_ntp_time()` after each packet). For video that is the capture plus the encode and
the packetising (measured at 640x480: 4-5 ms median, 5-10 ms p90, more at 1280x720): the receiver
takes each picture for that much younger than it is, and a browser that holds the picture in
step with the same sender's speech (Chromium does; speech waits in its jitter buffer longer than
a picture) holds it that much longer. The encode time then adds to the glass-to-glass delay
instead of overlapping the speech's wait.

`report_capture_moments(sender)` makes one sender *instance* (never the class: other calls and
tests keep aiortc as it is) pair the timestamp with the capture moment: the sender's track notes
when the frame it handed out last was captured (`CapturedTrack`), and aiortc sends all of a
frame's packets before it asks its track for the next one, so at each packet that is the frame
being sent. The moment comes from the frame's own stamp (`advisor_app.domain.capture_moment`),
else from when the track handed the frame out. aiortc's own round trip and ours
(`network.round_trip`) take the SR's NTP field as a label only, never as a clock reading.
Checked against aiortc 1.9-1.16; on an aiortc without the attribute the call keeps aiortc's
pairing (logged once).
"""

from __future__ import annotations

import time
from typing import Any

from aiortc import MediaStreamTrack, RTCRtpSender
from aiortc.mediastreams import MediaStreamError

from advisor_app.domain.capture_moment import captured_at
from network.rtcp_tap import log_missing

__all__ = ["CAPTURE_LAG_MAX_S", "CapturedTrack", "report_capture_moments"]

# A frame older than this when sent was held up (a frozen camera thread, a stalled loop): its
# report keeps aiortc's pairing rather than shift the receiver's picture by so much.
CAPTURE_LAG_MAX_S = 1.0
_NTP_FIELD = "_RTCRtpSender__ntp_timestamp"  # aiortc's `self.__ntp_timestamp`, name-mangled
_NTP_UNIT = 1 << 32  # NTP timestamps are 32.32 fixed point seconds
_REPORTING: dict[type[RTCRtpSender], type[RTCRtpSender]] = {}  # one subclass per sender class
_WITHOUT = "sender reports pair RTP time with the moment of sending (aiortc's default)"


class CapturedTrack(MediaStreamTrack):
    """What a sender sends: the call's own track, handed through, noting each frame's capture.

    aiortc stops a sender's track when its connection closes or breaks (the other side hung up
    its connection first, say). The camera and microphone belong to the call, not to one
    connection: a fresh connection after a drop carries them on. So the sender gets this relay,
    and stopping it stops only the relay.
    """

    def __init__(self, source: MediaStreamTrack) -> None:
        super().__init__()
        self.kind = source.kind
        self._source = source
        self.captured_at: float | None = None  # `time.monotonic()`: the last frame handed out

    async def recv(self) -> Any:
        if self.readyState != "live":
            raise MediaStreamError
        frame = await self._source.recv()
        at = captured_at(frame)
        self.captured_at = time.monotonic() if at is None else at
        return frame


def report_capture_moments(sender: RTCRtpSender) -> bool:
    """From now on `sender`'s reports pair each RTP timestamp with its frame's capture moment,
    where its track is a `CapturedTrack`. False (logged) on an aiortc without the field."""
    if _NTP_FIELD not in vars(sender):
        log_missing(sender, _NTP_FIELD, _WITHOUT)
        return False
    base = type(sender)
    if isinstance(getattr(base, _NTP_FIELD, None), property):
        return True  # reporting so already
    if base not in _REPORTING:
        _REPORTING[base] = _reporting(base)
    sender.__class__ = _REPORTING[base]
    return True


def capture_lag(track: object, now: float) -> float:
    """Seconds from the capture of the frame `track` handed out last to `now` (0 where unknown
    or implausible)."""
    at = getattr(track, "captured_at", None)
    if not isinstance(at, float):
        return 0.0
    lag = now - at
    return lag if 0.0 <= lag <= CAPTURE_LAG_MAX_S else 0.0


def _ntp_get(sender: RTCRtpSender) -> int:
    return int(vars(sender)[_NTP_FIELD])


def _ntp_set(sender: RTCRtpSender, sent_ntp: int) -> None:
    lag = capture_lag(sender.track, time.monotonic())
    vars(sender)[_NTP_FIELD] = max(0, sent_ntp - round(lag * _NTP_UNIT))


def _reporting(base: type[RTCRtpSender]) -> type[RTCRtpSender]:
    # A data descriptor on the class wins over the instance's own field: aiortc's reads and
    # writes of `self.__ntp_timestamp` pass through it; the value stays in the instance.
    field = property(_ntp_get, _ntp_set)
    return type(f"CaptureTimed{base.__name__}", (base,), {_NTP_FIELD: field})
