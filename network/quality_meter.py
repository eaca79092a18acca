"""Once a second: what the line carries each way, from every source the call has.

Sources, per direction:
- up (advisor -> customer): the customer's REMB as our video sender sees it
  (`network.bandwidth`), the customer's own `stats` messages (bytes it received, packets it
  lost) and our RTCP receiver reports (loss after repair), and the video packets it asked for
  again (loss before repair, `network.retransmission`);
- down (customer -> advisor): our receiver's REMB, the browser's `availableOutgoingBitrate`
  (its send-side estimate) and the transport's received bytes and our inbound loss;
- the round trip (both ways; a queue shows as a rise above the call's best): the newest raw one
  (`network.round_trip`) while one is fresh, else aiortc's average, else the customer's figure.

What arrived is counted as the line carried it, with the IP and UDP headers of its packets
(`network.peer.on_the_line_kbps`): a line's speed and the rule's minimums count them, and without
them a probe that filled a 420 kbit/s line with ~370 read 300-325 and often failed to show 320.

What we happen to send is not the capacity. A direction's capacity is known when the line is
*full*: a queue grows at its bottleneck (the round trip rises above the call's best) and an
estimator cut its estimate below what arrives, or the line is *saturated*: its queue overflows
(loss with a growing queue, or loss so heavy that no random loss explains it), and then what
arrives is all the line carries. Random loss is not congestion: a line that loses a few per cent
of its packets without a queue building up is not full, and what arrived on it still proves what
it carries. Otherwise only a lower bound is known: with video off there is no estimate at all,
and only a deliberate probe (`advisor_app.quality.control`) can find one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from network.bandwidth import RembObserver
from network.control_channel import PeerStatsReport
from network.peer import PeerSample, on_the_line_kbps
from network.round_trip import ROUND_TRIP_FRESH_S, RoundTripObserver

__all__ = [
    "CLEAN_LOSS",
    "CONGESTED_SHARE",
    "CUT_MEMORY_S",
    "CUT_SHARE",
    "FOLLOWING_SHARE",
    "HEAVY_LOSS",
    "QUEUE_EVIDENCE_S",
    "SATURATED_LOSS",
    "STRAIN_LOSS",
    "DirectionFigures",
    "LinkMeasurement",
    "LinkMeter",
    "PeerFigures",
]

# At 10 % loss or more with a queue building up, the queue at the bottleneck overflows: the rate
# that still arrives is the line's capacity (libwebrtc's loss-based controller also starts
# decreasing at 10 %).
SATURATED_LOSS = 0.10
# So much loss that no random loss explains it (Wi-Fi and mobile lines lose 1-5 %, bursts of a
# second reach ~10 %): the line is saturated even where its queue is too shallow to show.
HEAVY_LOSS = 0.20
# Below 10 % loss, what arrives is what the line carried (a queue only shows it is at its limit).
CLEAN_LOSS = SATURATED_LOSS
# An estimate below 75 % of what arrives (all of it: video, audio, headers) is a cut after overuse.
CONGESTED_SHARE = 0.75
# A REMB cut counts only with a queue to show for it: loss, or a round trip this much above the
# call's best. aiortc's estimator keeps its last (low) estimate through a video pause and climbs
# back slowly, so a stale low REMB on a clean, fast line is no sign of a full line.
QUEUE_DELAY_MS = 80.0
# A raw round trip shows a queue for this long after it arrived: two readings (the other side
# reports every 0.5-1.5 s while video flows, and aiortc's side always).
QUEUE_EVIDENCE_S = 2.5
# An estimate is a cut only where it fell: below 90 % of its highest within the last 10 s. An
# estimate that sits low because little was sent (after a video pause; Chromium's REMB stays at
# ~20 kbit/s then and climbs 8 % a second) rises from there once video flows: below what arrives
# and with a queue, it still never fell, and says nothing about the line.
CUT_SHARE = 0.9
CUT_MEMORY_S = 10.0
# Loss that shows a queue overflowing now and then although the sender already follows a cut
# estimate: a browser counts a packet that a retransmission repaired as received, so a line whose
# queue drops a fifth of the packets reports only a few per cent (measured in the lab: 2-8 % while
# its queue dropped 15-20 packets a second; the app's own count, `network.arrivals`, counts every
# packet the line dropped). Random loss alone never cuts an estimate.
STRAIN_LOSS = 0.01
# A deep cut is followed only where the estimate sits at or below the video that goes that way:
# an estimator that saw a queue grow cuts below what arrives (to 0.85 of it), while one that
# merely followed the sender down stays above it (aiortc and libwebrtc let a REMB rise to 1.5
# times what arrives). Without this the app's own hold spiralled: on a line full only towards
# the advisor (500 kbit/s down, 2000 up), the shared round trip showed the down queue, our video
# up was held below the down line's figure, the customer's REMB fell with it, and that fall read
# as a full upload at 262-314 kbit/s: video went off on a line that carries it (lab, 2 of 6).
FOLLOWING_SHARE = 1.15
_PEER_STATS_FRESH_S = 3.0
_VIDEO_FLOWS_KBPS = 30.0  # more than a trickle of video: speech alone proves little
# Video flows a way if it did within this long: a second in which a budget held it back on a line
# found full (the encoder skips frames) does not make that way one without video, whose figures
# would prove nothing and leave the other way to stand for the line.
_VIDEO_SEEN_S = 3.0


@dataclass(frozen=True, slots=True)
class DirectionFigures:
    """One direction in one second.

    `ceiling_kbps`: the line is full and carries about this much (None: no sign that it is full).
    `floor_kbps`: the line demonstrably carries at least this much (0: nothing proven).
    """

    ceiling_kbps: float | None
    floor_kbps: float
    delivered_kbps: float
    loss: float
    source: str  # the ceiling's source: "remb", "browser", "following", "saturated" or "none"
    saturated: bool = False  # the queue at the bottleneck overflows (loss shows it)
    video: bool = True  # video flows this way (else only speech: it can prove little)

    @property
    def saturated_kbps(self) -> float | None:
        """What the line carries, where its queue overflows (None: not saturated).

        Only loss shows this, never an estimate: REMB measures the video alone, and a probe
        that fills a slow line makes it fall far below what the line carries for speech.
        """
        return self.delivered_kbps if self.saturated else None

    @property
    def capacity_kbps(self) -> float:
        """The best single figure to show: the ceiling where the line is full, else the floor."""
        return self.ceiling_kbps if self.ceiling_kbps is not None else self.floor_kbps


@dataclass(frozen=True, slots=True)
class LinkMeasurement:
    """Both directions, the round trip and whether anything arrived from the other side."""

    at: float
    up: DirectionFigures
    down: DirectionFigures
    rtt_ms: float | None
    received_kbps: float  # everything the transport received (media, RTCP, data channel)
    queueing: bool = False  # the round trip is well above the call's best: a queue builds up
    rtt_raw: bool = False  # `rtt_ms` is a fresh raw round trip (else aiortc's average or none)
    speech_ms_received: float | None = None  # the other side's speech that arrived, ms a second


@dataclass(frozen=True, slots=True)
class PeerFigures:
    """The other side's last `stats` message, turned into per-interval figures."""

    at: float
    received_kbps: float | None  # on the line: with the IP and UDP headers of its packets
    loss: float | None
    available_outgoing_kbps: float | None
    rtt_ms: float | None
    fps: float | None


