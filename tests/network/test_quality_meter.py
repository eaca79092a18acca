"""Measuring the line: REMB seen on real peers, ceilings and floors, the customer's stats."""

from __future__ import annotations

from dataclasses import replace

import pytest
from aiortc.rtp import RTCP_PSFB_APP, RTCP_PSFB_PLI, RtcpPsfbPacket, pack_remb_fci

from network.bandwidth import REMB_FRESH_S, RembObserver
from network.control_channel import PeerStatsReport, decode, encode
from network.peer import PeerSample
from network.quality_meter import CUT_MEMORY_S, QUEUE_EVIDENCE_S, LinkMeter
from network.quality_report import OwnStatsReporter
from network.round_trip import ROUND_TRIP_FRESH_S, RoundTripObserver
from tests.network.peers import Side, connect, wait_until
from tests.network.test_round_trip import Clock, feed_round_trip


def remb(bps: int) -> RtcpPsfbPacket:
    return RtcpPsfbPacket(fmt=RTCP_PSFB_APP, ssrc=1, media_ssrc=0, fci=pack_remb_fci(bps, [7]))


def sample(sent: float = 600.0, received: float = 600.0, loss: float = 0.0) -> PeerSample:
    return PeerSample(
        sent_kbps=sent,
        received_kbps=received,
        audio_sent_kbps=40.0,
        video_sent_kbps=sent - 40,
        audio_received_kbps=40.0,
        video_received_kbps=received - 40,
        loss=loss,
        rtt_ms=20.0,
    )


def test_remb_packets_are_read_and_go_stale() -> None:
    clock = Clock()
    observer = RembObserver(clock)
    observer.saw_remote_packet(remb(850_000))
    observer.saw_local_packet(RtcpPsfbPacket(fmt=RTCP_PSFB_PLI, ssrc=1, media_ssrc=2))
    reading = observer.remote_estimate()
    assert reading is not None
    assert reading.kbps == 850.0
    assert observer.local_estimate() is None  # a picture-loss request is no estimate
    clock.now += REMB_FRESH_S + 0.1
    assert observer.remote_estimate() is None


def test_a_target_without_the_wrapped_method_gives_no_estimate_instead_of_failing() -> None:
    assert RembObserver().watch_sender(object()) is False


def test_an_estimate_above_what_arrives_is_a_floor_not_the_capacity() -> None:
    clock = Clock()
    observer = RembObserver(clock)
    observer.saw_remote_packet(remb(900_000))
    observer.saw_local_packet(remb(900_000))
    measured = LinkMeter(observer, clock=clock).measure(sample())
    assert measured.up.ceiling_kbps is None
    assert measured.up.floor_kbps == 900.0
    assert measured.down.floor_kbps == 900.0


def test_heavy_loss_makes_what_arrives_the_ceiling() -> None:
    clock = Clock()
    meter = LinkMeter(RembObserver(clock), clock=clock)
    measured = meter.measure(sample(received=240.0, loss=0.4))
    assert measured.down.ceiling_kbps == 240.0
    assert measured.down.source == "saturated"
    assert measured.down.floor_kbps == 0.0


def test_a_second_with_the_video_held_back_still_counts_as_video_flowing() -> None:
    """On a slow upload the video budget skips frames: a second may carry no video at all. That
    way still has video (its figures count); only after a few seconds without any it has none."""
    clock = Clock()
    meter = LinkMeter(RembObserver(clock), clock=clock)
    assert meter.measure(sample(sent=300.0)).up.video
    for _ in range(3):
        clock.now += 1.0
        assert meter.measure(sample(sent=40.0)).up.video  # speech only this second
    clock.now += 1.0
    assert not meter.measure(sample(sent=40.0)).up.video  # the camera is off, say


