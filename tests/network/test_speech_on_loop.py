"""Speech encoded and decoded on the loop: real peers, the coding really on the loop's thread, and
a clean end (aiortc's decoder thread must still end the track and be joined)."""

from __future__ import annotations

import asyncio
import logging
import threading

import pytest
from aiortc import AudioStreamTrack, RTCPeerConnection
from aiortc.codecs import get_capabilities
from aiortc.jitterbuffer import JitterFrame
from aiortc.mediastreams import MediaStreamError

from network.speech_on_loop import SpeechDecodingOnLoop, code_speech_on_loop
from network.speech_opus import SpeechOpusEncoder
from tests.network.peers import Side, close, connect, make_side, wait_until

pytestmark = pytest.mark.slow  # real peers: the full run, not --fast


async def test_speech_is_coded_on_the_loop_thread_and_the_call_ends_cleanly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    encoded_on: set[int] = set()
    encode = SpeechOpusEncoder.encode

    def watched(self: SpeechOpusEncoder, *args: object, **kwargs: object) -> object:
        encoded_on.add(threading.get_ident())
        return encode(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(SpeechOpusEncoder, "encode", watched)
    offerer, answerer = make_side(), make_side()
    offerer.peer.set_audio(AudioStreamTrack())
    answerer.peer.set_audio(AudioStreamTrack())
    try:
        await connect(offerer, answerer)
        await wait_until(lambda: all(side.frames["audio"] >= 50 for side in (offerer, answerer)))
        assert encoded_on == {threading.get_ident()}  # this test runs on the loop's thread
        decoding = answerer.peer._audio.receiver._RTCRtpReceiver__decoder_queue  # type: ignore[attr-defined]
        assert isinstance(decoding, SpeechDecodingOnLoop)
        assert decoding.decoded >= 50
    finally:
        # Closing joins aiortc's decoder threads: this hangs if the end never reached them.
        await asyncio.wait_for(close(offerer, answerer), 10)


async def test_the_remote_track_ends_when_the_receiver_stops() -> None:
    offerer, answerer = make_side(), make_side()
    offerer.peer.set_audio(AudioStreamTrack())
    tracks: list[object] = []
    answerer.peer._on_remote_track = tracks.append  # type: ignore[assignment]
    try:
        await connect(offerer, answerer)
        await wait_until(lambda: tracks)
        track = next(t for t in tracks if getattr(t, "kind", "") == "audio")
        await asyncio.wait_for(track.recv(), 5)  # type: ignore[attr-defined]
    finally:
        await asyncio.wait_for(close(offerer, answerer), 10)
    with pytest.raises(MediaStreamError):
        await drain(track)


async def drain(track: object) -> None:
    """What was decoded before the end, then the end (or a timeout: the end never came)."""
    for _ in range(500):
        await asyncio.wait_for(track.recv(), 5)  # type: ignore[attr-defined]


async def test_a_frame_that_cannot_be_decoded_is_skipped_and_reported() -> None:
    pc = RTCPeerConnection()
    try:
        receiver = pc.addTransceiver("audio").receiver
        assert code_speech_on_loop(pc.getTransceivers()[0].sender, receiver)
        decoding = receiver._RTCRtpReceiver__decoder_queue  # type: ignore[attr-defined]
        opus = next(c for c in get_capabilities("audio").codecs if c.mimeType == "audio/opus")
        codec = type("Codec", (), {"name": "opus", "mimeType": opus.mimeType})()
        decoding.put((codec, JitterFrame(data=b"\xff" * 3, timestamp=0)))
        assert decoding.decoded == 0
        assert receiver._RTCRtpReceiver__decoder_error.is_set()  # type: ignore[attr-defined]
    finally:
        await pc.close()


async def test_a_receiver_already_decoding_keeps_aiortcs_thread(
    peer_pair: tuple[Side, Side], caplog: pytest.LogCaptureFixture
) -> None:
    offerer, answerer = peer_pair
    await connect(offerer, answerer)
    transceiver = answerer.peer._audio  # type: ignore[attr-defined]
    with caplog.at_level(logging.WARNING):
        # Already replaced at the start: nothing to do, and said to work.
        assert code_speech_on_loop(transceiver.sender, transceiver.receiver)
    pc = RTCPeerConnection()
    try:
        receiver = pc.addTransceiver("audio").receiver
        receiver._RTCRtpReceiver__decoder_thread = threading.current_thread()  # type: ignore[attr-defined]
        with caplog.at_level(logging.WARNING):
            assert not code_speech_on_loop(pc.getTransceivers()[0].sender, receiver)
        assert "already started" in caplog.text
    finally:
        receiver._RTCRtpReceiver__decoder_thread = None  # type: ignore[attr-defined]
        await pc.close()
