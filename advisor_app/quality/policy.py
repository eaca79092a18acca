"""The call-quality rule: what to send for the line we have. Pure: readings and the clock in,
decisions out, every decision with the figures that caused it.

The platform promises its customers: video needs at least `video_min_kbps` (320 kbit/s) both
ways; below it, video is first made smaller (`REDUCED`: lower resolution and frame rate) while
that still gives a watchable picture, then switched off both ways; below the audio minimum, or
with nothing received at all for too long, the call ends after a short visible countdown and
billing stops.

The audio minimum, 40 kbit/s on the wire: Opus carries wideband speech well from 16 kbit/s
(its documented range for wideband speech is 16-20 kbit/s; 8-12 kbit/s is narrowband and sounds
like a telephone), and every 20 ms packet adds IPv4 20 + UDP 8 + RTP 12 + SRTP tag 10 bytes
≈ 50 bytes, 50 times a second: 20 kbit/s. 16 + 20 = 36 kbit/s, plus RTCP and the data channel's
keep-alives rounded up: 40 kbit/s. Below that, speech breaks up whatever the app does.

What counts as "below": for video, the narrower direction's capacity where the line is full
(`network.quality_meter`: a queue grows and an estimator cut its estimate, or the queue
overflows); random loss without a queue is not a full line. For audio, only what a saturated
line still delivers (loss shows it, never an estimate: REMB measures the video alone, and a
probe that fills a slow line makes it fall far below what the line carries for speech).

Hysteresis: acting on a drop needs the line below a threshold for a hold time; returning needs it
proven for longer, by a bounded probe when video is off (with video off there is no estimate at
all: audio packets carry no send times). A probe sends `probe_kbps` of video both ways; it
succeeds when the line carries 320 kbit/s or more both ways without loss or a growing queue for
`probe_good_s`, and fails at once where it saturates the line. On a line last found far below
the minimum (a thin line), a probe opens with at most `probe_start_share` times what the line
carried, less the speech (`probe_start_kbps`): on a line still that slow, what arrives is then
at least two thirds of what is sent, and speech keeps two thirds of its packets (a full probe
into a 64 kbit/s line sends six times what it carries: speech lost two or three seconds each
time). Only a line that carries the opening cleanly (no growing queue, no loss) for
`probe_opening_s` gets the full probe. A probe that is due waits while the line still shows a
queue (at most `probe_queue_wait_s`): on a thin line speech alone keeps it standing for seconds
after a drop, and a probe into it only delays speech and the signalling more. The first
probe comes `probe_first_s` after the drop (longer after recent drops, at most
`probe_interval_cap_s`); after a failed one the next follows `probe_intervals_s` later, in turn
(never the same interval twice in a row: a line hovering with a period of its own is not probed
in the same bad moment every time), `probe_thin_interval_s` on a thin line. So a line that
recovers gets its video back within 20 s: the longest interval, the opening stage, the probe's
two clean seconds and a second to measure. Each drop
within `flap_window_s` (3 minutes) makes the next return slower (longer restore hold, a longer
probe, up to twice). A dip that starts within `hover_window_s` of video's return shows a line
hovering around the minimum (280 to 420 kbit/s every few seconds): from then on, until the line
stayed calm for `hover_memory_s`, a dip that is not far below must last `hover_hold_s` before
video goes off again. Such a line keeps its video, thinned by the encoder's budget in the dips,
once it has shown that it carries it, instead of flapping (at most one off/on pair a minute for
swings up to twice `hover_hold_s`; slower swings are steps, followed each time).

Reduced video returns to full where both directions prove `video_full_kbps` times the margin.
The estimates rarely show that: a browser's REMB never rises above 1.5 times what arrives, and
reduced video sends ~250 kbit/s. So once the line was calm for the restore hold (no sign of a
full line), a *step-up* sends the full picture at a tenth above that rate, padded, both ways, for
at most a probe's time: good seconds make video full again, a full line ends it at once, and the
next waits `step_up_retry_s`, twice as long after each failure (at most `step_up_retry_cap_s`).
Neither person is told, as with HD.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace

from advisor_app.domain.texts import N_

__all__ = [
    "READING_S",
    "DecisionKind",
    "Figures",
    "LineReading",
    "QualityDecision",
    "QualityState",
    "QualityThresholds",
    "VideoLevel",
    "decide",
]


# A reading covers the second before it: readings at t and t + 1 show the line for 2 s.
READING_S = 1.0


class VideoLevel(enum.IntEnum):
    """What video the call sends: ordered, so a better line never means a lower level."""

    OFF = 0
    REDUCED = 1  # lower resolution and frame rate: watchable on a modest line
    FULL = 2  # 640x480 at 30 fps
    HD = 3  # 1280x720 at 30 fps where the camera gives it (else as FULL): on a fast line


class DecisionKind(enum.StrEnum):
    DEGRADED = "degraded"
    VIDEO_OFF = "video_off"
    PROBE = "probe"
    PROBE_FAILED = "probe_failed"
    VIDEO_ON = "video_on"
    STEP_UP = "step_up"  # from reduced: full video at its rate, padded, both ways for a moment
    STEP_UP_FAILED = "step_up_failed"  # the line did not carry it: reduced video again, quietly
    HD_ON = "hd_on"  # FULL -> HD: the line carries HD (nobody is told: it only gets better)
    HD_OFF = "hd_off"  # HD -> FULL: the line no longer carries HD (quietly, as it came)
    RECONNECTING = "reconnecting"
    RESTORE = "restore"  # make a fresh connection now (the old one stays silent)
    RECONNECTED = "reconnected"
    SPEECH_BITRATE = "speech_bitrate"  # send speech at `QualityDecision.speech_kbps` from now on
    COUNTDOWN = "countdown"
    COUNTDOWN_CANCELLED = "countdown_cancelled"
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class QualityThresholds:
    """Every number of the rule; the defaults are the platform's promise (kbit/s, seconds)."""

    video_min_kbps: float = 320.0
    video_full_kbps: float = 700.0
    # HD (1280x720 at 30 fps): the encoder may spend up to 2.5 Mbit/s on it but makes a steady
    # 1.0-1.5 Mbit/s of a person at a desk (docs/performance.md); with speech and headers 1.5
    # Mbit/s carries it. Returning to HD needs this times `recover_margin` proven.
    video_hd_kbps: float = 1500.0
    audio_min_kbps: float = 40.0
    speech_full_share: float = 0.85  # of a second's speech arriving: the line carries speech
    recover_margin: float = 1.2  # full video, a cancelled countdown: the threshold times this
    clean_loss: float = 0.10  # a line that loses more is not proven good (random loss is less)
    drop_hold_s: float = 2.0
    far_drop_hold_s: float = 1.0  # far below (a thin line): speech needs the room at once
    hover_window_s: float = 14.0  # a dip this soon after video came back: the line hovers
    hover_memory_s: float = 60.0  # a hovering line is taken to hover until it is calm this long
    below_gap_s: float = 3.0  # a spell below the video minimum survives this long without evidence
    hover_hold_s: float = 15.0  # how long a dip of a hovering line must last to turn video off
    far_below_share: float = 0.35  # below this share of the minimum: far below (a thin line)
    degrade_hold_s: float = 3.0
    restore_hold_s: float = 8.0
    probe_first_s: float = 5.0
    probe_interval_cap_s: float = 12.0  # the first probe after repeated drops
    probe_intervals_s: tuple[float, ...] = (8.0, 6.5, 5.0)  # after failed probes, in turn
    probe_thin_interval_s: float = 10.0  # on a thin line: each probe still delays its speech
    # What a probe sends (encoded video, the full picture: the small one makes ~200 kbit/s of a
    # 300 target): with speech (~52 on the wire) and headers ~370 kbit/s, so a line that carries
    # it shows 320 kbit/s and more, and a line that does not saturates at once.
    probe_kbps: float = 300.0
    probe_start_share: float = 1.5  # a probe opens with at most this times what the line carried
    probe_floor_kbps: float = 50.0  # ... but at least this much video (less shows nothing)
    # The opening must stay clean this long after its settle second: at a third more than the
    # line carries, a deep home router's queue (800 ms) overflows within about 2.5 s, and the
    # loss shows it where the round trip may not (a stale report, a slowly growing queue).
    probe_opening_s: float = 3.0
    probe_settle_s: float = 1.0  # estimators need a moment once video flows again
    probe_aftermath_s: float = 3.0  # a probe's queue drains: what audio gets says nothing yet
    probe_aftermath_max_s: float = 8.0  # ... and at most this long while the queue still shows
    probe_fail_hold_s: float = 1.0  # a stale estimate or round trip must refresh before failing
    # A probe waits while the line still shows a queue (speech alone keeps a thin line's queue
    # full for seconds after a drop): probing then only adds to it. At most this much longer (a
    # path whose round trip simply grew must not keep video off).
    probe_queue_wait_s: float = 10.0
    probe_good_s: float = 1.0  # after the settle second: two clean seconds in all
    probe_max_s: float = 5.0
    probe_dip_s: float = 6.0  # a probe that saw good seconds rides out a dip this long
    # Reduced video cannot show that the line carries full video: it sends ~250 kbit/s, and a
    # browser's estimate of it never rises above 1.5 times what arrives (libwebrtc's rule). A
    # step-up sends the full picture at full video's rate, padded, both ways for a few seconds
    # once the line was calm for the restore hold; after a failed one the next waits this long,
    # twice as long each time.
    step_up_retry_s: float = 20.0
    step_up_retry_cap_s: float = 120.0
    # A step-up sends a tenth more than full video must show: what the encoder and the padding
    # make falls short of a target by up to a tenth (lab: 724-805 kbit/s of 880, with Firefox).
    step_up_share: float = 1.1
    flap_window_s: float = 180.0
    end_hold_s: float = 3.0
    countdown_s: float = 5.0
    silence_kbps: float = 2.0  # below this nothing arrives: not even RTCP
    silence_s: float = 2.0
    restore_after_s: float = 4.0  # a brief cut comes back on its own path; later: a fresh one
    restore_retry_s: float = 5.0
    reconnect_grace_s: float = 20.0

    def __post_init__(self) -> None:
        if not 0 < self.audio_min_kbps < self.video_min_kbps <= self.video_full_kbps:
            raise ValueError("need 0 < audio minimum < video minimum <= full video")
        if self.video_hd_kbps < self.video_full_kbps:
            raise ValueError("HD video needs at least what full video needs")
        if self.recover_margin < 1.0:
            raise ValueError("the recover margin must be at least 1")
        if self.countdown_s > self.reconnect_grace_s:
            raise ValueError("the countdown must fit into the reconnect grace period")
        if not self.silence_s <= self.restore_after_s < self.reconnect_grace_s:
            raise ValueError("a fresh connection is tried after the silence, within the grace")
        if not 0 < self.far_below_share < 1:
            raise ValueError("far below is a share of the video minimum")
        if not self.probe_intervals_s or min(self.probe_intervals_s) <= 0:
            raise ValueError("probes need intervals")
        if not 0 < self.probe_floor_kbps <= self.probe_kbps or self.probe_start_share <= 1:
            raise ValueError("a probe opens with some video, above what the line carried")


