"""What arrives from the other side, per kind (audio, video), counted packet by packet.

aiortc's `getStats()` has no byte counts on inbound-rtp, and the per-kind figures it does have
come from the other side's RTCP sender reports: a browser sends those for audio only every few
seconds, so a per-second rate read from them is 0.0 in most seconds while speech plays (seen: 11
of 14 samples with Chromium and Firefox). `ArrivalCounter` taps each receiver's
`_handle_rtp_packet` (one instance, `network.rtcp_tap`) and counts every RTP packet as it
arrives: packets, and RTP bytes (12 header bytes plus payload and padding; the header
extensions, the SRTP tag and IP/UDP are not counted). Retransmissions and padding count with the
kind they repair or probe: they use the line as much as the media does.

Speech is also counted in milliseconds (`audio_ms`): a sender chooses how much a packet carries
(browsers 20 ms, some senders 40 or 60 on slow lines), so "packets a second" is no measure of
speech received. An Opus packet says how much it carries in its first byte (RFC 6716 3.1);
G.711 (static payload types 0 and 8) carries a millisecond per 8 bytes.

Loss is counted here too, from each stream's sequence numbers (RFC 3550 A.3: expected from the
highest sequence number seen, less what arrived), per SSRC: retransmissions arrive on a stream of
their own, so a repaired packet still counts as lost on the line. aiortc's inbound-rtp cannot
give this: it reports one stream per receiver under a single id, and once a browser retransmits,
the retransmission stream's few packets overwrite the video's (the app then read 0-8 % in
seconds where the line lost 3 %, and missed the video's loss altogether).

A gap that a stream reveals after it fell silent for a second or more (video paused, a cut) is
not counted as loss at all: those packets were lost before or during the silence, whose seconds
are gone, and the figures are per second. Counted when revealed, the tail of a probe that a thin
line dropped before video paused again read as 26 % loss on the line, recovered since, in the
first second of the next probe, and failed it (lab: kernel counters showed no drop then).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from network.rtcp_tap import tap

__all__ = ["ArrivalCounter", "Arrivals", "SequenceCount", "speech_ms"]

_RTP_HEADER = 12
_SEQUENCE_SPAN = 1 << 16
_MAX_DROPOUT = 3000  # RFC 3550 A.1: a larger jump ahead is a restarted stream, not loss
_SILENT_S = 1.0  # a stream that sent nothing this long paused or was cut: its gap is old
_MAX_STREAMS = 16  # a call has 2-4 (speech, picture, their retransmissions); a flood gets no more
_NO_COUNT = "no per-kind arrival counts for this call (the sender reports' figures are used)"
_G711_PAYLOAD_TYPES = frozenset({0, 8})  # PCMU, PCMA: 8000 one-byte samples a second
# Opus frame lengths (ms) by TOC configuration (RFC 6716 3.1): SILK 0-11, hybrid 12-15, CELT 16-31.
_OPUS_FRAME_MS = (10, 20, 40, 60) * 3 + (10, 20) * 2 + (2.5, 5, 10, 20) * 4


def speech_ms(payload_type: int, payload: bytes) -> float:
    """Milliseconds of sound in one audio packet's payload (0 for an empty one)."""
    if not payload:
        return 0.0
    if payload_type in _G711_PAYLOAD_TYPES:
        return len(payload) / 8
    toc = payload[0]
    code = toc & 3
    frames = 1 if code == 0 else 2 if code < 3 else (payload[1] & 0x3F if len(payload) > 1 else 0)
    return _OPUS_FRAME_MS[toc >> 3] * frames


@dataclass(frozen=True, slots=True)
class Arrivals:
    """Cumulative RTP packets and bytes that arrived, per kind."""

    audio_packets: int = 0
    audio_bytes: int = 0
    audio_ms: float = 0.0
    """Milliseconds of sound the audio packets carried."""
    video_packets: int = 0
    video_bytes: int = 0
    expected: int = 0
    """Packets the senders' sequence numbers say were sent (all streams, both kinds)."""
    lost: int = 0
    """Of those, packets that never arrived (retransmitted or not)."""


class SequenceCount:
    """Expected and lost packets of one RTP stream, from its sequence numbers (RFC 3550 A.3)."""

    def __init__(self, first: int, at: float = 0.0) -> None:
        self._base = self._highest = first  # `_highest` extended: counts the wrap-arounds
        self._received = 1
        self._before = (0, 0)  # expected and lost before the stream restarted
        self._last_at = at

    def arrived(self, sequence_number: int, at: float = 0.0) -> None:
        """One packet arrived at `at` (seconds, any monotonic clock)."""
        ahead = (sequence_number - self._highest) % _SEQUENCE_SPAN
        silent = at - self._last_at >= _SILENT_S
        self._last_at = max(self._last_at, at)
        if 0 < ahead <= _MAX_DROPOUT:
            if silent:  # what went missing before the silence is not this second's loss
                self._base += ahead - 1
            self._highest += ahead
        elif _MAX_DROPOUT < ahead < _SEQUENCE_SPAN // 2:  # a restarted stream: count anew
            self._before = (self.expected, self.lost)
            self._base = self._highest = sequence_number
            self._received = 0
        self._received += 1  # late ones (reordered, duplicated) too: they arrived

    @property
    def expected(self) -> int:
        return self._before[0] + self._highest - self._base + 1

    @property
    def lost(self) -> int:
        return self._before[1] + max(0, self._highest - self._base + 1 - self._received)


class ArrivalCounter:
    """Counts the RTP packets that reach one call's receivers."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._packets = {"audio": 0, "video": 0}
        self._bytes = {"audio": 0, "video": 0}
        self._audio_ms = 0.0
        self._streams: dict[int, SequenceCount] = {}
        self.watching = False

    def watch_receiver(self, receiver: object, kind: str) -> bool:
        """Counts what reaches `receiver` (instance only) as `kind` from now on."""

        def arrived(packet: object) -> None:
            payload = getattr(packet, "payload", b"")
            padding = getattr(packet, "padding_size", 0)
            self._packets[kind] += 1
            self._bytes[kind] += _RTP_HEADER + len(payload) + padding
            if kind == "audio":
                self._audio_ms += speech_ms(getattr(packet, "payload_type", -1), payload)
            self._count_sequence(getattr(packet, "ssrc", 0), getattr(packet, "sequence_number", 0))

        watching = tap(receiver, "_handle_rtp_packet", arrived, without=_NO_COUNT)
        self.watching = self.watching or watching
        return watching

    def _count_sequence(self, ssrc: int, sequence_number: int) -> None:
        stream = self._streams.get(ssrc)
        if stream is not None:
            stream.arrived(sequence_number, self._clock())
        elif len(self._streams) < _MAX_STREAMS:
            self._streams[ssrc] = SequenceCount(sequence_number, self._clock())

    def totals(self) -> Arrivals:
        return Arrivals(
            audio_packets=self._packets["audio"],
            audio_bytes=self._bytes["audio"],
            audio_ms=self._audio_ms,
            video_packets=self._packets["video"],
            video_bytes=self._bytes["video"],
            expected=sum(stream.expected for stream in self._streams.values()),
            lost=sum(stream.lost for stream in self._streams.values()),
        )
