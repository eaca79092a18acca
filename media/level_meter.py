"""The microphone level meter: how loud, whether it clips, whether it is too quiet, the noise floor.

Fed with the 20 ms blocks the microphone delivers (any thread, cheap). A reading tells the meter
widget what to draw; `MicrophoneAssessment` sums up a few seconds for the hardware test.
Thresholds are in dBFS (0 = a full-scale square wave, as `media.audio_format.rms_dbfs`).
"""

from __future__ import annotations

import math
import threading
from collections import deque
from dataclasses import dataclass

import numpy as np

from advisor_app.domain.levels import LevelReading
from media.audio_format import SILENCE_DBFS, Samples, rms_dbfs

CLIP_SAMPLE = 32_440  # 99 % of full scale: a sample this large was most likely cut off
CLIP_FRACTION = 0.001  # one sample in a thousand at the rail makes a block "clipping"
TOO_QUIET_DBFS = -45.0  # speech peaks below this are too quiet to be understood well
NOISY_FLOOR_DBFS = -45.0  # a background above this is heard by the customer
DEAD_FLOOR_DBFS = -90.0  # below this the "microphone" delivers digital silence
_HISTORY_BLOCKS = 500  # ten seconds of 20 ms blocks


def peak_dbfs(samples: Samples) -> float:
    if samples.size == 0:
        return SILENCE_DBFS
    peak = int(np.max(np.abs(samples.astype(np.int32)))) / 32768.0
    return max(SILENCE_DBFS, 20.0 * math.log10(peak)) if peak > 0 else SILENCE_DBFS


def read_level(samples: Samples) -> LevelReading:
    clipped = int(np.count_nonzero(np.abs(samples.astype(np.int32)) >= CLIP_SAMPLE))
    return LevelReading(
        level_dbfs=rms_dbfs(samples),
        peak_dbfs=peak_dbfs(samples),
        clipping=samples.size > 0 and clipped / samples.size >= CLIP_FRACTION,
    )


@dataclass(frozen=True, slots=True)
class MicrophoneAssessment:
    """A few seconds of microphone input summed up, for the hardware test and the meter."""

    speech_dbfs: float  # the loud blocks (90th percentile of block levels)
    noise_floor_dbfs: float  # the quiet blocks (10th percentile)
    clipping_blocks: int
    blocks: int

    @property
    def silent(self) -> bool:
        """Digital silence throughout: a muted or disconnected microphone."""
        return self.speech_dbfs <= DEAD_FLOOR_DBFS

    @property
    def too_quiet(self) -> bool:
        return not self.silent and self.speech_dbfs < TOO_QUIET_DBFS

    @property
    def clipping(self) -> bool:
        return self.clipping_blocks > max(1, self.blocks // 100)

    @property
    def noisy(self) -> bool:
        return self.noise_floor_dbfs > NOISY_FLOOR_DBFS


class LevelMeter:
    """Keeps the last ten seconds of block readings; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._history: deque[LevelReading] = deque(maxlen=_HISTORY_BLOCKS)
        self.last = LevelReading(SILENCE_DBFS, SILENCE_DBFS, clipping=False)

    def feed(self, samples: Samples) -> LevelReading:
        reading = read_level(samples)
        with self._lock:
            self._history.append(reading)
            self.last = reading
        return reading

    def reset(self) -> None:
        with self._lock:
            self._history.clear()

    def assess(self) -> MicrophoneAssessment:
        with self._lock:
            history = list(self._history)
        if not history:
            return MicrophoneAssessment(SILENCE_DBFS, SILENCE_DBFS, 0, 0)
        levels = np.array([r.level_dbfs for r in history])
        return MicrophoneAssessment(
            speech_dbfs=float(np.percentile(levels, 90)),
            noise_floor_dbfs=float(np.percentile(levels, 10)),
            clipping_blocks=sum(r.clipping for r in history),
            blocks=len(history),
        )
