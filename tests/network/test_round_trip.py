"""The raw round trip from RTCP report blocks: exact figures, freshness, bad blocks, real peers."""

from __future__ import annotations

import asyncio
import inspect
import logging
import time

import pytest
from aiortc.rtp import (
    RTCP_PSFB_APP,
    RtcpPsfbPacket,
    RtcpReceiverInfo,
    RtcpRrPacket,
    RtcpSenderInfo,
    RtcpSrPacket,
    pack_remb_fci,
)

from network.bandwidth import RembObserver
from network.round_trip import ROUND_TRIP_FRESH_S, RoundTripObserver
from network.rtcp_tap import tap
from tests.network.peers import Side, connect, wait_until

OUR_SSRC = 0x1234
NTP_AT_100 = (3_900_000_000 << 32) | (1 << 31)  # any NTP time; its middle 32 bits are the LSR


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class FakeSender:
    """The two methods of `aiortc.RTCRtpSender` the observers tap, recording what reached them."""

    def __init__(self) -> None:
        self.handled: list[object] = []
        self.sent: list[object] = []

    async def _send_rtcp(self, packets: list[object]) -> None:
        self.sent.append(packets)

    async def _handle_rtcp_packet(self, packet: object) -> None:
        self.handled.append(packet)


def lsr_of(ntp: int) -> int:
    return (ntp >> 16) & 0xFFFFFFFF


def sender_report(ntp: int = NTP_AT_100, ssrc: int = OUR_SSRC) -> list[object]:
    info = RtcpSenderInfo(ntp_timestamp=ntp, rtp_timestamp=0, packet_count=1, octet_count=1)
    return [RtcpSrPacket(ssrc=ssrc, sender_info=info)]


def receiver_report(
    lsr: int = lsr_of(NTP_AT_100), dlsr_s: float = 0.25, ssrc: int = OUR_SSRC
) -> RtcpRrPacket:
    block = RtcpReceiverInfo(
        ssrc=ssrc,
        fraction_lost=0,
        packets_lost=0,
        highest_sequence=0,
        jitter=0,
        lsr=lsr,
        dlsr=round(dlsr_s * 65536),
    )
    return RtcpRrPacket(ssrc=0x9999, reports=[block])


async def measure_once(sender: FakeSender, clock: Clock, ms: float, ntp: int) -> None:
    """One SR out now and its answer back `ms` later (the other side held it 0.25 s)."""
    await sender._send_rtcp(sender_report(ntp))
    clock.now += 0.25 + ms / 1000
    await sender._handle_rtcp_packet(receiver_report(lsr_of(ntp)))


async def feed_round_trip(observer: RoundTripObserver, clock: Clock, ms: float) -> None:
    """Gives `observer` one fresh raw round trip of `ms` (for the link meter's tests)."""
    sender = FakeSender()
    observer.watch_sender(sender)
    await measure_once(sender, clock, ms, NTP_AT_100)


async def test_the_round_trip_is_arrival_minus_send_minus_hold() -> None:
    clock = Clock()
    observer, sender = RoundTripObserver(clock), FakeSender()
    assert observer.watch_sender(sender)
    await sender._send_rtcp(sender_report())
    clock.now = 100.5
    report = receiver_report(dlsr_s=0.25)
    await sender._handle_rtcp_packet(report)
    reading = observer.latest()
    assert reading is not None
    assert reading.ms == pytest.approx(250.0)
    assert reading.at == 100.5
    assert sender.handled == [report]  # aiortc still gets every packet
    assert len(sender.sent) == 1


async def test_a_round_trip_goes_stale() -> None:
    clock = Clock()
    observer, sender = RoundTripObserver(clock), FakeSender()
    observer.watch_sender(sender)
    await measure_once(sender, clock, 40.0, NTP_AT_100)
    assert observer.latest_ms() == pytest.approx(40.0)
    clock.now += ROUND_TRIP_FRESH_S - 0.1
    assert observer.latest_ms() == pytest.approx(40.0)
    assert observer.latest_ms(max_age_s=1.0) is None
    clock.now += 0.2
    assert observer.latest_ms() is None


async def test_the_lowest_of_the_newest_second_counts() -> None:
    clock = Clock()
    observer, sender = RoundTripObserver(clock), FakeSender()
    observer.watch_sender(sender)
    await measure_once(sender, clock, 300.0, NTP_AT_100)
    await measure_once(sender, clock, 20.0, NTP_AT_100 + (1 << 32))
    assert observer.latest_ms() == pytest.approx(20.0)  # 0.27 s apart: one spike, not a queue
    clock.now += 1.5
    await measure_once(sender, clock, 200.0, NTP_AT_100 + (5 << 32))
    assert observer.latest_ms() == pytest.approx(200.0)  # a second later: a queue