@dataclass(frozen=True, slots=True)
class LineReading:
    """One second of the line, per direction: what it carries at most where it is full
    (`up_kbps`/`down_kbps`, None: no sign that it is full) and what it demonstrably carries
    (`*_floor_kbps`); the worse direction's loss, the round trip, everything received.
    """

    at: float
    up_kbps: float | None
    down_kbps: float | None
    up_floor_kbps: float = 0.0
    down_floor_kbps: float = 0.0
    loss: float = 0.0
    rtt_ms: float | None = None
    received_kbps: float = 100.0  # everything received; ~0 means the link is cut
    queueing: bool = False  # the round trip grew: a queue builds up somewhere on the line
    up_saturated_kbps: float | None = None  # what arrives where the queue overflows (loss)
    down_saturated_kbps: float | None = None
    up_loss: float | None = None  # per direction, where known (`loss` is the worse one)
    down_loss: float | None = None
    up_video: bool = True  # video flows that way (a probe's, or the call's)
    down_video: bool = True
    up_delivered_kbps: float | None = None  # what arrived that way (None: not known)
    down_delivered_kbps: float | None = None
    down_speech_ms: float | None = None  # the other side's speech that arrived, ms a second

    @property
    def capacity_kbps(self) -> float | None:
        """The narrower direction's capacity, where known."""
        known = [kbps for kbps in (self.up_kbps, self.down_kbps) if kbps is not None]
        return min(known) if known else None

    @property
    def carried_kbps(self) -> float | None:
        """What the narrower direction found full carries (None: neither is full): its ceiling,
        or what arrived where that is more.

        An estimator's cut alone is no measure: after a queue grew, REMB falls to a fraction of
        what arrives (76 kbit/s on a 280 kbit/s line), and more than that still arrives.
        """
        carried = [
            max(ceiling, delivered or 0.0)
            for ceiling, delivered in (
                (self.up_kbps, self.up_delivered_kbps),
                (self.down_kbps, self.down_delivered_kbps),
            )
            if ceiling is not None
        ]
        return min(carried) if carried else None

    def far_below(self, kbps: float) -> bool:
        """The line is full far below `kbps`: its queue overflows (loss shows it) and a direction
        found full carries less than that. Without the overflow it is no proof: after a video
        pause a browser's estimate sits low and our video's budget follows it, so little
        arrives on a line that carries far more (Chromium: 32 kbit/s on a 280 kbit/s dip).
        """
        carried = self.carried_kbps
        return self.saturated_kbps is not None and carried is not None and carried < kbps

    @property
    def saturated_kbps(self) -> float | None:
        """What the narrower saturated direction still delivers (None: neither overflows)."""
        known = [
            kbps for kbps in (self.up_saturated_kbps, self.down_saturated_kbps) if kbps is not None
        ]
        return min(known) if known else None

    def proven_kbps(self, clean_loss: float, *, padded: bool = False) -> float | None:
        """What both directions demonstrably carry (None: not proven, or the line is lossy).

        Both must show it: a line slow one way only (an asymmetric line) is too slow for
        video. A direction without video flowing (the customer's camera is off) can show only
        its speech: then the other direction's proof stands for the line. Not while both sides
        pad to a probe's rate (`padded`): each direction then shows what it carries, video or
        not. (A probe on a 256 kbit/s upload stopped the app's own video at the customer's cut
        estimate, as it should; the upload then counted as "without video", the download's
        1.5 Mbit/s stood for the line, and video came back onto the slow upload.)
        """
        if self.loss > clean_loss:
            return None
        directions = (
            (self.up_floor_kbps, self.up_video or padded),
            (self.down_floor_kbps, self.down_video or padded),
        )
        floors = [floor for floor, shows in directions if shows] or [
            max(self.up_floor_kbps, self.down_floor_kbps)
        ]
        proven = min(floors)
        return proven if proven > 0 else None


