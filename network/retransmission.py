"""Repairing lost video packets without flooding the line: NACKs, retransmissions and keyframes
bounded per packet and per moment.

aiortc repairs lost video with NACK and retransmission, and lost pictures with keyframes, without
any limit: its receiver sends, whenever a new gap appears, a NACK naming *every* packet it still
misses; its sender retransmits whatever a NACK names and makes a keyframe for every picture loss
report. On a lossy line that grows into a storm: measured in the lab, 13-15 Mbit/s of
retransmissions on a 1.5 Mbit/s line with 2 % random loss, which filled the line and turned 2 %
loss into 90 % (the `sent_kbps.total` of 6-11 Mbit/s and the probes "lost" at 0.82-0.92 that
issue 13 reports). libwebrtc bounds the same three things; these do it for one aiortc
sender or receiver instance (`network.rtcp_tap.override`):

- `NackPacer` (receiver): asks for each missing packet at most `MAX_ASKS` times, at least
  `ASK_AGAIN_S` apart; a NACK with nothing new to ask is not sent. And it asks again *in time*:
  aiortc asks only when a new gap appears, so a packet whose retransmission (or NACK) was lost
  waited for the next loss, at 2 % loss often longer than the video jitter buffer's deadline
  (`network.video_jitter.GIVE_UP_S`): the picture stalled for a keyframe instead (the lab saw
  the customer's picture freeze for a second, three give-ups in 1.6 s).
- `RetransmissionLimit` (sender): sends each packet again at most `MAX_RESENDS` times, at least
  `RESEND_AGAIN_S` apart, whoever asks, and all retransmissions together within
  `RESEND_SHARE` of the video's budget (`network.video_budget`): after a drop from a good line to
  a thin one, the other side asks for a second's worth of lost video at once, which the thin
  line would carry only instead of speech. And a keyframe at most every `KEYFRAME_EVERY_S`.

With these a lost packet costs at most a few packets more, so retransmissions stay a small share
of what is sent.

`RetransmissionLimit.asked` counts the packets the other side asked for (each once, however often
it asks): the share of our video the line dropped *before* repair. The other side's own figures
hide it: a browser counts a packet that a retransmission repaired as received, in its receiver
reports and in its statistics alike, so a line whose queue overflows all the time reports a few
per cent at most (measured with Firefox as the customer on a 280 kbit/s line: 0 % reported while
a quarter of our video packets were asked for again).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from typing import Any

from network.rtcp_tap import Method, log_missing, override

__all__ = [
    "ASK_AGAIN_S",
    "KEYFRAME_EVERY_S",
    "MAX_ASKS",
    "MAX_RESENDS",
    "RESEND_AGAIN_S",
    "RESEND_SHARE",
    "NackPacer",
    "RetransmissionLimit",
]

MAX_ASKS = 3
ASK_AGAIN_S = 0.2  # a retransmission needs a round trip; asking again sooner only duplicates
MAX_RESENDS = 2
RESEND_AGAIN_S = 0.2
KEYFRAME_EVERY_S = 0.5  # a keyframe on its way answers every picture loss reported meanwhile
RESEND_SHARE = 0.25  # of the video budget, at most, for retransmissions
_PACKET_BYTES = 1200  # a full video packet (aiortc packs 1300-byte payloads at most)
_RESEND_BURST_S = 0.5
_FORGET_S = 5.0  # aiortc keeps 128 packets of history: far less than this at any video rate
_WITHOUT = "aiortc's unbounded NACK and retransmission are used for this call"
_NACK_GENERATOR = "_RTCRtpReceiver__nack_generator"
_ONLY_ON_GAPS = "a lost retransmission is asked for again only when the next gap appears"


class NackPacer:
    """Which of a receiver's missing packets to ask for now."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._asked: dict[int, tuple[int, float]] = {}  # sequence number -> (times, last)

    def due(self, missing: list[int]) -> list[int]:
        """The packets of `missing` (all a receiver still misses) to name in a NACK now."""
        now = self._clock()
        still = set(missing)
        for seq in [seq for seq in self._asked if seq not in still]:
            del self._asked[seq]  # arrived, or given up by the receiver
        due: list[int] = []
        for seq in missing:
            times, last = self._asked.get(seq, (0, float("-inf")))
            if times < MAX_ASKS and now - last >= ASK_AGAIN_S:
                self._asked[seq] = (times + 1, now)
                due.append(seq)
        return due

    def any_due(self, missing: Collection[int]) -> bool:
        """Whether a packet of `missing` is due to be asked for again (nothing is recorded)."""
        now = self._clock()
        for seq in missing:
            times, last = self._asked.get(seq, (0, float("-inf")))
            if times < MAX_ASKS and now - last >= ASK_AGAIN_S:
                return True
        return False

    def watch(self, receiver: object) -> bool:
        """Paces the NACKs of `receiver` (instance only) from now on, and has it ask again for a
        missing packet when that is due, not only when a new gap appears."""

        def make(original: Method) -> Method:
            async def send_nack(media_ssrc: int, lost: list[int]) -> None:
                due = self.due(lost)
                if due:
                    await original(media_ssrc, due)

            return send_nack

        paced = override(receiver, "_send_rtcp_nack", make, without=_WITHOUT)
        generator = getattr(receiver, _NACK_GENERATOR, None)
        if generator is None:
            log_missing(receiver, _NACK_GENERATOR, _ONLY_ON_GAPS)
        if not paced or generator is None:
            return paced

        def make_add(original: Callable[[Any], bool]) -> Callable[[Any], bool]:
            def add(packet: Any) -> bool:
                # True makes aiortc send a NACK naming all it misses; `due` picks what goes out.
                return bool(original(packet)) or self.any_due(generator.missing)

            return add

        return override(generator, "add", make_add, without=_ONLY_ON_GAPS)


