"""What arrives from the other side, per kind (audio, video), counted packet by packet.

aiortc's `getStats()` has no byte counts on inbound-rtp, and the per-kind figures it does have
come from the other side's RTCP sender reports: a browser sends those for audio only every few
seconds, so a per-second rate read from them is 0.0 in most seconds while speech plays (seen: 11
of 14 samples with Chromium and Firefox). `ArrivalCounter` taps each receiver's
`_handle_rtp_packet` (one instance, `network.rtcp_tap`) and counts every RTP packet as it
arrives: packets, and RTP bytes (12 header bytes plus payload and padding; the header
extensions, the SRTP tag and IP/UDP are not counted). Retransmissions and padding count with the
kind they repair or probe: they use the line as much as the media does.
"""

from __future__ import annotations

from dataclasses import dataclass

from network.rtcp_tap import tap

__all__ = ["ArrivalCounter", "Arrivals"]

_RTP_HEADER = 12
_NO_COUNT = "no per-kind arrival counts for this call (the sender reports' figures are used)"


@dataclass(frozen=True, slots=True)
class Arrivals:
    """Cumulative RTP packets and bytes that arrived, per kind."""

    audio_packets: int = 0
    audio_bytes: int = 0
    video_packets: int = 0
    video_bytes: int = 0


class ArrivalCounter:
    """Counts the RTP packets that reach one call's receivers."""

    def __init__(self) -> None:
        self._packets = {"audio": 0, "video": 0}
        self._bytes = {"audio": 0, "video": 0}
        self.watching = False

    def watch_receiver(self, receiver: object, kind: str) -> bool:
        """Counts what reaches `receiver` (instance only) as `kind` from now on."""

        def arrived(packet: object) -> None:
            payload = getattr(packet, "payload", b"")
            padding = getattr(packet, "padding_size", 0)
            self._packets[kind] += 1
            self._bytes[kind] += _RTP_HEADER + len(payload) + padding

        watching = tap(receiver, "_handle_rtp_packet", arrived, without=_NO_COUNT)
        self.watching = self.watching or watching
        return watching

    def totals(self) -> Arrivals:
        return Arrivals(
            audio_packets=self._packets["audio"],
            audio_bytes=self._bytes["audio"],
            video_packets=self._packets["video"],
            video_bytes=self._bytes["video"],
        )