@dataclass(frozen=True, slots=True)
class Figures:
    """The figures behind a decision (kbit/s, 0..1, ms, s)."""

    up_kbps: float | None
    down_kbps: float | None
    loss: float
    rtt_ms: float | None
    threshold_kbps: float | None
    held_s: float

    @classmethod
    def of(cls, reading: LineReading, threshold_kbps: float | None, held_s: float) -> Figures:
        """The reading's figures, with the threshold it was judged by and how long it held."""
        return cls(
            up_kbps=reading.up_kbps,
            down_kbps=reading.down_kbps,
            loss=reading.loss,
            rtt_ms=reading.rtt_ms,
            threshold_kbps=threshold_kbps,
            held_s=held_s,
        )

    def as_dict(self) -> dict[str, float | None]:
        def rounded(value: float | None, digits: int = 1) -> float | None:
            return None if value is None else round(value, digits)

        return {
            "up_kbps": rounded(self.up_kbps),
            "down_kbps": rounded(self.down_kbps),
            "loss": round(self.loss, 4),
            "rtt_ms": rounded(self.rtt_ms),
            "threshold_kbps": rounded(self.threshold_kbps),
            "held_s": round(self.held_s, 2),
        }


@dataclass(frozen=True, slots=True)
class QualityDecision:
    """A change and why: the video level to send from now on, and a sentence for people."""

    kind: DecisionKind
    at: float
    video: VideoLevel
    reason: str
    figures: Figures
    countdown_s: float | None = None
    speech_kbps: int | None = None  # SPEECH_BITRATE only
    probe_kbps: float | None = None  # PROBE only: the video the probe sends from now on