class RetransmissionLimit:
    """Which retransmissions and keyframes a sender may send now.

    `budget_kbps()` is what the sender's video may use now (`VideoBudget.kbps`).
    """

    def __init__(
        self, budget_kbps: Callable[[], float], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._budget_kbps = budget_kbps
        self._clock = clock
        self._resent: dict[int, tuple[int, float]] = {}  # sequence number -> (times, last)
        self._asked: dict[int, float] = {}  # sequence number -> when first asked for
        self.asked = 0
        """Packets the other side asked for again so far, each counted once."""
        self._keyframe_at = float("-inf")
        self._tokens: float | None = None  # packets that may be resent now (None: full)
        self._tokens_at = 0.0

    def may_resend(self, seq: int) -> bool:
        now = self._clock()
        self._count_asked(seq, now)
        if len(self._resent) > 512:
            self._resent = {s: v for s, v in self._resent.items() if now - v[1] < _FORGET_S}
        times, last = self._resent.get(seq, (0, float("-inf")))
        if now - last >= _FORGET_S:
            times = 0  # sequence numbers wrap: an old entry is another packet
        if times >= MAX_RESENDS or now - last < RESEND_AGAIN_S or not self._take_token(now):
            return False
        self._resent[seq] = (times + 1, now)
        return True

    def _count_asked(self, seq: int, now: float) -> None:
        if len(self._asked) > 512:
            self._asked = {s: at for s, at in self._asked.items() if now - at < _FORGET_S}
        first = self._asked.get(seq)
        if first is None or now - first >= _FORGET_S:  # sequence numbers wrap: another packet
            self._asked[seq] = now
            self.asked += 1

    def _take_token(self, now: float) -> bool:
        rate = RESEND_SHARE * self._budget_kbps() * 1000 / 8 / _PACKET_BYTES  # packets a second
        depth = max(1.0, rate * _RESEND_BURST_S)
        if self._tokens is None:
            self._tokens = depth
        else:
            self._tokens = min(depth, self._tokens + rate * (now - self._tokens_at))
        self._tokens_at = now
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True

    def may_make_keyframe(self) -> bool:
        now = self._clock()
        if now - self._keyframe_at < KEYFRAME_EVERY_S:
            return False
        self._keyframe_at = now
        return True

    def watch(self, sender: object) -> bool:
        """Bounds the retransmissions and keyframes of `sender` (instance only) from now on."""

        def make_retransmit(original: Method) -> Method:
            async def retransmit(seq: int) -> None:
                if self.may_resend(seq):
                    await original(seq)

            return retransmit

        def make_keyframe(original: Callable[..., Any]) -> Callable[..., Any]:
            def send_keyframe() -> None:
                if self.may_make_keyframe():
                    original()

            return send_keyframe

        return override(sender, "_retransmit", make_retransmit, without=_WITHOUT) and override(
            sender, "_send_keyframe", make_keyframe, without=_WITHOUT
        )
