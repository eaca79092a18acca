"""How much of the line speech may use: Opus at 32, 24 or 16 kbit/s. Pure, like the quality rule.

Speech is what must survive a slow line, so on a full line it gives way first in size, not in
sound: Opus keeps wideband speech from 16 kbit/s up (below that it turns narrowband). Every 20 ms
packet carries ~50 bytes of IPv4/UDP/RTP/SRTP on top, 20 kbit/s at 50 packets a second, so on the
wire the three steps cost about 52, 44 and 36 kbit/s; the quality rule's audio minimum (40 kbit/s)
sits just above the lowest.

A step is chosen from the line's capacity where it is known (the narrower direction, when a
direction is full): 32 kbit/s needs a line of `full_kbps` (twice its wire cost: room for the
other side's speech, RTCP and the data channel), 24 needs `reduced_kbps`, below that 16. Lowering
needs the line below a step for `lower_hold_s`, except on a line found full below `reduced_kbps`
(it drops to 16 at once: on a 48 kbit/s line 32 kbit/s speech alone keeps the queue full);
raising goes one step at a time, after the line
showed no sign of being full for `raise_hold_s`; on a line found that thin, only after
`thin_retry_s` (24 kbit/s speech tried every 8 s on a line found that thin fills it again each
time: a second of broken speech, and the queue, for nothing; a line that recovers shows it by
its video probe, which brings full speech back at once). Video on means the line carries 320
kbit/s or more: full speech at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from advisor_app.domain.texts import N_
from advisor_app.quality.policy import (
    DecisionKind,
    Figures,
    LineReading,
    QualityDecision,
    VideoLevel,
)

__all__ = ["SpeechLimits", "SpeechState", "decide_speech"]


@dataclass(frozen=True, slots=True)
class SpeechLimits:
    """The steps (Opus payload, kbit/s) and the lines they need (kbit/s, seconds)."""

    steps_kbps: tuple[int, int, int] = (16, 24, 32)
    reduced_kbps: float = 64.0  # the line that 24 kbit/s speech needs
    full_kbps: float = 104.0  # the line that 32 kbit/s speech needs
    lower_hold_s: float = 2.0
    raise_hold_s: float = 8.0
    thin_retry_s: float = 30.0  # a line found too thin for 24 kbit/s: speech tries more after this
    silence_kbps: float = 2.0  # nothing arrives: a cut, not a slow line; leave speech alone
    clean_loss: float = 0.05  # raising on a lossier line would only add to the loss

    def step_for(self, line_kbps: float) -> int:
        low, middle, high = self.steps_kbps
        if line_kbps >= self.full_kbps:
            return high
        return middle if line_kbps >= self.reduced_kbps else low

    def next_up(self, kbps: int) -> int:
        higher = [step for step in self.steps_kbps if step > kbps]
        return min(higher) if higher else kbps

    def needed_for(self, kbps: int) -> float:
        low, middle, _high = self.steps_kbps
        if kbps <= low:
            return 0.0
        return self.reduced_kbps if kbps <= middle else self.full_kbps


@dataclass(frozen=True, slots=True)
class SpeechState:
    """The speech bitrate sent now and how long the line has pointed elsewhere."""

    kbps: int = 32
    lower_since: float | None = None
    raise_since: float | None = None
    thin_at: float | None = None  # when the line was last found too thin for 24 kbit/s


def decide_speech(
    state: SpeechState, reading: LineReading, video: VideoLevel, limits: SpeechLimits
) -> tuple[SpeechState, QualityDecision | None]:
    """The next state, and a `SPEECH_BITRATE` decision when the bitrate changes."""
    now = reading.at
    highest = max(limits.steps_kbps)
    calm = replace(state, lower_since=None, raise_since=None)
    if reading.received_kbps < limits.silence_kbps:
        return calm, None
    capacity = reading.capacity_kbps
    fits = limits.step_for(capacity) if capacity is not None else highest
    if video is not VideoLevel.OFF:
        fits = highest  # video flows: the line carries 320 kbit/s or more
    if fits < state.kbps:
        since = state.lower_since if state.lower_since is not None else now
        # A line too thin for 24 kbit/s speech (found full below it): at once, for the queue
        # that 32 kbit/s speech keeps full there also holds up the signalling beside the call.
        thin = capacity is not None and capacity < limits.reduced_kbps
        hold = 0.0 if video is not VideoLevel.OFF or thin else limits.lower_hold_s
        state = replace(
            state, lower_since=since, raise_since=None, thin_at=now if thin else state.thin_at
        )
        target = fits
    elif fits > state.kbps and video is VideoLevel.OFF and _thin_lately(state, now, limits):
        return calm, None
    elif fits > state.kbps and reading.loss <= limits.clean_loss:
        since = state.raise_since if state.raise_since is not None else now
        hold = 0.0 if video is not VideoLevel.OFF else limits.raise_hold_s
        state = replace(state, lower_since=None, raise_since=since)
        target = fits if video is not VideoLevel.OFF else limits.next_up(state.kbps)
    else:
        return calm, None
    if now - since < hold:
        return state, None
    # The figure that decided: the line the old step needed (lowering) or the new one needs.
    threshold = limits.needed_for(state.kbps if target < state.kbps else target)
    return _changed(state, reading, video, target, threshold, now - since)


def _thin_lately(state: SpeechState, now: float, limits: SpeechLimits) -> bool:
    return state.thin_at is not None and now - state.thin_at < limits.thin_retry_s


def _changed(  # noqa: PLR0917 (the change and everything its record needs)
    state: SpeechState,
    reading: LineReading,
    video: VideoLevel,
    kbps: int,
    threshold: float,
    held_s: float,
) -> tuple[SpeechState, QualityDecision]:
    lower = kbps < state.kbps
    reason = (
        N_("CallQuality", "Speech at {kbps} kbit/s: the connection is slow.")
        if lower
        else N_("CallQuality", "Speech at {kbps} kbit/s again.")
    ).format(kbps=kbps)
    decision = QualityDecision(
        kind=DecisionKind.SPEECH_BITRATE,
        at=reading.at,
        video=video,  # unchanged: speech only
        reason=reason,
        figures=Figures.of(reading, threshold, held_s),
        speech_kbps=kbps,
    )
    return SpeechState(kbps=kbps, thin_at=state.thin_at), decision