@dataclass(frozen=True, slots=True)
class QualityState:
    """Everything the rule remembers between readings (start: `QualityState()`)."""

    video: VideoLevel = VideoLevel.FULL
    probing_since: float | None = None
    probe_good_since: float | None = None
    probe_bad_since: float | None = None
    probe_good_seconds: int = 0  # good seconds of the running probe, in all
    probe_kbps: float | None = None  # the running probe's video rate
    probe_opening: bool = False  # the running probe opens on a thin line, below a full probe
    carried_kbps: float | None = None  # what the line carried when last found full, video off
    next_probe_at: float | None = None
    probes_failed: int = 0
    probe_ended_at: float | None = None
    video_back_at: float | None = None  # the last time video came back after it was off
    hover_until: float | None = None  # the line hovers around the minimum until then
    below_video_since: float | None = None  # a spell below the video minimum began
    below_video_seen: float | None = None  # the spell's latest second found below
    below_video_count: int = 0  # seconds found below in the spell
    below_full_since: float | None = None
    above_full_since: float | None = None
    calm_since: float | None = None  # reduced video: the line showed no sign of being full since
    step_up_since: float | None = None  # a step-up runs since (the full picture, at its rate)
    step_up_good_seconds: int = 0
    next_step_up_at: float | None = None
    step_ups_failed: int = 0
    below_hd_since: float | None = None
    above_hd_since: float | None = None
    below_audio_since: float | None = None
    silent_since: float | None = None
    reconnecting: bool = False
    restored_at: float | None = None  # the last fresh connection asked for
    countdown_until: float | None = None
    countdown_cause: str | None = None  # "bandwidth" or "silence"
    drops: tuple[float, ...] = field(default=())
    ended: bool = False

    @property
    def sending_video(self) -> VideoLevel:
        """The level actually sent: a full probe sends the full picture while the state is OFF
        (held to the probe's rate by the video budget: a full picture fills that rate where the
        small one falls short of it); an opening on a thin line the small one. Its first picture
        is a keyframe, which at the full size alone was four to five times the opening's second
        (the simulated customer sent 264 kbit/s in the first second of a 56 kbit/s opening):
        it overflowed a 64 kbit/s line's queue, and speech broke up in every probe. A step-up
        sends the full picture too: the small one makes too little of full video's rate, and
        padding alone fell short of it by a sixth with Firefox (its data channel took no more)."""
        if self.step_up_since is not None:
            return VideoLevel.FULL
        if self.probing_since is None:
            return self.video
        return VideoLevel.REDUCED if self.probe_opening else VideoLevel.FULL


Result = tuple[QualityState, tuple[QualityDecision, ...]]


def decide(state: QualityState, reading: LineReading, limits: QualityThresholds) -> Result:
    """The next state and the decisions taken on `reading` (in the order to apply them)."""
    if state.ended:
        return state, ()
    now = reading.at
    if reading.received_kbps < limits.silence_kbps:
        return _silent(state, reading, limits)
    decisions: list[QualityDecision] = []
    if state.silent_since is not None:
        state, decisions = _media_back(state, reading)
    state = replace(state, drops=tuple(t for t in state.drops if now - t < limits.flap_window_s))
    state, audio = _audio(state, reading, limits)
    decisions += audio
    if state.ended:
        return state, tuple(decisions)
    state, video = _video(state, reading, limits)
    return state, (*decisions, *video)


# -- the link is cut ------------------------------------------------------------------------------


def _silent(state: QualityState, reading: LineReading, limits: QualityThresholds) -> Result:
    now = reading.at
    since = state.silent_since if state.silent_since is not None else now
    state = replace(state, silent_since=since)
    silent_for = now - since
    decisions: list[QualityDecision] = []
    if silent_for >= limits.silence_s and not state.reconnecting:
        state = replace(state, reconnecting=True)
        decisions.append(
            _decision(
                DecisionKind.RECONNECTING,
                state,
                reading,
                None,
                silent_for,
                N_("CallQuality", "Connection interrupted: trying to restore it."),
            )
        )
    restore_due = state.restored_at is None or now - state.restored_at >= limits.restore_retry_s
    if limits.restore_after_s <= silent_for < limits.reconnect_grace_s and restore_due:
        state = replace(state, restored_at=now)
        decisions.append(
            _decision(
                DecisionKind.RESTORE,
                state,
                reading,
                None,
                silent_for,
                N_("CallQuality", "Setting up a fresh connection."),
            )
        )
    countdown_from = limits.reconnect_grace_s - limits.countdown_s
    if silent_for >= countdown_from and state.countdown_until is None:
        state = replace(
            state, countdown_until=since + limits.reconnect_grace_s, countdown_cause="silence"
        )
        decisions.append(
            _decision(
                DecisionKind.COUNTDOWN,
                state,
                reading,
                None,
                silent_for,
                N_("CallQuality", "Connection lost: the call ends unless it comes back."),
                countdown_s=state.countdown_until - now if state.countdown_until else None,
            )
        )
    if state.countdown_until is not None and now >= state.countdown_until:
        state = replace(state, ended=True, video=VideoLevel.OFF, probing_since=None)
        lost_for = round(silent_for)
        decisions.append(
            _decision(
                DecisionKind.ENDED,
                state,
                reading,
                None,
                silent_for,
                N_(
                    "CallQuality", "Connection lost for {seconds} seconds: the call was ended."
                ).format(seconds=lost_for),
            )
        )
    return state, tuple(decisions)


def _media_back(
    state: QualityState, reading: LineReading
) -> tuple[QualityState, list[QualityDecision]]:
    decisions: list[QualityDecision] = []
    silent_for = reading.at - (state.silent_since or reading.at)
    was_reconnecting = state.reconnecting
    cancelled = state.countdown_cause == "silence"
    state = replace(state, silent_since=None, reconnecting=False, restored_at=None)
    if cancelled:
        state = replace(state, countdown_until=None, countdown_cause=None)
        decisions.append(
            _decision(
                DecisionKind.COUNTDOWN_CANCELLED,
                state,
                reading,
                None,
                silent_for,
                N_("CallQuality", "The connection is back."),
            )
        )
    if was_reconnecting:
        decisions.append(
            _decision(
                DecisionKind.RECONNECTED,
                state,
                reading,
                None,
                silent_for,
                N_("CallQuality", "The connection is back."),
            )
        )
    return state, decisions


# -- audio: the minimum -------------------------------------------------------------------------

# Speech at 16 kbit/s arrives as ~36 kbit/s with its headers: 80 % of the audio minimum.
_SPEECH_ARRIVES_SHARE = 0.8