def test_a_remb_cut_counts_only_with_a_queue_to_show_for_it() -> None:
    clock = Clock()
    observer = RembObserver(clock)
    meter = LinkMeter(observer, clock=clock)
    observer.saw_local_packet(remb(900_000))
    meter.measure(sample(received=600.0))
    clock.now += 1.0
    observer.saw_local_packet(remb(150_000))
    clean = meter.measure(sample(received=600.0))
    assert clean.down.ceiling_kbps is None  # a cut, but no queue: random loss, a wobble
    clock.now += 1.0
    queued = replace(sample(received=600.0), rtt_ms=250.0)
    # The cut estimate is the video's share; the 40 kbit/s of speech arrived beside it.
    assert meter.measure(queued).down.ceiling_kbps == 150.0 + 40.0


def test_a_cut_the_sender_follows_on_a_line_that_still_loses_is_a_ceiling() -> None:
    """A line slower than the video's lowest budget: the customer's estimate fell to ~180 kbit/s
    and our video follows it, so what arrives is no more than the estimate; the queue overflows
    now and then, and after retransmissions the customer counts only a few per cent lost (lab:
    2-8 % while the queue dropped 15-20 packets a second). The line is full at what arrives."""
    clock = Clock()
    observer = RembObserver(clock)
    meter = LinkMeter(observer, clock=clock)
    observer.saw_remote_packet(remb(1_200_000))
    meter.measure(sample(sent=1200.0))
    lossy = replace(sample(sent=230.0), sent_loss=0.04)
    clock.now += 1.0
    observer.saw_remote_packet(remb(180_000))
    assert meter.measure(sample(sent=230.0)).up.ceiling_kbps is None  # nothing lost, no queue
    clock.now += 1.0
    observer.saw_remote_packet(remb(180_000))
    measured = meter.measure(lossy)
    assert measured.up.source == "following"
    assert measured.up.ceiling_kbps == pytest.approx(230.0 * 0.96)
    # The same loss where the estimate never fell, or only wobbled (random loss: 3 % on a 1.5
    # Mbit/s line in the lab, the estimate 15 % down for a moment), shows no full line.
    steady = RembObserver(clock)
    steady.saw_remote_packet(remb(180_000))
    assert LinkMeter(steady, clock=clock).measure(lossy).up.ceiling_kbps is None
    wobbly = LinkMeter(steady, clock=clock)
    steady.saw_remote_packet(remb(1_200_000))
    wobbly.measure(replace(sample(sent=1200.0), sent_loss=0.03))
    clock.now += 1.0
    steady.saw_remote_packet(remb(1_020_000))
    assert wobbly.measure(replace(sample(sent=1200.0), sent_loss=0.03)).up.ceiling_kbps is None


def test_an_estimate_that_fell_with_our_own_video_is_no_full_upload() -> None:
    """A line full only towards the advisor (500 kbit/s down, 2000 up): the round trip shows the
    down line's queue, our video up is held back, and the customer's REMB falls with it (it may
    rise to 1.5 times what arrives). Read as a cut, that fall was a full upload at 262-314 kbit/s
    and video went off on a line that carries it (lab). A cut below our video still counts."""
    clock = Clock()
    observer = RembObserver(clock)
    meter = LinkMeter(observer, clock=clock)
    observer.saw_remote_packet(remb(1_200_000))
    meter.measure(sample(sent=1000.0))  # the line's best round trip: 20 ms
    queued = replace(sample(sent=250.0), rtt_ms=400.0)  # the other way's queue
    for video, estimate in ((210, 314), (120, 180)):
        clock.now += 1.0
        observer.saw_remote_packet(remb(estimate * 1000))
        held = replace(queued, sent_kbps=video + 60.0, video_sent_kbps=float(video))
        assert meter.measure(held).up.ceiling_kbps is None, (video, estimate)
    clock.now += 1.0
    observer.saw_remote_packet(remb(205_000))  # cut below the 210 kbit/s of video sent
    cut = meter.measure(replace(queued, sent_kbps=270.0, video_sent_kbps=210.0))
    assert cut.up.source == "following"
    assert cut.up.ceiling_kbps == pytest.approx(270.0)  # it carries what arrives


