"""Shared by the hardware tests: a voice in the room (speech played into the null sink, which the
microphone hears from its monitor), and the PulseAudio fixture from the media tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from media.audio_devices import open_stream
from media.echo_simulation import speech_like, to_samples


@contextmanager
def someone_speaking(device: str, level_dbfs: float = -24.0) -> Iterator[None]:
    """Synthetic speech, looped into ``device`` until the block ends."""
    voice = to_samples(speech_like(4.0, pitch_hz=170, seed=11, level_dbfs=level_dbfs))
    position = 0
    lock = threading.Lock()

    def play(outdata: Any, frames: int, _time: Any, _status: Any) -> None:
        nonlocal position
        with lock:
            idx = (position + np.arange(frames)) % voice.size
            position = (position + frames) % voice.size
        outdata[:, 0] = voice[idx]

    stream = open_stream("output", device, play)
    try:
        yield
    finally:
        stream.close()
