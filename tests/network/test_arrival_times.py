"""Arrival times from the kernel for aiortc's bandwidth estimate: when a datagram reached the
machine, not when a busy event loop got round to it."""

from __future__ import annotations

import asyncio
import itertools
import socket
import sys
import threading
import time
from typing import Any

import aiortc.clock
import aiortc.rtcdtlstransport
import pytest
from aiortc import AudioStreamTrack, RTCRtpReceiver
from aiortc.rtp import RtpPacket

from network.arrival_times import ArrivalBook, StampingSocket
from tests.network.peers import Side, close, make_side, wait_until

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="kernel arrival times are read on Linux only"
)

GAP_S = 0.04
BUSY_S = 0.3


class Recorder(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.read: list[tuple[bytes, int]] = []  # each datagram and aiortc's clock when read

    def datagram_received(self, data: bytes, addr: Any) -> None:
        self.read.append((data, aiortc.clock.current_ms()))


def send_spaced(port: int, count: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
        for index in range(count):
            sender.sendto(b"datagram %d" % index, ("127.0.0.1", port))
            time.sleep(GAP_S)


async def test_the_time_is_when_the_datagram_arrived_not_when_the_busy_loop_read_it() -> None:
    loop = asyncio.get_running_loop()
    transport, recorder = await loop.create_datagram_endpoint(Recorder, local_addr=("127.0.0.1", 0))
    book = ArrivalBook()
    transport._sock = StampingSocket(transport._sock, book)  # type: ignore[attr-defined]
    try:
        port = transport.get_extra_info("sockname")[1]
        sending = threading.Thread(target=send_spaced, args=(port, 4))
        sending.start()
        time.sleep(BUSY_S)  # noqa: ASYNC251 - the loop is busy while all four arrive, GAP_S apart
        sending.join()
        await wait_until(lambda: len(recorder.read) == 4)
        read_at = [at for _, at in recorder.read]
        arrived_at = [book.take(data) for data, _ in recorder.read]
        assert None not in arrived_at
        gaps = [later - earlier for earlier, later in itertools.pairwise(arrived_at)]
        assert all(GAP_S * 1000 * 0.75 <= gap <= GAP_S * 1000 * 3 for gap in gaps), gaps
        assert all(arrived < read for arrived, read in zip(arrived_at, read_at, strict=True))
        # The loop read them late and close together: its own clock would have lost the spacing.
        assert read_at[-1] - read_at[0] < (arrived_at[-1] - arrived_at[0]) / 2
        assert book.stamped == 4
    finally:
        transport.close()


def test_a_datagram_not_read_here_keeps_no_time_and_older_ones_are_forgotten() -> None:
    book = ArrivalBook()
    stun, rtp, late = (bytes(bytearray(name)) for name in (b"stun", b"rtp", b"late"))
    book.note(stun, 1)
    book.note(rtp, 2)
    assert book.take(bytes(bytearray(b"rtp"))) is None  # equal, but not the datagram read
    assert book.take(rtp) == 2
    assert book.take(stun) is None  # read before the one taken: aioice's own, forgotten
    book.note(late, 3)
    assert book.take(late) == 3
    assert (book.stamped, book.unknown) == (2, 2)


class OtherLoop:
    """An event loop on a thread of its own: a customer whose sending goes on while ours is busy."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    async def run(self, coroutine: Any) -> Any:
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, self.loop))

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


async def customer_with_speech() -> Side:
    side = make_side()
    side.peer.set_audio(AudioStreamTrack())
    return side


@pytest.mark.slow  # real peers: the full run, not --fast
async def test_a_call_gives_aiortcs_estimate_the_kernels_times_while_the_loop_is_busy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handled: list[tuple[int, int]] = []  # the arrival time given, aiortc's clock then

    handle = RTCRtpReceiver._handle_rtp_packet

    async def watched(self: RTCRtpReceiver, packet: RtpPacket, arrival_time_ms: int) -> None:
        if threading.current_thread() is threading.main_thread():  # the advisor's side
            handled.append((arrival_time_ms, aiortc.clock.current_ms()))
        await handle(self, packet, arrival_time_ms)

    monkeypatch.setattr(RTCRtpReceiver, "_handle_rtp_packet", watched)
    other = OtherLoop()
    customer: Side = await other.run(customer_with_speech())
    advisor = make_side()
    try:
        offer = await other.run(customer.peer.offer())
        answer = await advisor.peer.answer(offer)
        await other.run(customer.peer.accept_answer(answer))
        await advisor.peer.wait_connected(5)
        await wait_until(lambda: len(handled) >= 25)
        assert aiortc.rtcdtlstransport.clock is not aiortc.clock  # the handling clock is in
        handled.clear()
        time.sleep(BUSY_S)  # noqa: ASYNC251 - busy loop: 15 speech packets arrive, 20 ms apart
        await wait_until(lambda: len(handled) >= 12)
        given = [arrival for arrival, _ in handled[:12]]
        now = [at for _, at in handled[:12]]
        assert given[-1] - given[0] >= 150, f"the arrival times keep the 20 ms spacing: {given}"
        assert now[-1] - now[0] < (given[-1] - given[0]) / 2, "handled close together, late"
        assert all(arrival <= at for arrival, at in handled[:12])
    finally:
        await close(advisor)
        await other.run(close(customer))
        other.stop()