def test_a_cut_estimate_is_the_videos_share_and_what_arrives_beside_it_still_counts() -> None:
    """Firefox's probe: ~40 kbit/s of video and ~250 of padding into a 420 kbit/s line. Our
    estimate of its video was cut to 34 with a queue standing; the line carried ~285."""
    clock = Clock()
    observer = RembObserver(clock)
    meter = LinkMeter(observer, clock=clock)
    observer.saw_local_packet(remb(80_000))
    meter.measure(sample(received=300.0))
    clock.now += 1.0
    observer.saw_local_packet(remb(34_000))
    probe = replace(sample(received=285.0), video_received_kbps=41.0, rtt_ms=250.0)
    measured = meter.measure(probe)
    # Full at what arrives (the video follows the cut, the queue stands), not at 34.
    assert measured.down.ceiling_kbps == pytest.approx(285.0)


def test_an_estimate_that_never_fell_is_no_ceiling_even_with_a_queue() -> None:
    """After a video pause the browser's REMB sits at ~20 kbit/s and climbs 8 % a second once
    video flows again. A probe's queue on a line that carries 420 kbit/s made that stale figure
    the line's capacity, and every probe failed (lab, Chromium on a hovering line)."""
    clock = Clock()
    observer = RembObserver(clock)
    meter = LinkMeter(observer, clock=clock)
    meter.measure(sample(sent=40.0, received=40.0))  # the line's best round trip: 20 ms
    for kbps in (22, 24, 26, 28):
        observer.saw_remote_packet(remb(kbps * 1000))
        queued = replace(sample(sent=400.0, received=400.0), rtt_ms=250.0)
        measured = meter.measure(queued)
        assert measured.up.ceiling_kbps is None, kbps
        clock.now += 1.0
    # Once it fell, it is a cut again; and after CUT_MEMORY_S without a fall, no longer.
    observer.saw_remote_packet(remb(20_000))
    cut = meter.measure(replace(sample(sent=400.0), rtt_ms=250.0))
    assert cut.up.ceiling_kbps == 20.0 + 40.0  # the video's share and the speech beside it
    clock.now += CUT_MEMORY_S + 1
    observer.saw_remote_packet(remb(20_000))
    assert meter.measure(replace(sample(sent=400.0), rtt_ms=250.0)).up.ceiling_kbps is None


def test_a_fresh_connection_is_measured_on_its_own() -> None:
    clock = Clock()
    old, new = RembObserver(clock), RembObserver(clock)
    meter = LinkMeter(old, clock=clock)
    meter.measure(replace(sample(), rtt_ms=5.0))  # the old path's best round trip
    meter.peer_reported(PeerStatsReport((("timestamp", 1.0), ("bytesReceived", 9e6))))
    old.saw_local_packet(remb(150_000))
    meter.follow(new)
    assert meter.peer_figures is None
    # The new path (a relay, say) is slower but not queueing: 90 ms is its best, not a queue.
    fresh = meter.measure(replace(sample(received=600.0), rtt_ms=90.0))
    assert not fresh.queueing
    assert fresh.down.ceiling_kbps is None  # the old connection's REMB is not this one's
    new.saw_local_packet(remb(900_000))
    meter.measure(replace(sample(received=600.0), rtt_ms=90.0))
    clock.now += 1.0
    new.saw_local_packet(remb(150_000))  # the new connection's estimator cut
    queued = meter.measure(replace(sample(received=600.0), rtt_ms=250.0))
    assert queued.down.ceiling_kbps == 150.0 + 40.0  # the video's share and the speech


async def test_a_frozen_high_average_with_a_fresh_low_raw_round_trip_is_no_queue() -> None:
    # Measured after a video pause on a full line: aiortc's average stayed at the queue's
    # figure (74 ms over a best of 0.7 ms, and 380-560 ms during the pause) long after it drained.
    clock = Clock()
    round_trip = RoundTripObserver(clock)
    meter = LinkMeter(RembObserver(clock), round_trip, clock=clock)
    await feed_round_trip(round_trip, clock, 0.7)
    assert meter.measure(replace(sample(), rtt_ms=0.9)).rtt_raw
    clock.now += 2
    await feed_round_trip(round_trip, clock, 1.2)
    drained = meter.measure(replace(sample(), rtt_ms=480.0))
    assert not drained.queueing
    assert drained.rtt_ms == pytest.approx(1.2)
    assert drained.rtt_raw


