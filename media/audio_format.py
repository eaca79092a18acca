"""The one audio format inside the app: signed 16-bit mono at 48 kHz in 20 ms frames.

48 kHz is Opus's native rate (no resampling before the encoder) and 20 ms is aiortc's
packetisation time (`AUDIO_PTIME`), so one captured block is one RTP packet.
"""

from __future__ import annotations

import fractions
import math

import av
import numpy as np
import numpy.typing as npt
from aiortc.mediastreams import AUDIO_PTIME

SAMPLE_RATE = 48_000
FRAME_SAMPLES = int(SAMPLE_RATE * AUDIO_PTIME)  # 960
TIME_BASE = fractions.Fraction(1, SAMPLE_RATE)
SILENCE_DBFS = -100.0  # what `rms_dbfs` reports for digital silence

Samples = npt.NDArray[np.int16]


def make_frame(samples: Samples, pts: int) -> av.AudioFrame:
    """An s16 mono 48 kHz `av.AudioFrame` holding ``samples``, stamped ``pts`` (in samples)."""
    frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
    frame.sample_rate = SAMPLE_RATE
    frame.pts = pts
    frame.time_base = TIME_BASE
    return frame


def new_resampler() -> av.AudioResampler:
    """A resampler from whatever arrives to the app's format (passes that format through)."""
    return av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)


def frame_samples(frame: av.AudioFrame) -> Samples:
    """The samples of an s16 frame as a flat int16 array (a copy; channels interleaved).

    Read from the frame's plane: PyAV's `to_ndarray` stacks the planes with `numpy.vstack`, which
    cost more than the copy itself, twice in every 20 ms (the microphone's and the speaker's).
    """
    if frame.format.name != "s16":
        raise ValueError(f"expected s16 samples, got {frame.format.name}")
    count = frame.samples * frame.layout.nb_channels
    return np.frombuffer(memoryview(frame.planes[0]), dtype=np.int16, count=count).copy()


def rms_dbfs(samples: Samples) -> float:
    """Loudness in dB relative to a full-scale square wave; `SILENCE_DBFS` for silence."""
    if samples.size == 0:
        return SILENCE_DBFS
    rms = float(np.sqrt(np.mean(np.square(samples.astype(np.float64))))) / 32768.0
    return max(SILENCE_DBFS, 20.0 * math.log10(rms)) if rms > 0 else SILENCE_DBFS