def _audio(state: QualityState, reading: LineReading, limits: QualityThresholds) -> Result:
    now = reading.at
    # Only a saturated line shows what it carries for speech: what still arrives through its
    # overflowing queue. Estimates say nothing here (REMB measures the video alone).
    saturated = reading.saturated_kbps

    # Speech at its lowest step sends less than the minimum: a line that carries everything
    # without loss or a queue, with the other side's speech arriving in full, is not too slow
    # for audio (the 40 kbit/s can then never be *proven*, only contradicted).
    free = (
        saturated is None
        and reading.loss <= limits.clean_loss
        and not reading.queueing
        and reading.received_kbps >= limits.audio_min_kbps * _SPEECH_ARRIVES_SHARE
    )

    def carries(kbps: float) -> bool:
        return free or (saturated is not None and saturated >= kbps)

    # Speech that arrives in full is the line carrying it, whatever else its queue drops: on a
    # 48 kbit/s line RTCP, statistics and the repairs of video lost in the drop overflowed the
    # queue beside it, and the call was ended while speech arrived at 940-999 ms a second.
    # Towards the customer only loss can tell (its page does not count speech): a direction
    # saturated below the minimum there stays below.
    up_below = reading.up_saturated_kbps is not None and reading.up_saturated_kbps < (
        limits.audio_min_kbps
    )
    speech_in_full = (
        reading.down_speech_ms is not None
        and reading.down_speech_ms >= limits.speech_full_share * 1000
        and not up_below
    )

    # A probe fills the line on purpose, and its queue takes a moment to drain: what audio gets
    # meanwhile says nothing about the line; behind a deep queue (800 ms on a thin line, a round
    # trip of 2 s) that takes longer, while the round trip still shows the queue, up to
    # `probe_aftermath_max_s`. A second without evidence either way (a queue, a little loss, too
    # few packets to tell) keeps the hold running.
    since_probe = None if state.probe_ended_at is None else now - state.probe_ended_at
    drained = since_probe is None or (
        since_probe >= limits.probe_aftermath_max_s
        or (since_probe >= limits.probe_aftermath_s and not reading.queueing)
    )
    probing = state.probing_since is not None or not drained
    below = saturated is not None and saturated < limits.audio_min_kbps and not speech_in_full
    since: float | None
    if probing:
        since = None  # the hold starts afresh once the probe is over
    elif below:
        since = state.below_audio_since if state.below_audio_since is not None else now
    else:
        carried = carries(limits.audio_min_kbps) or speech_in_full
        since = None if carried else state.below_audio_since
    state = replace(state, below_audio_since=since)
    decisions: list[QualityDecision] = []
    if state.countdown_cause == "bandwidth":
        recovered = carries(limits.audio_min_kbps * limits.recover_margin) or speech_in_full
        if recovered:
            state = replace(state, countdown_until=None, countdown_cause=None)
            decisions.append(
                _decision(
                    DecisionKind.COUNTDOWN_CANCELLED,
                    state,
                    reading,
                    limits.audio_min_kbps * limits.recover_margin,
                    0.0,
                    N_("CallQuality", "The connection recovered: the call continues."),
                )
            )
        elif state.countdown_until is not None and now >= state.countdown_until:
            state = replace(state, ended=True, video=VideoLevel.OFF, probing_since=None)
            decisions.append(
                _decision(
                    DecisionKind.ENDED,
                    state,
                    reading,
                    limits.audio_min_kbps,
                    now - (since if since is not None else now),
                    N_("CallQuality", "Connection too slow: the call was ended."),
                )
            )
    elif since is not None and now - since >= limits.end_hold_s and state.countdown_until is None:
        state = replace(
            state, countdown_until=now + limits.countdown_s, countdown_cause="bandwidth"
        )
        decisions.append(
            _decision(
                DecisionKind.COUNTDOWN,
                state,
                reading,
                limits.audio_min_kbps,
                now - since,
                N_("CallQuality", "Connection too slow even for audio: the call is about to end."),
                countdown_s=limits.countdown_s,
            )
        )
    return state, tuple(decisions)


# -- video: degrade, off, probe, on -------------------------------------------------------------


def _video(state: QualityState, reading: LineReading, limits: QualityThresholds) -> Result:
    if state.video is VideoLevel.OFF:
        return _video_off(state, reading, limits)
    now = reading.at
    capacity = reading.capacity_kbps
    below_min = capacity is not None and capacity < limits.video_min_kbps
    below_full = capacity is not None and capacity < limits.video_full_kbps
    # Once a line was found below the minimum, the video's budget holds what we send to it: the
    # line is then no longer full in every second, but neither does it show more. A spell below
    # goes on through seconds without evidence either way, up to `below_gap_s`; a line proven to
    # carry the minimum ends it. Video goes off only on two or more seconds found below.
    proven = reading.proven_kbps(limits.clean_loss)
    carries_video = proven is not None and proven >= limits.video_min_kbps
    seen = state.below_video_seen
    lapsed = seen is None or now - seen > limits.below_gap_s
    if below_min and lapsed and _hover_dip(state, now, limits):  # a dip starts
        state = replace(state, hover_until=now + limits.hover_memory_s)
    if below_min:
        spell = (now, 1) if lapsed else (state.below_video_since, state.below_video_count + 1)
        state = replace(
            state, below_video_since=spell[0], below_video_count=spell[1], below_video_seen=now
        )
    elif carries_video or lapsed:
        state = replace(state, below_video_since=None, below_video_count=0, below_video_seen=None)
    state = replace(
        state,
        below_full_since=_since(state.below_full_since, below_full, now),
    )
    if (
        state.below_video_since is not None
        and state.below_video_count >= 2
        and now - state.below_video_since + READING_S >= _drop_hold(state, reading, limits)
    ):
        held = now - state.below_video_since + READING_S
        far = reading.far_below(limits.far_below_share * limits.video_min_kbps)
        off = replace(
            state, video=VideoLevel.OFF, carried_kbps=reading.carried_kbps if far else None
        )
        state = _dropped(off, now, limits, far=far)
        return state, (
            _decision(
                DecisionKind.VIDEO_OFF,
                state,
                reading,
                limits.video_min_kbps,
                held,
                N_("CallQuality", "Video paused: connection too slow."),
            ),
        )
    if state.video >= VideoLevel.FULL:
        if state.below_full_since is not None and (
            now - state.below_full_since >= limits.degrade_hold_s
        ):
            held = now - state.below_full_since
            state = replace(_dropped(state, now, limits), video=VideoLevel.REDUCED)
            return state, (
                _decision(
                    DecisionKind.DEGRADED,
                    state,
                    reading,
                    limits.video_full_kbps,
                    held,
                    N_("CallQuality", "Video reduced: the connection is slower."),
                ),
            )
        return _hd_step(state, reading, limits)
    return _reduced(state, reading, limits)