async def a_round_trip_after_the_best(
    clock: Clock, best_ms: float, then_ms: float
) -> tuple[LinkMeter, RoundTripObserver]:
    """A meter that saw the call's best raw round trip and, 2 s later, `then_ms`."""
    round_trip = RoundTripObserver(clock)
    meter = LinkMeter(RembObserver(clock), round_trip, clock=clock)
    await feed_round_trip(round_trip, clock, best_ms)
    meter.measure(sample())
    clock.now += 2
    await feed_round_trip(round_trip, clock, then_ms)
    return meter, round_trip


async def test_a_fresh_high_raw_round_trip_is_a_queue_even_under_a_low_average() -> None:
    clock = Clock()
    meter, round_trip = await a_round_trip_after_the_best(clock, 2.0, 380.0)
    for _ in range(3):  # a standing queue stays a queue, whatever its jitter
        assert meter.measure(replace(sample(), rtt_ms=40.0)).queueing
        clock.now += 1
        await feed_round_trip(round_trip, clock, 360.0)


async def test_a_round_trip_measured_seconds_ago_is_no_queue_now() -> None:
    """A browser answers our speech's reports only every ~5 s while video is paused: a dip's
    330 ms round trip stood for four readings after its queue had drained, and a probe waited
    for it. Two readings on it says nothing about a queue (it is still the round trip shown)."""
    clock = Clock()
    meter, _ = await a_round_trip_after_the_best(clock, 1.0, 330.0)
    assert meter.measure(sample(sent=50.0, received=50.0)).queueing
    clock.now += QUEUE_EVIDENCE_S
    assert meter.measure(sample(sent=50.0, received=50.0)).queueing
    clock.now += 1
    stale = meter.measure(sample(sent=50.0, received=50.0))
    assert not stale.queueing
    assert stale.rtt_ms == pytest.approx(330.0)
    assert stale.rtt_raw


async def test_without_a_fresh_raw_round_trip_the_average_is_used() -> None:
    clock = Clock()
    round_trip = RoundTripObserver(clock)
    meter = LinkMeter(RembObserver(clock), round_trip, clock=clock)
    await feed_round_trip(round_trip, clock, 2.0)
    meter.measure(sample())
    clock.now += ROUND_TRIP_FRESH_S + 0.5
    stale = meter.measure(replace(sample(), rtt_ms=250.0))
    assert not stale.rtt_raw
    assert stale.rtt_ms == 250.0
    assert stale.queueing
    # A falling average is a queue that drains (kept for the average only).
    assert not meter.measure(replace(sample(), rtt_ms=200.0)).queueing


async def test_a_fresh_connection_brings_its_own_round_trip() -> None:
    clock = Clock()
    old, new = RoundTripObserver(clock), RoundTripObserver(clock)
    meter = LinkMeter(RembObserver(clock), old, clock=clock)
    await feed_round_trip(old, clock, 300.0)
    meter.follow(RembObserver(clock))
    assert not meter.measure(replace(sample(), rtt_ms=20.0)).rtt_raw  # not the old path's
    meter.follow(RembObserver(clock), round_trip=new)
    await feed_round_trip(new, clock, 15.0)
    measured = meter.measure(replace(sample(), rtt_ms=20.0))
    assert measured.rtt_raw
    assert measured.rtt_ms == pytest.approx(15.0)


def reported(clock: Clock, later: dict[str, float]) -> LinkMeter:
    """A meter that had the customer's first report (all counters at zero) and, a second
    later, `later` (cumulative counters, as the customer sends them)."""
    meter = LinkMeter(RembObserver(clock), clock=clock)
    base = {"timestamp": 1000.0, "bytesReceived": 0.0, "packetsLost": 0.0, "packetsReceived": 0.0}
    meter.peer_reported(PeerStatsReport(tuple(base.items())))
    clock.now += 1
    meter.peer_reported(PeerStatsReport(tuple(later.items())))
    return meter


