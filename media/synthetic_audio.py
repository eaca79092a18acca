"""A synthetic microphone: a lavfi audio graph decoded by PyAV and paced to real time.

For the demo and the tests (``lavfi:sine=frequency=440:sample_rate=48000``): it delivers the same
20 ms s16 mono 48 kHz blocks from its own thread that a sound card would, at the same pace.

Like a sound card's, its sound is ready when the block is due: the graph is decoded 200 ms at a
time, so a wake-up only hands a block on. Decoding each block after its wake-up cost 0.45 ms of
CPU a block on the 2-core bench machine (work right after a thread wakes ran about seven times
slower there than in a busy loop): 0.027 of a core in all. Decoded ahead: 0.012 of a core, most
of it the wake-ups themselves (0.24 ms a block).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator

import av
import numpy as np

from media.audio_format import FRAME_SAMPLES, SAMPLE_RATE, Samples, frame_samples

log = logging.getLogger(__name__)

AHEAD_SAMPLES = 10 * FRAME_SAMPLES  # decoded at once: 200 ms


class SyntheticAudioSource:
    """Decodes ``graph`` on a thread and calls ``deliver`` with each 960-sample block."""

    def __init__(self, graph: str, deliver: Callable[[Samples], None]) -> None:
        self.graph = graph
        self._deliver = deliver
        self._quit = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Open the graph (raises `av.FFmpegError`/`ValueError` if it is invalid) and run."""
        container = av.open(self.graph, format="lavfi")
        if not container.streams.audio:
            container.close()
            raise ValueError(f"lavfi graph {self.graph!r} makes no audio")
        self._quit.clear()
        self._thread = threading.Thread(
            target=self._run, args=(container,), name="synthetic audio", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 1.0) -> None:
        """Stop and wait (briefly) for the thread to end."""
        self._quit.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _run(self, container: av.container.InputContainer) -> None:
        started = time.monotonic()
        try:
            for index, samples in enumerate(_blocks(container)):
                due = started + index * FRAME_SAMPLES / SAMPLE_RATE
                if self._quit.wait(max(0.0, due - time.monotonic())):
                    return
                self._deliver(samples)
        except (av.FFmpegError, ValueError):
            log.exception("synthetic audio %r failed", self.graph)
        finally:
            container.close()


def _blocks(container: av.container.InputContainer) -> Iterator[Samples]:
    """The graph's sound as 960-sample blocks, decoded `AHEAD_SAMPLES` at a time; the very last
    block is padded with silence."""
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    pending = np.zeros(0, dtype=np.int16)
    decoded_frames = (
        frame for decoded in container.decode(audio=0) for frame in resampler.resample(decoded)
    )
    ended = False
    while not ended:
        parts = [pending]
        count = pending.size
        while count < AHEAD_SAMPLES:
            frame = next(decoded_frames, None)
            if frame is None:
                ended = True
                parts.extend(frame_samples(f) for f in resampler.resample(None))
                break
            parts.append(frame_samples(frame))
            count += frame.samples
        sound = np.concatenate(parts)
        whole = sound.size // FRAME_SAMPLES * FRAME_SAMPLES
        yield from (block.copy() for block in sound[:whole].reshape(-1, FRAME_SAMPLES))
        pending = sound[whole:]
    if pending.size:
        yield np.pad(pending, (0, FRAME_SAMPLES - pending.size))