def _reduced(state: QualityState, reading: LineReading, limits: QualityThresholds) -> Result:
    """Back to full video only on a proven good line, for longer after recent drops: proven by
    the estimates where they rise with the line, else by a step-up once the line stayed calm."""
    now = reading.at
    proven = reading.proven_kbps(limits.clean_loss)
    good = proven is not None and proven >= _full_proof_kbps(limits)
    if state.step_up_since is not None:
        return _stepping_up(state, reading, limits, good=good)
    state = replace(state, above_full_since=_since(state.above_full_since, good, now))
    hold = limits.restore_hold_s * _backoff(state)
    if state.above_full_since is not None and now - state.above_full_since >= hold:
        return _full_again(state, reading, limits, now - state.above_full_since)
    # Calm: no sign of a full line. What arrives proves little here: after a pause a browser's
    # own estimate lets it send ~100 kbit/s for a while (lab, Chromium); the step-up pads that.
    calm = (
        reading.capacity_kbps is None and not reading.queueing and reading.loss <= limits.clean_loss
    )
    state = replace(state, calm_since=_since(state.calm_since, calm, now))
    due = state.next_step_up_at is None or now >= state.next_step_up_at
    if state.calm_since is not None and now - state.calm_since >= hold and due:
        state = replace(state, step_up_since=now, step_up_good_seconds=0, calm_since=None)
        decision = _decision(
            DecisionKind.STEP_UP,
            state,
            reading,
            _full_proof_kbps(limits),
            0.0,
            N_("CallQuality", "Checking whether the connection carries full video."),
        )
        return state, (replace(decision, probe_kbps=_step_up_kbps(limits)),)
    return state, ()


def _step_up_kbps(limits: QualityThresholds) -> float:
    """What a step-up sends: what full video must show, and a tenth more (`step_up_share`)."""
    return _full_proof_kbps(limits) * limits.step_up_share


def _full_proof_kbps(limits: QualityThresholds) -> float:
    """What both directions must carry for reduced video to become full again."""
    return limits.video_full_kbps * limits.recover_margin


def _full_again(
    state: QualityState, reading: LineReading, limits: QualityThresholds, held: float
) -> Result:
    state = replace(
        state,
        video=VideoLevel.FULL,
        above_full_since=None,
        calm_since=None,
        step_up_since=None,
        next_step_up_at=None,
        step_ups_failed=0,
    )
    return state, (
        _decision(
            DecisionKind.VIDEO_ON,
            state,
            reading,
            _full_proof_kbps(limits),
            held,
            N_("CallQuality", "Full video again: the connection recovered."),
        ),
    )


def _stepping_up(
    state: QualityState, reading: LineReading, limits: QualityThresholds, *, good: bool
) -> Result:
    """A step-up: the full picture at its rate, padded, both ways; as many good seconds as a
    probe needs (after its settle second) make video full again; a full line, or no proof
    within a probe's time, ends it (quietly: the reduced video carries on)."""
    now = reading.at
    since = state.step_up_since if state.step_up_since is not None else now
    running = now - since
    if running < limits.probe_settle_s:
        return state, ()
    state = replace(state, step_up_good_seconds=state.step_up_good_seconds + int(good))
    needed = limits.probe_good_s * min(2.0, _backoff(state)) + limits.probe_good_s
    if state.step_up_good_seconds >= needed:
        return _full_again(state, reading, limits, float(state.step_up_good_seconds))
    full = reading.capacity_kbps is not None or reading.queueing or reading.loss > limits.clean_loss
    if not full and running < limits.probe_settle_s + limits.probe_max_s:
        return state, ()
    retry = min(limits.step_up_retry_cap_s, limits.step_up_retry_s * 2.0**state.step_ups_failed)
    state = replace(
        state,
        step_up_since=None,
        step_up_good_seconds=0,
        next_step_up_at=now + retry,
        step_ups_failed=state.step_ups_failed + 1,
    )
    return state, (
        _decision(
            DecisionKind.STEP_UP_FAILED,
            state,
            reading,
            _full_proof_kbps(limits),
            running,
            N_("CallQuality", "Reduced video stays: the connection does not carry full video."),
        ),
    )


def _video_off(state: QualityState, reading: LineReading, limits: QualityThresholds) -> Result:
    if state.probing_since is not None:
        return _probing(state, reading, limits, state.probing_since)
    due = state.next_probe_at is not None and reading.at >= state.next_probe_at
    waited_enough = (
        state.next_probe_at is not None
        and reading.at >= state.next_probe_at + limits.probe_queue_wait_s
    )
    if due and state.countdown_until is None and (not reading.queueing or waited_enough):
        return _probe(state, reading, limits, _probe_start_kbps(state, limits))
    return state, ()


