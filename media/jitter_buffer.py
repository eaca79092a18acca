"""A small playout buffer between the network (bursty) and the sound card (steady).

The loop pushes decoded audio as it arrives; the sound card's callback thread pulls exactly what it
needs. Playback starts (and restarts after running dry) only once ``target_ms`` is buffered, which
absorbs network jitter; above ``max_ms`` the oldest audio is dropped back to the target so the
delay never grows (a sound card clock slightly slower than the sender's would otherwise let it
creep up). When empty it plays silence and counts one underrun per dry spell.
"""

from __future__ import annotations

import threading

import numpy as np

from media.audio_format import SAMPLE_RATE, Samples


class JitterBuffer:
    """Thread-safe int16 mono sample buffer with prebuffering, overflow drop and underrun count."""

    def __init__(
        self, *, sample_rate: int = SAMPLE_RATE, target_ms: float = 60.0, max_ms: float = 200.0
    ) -> None:
        if not 0 < target_ms < max_ms:
            raise ValueError(f"need 0 < target_ms < max_ms, got {target_ms} and {max_ms}")
        self.target_samples = int(sample_rate * target_ms / 1000)
        self.max_samples = int(sample_rate * max_ms / 1000)
        self._data = bytearray()
        self._lock = threading.Lock()
        self._playing = False
        self.underruns = 0
        """Times playback ran dry and silence had to fill in."""
        self.dropped_samples = 0
        """Samples thrown away because more than ``max_ms`` had piled up."""
        self.played_samples = 0
        """Samples of real audio handed to the sound card (silence not counted)."""

    @property
    def buffered_samples(self) -> int:
        with self._lock:
            return len(self._data) // 2

    def push(self, samples: Samples) -> None:
        """Append audio (any thread); drops the oldest audio back to the target when over max."""
        with self._lock:
            self._data += samples.astype(np.int16, copy=False).tobytes()
            buffered = len(self._data) // 2
            if buffered > self.max_samples:
                excess = buffered - self.target_samples
                del self._data[: excess * 2]
                self.dropped_samples += excess

    def pull(self, count: int) -> Samples:
        """Exactly ``count`` samples for the sound card: audio, padded with silence when short."""
        out = np.zeros(count, dtype=np.int16)
        with self._lock:
            buffered = len(self._data) // 2
            if not self._playing:
                if buffered < self.target_samples:
                    return out  # still prebuffering
                self._playing = True
            take = min(count, buffered)
            if take:
                out[:take] = np.frombuffer(self._data, dtype=np.int16, count=take)
                del self._data[: take * 2]
                self.played_samples += take
            if take < count:
                self.underruns += 1
                self._playing = False
        return out
