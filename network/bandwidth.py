"""The REMB bandwidth estimates of one peer connection, which aiortc computes but does not expose.

aiortc estimates bandwidth only with REMB (receiver estimated maximum bitrate):
- its video *receiver* runs `aiortc.rate.RemoteBitrateEstimator` on the other side's packets and
  sends the result as an RTCP REMB packet: our estimate of what the line carries towards us;
- its video *sender* applies the other side's REMB to the encoder: the other side's estimate of
  what the line carries from us.

Neither number is kept anywhere readable. `RembObserver` taps two methods *of one sender and one
receiver instance* (never the classes, `network.rtcp_tap`): the receiver's `_send_rtcp` and the
sender's `_handle_rtcp_packet`, and reads every REMB packet that passes. Both are underscore
methods of aiortc, so they are checked on attach: on an aiortc without them the observer logs
once and reports no estimate (the quality policy then relies on delivered rate and loss) instead of
guessing. Checked against aiortc 1.9-1.16.

A probe (video on again for a few seconds, to show whether the line carries it) must get the
other side to send the probe's rate. A browser follows our REMB, and aiortc's estimator keeps its
last estimate through a video pause, low after the drop that paused it, and climbs back a few
kbit/s a second: a probe on a recovered line then receives ~150 kbit/s and can never show 320
(seen with Chromium in the lab). `invite(kbps)` raises our receiver's estimate to at least the
probe's rate (the REMB sent with the next video packet says so); a line that cannot carry it
still shows overuse, and the estimator cuts back from there as always. An invited estimate is
not a measurement: while the invitation stands, our REMB counts only where it fell below it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from aiortc.rtp import RTCP_PSFB_APP, RtcpPsfbPacket, unpack_remb_fci

from network.rtcp_tap import log_missing, tap

__all__ = ["REMB_FRESH_S", "RembObserver", "RembReading"]

# REMB is sent at least once a second while video flows (aiortc's AIMD feedback interval and
# libwebrtc's both are <= 1 s); older than this, the estimate describes a line that has changed.
REMB_FRESH_S = 2.5
_NO_REMB = "no REMB estimate for this call"
_NO_INVITATION = "a probe cannot raise the REMB we send (aiortc without the estimator)"
_ESTIMATOR = "_RTCRtpReceiver__remote_bitrate_estimator"  # aiortc keeps it private


@dataclass(frozen=True, slots=True)
class RembReading:
    """One REMB estimate in kbit/s and the `time.monotonic()` moment it passed."""

    kbps: float
    at: float


class RembObserver:
    """Keeps the newest REMB estimate in each direction of one call."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._remote: RembReading | None = None
        self._local: RembReading | None = None
        self._receiver: object | None = None
        self._invited_kbps: float | None = None

    # -- readings ---------------------------------------------------------------------------------

    def remote_estimate(self, max_age_s: float = REMB_FRESH_S) -> RembReading | None:
        """The other side's estimate of what reaches it from us (our upload), if fresh."""
        return self._fresh(self._remote, max_age_s)

    def local_estimate(self, max_age_s: float = REMB_FRESH_S) -> RembReading | None:
        """Our receiver's estimate of what reaches us (our download), if fresh."""
        return self._fresh(self._local, max_age_s)

    def _fresh(self, reading: RembReading | None, max_age_s: float) -> RembReading | None:
        if reading is None or self._clock() - reading.at > max_age_s:
            return None
        return reading

    # -- feeding (also used directly by tests) -----------------------------------------------

    def saw_remote_packet(self, packet: object) -> None:
        kbps = _remb_kbps(packet)
        if kbps is not None:
            self._remote = RembReading(kbps, self._clock())

    def saw_local_packet(self, packet: object) -> None:
        kbps = _remb_kbps(packet)
        if kbps is None:
            return
        if self._invited_kbps is not None and kbps >= self._invited_kbps:
            self._local = None  # what we invited, not what the line showed
            return
        self._local = RembReading(kbps, self._clock())

    # -- a probe's invitation ----------------------------------------------------------------

    def invite(self, kbps: float | None) -> bool:
        """Asks the other side for up to `kbps` from now on: our receiver's estimate is raised
        to at least that (None: the invitation ends, the estimate goes on from where it is).
        False where aiortc's estimator cannot be reached (the REMB then stays as it is)."""
        self._invited_kbps = kbps
        if kbps is None or self._receiver is None:
            return kbps is None
        control = getattr(getattr(self._receiver, _ESTIMATOR, None), "rate_control", None)
        current = getattr(control, "current_bitrate", None)
        if not isinstance(current, int):
            log_missing(self._receiver, _ESTIMATOR, _NO_INVITATION)
            return False
        if getattr(control, "current_bitrate_initialized", False):
            control.current_bitrate = max(current, round(kbps * 1000))  # type: ignore[union-attr]
        return True

    # -- attaching to aiortc objects -------------------------------------------------------

    def watch_sender(self, sender: object) -> bool:
        """Observes the REMB packets the other side sends to our video `sender` (instance only)."""
        return tap(sender, "_handle_rtcp_packet", self.saw_remote_packet, without=_NO_REMB)

    def watch_receiver(self, receiver: object) -> bool:
        """Observes the REMB packets our video `receiver` sends (instance only)."""
        self._receiver = receiver
        return tap(receiver, "_send_rtcp", self.saw_local_packet, without=_NO_REMB)


def _remb_kbps(packet: object) -> float | None:
    if not isinstance(packet, RtcpPsfbPacket) or packet.fmt != RTCP_PSFB_APP:
        return None
    try:
        bitrate, _ssrcs = unpack_remb_fci(packet.fci)
    except ValueError:
        return None  # another application-layer feedback, not REMB
    return bitrate / 1000.0
