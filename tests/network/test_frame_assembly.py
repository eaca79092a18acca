"""Frames leave the receive buffer when they are whole, not one frame later; losses still wait."""

from __future__ import annotations

import asyncio

from aiortc import RTCPeerConnection
from aiortc.jitterbuffer import JitterBuffer
from aiortc.rtp import RtpPacket

from network.frame_assembly import PromptJitterBuffer, use_prompt_jitter_buffer


def _packet(number: int, timestamp: int, *, marker: bool = False) -> RtpPacket:
    packet = RtpPacket(sequence_number=number, timestamp=timestamp, marker=int(marker))
    packet._data = bytes([number % 256])  # type: ignore[attr-defined]  # what depayload leaves
    return packet


def _video_frames(first: int, count: int, packets_per_frame: int) -> list[RtpPacket]:
    packets = []
    number = first
    for frame in range(count):
        for index in range(packets_per_frame):
            last = index == packets_per_frame - 1
            packets.append(_packet(number, 3000 * frame, marker=last))
            number = (number + 1) % 65536
    return packets


def test_a_video_frame_leaves_with_its_marker_packet() -> None:
    buffer = PromptJitterBuffer(capacity=128, is_video=True)
    released = []
    for packet in _video_frames(65534, 3, 3):  # the sequence numbers wrap on the way
        _pli, frame = buffer.add(packet)
        released.append(None if frame is None else frame.timestamp)
    # Frame n comes out at its own third packet, not at the next frame's first.
    assert released == [None, None, 0, None, None, 3000, None, None, 6000]


def test_aiortc_would_hold_each_frame_until_the_next_begins() -> None:
    buffer = JitterBuffer(capacity=128, is_video=True)
    released = [buffer.add(packet)[1] for packet in _video_frames(10, 2, 3)]
    assert [frame is not None for frame in released] == [False, False, False, True, False, False]


def test_a_frame_with_a_hole_waits_for_the_retransmission_then_leaves_whole() -> None:
    buffer = PromptJitterBuffer(capacity=128, is_video=True)
    first, second = _video_frames(100, 2, 3)[:3], _video_frames(103, 2, 3)[3:]
    assert buffer.add(first[0])[1] is None
    assert buffer.add(first[2])[1] is None  # packet 101 missing: not complete
    for packet in second:
        assert buffer.add(packet)[1] is None  # the next frame waits behind the hole
    frame = buffer.add(first[1])[1]  # the NACKed packet arrives
    assert frame is not None
    assert frame.timestamp == 0
    assert frame.data == bytes([100, 101, 102])


def test_packets_out_of_order_within_a_frame_complete_it_when_the_last_one_comes() -> None:
    buffer = PromptJitterBuffer(capacity=128, is_video=True)
    a, b, c = _video_frames(7, 1, 3)
    assert buffer.add(a)[1] is None
    assert buffer.add(c)[1] is None
    frame = buffer.add(b)[1]
    assert frame is not None
    assert frame.data == bytes([7, 8, 9])


def test_a_frame_whose_marker_never_came_leaves_when_a_newer_one_begins() -> None:
    buffer = PromptJitterBuffer(capacity=128, is_video=True)
    assert buffer.add(_packet(1, 0))[1] is None
    frame = buffer.add(_packet(2, 3000))[1]
    assert frame is not None
    assert frame.timestamp == 0


def test_audio_packets_leave_at_once() -> None:
    buffer = PromptJitterBuffer(capacity=16, prefetch=4)
    for number in range(5):
        frame = buffer.add(_packet(number, 960 * number))[1]
        assert frame is not None
        assert frame.timestamp == 960 * number


def test_audio_waits_briefly_for_a_reordered_packet() -> None:
    buffer = PromptJitterBuffer(capacity=16, prefetch=4)
    assert buffer.add(_packet(0, 0))[1] is not None
    assert buffer.add(_packet(2, 1920))[1] is None  # 1 is late
    frame = buffer.add(_packet(1, 960))[1]
    assert frame is not None
    assert frame.timestamp == 960
    frame = buffer.add(_packet(3, 2880))[1]
    assert frame is not None
    assert frame.timestamp == 1920  # in order, one per arriving packet


def test_a_lost_audio_packet_is_skipped_after_four_newer_ones() -> None:
    buffer = PromptJitterBuffer(capacity=16, prefetch=4)
    assert buffer.add(_packet(0, 0))[1] is not None
    released = [buffer.add(_packet(n, 960 * n))[1] for n in range(2, 7)]  # 1 is lost
    assert [frame is not None for frame in released] == [False, False, False, True, True]
    assert [frame.timestamp for frame in released if frame is not None] == [1920, 2880]


def test_a_late_packet_after_its_gap_was_skipped_is_dropped() -> None:
    buffer = PromptJitterBuffer(capacity=16, prefetch=4)
    buffer.add(_packet(0, 0))
    for n in range(2, 6):
        buffer.add(_packet(n, 960 * n))
    assert buffer.add(_packet(1, 960))[1] is None


def test_the_call_peer_receivers_get_the_prompt_buffer() -> None:
    async def scenario() -> tuple[bool, bool, bool]:
        pc = RTCPeerConnection()
        try:
            audio = pc.addTransceiver("audio").receiver
            video = pc.addTransceiver("video").receiver
            done = use_prompt_jitter_buffer(audio) and use_prompt_jitter_buffer(video)
            buffers = [r._RTCRtpReceiver__jitter_buffer for r in (audio, video)]
            kept = (
                buffers[0]._prefetch == 4
                and not buffers[0]._is_video
                and buffers[1]._is_video
                and buffers[1].capacity == 512
            )
            return done, all(isinstance(b, PromptJitterBuffer) for b in buffers), kept
        finally:
            await pc.close()

    assert asyncio.run(scenario()) == (True, True, True)


def test_without_a_buffer_where_expected_the_receiver_is_left_alone() -> None:
    class NotAReceiver:
        pass

    assert use_prompt_jitter_buffer(NotAReceiver()) is False  # type: ignore[arg-type]