def _probing(
    state: QualityState, reading: LineReading, limits: QualityThresholds, since: float
) -> Result:
    now = reading.at
    probing_for = now - since
    # A line the probe saturates far below the minimum is a thin line: stop at once, speech
    # needs it back. Saturated nearer the minimum, the other side's encoder may just have
    # started above the line (it follows the estimate within a second or two): not good yet.
    # A full probe's first look is its keyframe's second: the full picture's keyframe alone
    # overflows a home router's queue on a line that carries the probe, and what arrived in a
    # second that was mostly speech read as a thin line (64 kbit/s on a 420 kbit/s line: the
    # next probe then opened as on a thin line and came too late for a hovering line's good
    # phase). An opening sends the small picture at a thin line's rate: its first look counts.
    saturated = reading.saturated_kbps is not None
    thin = (
        saturated
        and reading.saturated_kbps is not None
        and (reading.saturated_kbps < limits.far_below_share * limits.video_min_kbps)
    )
    first_look = probing_for < limits.probe_settle_s + READING_S / 2
    if thin and (state.probe_opening or not first_look):
        return _probe_failed(state, reading, limits, probing_for, thin=True)
    if probing_for < limits.probe_settle_s:
        return state, ()
    if state.probe_opening:
        return _probe_opening(state, reading, limits, probing_for)
    proven = reading.proven_kbps(limits.clean_loss, padded=True)  # a full probe pads both ways
    capacity = reading.capacity_kbps
    good = not saturated and proven is not None and proven >= limits.video_min_kbps
    bad = capacity is not None and capacity < limits.video_min_kbps
    state = replace(
        state,
        probe_good_since=_since(state.probe_good_since, good, now),
        probe_bad_since=_since(state.probe_bad_since, bad, now),
        probe_good_seconds=state.probe_good_seconds + int(good),
    )
    # After recent drops the line must prove itself for longer (a line hovering at the
    # threshold passes a short probe in its good moments and would flap).
    good_needed = limits.probe_good_s * min(2.0, _backoff(state))
    # A line that swings faster than a probe lasts (280 and 420 kbit/s every 2 s) never shows
    # its good seconds in a row: a probe that saw good seconds goes on through a dip that is not
    # far below, and the good seconds count in all (one more than in a row).
    good_in_all = state.probe_good_seconds >= good_needed + limits.probe_good_s
    in_a_row = state.probe_good_since is not None and now - state.probe_good_since >= good_needed
    if in_a_row or good_in_all:
        held = (
            now - state.probe_good_since
            if state.probe_good_since is not None
            else float(state.probe_good_seconds)
        )
        state = replace(
            state,
            video=VideoLevel.REDUCED,
            probing_since=None,
            probe_good_since=None,
            probe_bad_since=None,
            probe_ended_at=now,
            probe_kbps=None,
            probe_opening=False,
            carried_kbps=None,
            video_back_at=now,
            next_probe_at=None,
            below_video_since=None,
            below_video_seen=None,
            below_video_count=0,
            below_full_since=None,
            above_full_since=None,
        )
        return state, (
            _decision(
                DecisionKind.VIDEO_ON,
                state,
                reading,
                limits.video_min_kbps,
                held,
                N_("CallQuality", "Video is back: the connection recovered."),
            ),
        )
    seen_good = state.probe_good_seconds > 0
    failed_early = (
        state.probe_bad_since is not None
        and now - state.probe_bad_since >= limits.probe_fail_hold_s
        and not (seen_good and now - state.probe_bad_since < limits.probe_dip_s)
    )
    longest = limits.probe_max_s + good_needed - limits.probe_good_s
    if seen_good:
        longest += limits.probe_dip_s
    too_long = probing_for >= longest
    if failed_early or too_long or state.countdown_until is not None:
        return _probe_failed(state, reading, limits, probing_for, thin=False)
    return state, ()


def _probe_start_kbps(state: QualityState, limits: QualityThresholds) -> float:
    """The video a probe opens with: on a line last found far below the minimum (a thin line),
    at most `probe_start_share` times what it carried, less the speech; else the full probe (a
    line nearer the minimum takes it without losing speech: at 200 kbit/s more than half of what
    is sent still arrives, and a line that swings around the minimum has no time to spare)."""
    thin = limits.far_below_share * limits.video_min_kbps
    if state.carried_kbps is None or state.carried_kbps >= thin:
        return limits.probe_kbps
    opening = limits.probe_start_share * state.carried_kbps - limits.audio_min_kbps
    return min(limits.probe_kbps, max(limits.probe_floor_kbps, opening))


def _probe(
    state: QualityState, reading: LineReading, limits: QualityThresholds, kbps: float
) -> Result:
    """A probe (or its next stage) sends `kbps` of video from now on."""
    state = replace(
        state,
        probing_since=reading.at,
        probe_good_since=None,
        probe_bad_since=None,
        probe_good_seconds=0,
        probe_kbps=kbps,
        probe_opening=kbps < limits.probe_kbps,
    )
    decision = _decision(
        DecisionKind.PROBE,
        state,
        reading,
        limits.video_min_kbps,
        0.0,
        N_("CallQuality", "Checking whether the connection carries video again."),
    )
    return state, (replace(decision, probe_kbps=kbps),)


def _probe_opening(
    state: QualityState, reading: LineReading, limits: QualityThresholds, probing_for: float
) -> Result:
    """A probe's opening stage: the line carries its rate cleanly for `probe_opening_s` after
    the settle second (the full probe follows), is found full (the probe failed), or shows
    neither for the opening's length and a probe's (failed too)."""
    clean = (
        reading.saturated_kbps is None
        and reading.loss <= limits.clean_loss
        and not reading.queueing
        and reading.capacity_kbps is None
    )
    state = replace(state, probe_good_since=_since(state.probe_good_since, clean, reading.at))
    if state.probe_good_since is not None and (
        reading.at - state.probe_good_since >= limits.probe_opening_s
    ):
        return _probe(state, reading, limits, limits.probe_kbps)
    full = reading.saturated_kbps is not None or reading.capacity_kbps is not None
    if full or probing_for >= limits.probe_opening_s + limits.probe_max_s:
        return _probe_failed(state, reading, limits, probing_for, thin=False)
    return state, ()