@pytest.mark.parametrize(
    ("block", "why"),
    [
        (receiver_report(lsr=0), "no SR received yet"),
        (receiver_report(dlsr_s=0), "no hold time"),
        (receiver_report(ssrc=0x4321), "another stream's block"),
        (receiver_report(lsr=lsr_of(NTP_AT_100) + 7), "an SR we never sent"),
        (receiver_report(dlsr_s=0.9), "held longer than the trip took: negative"),
    ],
)
async def test_bad_blocks_give_no_round_trip(block: RtcpRrPacket, why: str) -> None:
    clock = Clock()
    observer, sender = RoundTripObserver(clock), FakeSender()
    observer.watch_sender(sender)
    await sender._send_rtcp(sender_report())
    clock.now += 0.5
    await sender._handle_rtcp_packet(block)
    assert observer.latest() is None, why
    assert sender.handled == [block]


async def test_a_report_after_more_than_ten_seconds_is_no_round_trip() -> None:
    clock = Clock()
    observer, sender = RoundTripObserver(clock), FakeSender()
    observer.watch_sender(sender)
    await sender._send_rtcp(sender_report())
    clock.now += 10.5
    await sender._handle_rtcp_packet(receiver_report(dlsr_s=0.25))
    assert observer.latest() is None


async def test_a_paused_streams_repeated_sr_gives_no_round_trip() -> None:
    # aiortc stamps an SR with its stream's last RTP packet: a paused stream repeats the LSR, and
    # a report could answer any of those SRs.
    clock = Clock()
    observer, sender = RoundTripObserver(clock), FakeSender()
    observer.watch_sender(sender)
    await sender._send_rtcp(sender_report())
    clock.now += 1.0
    await sender._send_rtcp(sender_report())
    clock.now += 0.5
    await sender._handle_rtcp_packet(receiver_report(dlsr_s=0.25))
    assert observer.latest() is None
    # Once media flows again the stamps differ and round trips are measured again.
    await measure_once(sender, clock, 30.0, NTP_AT_100 + (3 << 32))
    assert observer.latest_ms() == pytest.approx(30.0)


async def test_two_observers_on_one_sender_both_see_its_packets() -> None:
    clock = Clock()
    sender = FakeSender()
    bandwidth, first, second = (
        RembObserver(clock),
        RoundTripObserver(clock),
        RoundTripObserver(clock),
    )
    assert bandwidth.watch_sender(sender)
    assert first.watch_sender(sender)
    assert second.watch_sender(sender)
    remb = RtcpPsfbPacket(fmt=RTCP_PSFB_APP, ssrc=1, media_ssrc=0, fci=pack_remb_fci(700_000, [7]))
    await sender._handle_rtcp_packet(remb)
    await measure_once(sender, clock, 60.0, NTP_AT_100)
    estimate = bandwidth.remote_estimate()
    assert estimate is not None
    assert estimate.kbps == 700.0
    assert first.latest_ms() == pytest.approx(60.0)
    assert second.latest_ms() == pytest.approx(60.0)
    assert len(sender.handled) == 2  # each packet reached aiortc once


async def test_a_failing_observer_never_stops_the_packet(caplog: pytest.LogCaptureFixture) -> None:
    sender, seen = FakeSender(), list[object]()

    def broken(_packet: object) -> None:
        raise RuntimeError("observer bug")

    assert tap(sender, "_handle_rtcp_packet", broken, without="nothing")
    assert tap(sender, "_handle_rtcp_packet", seen.append, without="nothing")
    assert tap(sender, "_handle_rtcp_packet", seen.append, without="nothing")  # once only
    with caplog.at_level(logging.ERROR):
        await sender._handle_rtcp_packet("packet")
    assert seen == ["packet"]
    assert sender.handled == ["packet"]
    assert "observer of FakeSender._handle_rtcp_packet failed" in caplog.text


def test_only_instances_are_tapped_and_a_missing_method_is_one_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with pytest.raises(TypeError):
        tap(FakeSender, "_handle_rtcp_packet", print, without="nothing")
    assert inspect.iscoroutinefunction(FakeSender._handle_rtcp_packet)  # the class is untouched
    with caplog.at_level(logging.WARNING):
        assert RoundTripObserver().watch_sender(object()) is False
    assert len(caplog.records) == 1
    assert "no raw round trip" in caplog.text


# Real peers ----------------------------------------------------------------------------------


@pytest.mark.slow  # real peers or a subprocess: the full run, not --fast
async def test_real_peers_measure_a_small_round_trip_also_while_video_is_paused(
    peer_pair: tuple[Side, Side],
) -> None:
    offerer, answerer = peer_pair
    await connect(offerer, answerer)
    round_trip = offerer.peer.round_trip
    await wait_until(lambda: round_trip.latest_ms() is not None, within_s=5.0)
    first = round_trip.latest()
    assert first is not None
    assert 0 < first.ms < 50  # loopback: well under a millisecond here
    # The paused video stream's SRs keep the last frame's time; a plain A - LSR - DLSR would
    # read the length of the pause (measured here: 574, 1705, 3035 ms). Audio keeps measuring.
    offerer.peer.set_video(None)
    deadline = time.monotonic() + 3.0
    readings = []
    while time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        reading = round_trip.latest()
        assert reading is not None
        readings.append(reading)
    assert max(r.ms for r in readings) < 50
    assert readings[-1].at > first.at  # new samples arrived during the pause
