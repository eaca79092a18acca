"""Speech is encoded and decoded on the event loop, where its packets are: no thread hop per 20 ms.

aiortc encodes every frame in the loop's thread pool (`run_in_executor`) and decodes every frame
on a decoder thread of its own (fed by a `queue.Queue`, answering with `run_coroutine_threadsafe`).
For video that keeps libvpx's milliseconds off the loop. For speech it is the wrong trade: an Opus
frame takes 0.1-0.25 ms to encode or decode, while each hop to a thread and back costs two
context switches and, on the machines measured (a 2-core VM), about as much CPU again as the coding
itself. An audio-only aiortc call (one way, both ends in one process, `bench/speech_on_loop.py`):
72-87 ms of CPU a second with the hops, 61-64 without; context switches 303-484 a second
against 52.

`code_speech_on_loop(sender, receiver)` makes one audio transceiver do both on the loop; the
loop then spends ~0.3 ms of every 20 ms on speech. Both places are private to aiortc: checked on
use (against aiortc 1.16); where they are not as expected, aiortc's threads stay and a warning
says so.
"""

from __future__ import annotations

import asyncio
import logging
import queue
from collections.abc import Callable
from typing import Any, TypeVar

import av
from aiortc import RTCRtpReceiver, RTCRtpSender
from aiortc.codecs import get_decoder

log = logging.getLogger(__name__)

__all__ = ["SpeechDecodingOnLoop", "code_speech_on_loop"]

_SENDER_LOOP = "_RTCRtpSender__loop"
_RECEIVER_QUEUE = "_RTCRtpReceiver__decoder_queue"
_RECEIVER_ERROR = "_RTCRtpReceiver__decoder_error"
_RECEIVER_THREAD = "_RTCRtpReceiver__decoder_thread"

T = TypeVar("T")


class _EncodingLoop:
    """The sender's loop, except that its "executor" runs the encoder right here."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop

    def run_in_executor(
        self, executor: object, function: Callable[..., T], *args: Any
    ) -> asyncio.Future[T]:
        del executor  # aiortc passes None: the default pool, not wanted for speech
        done: asyncio.Future[T] = self.loop.create_future()
        try:
            done.set_result(function(*args))
        except Exception as exc:  # the sender's task sees it as it would from the pool
            done.set_exception(exc)
        return done

    def __getattr__(self, name: str) -> Any:
        return getattr(self.loop, name)


class SpeechDecodingOnLoop:
    """Stands in for a receiver's decoder queue: `put` decodes at once and hands the frames to
    the track; aiortc's decoder thread only waits in `get` for the end of the call."""

    def __init__(self, receiver: RTCRtpReceiver) -> None:
        self._receiver = receiver
        self._decoder: Any = None
        self._codec_name: str | None = None
        self._ended: queue.SimpleQueue[None] = queue.SimpleQueue()
        self.decoded = 0
        """Frames decoded (for tests)."""

    def put(self, task: tuple[Any, Any] | None) -> None:
        if task is None:  # the receiver stops: let its thread end the track
            self._ended.put(None)
            return
        codec, encoded = task
        if codec.name != self._codec_name:
            self._decoder = get_decoder(codec)
            self._codec_name = codec.name
        try:
            frames = self._decoder.decode(encoded)
        except av.FFmpegError as exc:  # as aiortc: keep the decoder, skip the frame
            log.warning("a speech frame could not be decoded: %s", exc)
            error = getattr(self._receiver, _RECEIVER_ERROR, None)
            if error is not None:
                error.set()
            return
        # The remote track (made when the offer or answer arrives) and its queue, as aiortc's
        # decoder thread is given them when the receiver starts.
        track_queue: asyncio.Queue[Any] = self._receiver._track._queue  # type: ignore[union-attr]
        for frame in frames:
            track_queue.put_nowait(frame)
            self.decoded += 1

    def get(self) -> None:
        """aiortc's decoder thread: blocks until the receiver stops."""
        return self._ended.get()


def code_speech_on_loop(sender: RTCRtpSender, receiver: RTCRtpReceiver) -> bool:
    """Speech of one audio transceiver encoded and decoded on the loop; call before media flows
    (before the receiver starts). False (aiortc's threads kept, a warning) where aiortc differs."""
    loop = getattr(sender, _SENDER_LOOP, None)
    decoder_queue = getattr(receiver, _RECEIVER_QUEUE, None)
    if not isinstance(loop, asyncio.AbstractEventLoop | _EncodingLoop) or not isinstance(
        decoder_queue, queue.Queue | SpeechDecodingOnLoop
    ):
        log.warning("this aiortc codes speech elsewhere than expected: its threads are kept")
        return False
    if isinstance(loop, asyncio.AbstractEventLoop):
        setattr(sender, _SENDER_LOOP, _EncodingLoop(loop))
    if isinstance(decoder_queue, queue.Queue):
        if getattr(receiver, _RECEIVER_THREAD, None) is not None:
            # Its thread already waits on aiortc's queue and would never see the end.
            log.warning("speech decoding already started on aiortc's thread: it is kept")
            return False
        setattr(receiver, _RECEIVER_QUEUE, SpeechDecodingOnLoop(receiver))
    return True
