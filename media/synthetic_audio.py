"""A synthetic microphone: a lavfi audio graph decoded by PyAV and paced to real time.

For the demo and the tests (``lavfi:sine=frequency=440:sample_rate=48000``): it delivers the same
20 ms s16 mono 48 kHz blocks from its own thread that a sound card would, at the same pace.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import av
import numpy as np

from media.audio_format import FRAME_SAMPLES, SAMPLE_RATE, Samples, frame_samples

log = logging.getLogger(__name__)


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
        resampler = av.AudioResampler(
            format="s16", layout="mono", rate=SAMPLE_RATE, frame_size=FRAME_SAMPLES
        )
        started = time.monotonic()
        delivered = 0
        try:
            for decoded in container.decode(audio=0):
                for block in resampler.resample(decoded):
                    due = started + delivered / SAMPLE_RATE
                    if self._quit.wait(max(0.0, due - time.monotonic())):
                        return
                    samples = frame_samples(block)
                    if samples.size < FRAME_SAMPLES:  # only the very last block can be short
                        samples = np.pad(samples, (0, FRAME_SAMPLES - samples.size))
                    self._deliver(samples)
                    delivered += FRAME_SAMPLES
        except (av.FFmpegError, ValueError):
            log.exception("synthetic audio %r failed", self.graph)
        finally:
            container.close()
