"""The `stats` message an aiortc peer sends about itself, as the browser's customer page does.

The customer page reports its own figures once a second (docs/platform-api.md, "Call quality"):
`availableOutgoingBitrate` (its send-side estimate), cumulative `bytesReceived` and
`packetsReceived`, loss and frame rate. The simulated customer runs aiortc, which has no such
figures directly: this turns its per-interval `PeerSample` and the REMB it receives into the
same message.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from network.bandwidth import RembObserver
from network.control_channel import PeerStatsReport
from network.peer import PeerSample

__all__ = ["OwnStatsReporter"]


class OwnStatsReporter:
    """Builds one `stats` message per sample (call once a second)."""

    def __init__(
        self, bandwidth: RembObserver, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._bandwidth = bandwidth
        self._clock = clock
        self._last: float | None = None
        self._bytes_received = 0.0
        self._packets_received = 0

    def report(self, sample: PeerSample, fps: float) -> PeerStatsReport:
        now = self._clock()
        if self._last is not None:
            self._bytes_received += sample.received_kbps * 1000 / 8 * (now - self._last)
            self._packets_received += sample.packets_received
        self._last = now
        figures: dict[str, float] = {
            "timestamp": round(now * 1000, 1),
            "bytesReceived": round(self._bytes_received),
            "packetsReceived": self._packets_received,
            "fractionLost": round(sample.loss, 4),
            "framesPerSecond": fps,
        }
        remb = self._bandwidth.remote_estimate()
        if remb is not None:
            figures["availableOutgoingBitrate"] = round(remb.kbps * 1000)
        if sample.rtt_ms is not None:
            figures["roundTripTime"] = round(sample.rtt_ms / 1000, 4)
        return PeerStatsReport(tuple(figures.items()))