def test_the_customers_stats_give_the_upload_figures() -> None:
    later = {
        "timestamp": 2000.0,
        "bytesReceived": 30_000.0,
        "packetsLost": 30.0,
        "packetsReceived": 70.0,
        "availableOutgoingBitrate": 500_000.0,
    }
    meter = reported(Clock(), later)
    measured = meter.measure(sample(sent=600.0, received=600.0))
    on_the_line = 240.0 + 70 * 28 * 8 / 1000  # 30 kB and the IPv4 and UDP headers of 70 packets
    assert measured.up.delivered_kbps == pytest.approx(on_the_line)
    assert measured.up.loss == pytest.approx(0.3)
    assert measured.up.ceiling_kbps == pytest.approx(on_the_line)  # saturated: 30 % lost


def test_what_the_customer_asked_for_again_is_loss_its_own_figures_hide() -> None:
    """Firefox as the customer on a 280 kbit/s upload: its statistics counted every packet a
    retransmission repaired as received (0 % lost) while it asked for a quarter of our video
    again, and the queue stood at 250 ms: the line is full at what arrives."""
    clock = Clock()
    later = {"timestamp": 2000.0, "bytesReceived": 30_000.0, "packetsLost": 0.0}
    meter = reported(clock, {**later, "packetsReceived": 70.0})
    queued = replace(sample(sent=390.0), rtt_ms=270.0)
    measured = meter.measure(replace(queued, sent_asked=0.25))
    assert measured.up.loss == pytest.approx(0.25)
    assert measured.up.saturated
    assert measured.up.ceiling_kbps == pytest.approx(240.0 + 70 * 28 * 8 / 1000)
    # Without a queue a few packets asked for again are random loss: no ceiling.
    clock.now += 1
    meter.peer_reported(PeerStatsReport((*later.items(), ("packetsReceived", 140.0))))
    clean = meter.measure(replace(sample(sent=390.0), sent_asked=0.03))
    assert clean.up.ceiling_kbps is None


def test_a_report_measured_before_shows_no_saturation_this_second() -> None:
    """The hovering line (issue 16's full run): a probe's first reading had no new report from
    the customer. The one before, of speech alone (59 kbit/s), met the loss of the probe's
    first picture, asked for again at once: "saturated at 59 kbit/s" on a 420 kbit/s half,
    and the probe stopped as if the line were thin. Only a new report shows saturation."""
    clock = Clock()
    speech = {"timestamp": 2000.0, "bytesReceived": 6_000.0, "packetsLost": 0.0}
    meter = reported(clock, {**speech, "packetsReceived": 50.0})
    quiet = meter.measure(sample(sent=60.0))
    assert not quiet.up.saturated
    clock.now += 1  # the probe's first second: its NACKs are here, the customer's report is not
    probing = replace(sample(sent=390.0), rtt_ms=300.0, sent_asked=0.29)
    stale = meter.measure(probing)
    assert stale.up.loss == pytest.approx(0.29)
    assert not stale.up.saturated
    assert stale.up.ceiling_kbps is None
    clock.now += 0.2  # the report of that second arrives: a line full at what it delivered
    full = {"timestamp": 3000.0, "bytesReceived": 36_000.0, "packetsLost": 30.0}
    meter.peer_reported(PeerStatsReport((*full.items(), ("packetsReceived", 120.0))))
    fresh = meter.measure(probing)
    assert fresh.up.saturated
    assert fresh.up.ceiling_kbps == pytest.approx(240.0 + 70 * 28 * 8 / 1000)


def test_what_arrives_counts_as_the_line_carried_it_with_its_headers() -> None:
    """A probe that fills a 420 kbit/s line with ~370 kbit/s of packets delivers ~350 of UDP
    payload: 90 datagrams a second of IP and UDP headers are what it takes to show 320."""
    clock = Clock()
    meter = LinkMeter(RembObserver(clock), clock=clock)
    measured = meter.measure(replace(sample(received=300.0), datagrams_received=90.0))
    assert measured.down.delivered_kbps == pytest.approx(300.0 + 90 * 28 * 8 / 1000)
    assert measured.down.floor_kbps >= 320.0
    assert measured.received_kbps == 300.0  # everything received: the transport's own figure


