"""The video we send follows the line: frames are skipped before the encoder while the encoded
video would exceed what the line allows.

aiortc's VP8 encoder takes the other side's REMB estimate as its target (clamped to 250-1500
kbit/s) but does not hold it on every picture: on the synthetic camera (FFmpeg's testsrc2) it
makes twice its target at any size and quantizer (measured: target 1500 -> 2.9 Mbit/s at
640x480, 250 -> 500 at 320x240), and a forced keyframe costs what it costs. A line that carries
the estimate then overflows, the other side loses packets, asks for keyframes, and the call sends
far more than the line carries. libwebrtc has a frame dropper for this; `VideoBudget` is one for
one aiortc video sender: a token bucket filled at the budget, emptied by every encoded frame's
bytes; while it is empty the next frame is taken from the camera and skipped without encoding
(aiortc's own `_enabled` switch of the sender, the one it uses for an inactive direction).

The budget is the encoder's own target (the other side's fresh REMB, clamped as the encoder
clamps it: aiortc's 250-1500 kbit/s, up to the encoder's own ceiling for the picture's size in
HD, `network.video_encoder`; `START_KBPS` before there is one), at most:
- the cap of the video level (`set_cap`: the reduced video, and a probe that sends it, stay
  small on a line that may be thin);
- where the call's quality meter found the line full (`set_line_kbps`: what the line carries
  towards the other side, with its packets' headers), that minus the speech sent on it, times
  `HEADROOM` (room for the video's own packet headers, ~5 % at 1,200-byte packets, RTCP and
  retransmissions): the encoder follows the line's estimate even where aiortc's estimator is
  slow (it keeps a low estimate long after a line recovered, and misses a line that is full of
  the app's own keyframes).
It never goes below `FLOOR_KBPS`: a frame now and then keeps the other side's estimator
measuring.

A probe (`set_probe_kbps`: video on again for a few seconds, to show whether the line carries
320 kbit/s) must send what it is to prove: the budget is then the probe's rate, and the
encoder's own target is held there too (aiortc would set it from a REMB estimate that, after a
video pause, is stale and low, and a real picture then makes too little to prove anything). A
full line still wins: the probe stops filling a line found full. On a line far below what it
must show it stops at the first sign, not a second later when the rule judges it: the other
side's estimate *cut* during the probe (below `PROBE_CUT_SHARE` of the highest it sent since the
probe began: aiortc's and libwebrtc's estimators cut only on a growing queue, to 0.85 of the video
that arrives) to under `PROBE_STOP_SHARE` of the probe's rate holds the probe to it. On a thin
line behind a deep queue a probe that fills it for a whole second costs its speech two seconds
(the overflow, then the queue draining); stopped within a fraction of a second it costs hardly
any (the queue delays speech, the short overflow drops little). A cut on a good line (an
estimator that mistook a loaded computer's jitter for a queue) stays near the probe's rate and
changes nothing; nearer the minimum the rule judges the probe as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from network.bandwidth import RembObserver
from network.rtcp_tap import Method, override

__all__ = [
    "FLOOR_KBPS",
    "HEADROOM",
    "PROBE_CUT_SHARE",
    "PROBE_STOP_SHARE",
    "SPEECH_HEADERS_KBPS",
    "START_KBPS",
    "VideoBudget",
]

HEADROOM = 0.85
FLOOR_KBPS = 30.0
START_KBPS = 500.0  # aiortc's VP8 starts at 500 kbit/s
TARGET_KBPS = (250.0, 1500.0)  # aiortc clamps its VP8 target to this
SPEECH_HEADERS_KBPS = 20.0  # IPv4, UDP, RTP and SRTP of 50 speech packets a second
PROBE_CUT_SHARE = 0.9  # an estimate this far below the probe's highest one is a cut
PROBE_STOP_SHARE = 0.5  # cut below this share of the probe's rate: the line is far below it
# The bucket holds a fifth of a second's budget, at least a keyframe of the reduced video: more
# would let a burst build a queue on a line that carries the budget (12 KB on 420 kbit/s is
# 230 ms). After a pause it starts nearly empty: a probe must not open with a burst either.
_BURST_S = 0.2
_MIN_BURST_BYTES = 6_000
_IDLE_S = 1.0
_START_BYTES = 1.0
_WITHOUT = "the video is sent as aiortc's encoder makes it (no frame budget)"
_SENDER_ENCODER = "_RTCRtpSender__encoder"  # aiortc keeps it private (as for speech Opus)


class VideoBudget:
    """How much encoded video one sender may send now."""

    def __init__(
        self,
        estimate: RembObserver,
        speech_kbps: Callable[[], float],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._estimate = estimate
        self._speech_kbps = speech_kbps
        self._clock = clock
        self._cap_kbps: float | None = None
        self._line_kbps: float | None = None
        self._probe_kbps: float | None = None
        self._probe_began: float | None = None
        self._probe_peak_kbps = 0.0  # the other side's highest estimate since the probe began
        self._level: float | None = None  # bytes in the bucket (None: full)
        self._at: float | None = None
        self._ceiling_kbps = TARGET_KBPS[1]
        self._holding = False  # the encoder's target is held at the probe's rate
        self.skipped = 0
        """Frames skipped so far (for tests and the log)."""

    @property
    def kbps(self) -> float:
        """The budget now (kbit/s)."""
        remb = self._estimate.remote_estimate()
        low = TARGET_KBPS[0]
        budget = START_KBPS if remb is None else min(self._ceiling_kbps, max(low, remb.kbps))
        if self._cap_kbps is not None:
            budget = min(budget, self._cap_kbps)
        if self._probe_kbps is not None:
            budget = self._probe_kbps  # what the probe is to show, neither more nor less
            cut = self._probe_cut_kbps()
            if cut is not None:
                budget = min(budget, cut)
        if self._line_kbps is not None:
            speech = self._speech_kbps() + SPEECH_HEADERS_KBPS
            budget = min(budget, (self._line_kbps - speech) * HEADROOM)
        return max(FLOOR_KBPS, budget)

    def set_cap(self, kbps: float | None) -> None:
        """At most `kbps` from now on, whatever the estimate (None: no cap)."""
        self._cap_kbps = kbps

    def set_probe_kbps(self, kbps: float | None) -> None:
        """A probe sends `kbps` of video from now on (None: the probe is over)."""
        self._probe_kbps = kbps
        self._probe_began = None if kbps is None else self._clock()
        self._probe_peak_kbps = 0.0

    def _probe_cut_kbps(self) -> float | None:
        """The other side's estimate where it was cut far below the probe's rate during the
        probe (None: not so cut)."""
        remb = self._estimate.remote_estimate()
        if remb is None or self._probe_began is None or remb.at < self._probe_began:
            return None
        self._probe_peak_kbps = max(self._probe_peak_kbps, remb.kbps)
        cut = remb.kbps < PROBE_CUT_SHARE * self._probe_peak_kbps
        far = self._probe_kbps is not None and remb.kbps < PROBE_STOP_SHARE * self._probe_kbps
        return remb.kbps if cut and far else None

    def set_ceiling_kbps(self, kbps: float) -> None:
        """The encoder aims at most at `kbps` (its ceiling for the picture's size): the budget
        follows. Held at aiortc's 1500 kbit/s, an HD encoder aiming at 2.2 Mbit/s had most of
        its frames skipped, and libvpx, seeing the time between the frames left, made each of
        them larger: 1280x720 arrived at 3-4 frames a second (`bench/call_bench.py`)."""
        self._ceiling_kbps = max(TARGET_KBPS[0], kbps)

    def set_line_kbps(self, kbps: float | None) -> None:
        """The line towards the other side is full at `kbps` (None: no sign that it is full)."""
        self._line_kbps = kbps

    def allows_frame(self) -> bool:
        """True while the bucket has budget left: the next frame may be encoded."""
        now = self._clock()
        rate = self.kbps * 1000 / 8
        depth = max(_MIN_BURST_BYTES, rate * _BURST_S)
        if self._level is None or self._at is None or now - self._at > _IDLE_S:
            self._level = _START_BYTES
        else:
            self._level = min(depth, self._level + rate * (now - self._at))
        self._at = now
        return self._level > 0

    def spent(self, nbytes: int) -> None:
        """An encoded frame of `nbytes` went out."""
        if self._level is not None:
            self._level -= nbytes

    def watch(self, sender: Any) -> bool:
        """Holds `sender` (an aiortc video sender instance) to the budget from now on."""

        def make(original: Method) -> Method:
            async def next_encoded_frame(*args: Any, **named: Any) -> Any:
                self._follow_ceiling(sender)
                self._hold_probe_target(sender)
                skip = sender._enabled and not self.allows_frame()
                if skip:
                    sender._enabled = False  # aiortc reads the frame and drops it, unencoded
                    self.skipped += 1
                try:
                    frame = await original(*args, **named)
                finally:
                    if skip:
                        sender._enabled = True
                if frame is not None:
                    self.spent(sum(len(payload) for payload in frame.payloads))
                return frame

            return next_encoded_frame

        return override(sender, "_next_encoded_frame", make, without=_WITHOUT)

    def _follow_ceiling(self, sender: Any) -> None:
        """The encoder's ceiling for the size it encodes (aiortc's own encoder has none: 1500)."""
        ceiling = getattr(getattr(sender, _SENDER_ENCODER, None), "ceiling_bitrate", None)
        if isinstance(ceiling, int):
            self.set_ceiling_kbps(ceiling / 1000)

    def _hold_probe_target(self, sender: Any) -> None:
        """During a probe the encoder aims at the probe's rate (within what the line allows);
        ours below aiortc's floor too (`CallVideoEncoder.hold_bitrate`), until the probe ends."""
        encoder = getattr(sender, _SENDER_ENCODER, None)
        hold = getattr(encoder, "hold_bitrate", None)
        if self._probe_kbps is None:
            if self._holding and callable(hold):
                hold(None)
            self._holding = False
            return
        wanted = int(min(self._probe_kbps, self.kbps) * 1000)
        if callable(hold):
            hold(wanted)
            self._holding = True
            return
        target = getattr(encoder, "target_bitrate", None)
        if isinstance(target, int) and target != wanted:
            # Down as well: a target left high from before a pause makes a keyframe that fills a
            # thin line's queue at once (aiortc keeps its target within TARGET_KBPS).
            encoder.target_bitrate = wanted  # type: ignore[union-attr]
