"""The call's round trip as it is now: raw, from each RTCP report block, not aiortc's average.

aiortc's `remote-inbound-rtp.roundTripTime` is an exponential average per sender (weight 0.85 on
the old value) and stays frozen while a sender sends nothing. After a video pause on a full line
it kept the queue's 380-560 ms for the whole pause and then fell 15 % per report: the line looked
queued for seconds after it had drained. `RoundTripObserver` measures every report block itself.

How (RFC 3550 6.4.1): a report block about one of our streams carries LSR, the middle 32 bits of
the NTP timestamp of the last sender report (SR) the other side got from that stream, and DLSR,
how long it held that SR before answering (both 16.16 fixed point, 1/65536 s). The round trip is
A - LSR - DLSR, with A the arrival time of the report. This observer does not take LSR as a
clock reading, though: aiortc stamps its SRs with the NTP time (wall clock, `clock.
current_ntp_time()` = `time.time()` + 2208988800 s) of the stream's *last RTP packet*, not of the
SR itself (`rtcrtpsender._run_rtcp` sends `self.__ntp_timestamp`, set in `_run_rtp`). While video
flows that is up to a frame early; while video is paused it is the moment the pause began, and
A - LSR - DLSR would grow by the length of the pause. So the observer also taps the sender's
outgoing RTCP and notes, per LSR value, when that SR actually left (our monotonic clock); the
round trip is arrival - that moment - DLSR, both ends on one clock. It is what aiortc computes
itself before averaging (`time.time() - self.__lsr_time - dlsr`), without its private state.

A paused stream sends SR after SR with the same LSR; a report about it could answer any of them,
so such an LSR gives no round trip (the audio stream still measures). Blocks with LSR or DLSR 0
(no SR received yet), and results below 0 or above 10 s, are ignored.

Which figure: `latest()` is the lowest sample among those that arrived within one second of the
newest one, if the newest is fresh. Every sample is one packet's trip; one that waited behind a
keyframe burst is not a standing queue, and the minimum over the newest second keeps the reading
at most a second behind in both directions (a queue that builds, or one that drains).
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from aiortc.rtp import RtcpRrPacket, RtcpSrPacket

from network.rtcp_tap import tap

__all__ = ["ROUND_TRIP_FRESH_S", "RoundTripObserver", "RoundTripSample"]

# Chrome sends its audio receiver reports only about every 5 s while our video is paused, and
# libwebrtc draws each RTCP interval from [1/2, 3/2] of that: gaps up to 7.5 s. Up to 8 s old, a
# round trip is still the newest there is (falling back to aiortc's average then would bring
# back the frozen video figure for a second or two in about a third of the gaps).
ROUND_TRIP_FRESH_S = 8.0
_WINDOW_S = 1.0  # samples this close to the newest one count together (see module docstring)
_MAX_ROUND_TRIP_S = 10.0  # more is a stale or mismatched LSR, not a round trip
_SRS_KEPT = 16  # aiortc sends an SR every 0.5-1.5 s: this covers far more than any round trip
_SAMPLES_KEPT = 32  # two streams, a report block each per 0.5-1.5 s: more than a window's worth
_NO_ROUND_TRIP = "no raw round trip for this stream (the smoothed one is used)"


@dataclass(frozen=True, slots=True)
class RoundTripSample:
    """One report block's round trip in ms and the monotonic moment the report arrived."""

    ms: float
    at: float


class RoundTripObserver:
    """Keeps the recent raw round trips of one call's senders (audio and video)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._samples: deque[RoundTripSample] = deque(maxlen=_SAMPLES_KEPT)

    def latest(self, max_age_s: float = ROUND_TRIP_FRESH_S) -> RoundTripSample | None:
        """The lowest round trip within a second of the newest sample, if that is fresh.

        `at` is the newest sample's arrival: the reading is as old as that.
        """
        if not self._samples:
            return None
        newest = self._samples[-1]
        if self._clock() - newest.at > max_age_s:
            return None
        lowest = min(s.ms for s in self._samples if s.at >= newest.at - _WINDOW_S)
        return RoundTripSample(lowest, newest.at)

    def latest_ms(self, max_age_s: float = ROUND_TRIP_FRESH_S) -> float | None:
        """`latest()` in ms, or None when no round trip is fresh."""
        reading = self.latest(max_age_s)
        return None if reading is None else reading.ms

    def watch_sender(self, sender: object) -> bool:
        """Measures the round trip of one RTP `sender` (instance only) from now on.

        False (and one warning) on an aiortc without the tapped methods.
        """
        stream = _SenderStream(self._clock, self._samples.append)
        return tap(sender, "_send_rtcp", stream.sent, without=_NO_ROUND_TRIP) and tap(
            sender, "_handle_rtcp_packet", stream.received, without=_NO_ROUND_TRIP
        )


class _SenderStream:
    """One sender's SRs (when each left) and the report blocks that answer them."""

    def __init__(
        self, clock: Callable[[], float], record: Callable[[RoundTripSample], None]
    ) -> None:
        self._clock = clock
        self._record = record
        self._ssrc: int | None = None
        # LSR -> when the SR with it left; None: several SRs carried it (a paused stream).
        self._sent: OrderedDict[int, float | None] = OrderedDict()

    def sent(self, packets: object) -> None:
        """Sees the sender's outgoing RTCP (aiortc passes a list of packets)."""
        now = self._clock()
        for packet in _as_list(packets):
            if not isinstance(packet, RtcpSrPacket):
                continue
            self._ssrc = packet.ssrc
            ntp = packet.sender_info.ntp_timestamp
            if ntp == 0:
                continue  # nothing sent yet: the other side reports LSR 0
            lsr = (ntp >> 16) & 0xFFFFFFFF
            self._sent[lsr] = None if lsr in self._sent else now
            self._sent.move_to_end(lsr)
            while len(self._sent) > _SRS_KEPT:
                self._sent.popitem(last=False)

    def received(self, packet: object) -> None:
        """Sees one incoming RTCP packet; receiver and sender reports carry report blocks."""
        if self._ssrc is None or not isinstance(packet, RtcpRrPacket | RtcpSrPacket):
            return
        now = self._clock()
        for block in packet.reports:
            if block.ssrc != self._ssrc or block.lsr == 0 or block.dlsr == 0:
                continue
            sent_at = self._sent.get(block.lsr)
            if sent_at is None:
                continue  # not an SR we remember, or one a paused stream repeated
            seconds = now - sent_at - block.dlsr / 65536
            if 0 <= seconds <= _MAX_ROUND_TRIP_S:
                self._record(RoundTripSample(seconds * 1000, now))


def _as_list(packets: object) -> Iterable[object]:
    if isinstance(packets, list | tuple):
        return packets
    return (packets,)