def _probe_failed(
    state: QualityState,
    reading: LineReading,
    limits: QualityThresholds,
    probing_for: float,
    *,
    thin: bool,
) -> Result:
    """The probe is over, video stays off; the next one follows an interval later.

    Never the same interval twice in a row: a fixed one that matches a hovering line's period (a
    probe's failure comes with its dip) would probe the same bad moment every time. A thin line
    waits longest: each probe still delays its speech. What the line carried, where the probe
    found it full, sets the next probe's opening rate.
    """
    intervals = limits.probe_intervals_s
    far = thin or reading.far_below(limits.far_below_share * limits.video_min_kbps)
    interval = (
        limits.probe_thin_interval_s if far else intervals[state.probes_failed % len(intervals)]
    )
    carried = reading.carried_kbps if far else None
    if reading.saturated_kbps is not None:
        saturated = reading.saturated_kbps
        carried = saturated if carried is None else min(carried, saturated)
    state = replace(
        state,
        probing_since=None,
        probe_good_since=None,
        probe_bad_since=None,
        probe_ended_at=reading.at,
        probe_kbps=None,
        probe_opening=False,
        carried_kbps=state.carried_kbps if carried is None else carried,
        next_probe_at=reading.at + interval,
        probes_failed=state.probes_failed + 1,
    )
    return state, (
        _decision(
            DecisionKind.PROBE_FAILED,
            state,
            reading,
            limits.video_min_kbps,
            probing_for,
            N_("CallQuality", "Video stays paused: the connection is still too slow."),
        ),
    )


def _hover_dip(state: QualityState, now: float, limits: QualityThresholds) -> bool:
    """A dip starting now belongs to a line hovering around the minimum: it comes soon after
    video's return, or while the line is still taken to hover."""
    soon_after_return = (
        state.video_back_at is not None and now - state.video_back_at < limits.hover_window_s
    )
    return soon_after_return or (state.hover_until is not None and now < state.hover_until)


def _drop_hold(state: QualityState, reading: LineReading, limits: QualityThresholds) -> float:
    """How long the line must stay below the video minimum before video goes off.

    Far below (a thin line), `far_drop_hold_s`: speech needs the room. On a line that hovers
    around the minimum (`_hover_dip`), `hover_hold_s`: meanwhile the video's budget follows the
    line (`network.video_budget`), so the dip costs frames, not speech. Else `drop_hold_s`.
    """
    if reading.far_below(limits.far_below_share * limits.video_min_kbps):
        return limits.far_drop_hold_s
    hovering = state.hover_until is not None and reading.at < state.hover_until
    # A hovering line's hold counts between readings, one second more than they cover: a dip
    # of exactly `hover_hold_s` keeps the video (swings up to twice the hold: one pair a minute).
    return limits.hover_hold_s + READING_S if hovering else limits.drop_hold_s


# -- HD: the step above full video, taken and left quietly ---------------------------------------


def _hd_step(state: QualityState, reading: LineReading, limits: QualityThresholds) -> Result:
    if state.video is VideoLevel.HD:
        return _hd_held(state, reading, limits)
    return _hd_earned(state, reading, limits)


def _hd_earned(state: QualityState, reading: LineReading, limits: QualityThresholds) -> Result:
    """FULL -> HD once the line proved it carries HD for the restore hold (longer after drops)."""
    now = reading.at
    proven = reading.proven_kbps(limits.clean_loss)
    good = proven is not None and proven >= limits.video_hd_kbps * limits.recover_margin
    state = replace(state, above_hd_since=_since(state.above_hd_since, good, now))
    hold = limits.restore_hold_s * _backoff(state)
    if state.above_hd_since is None or now - state.above_hd_since < hold:
        return state, ()
    held = now - state.above_hd_since
    state = replace(state, video=VideoLevel.HD, above_hd_since=None, below_hd_since=None)
    return state, (
        _decision(
            DecisionKind.HD_ON,
            state,
            reading,
            limits.video_hd_kbps * limits.recover_margin,
            held,
            N_("CallQuality", "HD video: the connection is fast enough."),
        ),
    )


def _hd_held(state: QualityState, reading: LineReading, limits: QualityThresholds) -> Result:
    """HD -> FULL once the line stayed below HD for the degrade hold; further drops follow
    from FULL on the next readings (their timers kept running)."""
    now = reading.at
    capacity = reading.capacity_kbps
    below = capacity is not None and capacity < limits.video_hd_kbps
    state = replace(state, below_hd_since=_since(state.below_hd_since, below, now))
    if state.below_hd_since is None or now - state.below_hd_since < limits.degrade_hold_s:
        return state, ()
    held = now - state.below_hd_since
    state = replace(state, video=VideoLevel.FULL, below_hd_since=None, above_hd_since=None)
    return state, (
        _decision(
            DecisionKind.HD_OFF,
            state,
            reading,
            limits.video_hd_kbps,
            held,
            N_("CallQuality", "Standard video: the connection no longer carries HD."),
        ),
    )


def _dropped(
    state: QualityState, now: float, limits: QualityThresholds, *, far: bool = False
) -> QualityState:
    """Notes a drop; video off also schedules the first probe (later after recent drops, and
    after a drop far below the minimum: probing a thin line costs its speech a second)."""
    state = replace(
        state,
        drops=(*state.drops, now),
        below_video_since=None,
        below_video_seen=None,
        below_video_count=0,
        below_full_since=None,
        above_full_since=None,
        below_hd_since=None,
        above_hd_since=None,
        calm_since=None,
        step_up_since=None,
        step_up_good_seconds=0,
    )
    if state.video is VideoLevel.OFF:
        first = limits.probe_first_s * _backoff(state)
        interval = limits.probe_thin_interval_s if far else min(first, limits.probe_interval_cap_s)
        state = replace(state, next_probe_at=now + interval)
    return state


def _backoff(state: QualityState) -> float:
    """1 for the first drop in the flap window, then 2, 4, ... (capped at 8)."""
    return float(2 ** min(3, max(0, len(state.drops) - 1)))


def _since(since: float | None, condition: bool, now: float) -> float | None:
    if not condition:
        return None
    return since if since is not None else now


def _decision(  # noqa: PLR0917 (kind, state, reading, threshold, held, reason: all needed)
    kind: DecisionKind,
    state: QualityState,
    reading: LineReading,
    threshold: float | None,
    held_s: float,
    reason: str,
    *,
    countdown_s: float | None = None,
) -> QualityDecision:
    return QualityDecision(
        kind=kind,
        at=reading.at,
        video=state.sending_video,
        reason=reason,
        figures=Figures.of(reading, threshold, held_s),
        countdown_s=countdown_s,
    )
