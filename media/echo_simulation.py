"""Speech-like sound and a simulated room, to measure the echo canceller without recordings.

`speech_like` makes voiced syllables: a glottal pulse train at a speaking pitch, shaped by three
vowel formants (resonators at textbook formant frequencies), with syllable envelopes and pauses.
`room_echo_path` is a loudspeaker-to-microphone impulse response: a direct-path delay and an
exponentially decaying diffuse tail (a room's reverberation). `measure_echo_cancellation` runs a
`VoiceProcessor` over far-end speech heard through that room plus near-end speech and reports
how far the echo was attenuated (ERLE) and whether the near-end voice survived.

Used by the tests and by `bench/echo_bench.py`; nothing here touches a device or a file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from media.audio_format import SAMPLE_RATE, Samples
from media.audio_processing import VoiceProcessingConfig, VoiceProcessor

Signal = npt.NDArray[np.float64]

# (F1, F2, F3) in Hz of /a/, /i/, /u/, /e/, /o/, /ɛ/ (Peterson & Barney averages).
_VOWELS = ((730, 1090, 2440), (270, 2290, 3010), (300, 870, 2240), (530, 1840, 2480),
           (570, 840, 2410), (440, 1020, 2240))  # fmt: skip
_BLOCK = 960


def _resonator(freq: float, bandwidth: float, length: int = 1024) -> Signal:
    """Impulse response of a two-pole resonator (one formant)."""
    r = math.exp(-math.pi * bandwidth / SAMPLE_RATE)
    theta = 2 * math.pi * freq / SAMPLE_RATE
    n = np.arange(length)
    # Closed form of y[n] = x[n] + 2r cos(θ) y[n-1] - r² y[n-2] for an impulse.
    h = r**n * np.sin(theta * (n + 1)) / math.sin(theta)
    return np.asarray(h / np.abs(h).sum(), dtype=np.float64)


def _vowel_filter(formants: tuple[int, int, int]) -> Signal:
    h: Signal = np.array([1.0])
    for freq in formants:
        h = np.convolve(h, _resonator(freq, 60 + 0.06 * freq))
    return np.asarray(h / math.sqrt(float(np.sum(h * h))), dtype=np.float64)


def convolve(a: Signal, b: Signal) -> Signal:
    """Linear convolution through the FFT (fast for long signals)."""
    size = a.size + b.size - 1
    n = 1 << (size - 1).bit_length()
    out = np.fft.irfft(np.fft.rfft(a, n) * np.fft.rfft(b, n), n)[:size]
    return np.asarray(out, dtype=np.float64)


def speech_like(seconds: float, pitch_hz: float, seed: int, level_dbfs: float = -20.0) -> Signal:
    """Voiced syllables (120-300 ms) with short pauses, scaled to ``level_dbfs`` RMS."""
    rng = np.random.default_rng(seed)
    total = int(SAMPLE_RATE * seconds)
    out = np.zeros(total)
    filters = [_vowel_filter(v) for v in _VOWELS]
    pos = 0
    while pos < total:
        length = min(int(SAMPLE_RATE * rng.uniform(0.12, 0.3)), total - pos)
        t = np.arange(length) / SAMPLE_RATE
        pitch = pitch_hz * (1 + 0.15 * rng.uniform(-1, 1)) * (1 - 0.6 * t)  # falling intonation
        phase = np.cumsum(pitch / SAMPLE_RATE)
        pulses = (np.diff(np.floor(phase), prepend=0.0) > 0).astype(np.float64)
        excitation = pulses + 0.02 * rng.standard_normal(length)
        voiced = convolve(excitation, filters[int(rng.integers(len(filters)))])[:length]
        out[pos : pos + length] = voiced * np.sin(np.pi * np.arange(length) / length) ** 0.5
        pos += length + int(SAMPLE_RATE * rng.uniform(0.03, 0.15))
    rms = math.sqrt(float(np.mean(out**2))) or 1.0
    return np.asarray(out / rms * 10 ** (level_dbfs / 20), dtype=np.float64)


def room_echo_path(
    delay_ms: float = 40.0, rt60_s: float = 0.25, gain_db: float = -6.0, seed: int = 9
) -> Signal:
    """Speaker-to-microphone impulse response: a delay, a direct sound and a decaying tail.

    ``rt60_s`` is the time the tail takes to fall by 60 dB (a furnished office: 0.2-0.4 s);
    ``gain_db`` is the echo's energy relative to what the speaker plays.
    """
    rng = np.random.default_rng(seed)
    n = int(SAMPLE_RATE * rt60_s)
    t = np.arange(n) / SAMPLE_RATE
    tail = rng.standard_normal(n) * np.exp(-math.log(1000) * t / rt60_s)
    tail[0] = 3.0  # the direct sound stands out of the diffuse tail
    tail /= math.sqrt(float(np.sum(tail**2)))
    h = np.concatenate((np.zeros(int(SAMPLE_RATE * delay_ms / 1000)), tail))
    return np.asarray(h * 10 ** (gain_db / 20), dtype=np.float64)


def to_samples(signal: Signal) -> Samples:
    return np.clip(np.round(signal * 32767), -32768, 32767).astype(np.int16)


def level_db(signal: Signal) -> float:
    return 10 * math.log10(float(np.mean(signal**2)) + 1e-20)


def best_lag_correlation(
    output: Signal, reference: Signal, max_lag: int = 2400
) -> tuple[int, float]:
    """(lag, normalised correlation) of ``reference`` within ``output`` at the lag that fits
    best: the processing delays its output by a few milliseconds (its filter bank)."""
    cc = convolve(output, reference[::-1])
    mid = reference.size - 1
    window = cc[mid : mid + max_lag + 1]
    lag = int(np.argmax(np.abs(window)))
    norm = math.sqrt(float(np.sum(output**2) * np.sum(reference**2))) or 1.0
    return lag, float(window[lag] / norm)


@dataclass(frozen=True, slots=True)
class EchoMeasurement:
    """What the canceller did: echo attenuation once converged, and the near-end voice after."""

    erle_db: float
    """Echo return loss enhancement: echo level in minus residual level out, far end alone."""
    near_correlation: float
    """Correlation of the output with the near-end voice during double talk (1 = untouched)."""
    near_level_change_db: float
    """Output level minus near-end level during double talk (0 = kept its loudness)."""
    output_delay_ms: float
    """How much the processing delays the microphone signal."""


def measure_echo_cancellation(
    config: VoiceProcessingConfig | None = None,
    *,
    seconds: float = 12.0,
    far_alone_s: float = 6.0,
    converge_s: float = 3.0,
    echo_path: Signal | None = None,
) -> EchoMeasurement:
    """Far-end speech through a room into the microphone, near-end speech after ``far_alone_s``.

    ERLE is measured from ``converge_s`` to ``far_alone_s`` (far end alone, after convergence);
    the near-end voice from one second into the double talk to the end.
    """
    config = config or VoiceProcessingConfig(noise_suppression=False, gain_control=False)
    far = speech_like(seconds, pitch_hz=110, seed=1)
    near = speech_like(seconds, pitch_hz=210, seed=2, level_dbfs=-26)
    near[: int(SAMPLE_RATE * far_alone_s)] = 0.0
    echo = convolve(far, room_echo_path() if echo_path is None else echo_path)[: far.size]
    far16, mic16 = to_samples(far), to_samples(echo + near)
    processor = VoiceProcessor(config)
    out16 = np.zeros_like(mic16)
    for start in range(0, mic16.size - _BLOCK + 1, _BLOCK):  # as the devices do: 20 ms blocks
        processor.playout(far16[start : start + _BLOCK])
        out16[start : start + _BLOCK] = processor.capture(mic16[start : start + _BLOCK])
    out = out16.astype(np.float64) / 32767
    a, b = int(SAMPLE_RATE * converge_s), int(SAMPLE_RATE * far_alone_s)
    erle = level_db(echo[a:b]) - level_db(out[a:b])
    c, d = int(SAMPLE_RATE * (far_alone_s + 1)), out.size - 2400
    lag, correlation = best_lag_correlation(out[c:d], near[c:d])
    return EchoMeasurement(
        erle_db=erle,
        near_correlation=correlation,
        near_level_change_db=level_db(out[c + lag : d + lag]) - level_db(near[c:d]),
        output_delay_ms=1000 * lag / SAMPLE_RATE,
    )
