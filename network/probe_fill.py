"""A probe's rate sent whatever the picture makes of it: padding on a `fill` data channel.

A probe (video on again for a few seconds, to show whether the line carries 320 kbit/s) holds the
encoder to its rate (`network.video_budget`), but an encoder makes no more than its picture
needs: a still scene, a dark room or a camera that was switched off sends far less, and the
other side can then never see the probe's rate arrive. `ProbeFill` tops what the call sends up
to the probe's rate with padding on an unordered data channel without retransmissions
(`fill`), as the customer's page does for its side (docs/platform-api.md, "Call
quality"): from the probe's second second on, every 100 ms the difference between the target
and what the transport sent besides the padding (measured twice a second), never while more
than a quarter second of padding waits in the channel (SCTP's congestion control holds it back
on a full line). The other side counts the bytes and drops the messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

from network.control_channel import FILL_LABEL

log = logging.getLogger(__name__)

__all__ = ["FILL_LIMIT_S", "SPEECH_AND_RTCP_KBPS", "ProbeFill"]

# Speech (32 kbit/s of Opus with its RTP and SRTP headers) and RTCP on top of the probe's video,
# as UDP payload: the customer's page allows the same.
SPEECH_AND_RTCP_KBPS = 40.0
FILL_LIMIT_S = 30.0  # a probe lasts at most ~20 s: padding never outlives this
_TICK_S = 0.1
_MEASURE_EVERY = 5  # ticks
_CHUNK_BYTES = 1000  # below the path's MTU with DTLS, SCTP, UDP and IP around it
_BUFFERED_S = 0.25
# The probe's own video needs a moment (a keyframe, a budget that starts empty): padding measured
# before it flows would top up what the video is about to send anyway, and the sum would build
# a queue on a line that carries the probe (seen: ~640 kbit/s for half a second on a 420 line).
# The rule ignores a probe's first second too.
_SETTLE_S = 1.0


class ProbeFill:
    """Pads what one peer connection sends up to a probe's rate while the probe runs."""

    def __init__(self, pc: Any, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._pc = pc
        self._clock = clock
        self._channel: Any = None
        self._task: asyncio.Task[None] | None = None
        self._target_kbps = 0.0
        self._fill_kbps = 0.0
        self._started = 0.0
        self._padded = 0  # bytes handed to the channel
        self._last: tuple[float, int, int] | None = None  # (at, transport bytes sent, padded)

    @property
    def padded_bytes(self) -> int:
        """Padding handed to the channel so far (for tests and the log)."""
        return self._padded

    def start(self, video_kbps: float) -> None:
        """Tops up to `video_kbps` of video plus speech from now on (a probe or its next stage)."""
        self._target_kbps = video_kbps + SPEECH_AND_RTCP_KBPS
        self._started = self._clock()
        self._fill_kbps = 0.0  # measured afresh: the video's own rate changes with the stage
        self._last = None
        if self._task is not None:
            return
        if self._channel is None:
            self._channel = self._pc.createDataChannel(FILL_LABEL, ordered=False, maxRetransmits=0)
        self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self) -> None:
        """The probe is over: no more padding."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _run(self) -> None:
        with contextlib.suppress(asyncio.CancelledError):
            ticks = 0
            while self._clock() - self._started <= FILL_LIMIT_S:
                if ticks % _MEASURE_EVERY == 0:
                    await self._measure()
                ticks += 1
                self._pad()
                await asyncio.sleep(_TICK_S)
            self._task = None

    def _pad(self) -> None:
        channel = self._channel
        if channel is None or channel.readyState != "open" or self._fill_kbps <= 0:
            return
        per_tick = self._fill_kbps * 1000 / 8 * _TICK_S
        if channel.bufferedAmount > per_tick * _BUFFERED_S / _TICK_S:
            return  # the line (or SCTP's window) takes no more: a full line shows it
        left = per_tick
        while left > 0:
            size = max(1, min(_CHUNK_BYTES, round(left)))
            channel.send(bytes(size))
            self._padded += size
            left -= _CHUNK_BYTES

    async def _measure(self) -> None:
        """What the transport sent besides the padding since the last measurement: the padding
        tops it up to the target."""
        try:
            report = await self._pc.getStats()
        except Exception:  # the connection is closing: the probe ends with it
            log.debug("no statistics for the probe's padding", exc_info=True)
            return
        sent = sum(
            int(getattr(stats, "bytesSent", 0))
            for stats in report.values()
            if getattr(stats, "type", "") == "transport"
        )
        now = self._clock()
        last, self._last = self._last, (now, sent, self._padded)
        if last is None or now <= last[0] or last[0] - self._started < _SETTLE_S:
            return
        others = ((sent - last[1]) - (self._padded - last[2])) * 8 / (now - last[0]) / 1000
        self._fill_kbps = max(0.0, self._target_kbps - max(0.0, others))