class LinkMeter:
    """Combines a call's sources into one `LinkMeasurement` per `measure()` call."""

    def __init__(
        self,
        bandwidth: RembObserver,
        round_trip: RoundTripObserver | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._bandwidth = bandwidth
        self._round_trip = round_trip
        self._clock = clock
        self._peer: PeerFigures | None = None
        self._measured_report_at: float | None = None  # the report the last measure used
        self._last_report: dict[str, float] | None = None
        self._best_rtt_ms: float | None = None
        self._last_smoothed_ms: float | None = None
        self._video_seen: dict[str, float] = {}  # direction -> when video last flowed that way
        self._estimates: dict[str, list[tuple[float, float]]] = {}  # direction -> (at, kbps)

    @property
    def peer_figures(self) -> PeerFigures | None:
        return self._peer

    def follow(self, bandwidth: RembObserver, round_trip: RoundTripObserver | None = None) -> None:
        """Measures a fresh connection of the same call (after a drop) from now on.

        Its path may differ (another network, a relay): the best round trip is learnt anew, and
        the other side's counters restart with its new connection. Without `round_trip` only the
        new connection's smoothed round trip is used: the old one's raw figures are the old path's.
        """
        self._bandwidth = bandwidth
        self._round_trip = round_trip
        self._peer = None
        self._measured_report_at = None
        self._last_report = None
        self._best_rtt_ms = None
        self._last_smoothed_ms = None
        self._video_seen = {}
        self._estimates = {}

    def peer_reported(self, report: PeerStatsReport) -> None:
        """Takes the other side's `stats` message (cumulative counters; rates from deltas)."""
        figures = dict(report.figures)
        now = self._clock()
        previous, self._last_report = self._last_report, {**figures, "_at": now}
        received_kbps: float | None = None
        loss: float | None = None
        if previous is not None:
            elapsed = _elapsed(previous, figures, now)
            received = _delta(previous, figures, "bytesReceived")
            got = _delta(previous, figures, "packetsReceived")
            if received is not None and elapsed > 0:
                # Its packets' IP and UDP headers took the line too (its RTP packets: a few
                # RTCP and data channel packets uncounted).
                payload_kbps = received * 8 / elapsed / 1000
                received_kbps = on_the_line_kbps(payload_kbps, (got or 0) / elapsed)
            lost = _delta(previous, figures, "packetsLost")
            if lost is not None and got is not None and lost + got > 0:
                loss = lost / (lost + got)
        if loss is None and "fractionLost" in figures:  # a peer that reports the interval's share
            loss = min(1.0, max(0.0, figures["fractionLost"]))
        available = figures.get("availableOutgoingBitrate")
        rtt = figures.get("roundTripTime")
        self._peer = PeerFigures(
            at=now,
            received_kbps=received_kbps,
            loss=loss,
            available_outgoing_kbps=available / 1000 if available and available > 0 else None,
            rtt_ms=rtt * 1000 if rtt is not None and rtt >= 0 else None,
            fps=figures.get("framesPerSecond"),
        )

    def measure(self, sample: PeerSample) -> LinkMeasurement:
        """The measurement for the interval `sample` covers."""
        now = self._clock()
        peer = self._peer if self._peer and now - self._peer.at <= _PEER_STATS_FRESH_S else None
        remote = self._bandwidth.remote_estimate()
        local = self._bandwidth.local_estimate()
        reported = peer.loss if peer is not None and peer.loss is not None else sample.sent_loss
        # What the customer reports is after repair; what it asked for again is what the line
        # dropped (the down direction counts every packet that never came, `network.arrivals`).
        up_loss = max(reported, sample.sent_asked)
        # What reached the customer: their own count, or, without one, what we sent less what
        # their RTCP says was lost (a guess: it never shows a line saturated). A count this
        # meter used before shows a second already gone, not this one's: on its own it never
        # shows a line saturated either. (Reports and readings come once a second each, so now
        # and then a reading has no new report. A probe's first reading then paired the loss
        # of its first picture, asked for again at once, with what speech alone had delivered:
        # "saturated at 59 kbit/s", on a line carrying 420, and the probe stopped as if on a
        # thin line.)
        new_report = peer if peer is not None and peer.at != self._measured_report_at else None
        if peer is not None:
            self._measured_report_at = peer.at
        up_measured = new_report is not None and new_report.received_kbps is not None
        up_delivered = (
            peer.received_kbps
            if peer is not None and peer.received_kbps is not None
            else sample.sent_kbps * (1 - up_loss)
        )
        newest = self._round_trip.latest(ROUND_TRIP_FRESH_S) if self._round_trip else None
        raw = None if newest is None else newest.ms
        # A raw round trip measured seconds ago shows the queue as it was then: a browser answers
        # our speech's reports only every ~5 s while video is paused, and a dip's 330 ms stood
        # for four readings after the queue had drained (a probe waited for it, a second late for
        # a hovering line's good phase). It stays the round trip to show; a queue it no longer is.
        stale = newest is not None and now - newest.at > QUEUE_EVIDENCE_S
        smoothed = sample.rtt_ms if sample.rtt_ms is not None else (peer.rtt_ms if peer else None)
        rtt = raw if raw is not None else smoothed
        if rtt is not None:
            self._best_rtt_ms = rtt if self._best_rtt_ms is None else min(self._best_rtt_ms, rtt)
        # An average (aiortc's, the browser's) falls for seconds after a queue has emptied:
        # falling means draining, not a full line. A raw round trip drops as soon as the queue
        # does, and its jitter would flip "falling" back and forth on a standing queue.
        falling = (
            raw is None
            and rtt is not None
            and self._last_smoothed_ms is not None
            and rtt < self._last_smoothed_ms - 5
        )
        queueing = (
            rtt is not None
            and self._best_rtt_ms is not None
            and rtt - self._best_rtt_ms >= QUEUE_DELAY_MS
            and not falling
            and not stale
        )
        self._last_smoothed_ms = None if raw is not None else rtt
        up_estimate = remote.kbps if remote else None
        down_estimate = local.kbps if local else None
        if down_estimate is None and peer is not None:
            down_estimate = peer.available_outgoing_kbps
        up = _direction(
            up_estimate,
            up_delivered,
            up_loss,
            queueing,
            delivered_measured=up_measured,
            estimate_share=self._share_of_recent_high("up", up_estimate, now),
            video_kbps=sample.video_sent_kbps,
            browser=False,
        )
        down = _direction(
            down_estimate,
            sample.received_on_the_line_kbps,
            sample.loss,
            queueing,
            estimate_share=self._share_of_recent_high("down", down_estimate, now),
            video_kbps=sample.video_received_kbps if local is not None else None,
            browser=local is None,
        )
        up = replace(up, video=self._video_flows("up", sample.video_sent_kbps, now))
        down = replace(down, video=self._video_flows("down", sample.video_received_kbps, now))
        return LinkMeasurement(
            at=now,
            up=up,
            down=down,
            rtt_ms=rtt,
            received_kbps=sample.received_kbps,
            queueing=queueing,
            rtt_raw=raw is not None,
            speech_ms_received=sample.speech_ms_received,
        )

    def _share_of_recent_high(self, direction: str, kbps: float | None, now: float) -> float:
        """The direction's estimate as a share of its highest within `CUT_MEMORY_S` (1.0: it
        did not fall, or there is none): below `CUT_SHARE` it fell (an estimator's cut)."""
        kept = [
            (at, seen)
            for at, seen in self._estimates.get(direction, [])
            if now - at <= CUT_MEMORY_S
        ]
        high = max((seen for _at, seen in kept), default=0.0)
        share = kbps / high if kbps is not None and high > 0 else 1.0
        if kbps is not None:
            kept.append((now, kbps))
        self._estimates[direction] = kept
        return min(1.0, share)

    def _video_flows(self, direction: str, video_kbps: float, now: float) -> bool:
        if video_kbps > _VIDEO_FLOWS_KBPS:
            self._video_seen[direction] = now
        seen = self._video_seen.get(direction)
        return seen is not None and now - seen <= _VIDEO_SEEN_S


def _direction(
    estimate: float | None,
    delivered_kbps: float,
    loss: float,
    queueing: bool,
    *,
    delivered_measured: bool = True,
    estimate_share: float = 0.0,
    video_kbps: float | None = None,
    browser: bool = False,
) -> DirectionFigures:
    """Ceiling and floor of one direction.

    A REMB estimate in its increase phase sits above what arrives (aiortc caps it at 1.5 times
    that): a floor, not the line's capacity. Only an estimate that fell (`estimate_share`, of
    its recent highest, below `CUT_SHARE`) well below what arrives with a queue to show for it
    (an estimator that saw queues grow cuts to 0.85 of the incoming rate), a deep cut (below
    `CONGESTED_SHARE` of its recent highest) that the sender follows while the line still loses
    packets or queues them (then it carries about what arrives), or saturation, says the line is
    full. A wobble of an estimate on a line with random loss is no deep cut, nor is an estimate
    that fell with the video the sender sent (above `FOLLOWING_SHARE` of `video_kbps`, the
    video going this way; None: not known). `browser`: the estimate is the browser's own
    send-side one (`availableOutgoingBitrate`), not a REMB.
    """
    source = "browser" if browser else "remb"
    ceiling: float | None = None
    saturated = delivered_measured and (loss >= HEAVY_LOSS or (queueing and loss >= SATURATED_LOSS))
    # A REMB is the video's share of the line: what else arrives (speech, RTCP, a probe's
    # padding) kept arriving beside it. Firefox's probe sent ~40 kbit/s of video and ~250 of
    # padding into a 420 kbit/s line: our estimate, cut to 34 from its video, read as the line.
    line_estimate = (
        None if estimate is None else estimate + _beside_video(delivered_kbps, video_kbps, browser)
    )
    if (
        line_estimate is not None
        and estimate_share < CUT_SHARE
        and (queueing or saturated)
        and line_estimate < CONGESTED_SHARE * delivered_kbps
    ):
        ceiling = line_estimate
    elif (
        estimate is not None
        and estimate_share < CONGESTED_SHARE
        and (queueing or loss >= STRAIN_LOSS)
        and (video_kbps is None or estimate <= FOLLOWING_SHARE * video_kbps)
    ):
        # Our video's budget follows the other side's estimate, so after a deep cut what arrives
        # is about the estimate; if the line still loses or queues, it is full at what it
        # carries. Without this a line slower than the video's lowest budget (aiortc's encoder
        # sends at least 250 kbit/s) kept video on: what arrives matched the estimate, the queue
        # stood and overflowed, and the loss after retransmissions stayed under the saturation
        # mark (issue 13, asymmetric line).
        ceiling = max(estimate, delivered_kbps)
        source = "following"
    else:
        source = "none"
    if saturated and (ceiling is None or delivered_kbps < ceiling):
        ceiling = delivered_kbps
        source = "saturated"
    # What arrived proves what the line carried, queue or not: nothing arrives faster than the
    # bottleneck lets it through. A standing queue only says we send at the line's limit (a
    # probe padded to 320 kbit/s and more on a 420 kbit/s line kept ~150 ms queued while ~380
    # arrived, and was judged unproven for its whole 5 s). Only a figure we did not measure (what
    # we sent, less the loss the receiver reported) says nothing while a queue takes it in.
    clean_delivered = (
        delivered_kbps if loss < CLEAN_LOSS and (delivered_measured or not queueing) else 0.0
    )
    floor = (
        max(estimate or 0.0, clean_delivered)
        if ceiling is None
        else min(ceiling, max(estimate or 0.0, clean_delivered))
    )
    return DirectionFigures(
        ceiling_kbps=ceiling,
        floor_kbps=floor,
        delivered_kbps=delivered_kbps,
        loss=loss,
        source=source,
        saturated=saturated,
    )


def _beside_video(delivered_kbps: float, video_kbps: float | None, browser: bool) -> float:
    """What arrived besides the video a REMB measures (0: not known, or the estimate is a
    browser's own send-side one, which covers all it sends)."""
    if video_kbps is None or browser:
        return 0.0
    return max(0.0, delivered_kbps - video_kbps)


def _delta(previous: dict[str, float], current: dict[str, float], key: str) -> float | None:
    if key not in previous or key not in current:
        return None
    return max(0.0, current[key] - previous[key])


def _elapsed(previous: dict[str, float], current: dict[str, float], now: float) -> float:
    """Seconds between two reports: by their own timestamps (ms) when both carry one."""
    if "timestamp" in previous and "timestamp" in current:
        return max(0.0, (current["timestamp"] - previous["timestamp"]) / 1000)
    return max(0.0, now - previous["_at"])