def test_what_arrives_under_a_standing_queue_still_proves_what_the_line_carries() -> None:
    """A probe padded to its rate on a 420 kbit/s line (the hovering line's good half): ~380
    kbit/s arrived each second, without loss, behind a queue standing at ~150 ms. Nothing
    arrives faster than the line lets it through: that is proof of 380, not of nothing. What
    we only sent (no count from the customer this second) proves nothing while a queue takes
    it in."""
    clock = Clock()
    meter = LinkMeter(RembObserver(clock), clock=clock)
    meter.measure(sample(sent=60.0, received=60.0))  # the line's best round trip: 20 ms
    clock.now += 1
    base = {"timestamp": 1000.0, "bytesReceived": 0.0, "packetsLost": 0.0, "packetsReceived": 0.0}
    later = {"timestamp": 2000.0, "bytesReceived": 45_000.0, "packetsLost": 0.0}
    meter.peer_reported(PeerStatsReport(tuple(base.items())))
    meter.peer_reported(PeerStatsReport((*later.items(), ("packetsReceived", 90.0))))
    queued = replace(sample(sent=390.0, received=360.0), rtt_ms=170.0, datagrams_received=90.0)
    measured = meter.measure(queued)
    assert measured.queueing
    assert measured.down.ceiling_kbps is None
    assert measured.down.floor_kbps == pytest.approx(360.0 + 90 * 28 * 8 / 1000)
    assert measured.up.floor_kbps == pytest.approx(360.0 + 90 * 28 * 8 / 1000)  # its count
    clock.now += 1  # no new count from the customer: what we sent is no proof behind a queue
    assert meter.measure(queued).up.floor_kbps == 0.0
    assert meter.measure(replace(queued, rtt_ms=20.0)).up.floor_kbps > 0.0  # without one it is


def test_own_stats_survive_the_control_channel() -> None:
    clock = Clock()
    reporter = OwnStatsReporter(RembObserver(clock), clock=clock)
    reporter.report(sample(), 30.0)
    clock.now += 1
    message = reporter.report(replace(sample(received=800.0, loss=0.02), packets_received=80), 29.0)
    decoded = decode(encode(message))
    assert isinstance(decoded, PeerStatsReport)
    figures = dict(decoded.figures)
    assert figures["bytesReceived"] == 100_000
    assert figures["packetsReceived"] == 80
    assert figures["fractionLost"] == 0.02
    assert figures["framesPerSecond"] == 29.0


@pytest.mark.slow  # real peers or a subprocess: the full run, not --fast
async def test_real_peers_see_each_others_remb_both_ways(peer_pair: tuple[Side, Side]) -> None:
    offerer, answerer = peer_pair
    await connect(offerer, answerer)
    bandwidth = offerer.peer.bandwidth
    await wait_until(
        lambda: bandwidth.remote_estimate() is not None and bandwidth.local_estimate() is not None,
        within_s=10.0,
    )
    remote, local = bandwidth.remote_estimate(), bandwidth.local_estimate()
    assert remote is not None
    assert remote.kbps > 0
    assert local is not None
    assert local.kbps > 0


@pytest.mark.slow  # real peers or a subprocess: the full run, not --fast
async def test_real_peers_give_the_meter_a_raw_round_trip(peer_pair: tuple[Side, Side]) -> None:
    offerer, answerer = peer_pair
    await connect(offerer, answerer)
    meter = LinkMeter(offerer.peer.bandwidth, round_trip=offerer.peer.round_trip)
    await wait_until(lambda: offerer.peer.round_trip.latest_ms() is not None, within_s=5.0)
    measured = meter.measure(await offerer.peer.sample())
    assert measured.rtt_raw
    assert measured.rtt_ms is not None
    assert 0 < measured.rtt_ms < 50
    assert not measured.queueing
