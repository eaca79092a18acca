"""Echo cancellation, measured: far-end speech heard through a simulated room (a delay and an
exponentially decaying tail) comes back at least 20 dB weaker, while the advisor's own voice,
spoken at the same time, survives in shape and loudness. No recordings: the speech is synthetic."""

from __future__ import annotations

import numpy as np
import pytest

from media.audio_format import SAMPLE_RATE
from media.audio_processing import (
    NO_PROCESSING,
    VoiceProcessing,
    VoiceProcessingConfig,
    VoiceProcessor,
    processing_available,
)
from media.echo_simulation import (
    best_lag_correlation,
    measure_echo_cancellation,
    room_echo_path,
    speech_like,
    to_samples,
)

needs_module = pytest.mark.skipif(
    not processing_available(), reason="livekit's audio processing module is not installed"
)


@needs_module
@pytest.mark.parametrize(
    ("delay_ms", "rt60_s"), [(40.0, 0.25), (150.0, 0.4)], ids=["near-speaker", "far-wall"]
)
def test_echo_is_attenuated_by_20_db_and_the_near_voice_survives(
    delay_ms: float, rt60_s: float
) -> None:
    result = measure_echo_cancellation(echo_path=room_echo_path(delay_ms, rt60_s))
    assert result.erle_db >= 20.0
    assert result.near_correlation >= 0.5
    assert abs(result.near_level_change_db) <= 6.0
    assert result.output_delay_ms < 20.0  # the processing adds only its filter bank's delay


def test_without_processing_nothing_is_attenuated() -> None:
    # The same measurement with everything off: the 20 dB above are the canceller's doing.
    result = measure_echo_cancellation(NO_PROCESSING)
    assert abs(result.erle_db) < 0.5
    assert result.output_delay_ms == 0.0


@needs_module
def test_echo_cancellation_switched_off_lets_the_echo_through() -> None:
    config = VoiceProcessingConfig(echo_cancellation=False, noise_suppression=False)
    assert measure_echo_cancellation(config).erle_db < 10.0


def test_the_synthetic_speech_is_voiced_at_the_asked_level() -> None:
    speech = speech_like(2.0, pitch_hz=120, seed=3, level_dbfs=-20)
    assert 10 * np.log10(np.mean(speech**2)) == pytest.approx(-20, abs=0.01)
    spectrum = np.abs(np.fft.rfft(speech))
    freqs = np.fft.rfftfreq(speech.size, 1 / SAMPLE_RATE)
    voice_band = spectrum[(freqs > 80) & (freqs < 4000)].sum()
    assert voice_band / spectrum.sum() > 0.8  # energy where speech has it


def test_the_room_decays_by_60_db_over_its_reverberation_time() -> None:
    h = room_echo_path(delay_ms=20, rt60_s=0.3, gain_db=0)
    start = int(0.02 * SAMPLE_RATE)
    assert np.all(h[:start] == 0)  # nothing before the direct sound
    early = np.mean(h[start + 10 : start + 1000] ** 2)
    late = np.mean(h[-1000:] ** 2)
    assert 10 * np.log10(early / late) > 45


def test_best_lag_finds_a_delayed_copy() -> None:
    reference = speech_like(1.0, 150, seed=4)
    delayed = np.concatenate((np.zeros(300), reference))[: reference.size]
    lag, correlation = best_lag_correlation(delayed, reference)
    assert lag == 300
    assert correlation > 0.95


def test_an_unconfigured_voice_processing_passes_audio_untouched() -> None:
    voice = VoiceProcessing()
    block = to_samples(speech_like(0.02, 150, seed=5))
    voice.playout(block)
    assert not voice.active
    assert voice.capture(block) is block


@needs_module
def test_configure_switches_processing_on_and_off() -> None:
    voice = VoiceProcessing()
    voice.configure(VoiceProcessingConfig())
    assert voice.active
    assert voice.config == VoiceProcessingConfig()
    voice.set_latencies(playout=0.05, capture=0.03)
    voice.configure(NO_PROCESSING)
    assert not voice.active


@needs_module
def test_a_block_keeps_its_length_and_a_short_tail_passes() -> None:
    processor = VoiceProcessor(VoiceProcessingConfig())
    processor.playout(np.zeros(700, dtype=np.int16))  # not a multiple of 10 ms: carried over
    block = to_samples(speech_like(0.025, 150, seed=6))  # 1200 samples: two chunks and a tail
    out = processor.capture(block)
    assert out.shape == block.shape
    assert out.dtype == np.int16
    assert np.array_equal(out[960:], block[960:])
